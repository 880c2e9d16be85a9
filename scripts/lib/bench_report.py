#!/usr/bin/env python3
"""Parse wrk output and render scripts/bench-http's results (standard library only).

    bench_report.py parse WRK_OUTPUT_FILE
        one tab-separated line: req_per_s p50_ms p99_ms requests
        err_connect err_read err_write err_timeout non_2xx ("-" where wrk gave none,
        so that the shell's `read` does not merge empty fields)
    bench_report.py report RESULTS_TSV [RSS_TSV]
        the markdown report: every run, medians per scenario and server, Kehu's
        throughput ratios against the peers with the targets, and the RSS check.
"""
import csv
import re
import statistics
import sys

# Targets from docs/benchmarks.md.
TARGET_VS_HUMMINGBIRD = 1.0
TARGET_VS_FLYINGFOX = 1.5
TARGET_P99_MS_AT_64 = 5.0
FLAT_RSS_GROWTH_PERCENT = 5.0

SERVER_ORDER = ["kehu", "hummingbird", "flyingfox", "flyingfox-nodelay"]
SCENARIO_ORDER = ["health-c64", "health-c256", "health-close-c16"]


def milliseconds(value):
    """wrk prints latencies as 812.00us, 1.23ms or 2.01s."""
    match = re.match(r"([\d.]+)(us|ms|s)$", value or "")
    if not match:
        return ""
    number, unit = float(match.group(1)), match.group(2)
    return "%.2f" % {"us": number / 1000, "ms": number, "s": number * 1000}[unit]


def parse(path):
    text = open(path, encoding="utf-8", errors="replace").read()

    def find(pattern, default=""):
        match = re.search(pattern, text)
        return match.group(1) if match else default

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    fields = [
        find(r"Requests/sec:\s+([\d.]+)"),
        milliseconds(find(r"\n\s+50%\s+(\S+)")),
        milliseconds(find(r"\n\s+99%\s+(\S+)")),
        find(r"(\d+) requests in", "0"),
        *(errors.groups() if errors else ("0", "0", "0", "0")),
        find(r"Non-2xx or 3xx responses: (\d+)", "0"),
    ]
    print("\t".join(field or "-" for field in fields))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def median_of(rows, key):
    values = [v for v in (number(r[key]) for r in rows) if v is not None]
    return statistics.median(values) if values else None


def fmt(value, pattern="%.0f"):
    return pattern % value if value is not None else "n/a"


def mib(kb):
    value = number(kb)
    return "%.1f" % (value / 1024) if value is not None else "n/a"


def order(items, preferred):
    return sorted(items, key=lambda x: (preferred.index(x) if x in preferred else len(preferred), x))


def report(results_path, rss_path=None):
    rows = list(csv.DictReader(open(results_path, encoding="utf-8"), delimiter="\t"))
    scenarios = order({r["scenario"] for r in rows}, SCENARIO_ORDER)
    servers = order({r["server"] for r in rows}, SERVER_ORDER)

    print("### Every run\n")
    print("| scenario | server | round | req/s | p50 ms | p99 ms | socket errors c/r/w/t | non-2xx | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for scenario in scenarios:
        for server in servers:
            for r in sorted((r for r in rows if r["scenario"] == scenario and r["server"] == server), key=lambda r: int(r["round"])):
                errors = "/".join(r[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
                print(f"| {scenario} | {server} | {r['round']} | {fmt(number(r['req_per_s']))} | {fmt(number(r['p50_ms']), '%.2f')} "
                      f"| {fmt(number(r['p99_ms']), '%.2f')} | {errors} | {r['non_2xx']} | {mib(r['vmhwm_kb'])} |")

    print("\n### Median over rounds\n")
    print("| scenario | server | req/s | p50 ms | p99 ms | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|")
    medians = {}
    for scenario in scenarios:
        for server in servers:
            runs = [r for r in rows if r["scenario"] == scenario and r["server"] == server]
            if not runs:
                continue
            m = {k: median_of(runs, k) for k in ("req_per_s", "p50_ms", "p99_ms")}
            peak = max((number(r["vmhwm_kb"]) or 0) for r in runs)
            medians[(scenario, server)] = m
            print(f"| {scenario} | {server} | {fmt(m['req_per_s'])} | {fmt(m['p50_ms'], '%.2f')} "
                  f"| {fmt(m['p99_ms'], '%.2f')} | {mib(peak)} |")

    peers = [s for s in servers if s != "kehu"]
    if peers and "kehu" in servers:
        print("\n### Kehu's throughput against the peers (median req/s ratio)\n")
        print(f"Targets: at least {TARGET_VS_HUMMINGBIRD:g}x Hummingbird and {TARGET_VS_FLYINGFOX:g}x FlyingFox.\n")
        print("| scenario | " + " | ".join(f"Kehu / {peer}" for peer in peers) + " |")
        print("|---|" + "---:|" * len(peers))
        for scenario in scenarios:
            cells = []
            for peer in peers:
                target = TARGET_VS_HUMMINGBIRD if peer == "hummingbird" else TARGET_VS_FLYINGFOX if peer.startswith("flyingfox") else None
                ours = medians.get((scenario, "kehu"), {}).get("req_per_s")
                theirs = medians.get((scenario, peer), {}).get("req_per_s")
                if ours is None or not theirs:
                    cells.append("n/a")
                    continue
                ratio = ours / theirs
                verdict = "" if target is None else " (meets target)" if ratio >= target else " (below target)"
                cells.append(f"{ratio:.2f}x{verdict}")
            print(f"| {scenario} | " + " | ".join(cells) + " |")

    p99 = medians.get(("health-c64", "kehu"), {}).get("p99_ms")
    if p99 is not None:
        verdict = "meets" if p99 < TARGET_P99_MS_AT_64 else "misses"
        print(f"\nKehu p99 at 64 connections (health-c64, median): {p99:.2f} ms "
              f"({verdict} the target of < {TARGET_P99_MS_AT_64:g} ms).")

    if rss_path:
        rss = list(csv.DictReader(open(rss_path, encoding="utf-8"), delimiter="\t"))
        if len(rss) == 2:
            first, second = (number(r["vmrss_kb"]) for r in rss)
            growth = (second - first) / first * 100 if first else float("nan")
            print("\n### RSS flatness (Kehu, GET /health, 64 keep-alive connections)\n")
            print("| requests served | VmRSS MiB |")
            print("|---:|---:|")
            for r in rss:
                print(f"| {int(number(r['requests'])):,} | {mib(r['vmrss_kb'])} |")
            verdict = "flat" if abs(growth) < FLAT_RSS_GROWTH_PERCENT else "NOT flat"
            print(f"\nGrowth from the first to the second reading: {growth:+.1f}% "
                  f"({verdict}: the target is under {FLAT_RSS_GROWTH_PERCENT:g}%).")


def main(argv):
    if len(argv) >= 2 and argv[0] == "parse":
        parse(argv[1])
    elif len(argv) >= 2 and argv[0] == "report":
        report(argv[1], argv[2] if len(argv) > 2 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

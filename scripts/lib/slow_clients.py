#!/usr/bin/env python3
"""Slow clients (slow loris) against Kehu (issue 8). Run by scripts/test-slow-clients;
standard library only.

    slow_clients.py --kehu BIN --db SEEDED_DB --key KEY --work DIR [--loris N] [--seconds S]
                    [--header-timeout T] [--limit-connections M]
    slow_clients.py loris --port P --count N --interval I     (the attacker, a child process)

Part 1: N connections each send a request head one line at a time (a line every
`interval` seconds, never the blank line that ends it), reconnecting when the server
drops them, while a normal client (in this process, so the attacker's event loop cannot
delay its measurements) makes steady requests for S seconds: every request must succeed
and the 99th percentile must stay under 50 ms. Then the attacker goes quiet with its
sockets open, and the server's header timeout must close them (kehu_open_connections
falls back).

Part 2: a server with --max-connections M gets M + M/2 loris connections: the ones over
the limit must get a 503 or be refused at once (never hang), a normal request while full
must end cleanly within 5 s, and once the attackers are gone requests succeed again.
"""
import argparse
import asyncio
import os
import resource
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import HOST, KehuProcess, Outcome, percentile, read_response, request_bytes  # noqa: E402

LORIS_LINES = [b"GET /v1/customers HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"User-Agent: loris\r\n"] + \
              [b"X-Slow-%d: %d\r\n" % (n, n) for n in range(1000)]


def raise_open_files(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


# ---- the attacker (child process) ----------------------------------------------------------

async def loris_connection(port, interval, stats, quiet):
    """Trickles a head that never ends, reconnecting when dropped. Once `quiet` is set it
    stops sending; when the server closes it, it opens one last connection that sends
    nothing at all, waits for the server to close that one too, and ends."""
    silent = False
    while True:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            stats["refused"] += 1
            await asyncio.sleep(0.2)
            continue
        stats["open"] += 1
        answer = b""
        try:
            if quiet.is_set():
                silent = True
            for line in LORIS_LINES:
                if quiet.is_set():
                    answer = await reader.read(64)  # hold the socket, send nothing, until the server closes it
                    while await reader.read(4096):
                        pass
                    break
                writer.write(line)
                await writer.drain()
                try:
                    answer = await asyncio.wait_for(reader.read(64), interval)
                except asyncio.TimeoutError:
                    continue
                break  # answered or closed: start again
        except (ConnectionError, OSError):
            stats["reset"] += 1
        finally:
            stats["open"] -= 1
            writer.close()
        if answer.startswith(b"HTTP/1.1 503"):
            stats["503"] += 1
            await asyncio.sleep(0.2)  # refused for now: back off a little, as a client would
        elif answer.startswith(b"HTTP/1.1 408"):
            stats["408"] += 1
        if silent:
            stats["silent_closed"] += 1
            return


async def loris_main(port, count, interval):
    stats = {"open": 0, "refused": 0, "503": 0, "408": 0, "reset": 0, "silent_closed": 0}
    quiet = asyncio.Event()
    loop = asyncio.get_running_loop()
    tasks = []
    for n in range(count):
        tasks.append(asyncio.create_task(loris_connection(port, interval, stats, quiet)))
        if n % 50 == 49:
            await asyncio.sleep(0.01)
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    while True:
        line = (await commands.readline()).strip()
        if line == b"stats" or not line:
            print("stats " + " ".join("%s=%d" % item for item in stats.items()), flush=True)
        if line == b"quiet":
            quiet.set()
        if not line or line == b"exit":
            return


class Loris:
    """The attacker as a child process, driven over its stdin."""

    def __init__(self, port, count, interval):
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "loris", "--port", str(port), "--count", str(count),
                                         "--interval", str(interval)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def stats(self):
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        words = self.process.stdout.readline().split()[1:]
        return {k: int(v) for k, v in (w.split("=") for w in words)}

    def quiet(self):
        self.process.stdin.write("quiet\n")
        self.process.stdin.flush()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


# ---- the normal client ---------------------------------------------------------------------

def timed_request(port, key, path, sock=None, timeout=5):
    """One GET; returns (sock or None to reuse, status or outcome string, milliseconds)."""
    started = time.monotonic()
    try:
        if sock is None:
            sock = socket.create_connection((HOST, port), timeout=timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request_bytes("GET", path, key))
        outcome, status, _, _, keep_alive = read_response(sock, started + timeout)
    except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError):
        outcome, status, keep_alive = Outcome.NOT_STARTED, None, False
    except (TimeoutError, socket.timeout):
        outcome, status, keep_alive = "timeout", None, False
    elapsed = (time.monotonic() - started) * 1000
    if outcome != Outcome.COMPLETE or not keep_alive:
        if sock:
            sock.close()
        sock = None
    return sock, (status if outcome == Outcome.COMPLETE else outcome), elapsed


def open_connections(port):
    sock = socket.create_connection((HOST, port), timeout=5)
    sock.sendall(request_bytes("GET", "/metrics", extra_headers=["Connection: close"]))
    outcome, _, _, body, _ = read_response(sock, time.monotonic() + 5)
    sock.close()
    for line in body.decode().splitlines():
        if line.startswith("kehu_open_connections "):
            return int(float(line.split()[1]))
    return None


def steady_load(port, key, paths, seconds, rate, fresh_every=10):
    """Requests at `rate` a second for `seconds`; every `fresh_every`-th on a new connection."""
    latencies, failures = [], []
    sock = None
    interval = 1.0 / rate
    next_at = time.monotonic()
    end = next_at + seconds
    n = 0
    while time.monotonic() < end:
        if n % fresh_every == 0 and sock is not None:
            sock.close()
            sock = None
        sock, status, ms = timed_request(port, key, paths[n % len(paths)], sock)
        if status == 200:
            latencies.append(ms)
        else:
            failures.append(status)
        n += 1
        next_at += interval
        time.sleep(max(0, next_at - time.monotonic()))
    if sock:
        sock.close()
    return latencies, failures


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return predicate()


def part_one(arguments, log, problems):
    server = KehuProcess(arguments.kehu, arguments.db, arguments.key, log,
                         extra=["--header-timeout", str(arguments.header_timeout), "--access-log", "off"]).start()
    try:
        _, _, _ = timed_request(server.port, arguments.key, "/health")
        ids = customer_ids(server.port, arguments.key)
        paths = ["/v1/customers/" + c for c in ids] + ["/v1/customers?limit=20", "/health"]
        loris = Loris(server.port, arguments.loris, arguments.interval)
        try:
            held = wait_for(lambda: (open_connections(server.port) or 0) >= arguments.loris * 0.95 and open_connections(server.port), 60)
            latencies, failures = steady_load(server.port, arguments.key, paths, arguments.seconds, arguments.rate)
            stats = loris.stats()
            loris.quiet()
            quiet_at = time.monotonic()
            # Trickling connections end at the header timeout; the silent ones opened then at
            # the next one: twice the timeout, plus the sweep's period.
            freed = wait_for(lambda: open_connections(server.port) <= 5, 2 * arguments.header_timeout + 5)
            freed_after = time.monotonic() - quiet_at
            left = open_connections(server.port)
            quiet_stats = loris.stats()
        finally:
            loris.stop()
    finally:
        server.terminate()
    success = 100.0 * len(latencies) / max(1, len(latencies) + len(failures))
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print("slow loris: %d connections held by the server (kehu_open_connections %s), attacker saw %d answered 408, %d refused, %d reset"
          % (arguments.loris, held, stats["408"], stats["refused"], stats["reset"]))
    print("normal client: %d requests in %d s, success %.2f%%, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s"
          % (len(latencies) + len(failures), arguments.seconds, success, p50, p99, max(latencies or [0]),
             "" if not failures else ", failures: %s" % sorted(set(map(str, failures)))))
    print("header timeout: attacker quiet with sockets open, then %d silent connections (no byte sent); open connections "
          "fell to %s within %.1f s%s" % (quiet_stats["silent_closed"], left, freed_after, "" if freed else " (NOT freed)"))
    if not held:
        problems.append("the attacker never held %d connections" % arguments.loris)
    if failures:
        problems.append("normal client failures: %d" % len(failures))
    if not p99 < arguments.p99_ms:
        problems.append("p99 %.1f ms is not under %.0f ms" % (p99, arguments.p99_ms))
    if not freed:
        problems.append("the header timeout did not free the slow connections (%s still open)" % left)
    return {"success": success, "p99": p99}


def part_two(arguments, log, problems):
    limit = arguments.limit_connections
    server = KehuProcess(arguments.kehu, arguments.db, arguments.key, log,
                         extra=["--max-connections", str(limit), "--header-timeout", "3", "--access-log", "off"]).start()
    try:
        loris = Loris(server.port, limit + limit // 2, 1.0)
        try:
            # Full once the attackers are being refused (a /metrics request would be refused too).
            full = wait_for(lambda: loris.stats()["503"] + loris.stats()["refused"] > 0, 30)
            time.sleep(1)
            stats = loris.stats()
            outcomes, worst = [], 0.0
            for _ in range(20):
                _, status, ms = timed_request(server.port, arguments.key, "/health", timeout=5)
                outcomes.append(status)
                worst = max(worst, ms)
        finally:
            loris.stop()
        recovered_in = None
        started = time.monotonic()
        while time.monotonic() - started < 15:
            _, status, _ = timed_request(server.port, arguments.key, "/v1/customers?limit=5")
            if status == 200:
                recovered_in = time.monotonic() - started
                break
            time.sleep(0.1)
        after, after_failures = steady_load(server.port, arguments.key, ["/v1/customers?limit=5", "/health"], 2, 50)
    finally:
        server.terminate()
    clean = all(o in (200, 503, Outcome.NOT_STARTED) for o in outcomes)
    print("connection limit %d: %d loris connections tried; over the limit the attacker got %d x 503, %d refused, %d reset"
          % (limit, limit + limit // 2, stats["503"], stats["refused"], stats["reset"]))
    labels = [str(o) for o in outcomes]
    print("normal requests while full: %s, slowest %.0f ms; after the attackers left: recovered in %s, then %d/%d ok"
          % (", ".join("%s x %d" % (o, labels.count(o)) for o in sorted(set(labels))), worst,
             "%.2f s" % recovered_in if recovered_in is not None else "NEVER", len(after), len(after) + len(after_failures)))
    if not full:
        problems.append("the limit was never reached")
    if stats["503"] + stats["refused"] + stats["reset"] == 0:
        problems.append("no connection over the limit was refused")
    if not clean or worst > 5000:
        problems.append("a request while full did not end cleanly: %s" % outcomes)
    if recovered_in is None or after_failures:
        problems.append("the server did not recover after the attackers left")


def customer_ids(port, key):
    from faultlib import Client
    client = Client(port, key)
    status, _, page = client.call("GET", "/v1/customers?limit=100")
    client.close()
    if status != 200 or not page["data"]:
        raise SystemExit("the seeded database has no customers (GET /v1/customers: %s)" % status)
    return [c["id"] for c in page["data"]]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "loris":
        parser = argparse.ArgumentParser()
        parser.add_argument("mode")
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--interval", type=float, required=True)
        arguments = parser.parse_args()
        raise_open_files(arguments.count + 256)
        asyncio.run(loris_main(arguments.port, arguments.count, arguments.interval))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kehu", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--loris", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between the header lines an attacker sends")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=50, help="normal requests a second")
    parser.add_argument("--header-timeout", type=float, default=10)
    parser.add_argument("--limit-connections", type=int, default=200)
    parser.add_argument("--p99-ms", type=float, default=50)
    arguments = parser.parse_args()
    raise_open_files(arguments.loris + 1024)
    log = os.path.join(arguments.work, "server.log")
    problems = []
    started = time.monotonic()
    result = part_one(arguments, log, problems)
    part_two(arguments, log, problems)
    for problem in problems:
        print("FAILED: " + problem)
    print("slow-clients summary: %d loris connections, normal success %.2f%%, p99 %.1f ms, limit test %s, %s, %.1f s" % (
        arguments.loris, result["success"], result["p99"], "ok" if not any("limit" in p or "full" in p or "recover" in p for p in problems) else "FAILED",
        "passed" if not problems else "FAILED", time.monotonic() - started))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

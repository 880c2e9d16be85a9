#!/usr/bin/env python3
"""Disk full (issue 8). Run by scripts/test-disk-full, which mounts the small tmpfs;
standard library only.

    disk_full.py --kehu BIN --dir TMPFS_DIR --filler FILE [--writers W]

Serves a database on the tmpfs (SQLite's temporary files too: SQLITE_TMPDIR), fills it
with creates, patches and feedback until writes fail, and checks:
  - every failed write is 507 (or 503) application/problem+json, never another status;
  - every 201/200 write is there afterwards (no false acknowledgement);
  - reads (health, lists, single records) keep answering 200 while the disk is full;
  - after FILE (a filler on the same tmpfs) is deleted, writes succeed again, no restart;
  - the server drains on SIGTERM with exit 0, and `kehu check` passes;
  - after a restart every acknowledged write is still there.
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import Client, KehuProcess, new_admin_key, run_check  # noqa: E402

NOTES = "磁盘已满测试。" * 1400  # 9,800 characters, ~29 KB of UTF-8: fills the disk fast
FULL_STATUSES = (503, 507)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.customers = {}   # id -> name (acknowledged creates)
        self.notes = {}       # id -> acknowledged notes marker
        self.feedback = set()
        self.failures = {}    # status -> count
        self.problems = []

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


def check_failure(results, what, status, headers, body):
    """A refused write must be a 507/503 problem+json; anything else is a problem."""
    with results.lock:
        results.failures[status] = results.failures.get(status, 0) + 1
    if status not in FULL_STATUSES:
        detail = body.get("detail") if isinstance(body, dict) else body[:200] if body else body
        results.problem("%s answered %s (%s)" % (what, status, detail))
        return
    if headers.get("content-type", "").split(";")[0] != "application/problem+json" or not isinstance(body, dict) \
            or body.get("status") != status or not body.get("type"):
        results.problem("%s answered %s without a problem+json body: %r" % (what, status, body))


def writer(port, key, number, results, stop, serial):
    """Writes until `stop`; counts consecutive refusals so the caller knows when it is full."""
    client = Client(port, key, timeout=30)
    mine = []
    n = 0
    while not stop.is_set():
        n += 1
        kind = n % 4
        if kind != 0 or not mine:
            name = "满盘客户%d-%d" % (number, n)
            status, headers, body = client.call("POST", "/v1/customers?allowDuplicate=true", {"name": name, "notes": NOTES})
            if status == 201:
                with results.lock:
                    results.customers[body["id"]] = name
                mine.append(body["id"])
                continue
            what = "create"
        elif n % 8 == 0:
            customer = mine[n % len(mine)]
            status, headers, body = client.call("POST", "/v1/feedback", {"customerId": customer, "kind": "complaint",
                                                                         "channel": "email", "subject": "满 %d" % n, "body": NOTES[:4000]})
            if status == 201:
                with results.lock:
                    results.feedback.add(body["id"])
                continue
            what = "feedback"
        else:
            customer = mine[n % len(mine)]
            marker = "%d-%d " % (number, n)
            status, headers, body = client.call("PATCH", "/v1/customers/" + customer, {"notes": marker + NOTES[:9000]})
            if status == 200:
                with results.lock:
                    results.notes[customer] = marker
                continue
            what = "patch"
        if status is None:
            results.problem("%s: no answer (connection failed)" % what)
            time.sleep(0.05)
            continue
        check_failure(results, what, status, headers, body)
        time.sleep(0.01)
    client.close()


def space_report(folder):
    """The files on the tmpfs and the space left, e.g. for the report."""
    sizes = ["%s %.1f MiB" % (name, os.path.getsize(os.path.join(folder, name)) / 2**20) for name in sorted(os.listdir(folder))]
    stat = os.statvfs(folder)
    return "%s; free %.1f MiB" % (", ".join(sizes), stat.f_bavail * stat.f_frsize / 2**20)


def verify_acknowledged(port, key, results, phase):
    client = Client(port, key, timeout=30)
    missing = 0
    for customer, name in list(results.customers.items()):
        status, _, body = client.call("GET", "/v1/customers/" + customer)
        if status != 200 or body["name"] != name:
            missing += 1
            results.problem("%s: acknowledged customer %s answers %s" % (phase, customer, status))
        elif customer in results.notes and not body["notes"].startswith(results.notes[customer]):
            missing += 1
            results.problem("%s: acknowledged patch of %s missing" % (phase, customer))
    for item in list(results.feedback):
        status, _, _ = client.call("GET", "/v1/feedback/" + item)
        if status != 200:
            missing += 1
            results.problem("%s: acknowledged feedback %s answers %s" % (phase, item, status))
    client.close()
    return missing


def reads_work(port, key, results):
    client = Client(port, key, timeout=30)
    paths = ["/health", "/ready", "/v1/customers?limit=50", "/v1/customers?q=%E6%BB%A1%E7%9B%98&limit=20", "/v1/feedback?limit=20",
             "/v1/analytics/overview"] + ["/v1/customers/" + c for c in list(results.customers)[:20]]
    bad = []
    for path in paths:
        status, _, _ = client.call("GET", path)
        if status != 200:
            bad.append("%s -> %s" % (path, status))
    client.close()
    return len(paths), bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kehu", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--filler", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--fill-timeout", type=float, default=120)
    arguments = parser.parse_args()

    started = time.monotonic()
    db = os.path.join(arguments.dir, "kehu.sqlite")
    key = new_admin_key()
    env = dict(os.environ, SQLITE_TMPDIR=arguments.dir, TMPDIR=arguments.dir)
    server = KehuProcess(arguments.kehu, db, key, arguments.log, env=env).start()
    results = Results()
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(server.port, key, n, results, stop, None), daemon=True)
               for n in range(arguments.writers)]
    for thread in threads:
        thread.start()
    # Full: every writer has been refused for a while and nothing new was acknowledged.
    deadline = time.monotonic() + arguments.fill_timeout
    last_count, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        with results.lock:
            count = len(results.customers) + len(results.notes) + len(results.feedback)
            refused = sum(results.failures.values())
        if count != last_count:
            last_count, quiet_since = count, time.monotonic()
        elif refused > 50 and time.monotonic() - quiet_since > 3:
            break
    stop.set()
    for thread in threads:
        thread.join(60)
    filled_in = time.monotonic() - started
    refused = sum(results.failures.values())
    if refused == 0:
        results.problem("the disk never filled: no write was refused in %.0f s" % arguments.fill_timeout)
    if not server.process.poll() is None:
        results.problem("the server died while the disk was full (exit %s)" % server.process.returncode)
        print("\n".join("FAILED: " + p for p in results.problems[:20]))
        sys.exit(1)

    print("full: " + space_report(arguments.dir))
    read_count, bad_reads = reads_work(server.port, key, results)
    for bad in bad_reads:
        results.problem("read while full: " + bad)
    missing_full = verify_acknowledged(server.port, key, results, "while full")

    # A restart while the disk is still full (a supervisor restarting the service): it must
    # drain and exit 0, start again, answer reads, and refuse writes cleanly.
    exit_status = server.terminate()
    if exit_status != 0:
        results.problem("SIGTERM while full: exit status %s" % exit_status)
    try:
        server = KehuProcess(arguments.kehu, db, key, arguments.log, env=env).start()
    except RuntimeError as error:
        results.problem("restart while full: %s" % error)
        print("\n".join("FAILED: " + p for p in results.problems[:20]))
        sys.exit(1)
    restart_reads, restart_bad = reads_work(server.port, key, results)
    for bad in restart_bad:
        results.problem("read after a restart while full: " + bad)
    client = Client(server.port, key)
    status, headers, body = client.call("POST", "/v1/customers", {"name": "仍然满盘", "notes": NOTES})
    client.close()
    if status == 201:
        results.customers[body["id"]] = "仍然满盘"
    else:
        check_failure(results, "write after a restart while full", status, headers, body)
    print("restart while full: exit %s, started, %d of %d reads answered 200, a write answered %s" % (
        exit_status, restart_reads - len(restart_bad), restart_reads, status))

    # Free space: the server must write again without a restart.
    os.remove(arguments.filler)
    client = Client(server.port, key)
    after, first_ok_at = [], None
    freed_at = time.monotonic()
    for n in range(30):
        status, headers, body = client.call("POST", "/v1/customers", {"name": "空间释放后%d" % n, "notes": "after"})
        after.append(status)
        if status == 201:
            results.customers[body["id"]] = "空间释放后%d" % n
            first_ok_at = first_ok_at or time.monotonic() - freed_at
        elif status in FULL_STATUSES and first_ok_at is None and time.monotonic() - freed_at < 5:
            time.sleep(0.1)  # a refusal still in flight when the file went
        else:
            check_failure(results, "write after freeing space", status, headers, body)
    client.close()
    print("after freeing space, 30 writes: %s" % " ".join(map(str, after)))
    print("then: " + space_report(arguments.dir))
    # The freed space is finite: each commit appends whole pages to the WAL, which cannot
    # start over until a checkpoint fits (docs/reliability.md), so later writes may fill it
    # again; those must be clean refusals (checked above). The first ones must succeed.
    if after[:10] != [201] * 10:
        results.problem("after freeing space the first writes did not all succeed: %s" % after)
    exit_status = server.terminate()
    if exit_status != 0:
        results.problem("SIGTERM: exit status %s" % exit_status)
    passed, output = run_check(arguments.kehu, db)
    if not passed:
        results.problem("kehu check: " + output[:300])
    server = KehuProcess(arguments.kehu, db, key, arguments.log, env=env).start()
    missing_restart = verify_acknowledged(server.port, key, results, "after restart")
    server.terminate()

    statuses = ", ".join("%s x %d" % (s, c) for s, c in sorted(results.failures.items(), key=lambda i: str(i[0])))
    print("filled in %.1f s: %d customers, %d patches, %d feedback acknowledged; refused: %s" % (
        filled_in, len(results.customers), len(results.notes), len(results.feedback), statuses or "none"))
    print("while full: %d of %d reads answered 200; acknowledged writes missing: %d" % (read_count - len(bad_reads), read_count, missing_full))
    print("after freeing space: %d of %d writes succeeded (first after %s); kehu check %s; after restart missing %d" % (
        after.count(201), len(after), "%.2f s" % first_ok_at if first_ok_at is not None else "never", "ok" if passed else "FAILED", missing_restart))
    for problem in sorted(set(results.problems))[:30]:
        print("FAILED: " + problem)
    print("disk-full summary: %s, refused %d (all 507/503 problem+json: %s), false acknowledgements %d, reads while full %d/%d, "
          "writes after freeing %d/%d, check %s, %.1f s" % (
              "passed" if not results.problems else "FAILED", refused,
              "yes" if not any("answered" in p or "problem+json" in p for p in results.problems) else "no",
              missing_full + missing_restart, read_count - len(bad_reads), read_count, after.count(201), len(after),
              "ok" if passed else "FAILED", time.monotonic() - started))
    sys.exit(1 if results.problems else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Helpers of scripts/bench-analytics (standard library only). Every command talks to one
Kehu on 127.0.0.1 over keep-alive HTTP/1.1 and stops by itself.

    bench_analytics.py keys BASE ADMIN_KEY OUT_JSON
        finds the demo manager and the rep with the largest book, makes an API key for
        each (POST /v1/api-keys), and writes {"manager": key, "rep": key, "repId": id}.
    bench_analytics.py time BASE KEYS_JSON RUNS ENDPOINT...
        per endpoint, as the manager then the rep: one cold request, then RUNS timed
        ones; one tab-separated line each: endpoint role status cold_ms median_ms p95_ms
        bytes. An endpoint answering 404 is timed no further (status 404).
    bench_analytics.py write BASE ADMIN_KEY RATE SECONDS STOP_FILE REPORT
        posts interactions, purchases and feedback on random customers at RATE a second
        (four connections) until SECONDS pass or STOP_FILE exists, then writes the
        requests sent, the rate reached and the failures to REPORT.
"""
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlparse


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, base, key):
        url = urlparse(base)
        self.host, self.port, self.key = url.hostname, url.port, key
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def call(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.key}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def json(self, method, path, body=None):
        status, data = self.call(method, path, body)
        if status >= 300:
            sys.exit("%s %s: HTTP %d %s" % (method, path, status, data[:300].decode(errors="replace")))
        return json.loads(data)


def customer_ids(client, pages=10):
    ids, cursor = [], None
    for _ in range(pages):
        page = client.json("GET", "/v1/customers?limit=500" + ("&cursor=" + cursor if cursor else ""))
        ids += [c["id"] for c in page["data"]]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    if not ids:
        sys.exit("no customers to write to")
    return ids


def keys(base, admin_key, out):
    client = Client(base, admin_key)
    users = client.json("GET", "/v1/users?limit=500")["data"]
    manager = next((u for u in users if u["role"] == "manager" and u["email"].endswith("@demo.kehu.local")), None)
    reps = [u for u in users if u["role"] == "rep" and u["email"].endswith("@demo.kehu.local")]
    if manager is None or not reps:
        sys.exit("no demo manager and reps (seed-demo makes manager@ and rep1..@demo.kehu.local)")
    # The rep with the largest book: the hardest scoped case.
    sizes = {}
    for rep in reps:
        overview = client.json("GET", "/v1/analytics/overview?ownerId=" + rep["id"])
        sizes[rep["id"]] = overview["customers"]["active"]
    rep = max(reps, key=lambda u: sizes[u["id"]])
    made = {}
    for role, user in (("manager", manager), ("rep", rep)):
        made[role] = client.json("POST", "/v1/api-keys", {"userId": user["id"], "name": "bench-analytics"})["secret"]
    made["repId"], made["repBook"] = rep["id"], sizes[rep["id"]]
    json.dump(made, open(out, "w"))
    print("rep %s (%s) owns %d active customers" % (rep["email"], rep["id"], sizes[rep["id"]]), file=sys.stderr)


def timings(base, keys_file, runs, endpoints):
    made = json.load(open(keys_file))
    clients = {"manager": Client(base, made["manager"]), "rep": Client(base, made["rep"])}
    for endpoint in endpoints:
        for role in ("manager", "rep"):
            client = clients[role]
            path = "/v1/analytics/" + endpoint
            started = time.perf_counter()
            status, body = client.call("GET", path)
            cold = (time.perf_counter() - started) * 1000
            if status == 404:
                print("\t".join([endpoint, role, "404", "-", "-", "-", "-"]))
                break
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                status, body = client.call("GET", path)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times) + 0.5)) - 1)]
            print("\t".join([endpoint, role, str(status), "%.1f" % cold, "%.1f" % statistics.median(times), "%.1f" % p95, str(len(body))]))
            sys.stdout.flush()


def write(base, admin_key, rate, seconds, stop_file, report):
    setup = Client(base, admin_key)
    ids = customer_ids(setup)
    deadline = time.time() + seconds
    lock = threading.Lock()
    counts = {"sent": 0, "failed": 0, "late": 0}
    rng = random.Random(11)
    connections = 4
    interval = connections / rate  # each connection's share of the rate

    def body():
        kind = rng.random()
        customer = rng.choice(ids)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind < 0.5:
            return "/v1/customers/%s/interactions" % customer, {"channel": "phone", "direction": "outbound", "summary": "回访 (bench)", "occurredAt": now}
        if kind < 0.8:
            return "/v1/customers/%s/purchases" % customer, {"amount": rng.randint(1_000, 500_000), "currency": "CNY", "product": "产品 (bench)", "purchasedAt": now}
        return "/v1/feedback", {"customerId": customer, "kind": rng.choice(["complaint", "inquiry", "suggestion"]), "channel": "phone",
                                "subject": "反馈 (bench)", "category": rng.choice(["物流", "质量", "价格"])}

    def worker(offset):
        client = Client(base, admin_key)
        next_at = time.time() + offset
        while time.time() < deadline and not os.path.exists(stop_file):
            pause = next_at - time.time()
            if pause > 0:
                time.sleep(pause)
            elif pause < -interval:
                with lock:
                    counts["late"] += 1
            next_at += interval
            with lock:
                path, payload = body()
            try:
                status, _ = client.call("POST", path, payload)
            except OSError:
                status = 0
            with lock:
                counts["sent"] += 1
                if status != 201:
                    counts["failed"] += 1

    started = time.time()
    threads = [threading.Thread(target=worker, args=(n * interval / connections,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    with open(report, "w") as out:
        out.write("%d writes in %.1f s = %.0f/s (target %s/s), %d failed, %d behind schedule\n"
                  % (counts["sent"], elapsed, counts["sent"] / max(elapsed, 0.001), rate, counts["failed"], counts["late"]))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "keys":
        keys(*arguments)
    elif command == "time":
        timings(arguments[0], arguments[1], int(arguments[2]), arguments[3:])
    elif command == "write":
        write(arguments[0], arguments[1], float(arguments[2]), float(arguments[3]), arguments[4], arguments[5])
    else:
        sys.exit(__doc__)

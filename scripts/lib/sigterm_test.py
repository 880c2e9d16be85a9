#!/usr/bin/env python3
"""SIGTERM under load (issue 8). Run by scripts/test-sigterm; standard library only.

    sigterm_test.py --kehu BIN --db SEEDED_DB --work DIR [--trials N] [--clients C] [--seed S]

Each trial starts `kehu serve` on the seeded database; C clients keep keep-alive
connections busy (large list pages, searches, a streamed export, the overview, creates and
patches); after a random (seeded) moment the server gets SIGTERM. Every request must end
in one of two ways: answered completely (status line, headers, the whole body by
Content-Length or chunked framing, JSON that parses), or failed before any byte of an
answer (refused, or the connection closed with nothing sent). A truncated answer, a
server that does not exit 0, or a drain slower than the grace period fails the trial.
After the trials one more start checks that every acknowledged create is there and that
no create which got no answer at all was carried out.
"""
import argparse
import json
import os
import random
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import HOST, Client, KehuProcess, Outcome, new_admin_key, read_response, request_bytes  # noqa: E402

READS = [
    "/v1/customers?limit=500",
    "/v1/customers?limit=200&q=%E5%BC%A0",  # q=张
    "/v1/customers?limit=500&sort=-createdAt",
    "/v1/customers/export?format=ndjson",
    "/v1/analytics/overview",
    "/v1/feedback?limit=200",
    "/health",
]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {Outcome.COMPLETE: 0, Outcome.NOT_STARTED: 0, Outcome.TRUNCATED: 0}
        self.problems = []
        self.created = []
        self.unanswered_creates = []  # names of creates that got no answer at all
        self.after_signal_complete = 0

    def add(self, outcome, problem=None):
        with self.lock:
            self.counts[outcome] += 1
            if problem:
                self.problems.append(problem)


def body_parses(headers, body):
    kind = headers.get("content-type", "")
    try:
        if "ndjson" in kind:
            for line in body.decode().splitlines():
                if line:
                    json.loads(line)
        elif "json" in kind:
            json.loads(body)
        return True
    except ValueError:
        return False


class LoadClient(threading.Thread):
    def __init__(self, port, key, rng, tally, stop, signalled, customers):
        super().__init__(daemon=True)
        self.port, self.key, self.rng, self.tally, self.stop = port, key, rng, tally, stop
        self.signalled, self.customers = signalled, customers
        self.sock = None

    def next_request(self):
        roll = self.rng.random()
        if roll < 0.2:
            n = self.rng.randrange(10**8)
            return "POST", "/v1/customers?allowDuplicate=true", {"name": "停机测试 stq%08d" % n, "phone": "+86 137%08d" % n}
        if roll < 0.3 and self.customers:
            return "PATCH", "/v1/customers/" + self.rng.choice(self.customers), {"notes": "sigterm %d" % self.rng.randrange(10**6)}
        return "GET", self.rng.choice(READS), None

    def run(self):
        deadline = time.monotonic() + 60
        while not self.stop.is_set() and time.monotonic() < deadline:
            if self.sock is None:
                try:
                    self.sock = socket.create_connection((HOST, self.port), timeout=5)
                except OSError:
                    self.tally.add(Outcome.NOT_STARTED)
                    if self.signalled.is_set():
                        return  # the listener is gone: drained
                    time.sleep(0.01)
                    continue
            method, path, body = self.next_request()
            try:
                self.sock.sendall(request_bytes(method, path, self.key, body))
                outcome, status, headers, data, keep_alive = read_response(self.sock, time.monotonic() + 30)
            except (BrokenPipeError, ConnectionResetError):
                outcome, status, headers, data, keep_alive = Outcome.NOT_STARTED, None, {}, b"", False
            except TimeoutError:
                outcome, status, keep_alive = Outcome.TRUNCATED, None, False
                data, headers = b"", {}
            if outcome == Outcome.COMPLETE:
                problem = None
                if status >= 500:
                    problem = "%s %s answered %d" % (method, path, status)
                elif method != "HEAD" and not body_parses(headers, data):
                    problem = "%s %s: body does not parse (%d bytes)" % (method, path, len(data))
                self.tally.add(outcome, problem)
                if self.signalled.is_set():
                    with self.tally.lock:
                        self.tally.after_signal_complete += 1
                if method == "POST" and status == 201:
                    with self.tally.lock:
                        self.tally.created.append(json.loads(data)["id"])
                        self.tally.created_token = body["name"].split()[-1]
            elif outcome == Outcome.TRUNCATED:
                self.tally.add(outcome, "%s %s: answer cut short after %d bytes (status %s)" % (method, path, len(data), status))
            else:
                self.tally.add(outcome)
                if method == "POST":
                    with self.tally.lock:
                        self.tally.unanswered_creates.append(body["name"].split()[-1])
            if outcome != Outcome.COMPLETE or not keep_alive:
                self.sock.close()
                self.sock = None
        if self.sock:
            self.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kehu", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--key", required=True, help="the admin key the seeded database holds")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--grace", type=float, default=10)
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    log = os.path.join(arguments.work, "server.log")
    tally = Tally()
    failed_trials = []
    drain_times = []
    started = time.monotonic()
    customers = []
    for trial in range(1, arguments.trials + 1):
        server = KehuProcess(arguments.kehu, arguments.db, arguments.key, log,
                             extra=["--shutdown-grace", str(arguments.grace)]).start()
        if not customers:
            lister = Client(server.port, arguments.key)
            _, _, page = lister.call("GET", "/v1/customers?limit=200")
            customers = [c["id"] for c in page["data"]]
            lister.close()
        before = dict(tally.counts), len(tally.problems)
        stop, signalled = threading.Event(), threading.Event()
        clients = [LoadClient(server.port, arguments.key, random.Random(rng.random()), tally, stop, signalled, customers)
                   for _ in range(arguments.clients)]
        for client in clients:
            client.start()
        time.sleep(rng.uniform(0.3, 1.2))
        signalled.set()
        sent = time.monotonic()
        status = server.terminate(timeout=arguments.grace + 20)
        drain = time.monotonic() - sent
        drain_times.append(drain)
        stop.set()
        for client in clients:
            client.join(60)
        problems = tally.problems[before[1]:]
        answered = tally.counts[Outcome.COMPLETE] - before[0][Outcome.COMPLETE]
        if status != 0:
            problems.append("server exit status %s" % status)
        if drain > arguments.grace + 2:
            problems.append("drain took %.1f s, grace %.0f s" % (drain, arguments.grace))
        print("trial %d: %d answered, %d not started, %d truncated; exit %s after %.2f s%s" % (
            trial, answered, tally.counts[Outcome.NOT_STARTED] - before[0][Outcome.NOT_STARTED],
            tally.counts[Outcome.TRUNCATED] - before[0][Outcome.TRUNCATED], status, drain,
            "" if not problems else "; FAILED: " + "; ".join(sorted(set(problems))[:5])), flush=True)
        if problems:
            failed_trials.append(trial)

    server = KehuProcess(arguments.kehu, arguments.db, arguments.key, log).start()
    checker = Client(server.port, arguments.key)
    missing = [c for c in tally.created if checker.call("GET", "/v1/customers/" + c)[0] != 200]
    # A request that got no byte of an answer must not have run either (a create that was
    # done but never answered would be a lost answer, not a refusal).
    ran_unanswered = []
    # The search used below must find a create that did happen, or it proves nothing.
    probe = getattr(tally, "created_token", None)
    if probe and not checker.call("GET", "/v1/customers?q=" + probe)[2]["data"]:
        ran_unanswered.append("(search by token finds nothing: %s)" % probe)
    for token in tally.unanswered_creates:
        status, _, page = checker.call("GET", "/v1/customers?q=" + token)
        if status != 200 or page["data"]:
            ran_unanswered.append(token)
    checker.close()
    server.terminate()
    for customer in missing[:10]:
        print("acknowledged create missing after restart: %s" % customer)
    for token in ran_unanswered[:10]:
        print("a create that got no answer was done anyway: %s" % token)
    print("sigterm summary: trials %d, passed %d, requests answered %d (%d after SIGTERM), not started %d, truncated %d, "
          "acknowledged creates %d (missing %d), unanswered creates %d (done anyway %d), slowest drain %.2f s, %.1f s" % (
              arguments.trials, arguments.trials - len(failed_trials), tally.counts[Outcome.COMPLETE], tally.after_signal_complete,
              tally.counts[Outcome.NOT_STARTED], tally.counts[Outcome.TRUNCATED], len(tally.created), len(missing),
              len(tally.unanswered_creates), len(ran_unanswered), max(drain_times), time.monotonic() - started))
    sys.exit(1 if failed_trials or missing or ran_unanswered or tally.counts[Outcome.COMPLETE] == 0 else 0)


if __name__ == "__main__":
    main()

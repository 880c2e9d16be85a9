#!/usr/bin/env python3
"""kill -9 under write load (issue 8). Run by scripts/test-crash; standard library only.

    crash_test.py --kehu BIN --work DIR [--cycles N] [--seed S] [--writers W]

Each cycle starts `kehu serve` on the same database file, lets W writer threads create
customers, PATCH them with If-Match, merge duplicates and move feedback through its
workflow, SIGKILLs the server at a random (seeded) moment, runs `kehu check`, restarts,
and checks that every acknowledged (2xx) write is there. Creates carry an Idempotency-Key,
and each acknowledged one, retried after the restart with its key, must be replayed with
the same id (a retrying client makes no duplicate). A write whose answer never
arrived may or may not have landed, so a value is accepted when it is the acknowledged
one or one attempted after it. Each writer owns the records it made, so nothing it
acknowledged can be overwritten by another writer. Prints one summary line; exits 1 if
any acknowledged write was lost, a file was damaged, or the server answered 5xx.
"""
import argparse
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import Client, KehuProcess, new_admin_key, run_check  # noqa: E402

FEEDBACK_FLOW = ["open", "acknowledged", "in_progress", "resolved", "closed"]


class Ledger:
    """What the server acknowledged, and what was attempted after the last acknowledgement."""

    def __init__(self):
        self.lock = threading.Lock()
        # id -> {"name", "version", "notes", "pending": [notes attempted, unanswered],
        #        "merged_into": target id or None, "pending_merge_into": target id or None}
        self.customers = {}
        # id -> {"customer", "status", "pending": [status attempted, unanswered]}
        self.feedback = {}
        # merge id -> (target, source)
        self.merges = {}
        # acknowledged creates since the last check: (Idempotency-Key, body, id)
        self.keyed_creates = []
        self.acknowledged = 0
        self.by_kind = {}
        self.server_errors = []

    def ack(self, kind):
        with self.lock:
            self.acknowledged += 1
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    def error(self, what):
        with self.lock:
            self.server_errors.append(what)


class Writer(threading.Thread):
    """One client connection doing a random mix of writes until the server dies or `stop`."""

    def __init__(self, number, port, key, ledger, rng, owned_customers, owned_feedback, stop, serial):
        super().__init__(daemon=True)
        self.number, self.ledger, self.rng, self.stop = number, ledger, rng, stop
        self.client = Client(port, key, timeout=20)
        self.customers = owned_customers  # ids this writer may patch (active ones)
        self.feedback = owned_feedback    # feedback ids this writer moves along
        self.serial = serial              # unique numbers for phones and e-mails

    def run(self):
        operations = [(self.create, 30), (self.patch, 30), (self.merge, 10), (self.create_feedback, 10), (self.transition, 20)]
        choices = [op for op, weight in operations for _ in range(weight)]
        while not self.stop.is_set():
            if not self.rng.choice(choices)():
                break  # no answer: the server is gone
        self.client.close()

    def unique(self):
        return next(self.serial)

    def answered(self, status, what):
        """True if the request got an answer; a 5xx or unexpected status is recorded."""
        if status is None:
            return False
        if status >= 500 or status not in (200, 201):
            self.ledger.error("%s answered %d" % (what, status))
        return True

    def new_customer(self, phone=None):
        n = self.unique()
        body = {"name": "崩溃测试客户%d" % n, "phone": phone or "+86 139%08d" % n, "email": "crash%d@example.com" % n,
                "tags": ["crash"]}
        key = "crash-create-%d" % n
        status, _, data = self.client.call("POST", "/v1/customers?allowDuplicate=true", body, {"Idempotency-Key": key})
        if not self.answered(status, "create customer"):
            return None, False
        if status != 201:
            return None, True
        with self.ledger.lock:
            self.ledger.keyed_creates.append((key, body, data["id"]))
            self.ledger.customers[data["id"]] = {"name": body["name"], "version": data["version"], "notes": None,
                                                 "pending": [], "merged_into": None, "pending_merge_into": None,
                                                 "phone": body["phone"]}
        self.ledger.ack("create")
        return data["id"], True

    def create(self):
        customer, alive = self.new_customer()
        if customer:
            self.customers.append(customer)
        return alive

    def patch(self):
        if not self.customers:
            return self.create()
        customer = self.rng.choice(self.customers)
        record = self.ledger.customers[customer]
        notes = "w%d-%d" % (self.number, self.unique())
        with self.ledger.lock:
            record["pending"].append(notes)
        status, _, data = self.client.call("PATCH", "/v1/customers/" + customer, {"notes": notes},
                                           {"If-Match": '"%d"' % record["version"]})
        if not self.answered(status, "patch customer"):
            return False
        with self.ledger.lock:
            if status == 200:
                record.update(version=data["version"], notes=notes, pending=[])
            else:
                record["pending"].remove(notes)  # a definite refusal changed nothing
        if status == 200:
            self.ledger.ack("patch")
        return True

    def merge(self):
        """Makes a duplicate (same phone) of one of ours and merges it into the original."""
        if not self.customers:
            return self.create()
        target = self.rng.choice(self.customers)
        source, alive = self.new_customer(phone=self.ledger.customers[target]["phone"])
        if not source:
            return alive
        with self.ledger.lock:
            self.ledger.customers[source]["pending_merge_into"] = target
        status, _, data = self.client.call("POST", "/v1/customers/%s/merge" % target, {"sourceId": source})
        if not self.answered(status, "merge"):
            return False
        if status != 201:
            return True
        with self.ledger.lock:
            self.ledger.customers[source].update(merged_into=target, pending_merge_into=None)
            self.ledger.merges[data["id"]] = (target, source)
        self.ledger.ack("merge")
        # A merge bumps the target's version; learn the new one for the next If-Match.
        status, _, data = self.client.call("GET", "/v1/customers/" + target)
        if status is None:
            return False
        with self.ledger.lock:
            record = self.ledger.customers[target]
            if status == 200 and data["version"] >= record["version"]:
                record["version"] = data["version"]
        return True

    def create_feedback(self):
        if not self.customers:
            return self.create()
        customer = self.rng.choice(self.customers)
        body = {"customerId": customer, "kind": "complaint", "channel": "phone", "subject": "崩溃测试 %d" % self.unique()}
        status, _, data = self.client.call("POST", "/v1/feedback", body)
        if not self.answered(status, "create feedback"):
            return False
        if status == 201:
            with self.ledger.lock:
                self.ledger.feedback[data["id"]] = {"customer": customer, "status": data["status"], "pending": []}
            self.feedback.append(data["id"])
            self.ledger.ack("feedback")
        return True

    def transition(self):
        if not self.feedback:
            return self.create_feedback()
        item = self.rng.choice(self.feedback)
        record = self.ledger.feedback[item]
        position = FEEDBACK_FLOW.index(record["status"])
        if position == len(FEEDBACK_FLOW) - 1:
            self.feedback.remove(item)
            return True
        target = FEEDBACK_FLOW[position + 1]
        body = {"to": target}
        if target == "resolved":
            body["resolution"] = "已处理 %d" % self.unique()
        with self.ledger.lock:
            record["pending"].append(target)
        status, _, data = self.client.call("POST", "/v1/feedback/%s/transitions" % item, body)
        if not self.answered(status, "feedback transition"):
            return False
        with self.ledger.lock:
            record["pending"].remove(target)
            if status in (200, 201):
                record["status"] = target
        if status in (200, 201):
            self.ledger.ack("transition")
        return True


def list_all(client, path):
    """Every item of a paginated list, as {id: item}."""
    items, cursor = {}, None
    while True:
        status, _, page = client.call("GET", path + ("&cursor=" + cursor if cursor else ""))
        if status != 200:
            raise RuntimeError("GET %s answered %s" % (path, status))
        for item in page["data"]:
            items[item["id"]] = item
        cursor = page.get("nextCursor")
        if not cursor:
            return items


def verify(port, key, ledger):
    """Compares the restarted server with the ledger; returns the lost writes (strings) and
    settles the ledger on what the server now holds, for the next cycle's writes."""
    client = Client(port, key, timeout=60)
    lost = []
    listed = list_all(client, "/v1/customers?limit=500")
    for customer, record in ledger.customers.items():
        item = listed.get(customer)
        if record["merged_into"] is None and item is None:
            status, _, item = client.call("GET", "/v1/customers/" + customer)
            if status != 200:
                lost.append("customer %s missing (GET %s)" % (customer, status))
                continue
        if record["merged_into"] or (item is not None and item.get("status") == "merged"):
            status, _, fetched = client.call("GET", "/v1/customers/" + customer)
            merged_into = fetched.get("mergedInto") if status == 200 else None
            allowed = {record["merged_into"], record["pending_merge_into"]} - {None}
            if merged_into not in allowed and not (record["merged_into"] is None and merged_into is None):
                lost.append("customer %s: mergedInto %s, expected one of %s" % (customer, merged_into, sorted(allowed)))
            record.update(merged_into=merged_into, pending_merge_into=None)
            if merged_into is None and item is None:
                lost.append("customer %s neither listed nor merged" % customer)
            continue
        record["pending_merge_into"] = None
        if item["name"] != record["name"]:
            lost.append("customer %s: name %r, acknowledged %r" % (customer, item["name"], record["name"]))
        if item["version"] < record["version"]:
            lost.append("customer %s: version %d < acknowledged %d" % (customer, item["version"], record["version"]))
        if item.get("notes") != record["notes"] and item.get("notes") not in record["pending"]:
            lost.append("customer %s: notes %r, acknowledged %r (pending %s)" % (customer, item.get("notes"), record["notes"], record["pending"]))
        record.update(version=item["version"], notes=item.get("notes"), pending=[])
    feedback = list_all(client, "/v1/feedback?limit=500")
    for item_id, record in ledger.feedback.items():
        item = feedback.get(item_id)
        if item is None:
            status, _, item = client.call("GET", "/v1/feedback/" + item_id)
            if status != 200:
                lost.append("feedback %s missing (GET %s)" % (item_id, status))
                continue
        if item["status"] != record["status"] and item["status"] not in record["pending"]:
            lost.append("feedback %s: status %s, acknowledged %s (pending %s)" % (item_id, item["status"], record["status"], record["pending"]))
        if item["customerId"] != record["customer"]:
            # Merges move feedback only from a source, and sources never get feedback here.
            lost.append("feedback %s: customer %s, expected %s" % (item_id, item["customerId"], record["customer"]))
        record.update(status=item["status"], pending=[])
    # A retrying client: each acknowledged create, sent again with its key, is replayed
    # with the same id, never made a second time.
    for key, body, customer in ledger.keyed_creates:
        status, headers, data = client.call("POST", "/v1/customers?allowDuplicate=true", body, {"Idempotency-Key": key})
        replayed = isinstance(data, dict) and data.get("id") == customer and headers.get("idempotent-replayed") == "true"
        if status != 201 or not replayed:
            lost.append("create %s with key %s: the retry answered %s, %s" % (customer, key, status, data.get("id") if isinstance(data, dict) else data))
    ledger.keyed_creates = []
    for merge_id, (target, source) in ledger.merges.items():
        status, _, record = client.call("GET", "/v1/merges/" + merge_id)
        if status != 200 or record["targetId"] != target or record["sourceId"] != source:
            lost.append("merge %s missing or changed (GET %s)" % (merge_id, status))
    client.close()
    return lost


class Serial:
    """Unique numbers for names, phones and e-mails, shared by the writer threads."""

    def __init__(self, start):
        self.lock = threading.Lock()
        self.value = start

    def __next__(self):
        with self.lock:
            self.value += 1
            return self.value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kehu", required=True)
    parser.add_argument("--work", required=True, help="folder for the database and the server log")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--min-load", type=float, default=0.2, help="shortest load before the kill, seconds")
    parser.add_argument("--max-load", type=float, default=1.5, help="longest load before the kill, seconds")
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    db = os.path.join(arguments.work, "crash.sqlite")
    log = os.path.join(arguments.work, "server.log")
    key = new_admin_key()
    ledger = Ledger()
    serial = Serial(arguments.seed * 1_000_000 % 90_000_000)
    owned = [([], []) for _ in range(arguments.writers)]
    lost, corrupt, failures = [], 0, []
    started = time.monotonic()

    for cycle in range(1, arguments.cycles + 1):
        server = KehuProcess(arguments.kehu, db, key, log).start()
        if cycle > 1:
            problems = verify(server.port, key, ledger)
            for problem in problems:
                print("cycle %d: LOST %s" % (cycle - 1, problem), flush=True)
            lost += problems
        stop = threading.Event()
        writers = [Writer(n, server.port, key, ledger, random.Random(rng.random()), owned[n][0], owned[n][1], stop, serial)
                   for n in range(arguments.writers)]
        before = ledger.acknowledged
        for writer in writers:
            writer.start()
        time.sleep(rng.uniform(arguments.min_load, arguments.max_load))
        server.kill()
        stop.set()
        for writer in writers:
            writer.join(30)
        # Records merged away cannot be patched any more; stop writing to them.
        for customers, _ in owned:
            customers[:] = [c for c in customers if ledger.customers[c]["merged_into"] is None]
        passed, output = run_check(arguments.kehu, db)
        if not passed:
            corrupt += 1
            print("cycle %d: kehu check FAILED: %s" % (cycle, output[:500]), flush=True)
        print("cycle %d: %d writes acknowledged, killed; check %s" % (cycle, ledger.acknowledged - before, "ok" if passed else "FAILED"), flush=True)

    server = KehuProcess(arguments.kehu, db, key, log).start()
    problems = verify(server.port, key, ledger)
    for problem in problems:
        print("cycle %d: LOST %s" % (arguments.cycles, problem), flush=True)
    lost += problems
    server.terminate()
    failures = ledger.server_errors
    for failure in sorted(set(failures)):
        print("unexpected answer: %s (%d times)" % (failure, failures.count(failure)), flush=True)
    print("acknowledged by kind: " + ", ".join("%s %d" % item for item in sorted(ledger.by_kind.items())))
    print("crash summary: cycles %d, acknowledged writes %d, lost %d, corrupt %d, unexpected answers %d, seed %d, %.1f s"
          % (arguments.cycles, ledger.acknowledged, len(lost), corrupt, len(failures), arguments.seed, time.monotonic() - started))
    sys.exit(1 if lost or corrupt or failures or ledger.acknowledged == 0 else 0)


if __name__ == "__main__":
    main()

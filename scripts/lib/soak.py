"""A fixed-rate mix of Kehu requests for a given time (scripts/soak).

Open loop: each worker thread owns a share of the rate and a schedule of send times;
a request's latency counts from its scheduled time, so a stall shows up in the figures
instead of quietly lowering the rate (no coordinated omission). Keep-alive connections,
one per worker. The mix (by weight):

  70 reads      a customer, a customer list page, a Chinese search, the timeline, a
                follow-up list, a rep's agenda, a feedback list
  20 writes     create a customer, patch one (If-Match), record an interaction, create
                feedback, move feedback along its workflow
                --data steady (the default): each worker keeps at most OWN_LIMIT
                customers of its own; past that its "create" erases its oldest one
                (DELETE ?erase=true, which takes the customer's interactions and
                feedback with it), and interactions and feedback go to its own
                customers, so the data stays the same size however long the run (the
                audit trail and the change feed still grow, as they do in use)
                --data growing: every create adds a customer, and interactions and
                feedback go to any customer: some 40 customers, 40 interactions and
                40 feedback items a second, so the analytics cost more each minute
  10 analytics  overview, segments, funnel, satisfaction, follow-up compliance, rfm;
                computed afresh for each request unless --analytics-max-age N sends
                `Cache-Control: max-age=N`, as a dashboard that accepts an N-second-old
                answer would

Every answer is checked: a status other than the one expected, or a connection error,
is an error. Prints a line every --report seconds and a summary with throughput,
p50/p99/p99.9, errors by kind and the server's memory after the warm-up (a tenth of the
run, at most a minute) and at the end (from /proc/PID/status): RSS, and its two parts,
anonymous memory (where a leak would show) and mapped files (the database file grows
with every write, and SQLite maps it); and from the server's /metrics the heap's parts:
SQLite's page caches, malloc's heap in use (a leak grows this) and what malloc keeps
after frees (this grows with the peak of transient use).

    python soak.py --port P --key KEY --pid SERVER_PID --rate 1000 --seconds 600
"""

import argparse
import collections
import http.client
import json
import random
import sys
import threading
import time

READS, WRITES, ANALYTICS = 70, 20, 10
# Customers each worker keeps in --data steady: 32 workers keep some 1,300 beside the
# demo set's, enough that their interactions and feedback spread thin.
OWN_LIMIT = 40


def memory_kib(pid):
    """VmRSS and its parts: RssAnon (heap and stacks, where a leak shows) and RssFile
    (mapped files: the binary, and the database file SQLite maps with --mmap-mib, which
    grows with the data as every write adds pages)."""
    figures = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "RssAnon", "RssFile"):
                    figures[name] = int(value.split()[0])
    except FileNotFoundError:
        pass
    # A process that has exited has no status, or (a zombie) one without memory lines.
    if "VmRSS" not in figures:
        raise ServerGone(pid)
    return figures


class ServerGone(Exception):
    """The server process ended during the run."""

    def __init__(self, pid):
        super().__init__(pid)
        self.pid = pid


METRICS = {"kehu_db_page_cache_bytes": "PageCache", "kehu_process_heap_in_use_bytes": "HeapInUse",
           "kehu_process_heap_free_bytes": "HeapFree"}


def server_memory(args):
    """memory_kib, and from the server's /metrics the parts of its heap, in KiB: SQLite's
    page caches (bounded by --cache-mib per connection), malloc's heap in use (the caches
    included) and what malloc has freed but keeps."""
    figures = memory_kib(args.pid)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {args.key}"})
        for line in connection.getresponse().read().decode().splitlines():
            name, _, value = line.partition(" ")
            if name in METRICS:
                figures[METRICS[name]] = int(float(value)) // 1024
        connection.close()
    except (OSError, http.client.HTTPException, ValueError):
        pass
    return figures


def active_customers(args):
    """Active customers, from the overview (computed afresh): in --data steady it stays
    within OWN_LIMIT per worker of the demo set's."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        connection.request("GET", "/v1/analytics/overview", headers={"Authorization": f"Bearer {args.key}"})
        overview = json.loads(connection.getresponse().read())
        connection.close()
        return overview["customers"]["active"]
    except (OSError, http.client.HTTPException, ValueError, KeyError, TypeError):
        return None


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


class Client:
    def __init__(self, port, key):
        self.port = port
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = dict(self.headers, **(headers or {}))
        try:
            self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
            response = self.connection.getresponse()
            data = response.read()
        except Exception:
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, data, response


class Workload:
    """The requests of the mix; ids come from the demo data and from earlier creates."""

    def __init__(self, client, rng, index, run, analytics_max_age=0, steady=True):
        self.client = client
        self.rng = rng
        self.steady = steady
        # This worker's customers, oldest first (steady: erased past OWN_LIMIT).
        self.own = collections.deque()
        # Phones unique within the run and outside the demo's +86 numbers: a repeated
        # phone is a 409 by design, and random ones collide after some 10,000 creates. The
        # run's own prefix keeps them apart from an earlier run's on the same database.
        self.phones = (f"+44{run:04d}{index:02d}{n:05d}" for n in range(10**5))
        self.analytics_headers = {"Cache-Control": f"max-age={analytics_max_age}"} if analytics_max_age > 0 else None
        status, data, _ = client.call("GET", "/v1/customers?limit=100")
        self.customers = [c["id"] for c in json.loads(data)["data"]]
        status, data, _ = client.call("GET", "/v1/users?limit=100")
        self.users = [u["id"] for u in json.loads(data)["data"] if u.get("role") == "rep"] or [None]
        status, data, _ = client.call("GET", "/v1/feedback?limit=100&status=open")
        # (feedback id, its customer): erasing a customer drops its feedback from the list.
        self.feedback = [(f["id"], f["customerId"]) for f in json.loads(data).get("data", [])]

    def pick(self):
        roll = self.rng.randrange(READS + WRITES + ANALYTICS)
        if roll < READS:
            return "read", self.rng.choice(self.reads)
        if roll < READS + WRITES:
            return "write", self.rng.choice(self.writes)
        return "analytics", self.rng.choice(self.analytics)

    # Each returns (expected statuses, status, response bytes).
    def get_customer(self):
        return {200}, *self.client.call("GET", f"/v1/customers/{self.rng.choice(self.customers)}")[:2]

    def list_customers(self):
        return {200}, *self.client.call("GET", "/v1/customers?limit=20&tier=vip")[:2]

    def search(self):
        return {200}, *self.client.call("GET", "/v1/customers?q=%E5%BC%A0&limit=20")[:2]

    def timeline(self):
        return {200}, *self.client.call("GET", f"/v1/customers/{self.rng.choice(self.customers)}/timeline?limit=20")[:2]

    def follow_ups(self):
        return {200}, *self.client.call("GET", "/v1/follow-ups?overdue=true&limit=20")[:2]

    def agenda(self):
        owner = self.rng.choice(self.users)
        return {200}, *self.client.call("GET", "/v1/agenda" + (f"?ownerId={owner}" if owner else ""))[:2]

    def feedback_list(self):
        return {200}, *self.client.call("GET", "/v1/feedback?limit=20&status=open")[:2]

    def create_customer(self):
        if self.steady and len(self.own) >= OWN_LIMIT:
            return self.erase_customer()
        phone = next(self.phones)
        status, data, _ = self.client.call("POST", "/v1/customers", {"name": f"压测客户{phone[-8:]}", "phone": phone})
        if status == 201:
            customer = json.loads(data)["id"]
            self.customers.append(customer)
            self.own.append(customer)
        return {201}, status, data

    def erase_customer(self):
        customer = self.own.popleft()
        self.customers.remove(customer)
        self.feedback = [(item, owner) for item, owner in self.feedback if owner != customer]
        return {204}, *self.client.call("DELETE", f"/v1/customers/{customer}?erase=true")[:2]

    def target_customer(self):
        """Whom an interaction or feedback is about: in --data steady one of this worker's
        own customers, so that erasing them keeps the data's size."""
        if self.steady:
            if not self.own:
                return None
            return self.rng.choice(self.own)
        return self.rng.choice(self.customers)

    def patch_customer(self):
        customer = self.rng.choice(self.customers)
        status, data, response = self.client.call("GET", f"/v1/customers/{customer}")
        if status != 200:
            return {200}, status, data
        status, data, _ = self.client.call("PATCH", f"/v1/customers/{customer}", {"notes": f"soak {time.time()}"},
                                           headers={"If-Match": response.getheader("ETag"), "Content-Type": "application/merge-patch+json"})
        # Another worker may have changed it in between: 412 is the contract working.
        return {200, 412}, status, data

    def interaction(self):
        customer = self.target_customer()
        if customer is None:
            return self.create_customer()
        body = {"channel": "phone", "direction": "outbound", "summary": "压测回访"}
        return {201}, *self.client.call("POST", f"/v1/customers/{customer}/interactions", body)[:2]

    def create_feedback(self):
        customer = self.target_customer()
        if customer is None:
            return self.create_customer()
        body = {"customerId": customer, "kind": "inquiry", "channel": "phone",
                "subject": "压测", "body": "咨询", "urgency": "normal"}
        status, data, _ = self.client.call("POST", "/v1/feedback", body)
        if status == 201:
            self.feedback.append((json.loads(data)["id"], customer))
        return {201}, status, data

    def move_feedback(self):
        if not self.feedback:
            return self.create_feedback()
        item, _ = self.feedback.pop(self.rng.randrange(len(self.feedback)))
        # Another worker may have moved it first, or it may be further along: 409.
        return {200, 409}, *self.client.call("POST", f"/v1/feedback/{item}/transitions", {"to": "acknowledged"})[:2]

    def overview(self):
        return {200}, *self.client.call("GET", "/v1/analytics/overview", headers=self.analytics_headers)[:2]

    def segments(self):
        return {200}, *self.client.call("GET", "/v1/analytics/segments", headers=self.analytics_headers)[:2]

    def funnel(self):
        return {200}, *self.client.call("GET", "/v1/analytics/funnel", headers=self.analytics_headers)[:2]

    def satisfaction(self):
        return {200}, *self.client.call("GET", "/v1/analytics/satisfaction?interval=month", headers=self.analytics_headers)[:2]

    def compliance(self):
        return {200}, *self.client.call("GET", "/v1/analytics/follow-up-compliance", headers=self.analytics_headers)[:2]

    def rfm(self):
        return {200}, *self.client.call("GET", "/v1/analytics/rfm", headers=self.analytics_headers)[:2]

    @property
    def reads(self):
        return [self.get_customer, self.list_customers, self.search, self.timeline, self.follow_ups, self.agenda, self.feedback_list]

    @property
    def writes(self):
        return [self.create_customer, self.patch_customer, self.interaction, self.create_feedback, self.move_feedback]

    @property
    def analytics(self):
        return [self.overview, self.segments, self.funnel, self.satisfaction, self.compliance, self.rfm]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.window = []
        self.errors = collections.Counter()
        self.examples = {}
        self.count = 0

    def record(self, kind, name, latency, error=None):
        with self.lock:
            self.count += 1
            self.latencies[kind].append(latency)
            self.window.append(latency)
            if error:
                key = f"{name}: {error[0]}"
                self.errors[key] += 1
                self.examples.setdefault(key, error[1])

    def take_window(self):
        with self.lock:
            window, self.window = self.window, []
            return window


def worker(index, args, rate, deadline, start, recorder):
    rng = random.Random(args.seed * 1000 + index)
    client = Client(args.port, args.key)
    workload = Workload(client, rng, index, args.run, args.analytics_max_age, steady=args.data == "steady")
    interval = 1.0 / rate
    scheduled = start + rng.random() * interval
    while scheduled < deadline:
        now = time.monotonic()
        if scheduled > now:
            time.sleep(scheduled - now)
        kind, request = workload.pick()
        error = None
        try:
            expected, status, data = request()
            if status not in expected:
                error = (str(status), data[:200])
        except Exception as failure:  # a refused or cut connection is an error of the run
            error = (type(failure).__name__, str(failure)[:200])
        recorder.record(kind, request.__name__, time.monotonic() - scheduled, error)
        scheduled += interval


def print_growth(since, end, when, fields):
    for name, label in fields:
        start_kib, end_kib = since.get(name, 0), end.get(name, 0)
        growth = (end_kib - start_kib) / start_kib * 100 if start_kib else float("nan")
        print(f"  {label:12} {when} {start_kib / 1024:6.0f} MiB  end {end_kib / 1024:6.0f} MiB  growth {growth:+6.1f} %")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--report", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--analytics-max-age", type=int, default=0)
    parser.add_argument("--data", choices=("steady", "growing"), default="steady")
    args = parser.parse_args()
    args.run = random.SystemRandom().randrange(10**4)

    recorder = Recorder()
    customers_start = active_customers(args)
    # RSS growth is measured from the end of the warm-up: page caches, prepared statements
    # and connection buffers fill in the first minute and are not growth.
    warmup = min(60.0, args.seconds / 10)
    memory_start = None
    # SQLite's page caches (--cache-mib for each connection) fill as the growing data is
    # touched, which takes minutes, not one: growth is also shown from a quarter of the
    # run (at most 15 minutes), so that in a long run the caches' filling is behind it.
    settle = min(900.0, args.seconds / 4)
    memory_settled = None
    start = time.monotonic() + 1
    deadline = start + args.seconds
    threads = [threading.Thread(target=worker, args=(i, args, args.rate / args.workers, deadline, start, recorder), daemon=True)
               for i in range(args.workers)]
    for thread in threads:
        thread.start()
    last = start
    while any(thread.is_alive() for thread in threads):
        time.sleep(min(args.report, max(0.1, deadline - time.monotonic() + 0.5)))
        now = time.monotonic()
        if memory_start is None and now - start >= warmup:
            memory_start = server_memory(args)
        if memory_settled is None and now - start >= settle:
            memory_settled = server_memory(args)
        window = sorted(recorder.take_window())
        if window and now - last >= 1:
            memory = server_memory(args)
            print(f"  t={now - start:6.0f}s  {len(window) / (now - last):7.0f} req/s  p99 {percentile(window, 0.99) * 1000:6.1f} ms"
                  f"  errors {sum(recorder.errors.values())}  rss {memory['VmRSS'] / 1024:.0f} MiB"
                  f" (anon {memory['RssAnon'] / 1024:.0f}: page caches {memory.get('PageCache', 0) / 1024:.0f},"
                  f" malloc kept {memory.get('HeapFree', 0) / 1024:.0f})", flush=True)
        last = now
    elapsed = time.monotonic() - start
    memory_end = server_memory(args)
    memory_start = memory_start or memory_end
    everything = sorted(v for values in recorder.latencies.values() for v in values)
    print(f"soak: {recorder.count} requests in {elapsed:.0f} s = {recorder.count / elapsed:.0f} req/s "
          f"(asked {args.rate:.0f}); errors {sum(recorder.errors.values())}")
    print(f"  all        p50 {percentile(everything, .5) * 1000:7.2f} ms  p99 {percentile(everything, .99) * 1000:7.2f} ms"
          f"  p99.9 {percentile(everything, .999) * 1000:7.2f} ms")
    for kind in ("read", "write", "analytics"):
        values = sorted(recorder.latencies[kind])
        print(f"  {kind:10} p50 {percentile(values, .5) * 1000:7.2f} ms  p99 {percentile(values, .99) * 1000:7.2f} ms"
              f"  p99.9 {percentile(values, .999) * 1000:7.2f} ms  n={len(values)}")
    parts = (("PageCache", "page caches"), ("HeapInUse", "heap in use"), ("HeapFree", "heap kept"))
    print_growth(memory_start, memory_end, f"after {warmup:.0f} s warm-up",
                 (("RssAnon", "heap (anon)"), ("RssFile", "mapped files"), ("VmRSS", "rss (all)")) + parts)
    if memory_settled and settle > warmup:
        print_growth(memory_settled, memory_end, f"after {settle:.0f} s         ", (("RssAnon", "heap (anon)"), ("VmRSS", "rss (all)")) + parts)
    print(f"  customers    start {customers_start}  end {active_customers(args)} (active; --data {args.data})")
    for key, n in recorder.errors.most_common():
        print(f"  error {key} x{n}: {recorder.examples[key]!r}")
    return 1 if recorder.errors else 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except ServerGone as gone:
        print(f"soak: the server (pid {gone.pid}) ended during the run; its log says why", file=sys.stderr)
        raise SystemExit(1)

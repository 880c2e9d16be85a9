#!/usr/bin/env python3
"""A compact check of the API contract (../shared/API.md) against a running Kehu server.

    contract_check.py run    --base-url http://127.0.0.1:8080 --key KEY [--state FILE]
    contract_check.py verify --base-url http://127.0.0.1:8080 --key KEY  --state FILE

`run` exercises the main resources over HTTP: auth (401), customers (create 201 with
Location, get with ETag, PATCH with If-Match and the 412 of a stale one, a cursor walk of
a list, a Chinese search), a follow-up and its completion, feedback and its status
transitions (a legal chain, an illegal move 409), problem details (400 malformed JSON,
422 unknown field, 404 unknown path, 405 with Allow). It writes what it created, as it
stands at the end, to --state (JSON), so that `verify` can later check that a restarted
server (e.g. a container started again on the same volume) still has exactly that.

Standard library only, so any python3 runs it; scripts reuse it against servers started
in any way (a container, a crash test). Each check prints one line; the last line is
"N passed, N failed". Exit status 0 only when nothing failed.
"""

import argparse
import http.client
import json
import sys
import time
import urllib.parse
import uuid

PROBLEM_JSON = "application/problem+json"


class Abort(Exception):
    """A failed check that the remaining checks depend on."""


class Client:
    """One keep-alive connection to the server; reconnects when the server closed it."""

    def __init__(self, base_url, key, timeout=10.0):
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme != "http":
            raise SystemExit(f"only http:// base URLs are supported, not {base_url!r}")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.prefix = parsed.path.rstrip("/")
        self.key = key
        self.timeout = timeout
        self.connection = None

    def request(self, method, path, body=None, headers=None, auth=True, raw=None):
        """Returns (status, headers as a lower-cased dict, parsed JSON or None, raw bytes)."""
        sent = {"Accept": "application/json"}
        if auth and self.key is not None:
            sent["Authorization"] = f"Bearer {self.key}"
        payload = None
        if raw is not None:
            payload = raw
            sent["Content-Type"] = "application/json"
        elif body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, self.prefix + path, body=payload, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between two requests: once more
                # on a new one.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        got = {name.lower(): value for name, value in response.getheaders()}
        if got.get("connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        parsed = None
        if data:
            try:
                parsed = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                parsed = None
        return response.status, got, parsed, data


class Checks:
    """Counts and prints named checks; a failed check is recorded, not raised."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"  ok    {name}")
        else:
            self.failed += 1
            print(f"  FAIL  {name}" + (f": {detail}" if detail else ""))
        return bool(condition)

    def status(self, name, result, expected):
        status, _, parsed, data = result
        return self.check(f"{name} -> {expected}", status == expected,
                          f"got {status}: {data[:300].decode('utf-8', 'replace')}")

    def problem(self, name, result, expected):
        """The status, and an RFC 9457 body that says the same status."""
        status, headers, parsed, data = result
        self.status(name, result, expected)
        content_type = headers.get("content-type", "")
        self.check(f"{name}: {PROBLEM_JSON}", content_type.startswith(PROBLEM_JSON), f"Content-Type {content_type!r}")
        self.check(f"{name}: problem body with status {expected}",
                   isinstance(parsed, dict) and parsed.get("status") == expected and "title" in parsed,
                   f"body {data[:300]!r}")


def run(client, checks, state_path):
    marker = uuid.uuid4().hex[:8]  # keeps this run's records apart from earlier runs'

    # --- auth and operational endpoints
    status, _, body, _ = client.request("GET", "/health", auth=False)
    checks.check("GET /health -> 200 {status: ok}", status == 200 and isinstance(body, dict) and body.get("status") == "ok",
                 f"got {status} {body}")
    checks.problem("GET /v1/customers without a key", client.request("GET", "/v1/customers", auth=False), 401)
    checks.problem("GET /v1/customers with a wrong key",
                   client.request("GET", "/v1/customers", auth=False, headers={"Authorization": "Bearer wrong-" + marker}), 401)

    # --- customers
    name = f"华为技术 容器测试 {marker}"
    created = client.request("POST", "/v1/customers", {
        "type": "company", "name": name, "company": "华为技术有限公司", "region": "广东省/深圳市",
        "email": f"container-{marker}@example.com", "tags": ["容器", "合同"], "notes": "容器契约测试创建",
    })
    if not checks.status("POST /v1/customers", created, 201):
        raise Abort("no customer was created, and the remaining checks need one")
    _, headers, customer, _ = created
    customer_id = customer["id"]
    checks.check("POST /v1/customers: Location names the new customer",
                 headers.get("location", "").endswith(f"/v1/customers/{customer_id}"), f"Location {headers.get('location')!r}")
    checks.check("POST /v1/customers: Chinese name stored as sent", customer.get("name") == name, f"name {customer.get('name')!r}")

    fetched = client.request("GET", f"/v1/customers/{customer_id}")
    checks.status("GET /v1/customers/{id}", fetched, 200)
    etag = fetched[1].get("etag")
    checks.check("GET /v1/customers/{id}: ETag and version", bool(etag) and fetched[2].get("version") == customer.get("version"),
                 f"ETag {etag!r}, version {fetched[2].get('version')!r}")

    patched = client.request("PATCH", f"/v1/customers/{customer_id}", {"notes": "已更新：容器内修改", "tags": ["容器", "重要"]},
                             headers={"If-Match": etag, "Content-Type": "application/merge-patch+json"})
    checks.status("PATCH /v1/customers/{id} with the current If-Match", patched, 200)
    checks.check("PATCH: merge applied, version went up",
                 patched[2] and patched[2].get("notes") == "已更新：容器内修改" and patched[2].get("version", 0) > customer.get("version", 0),
                 f"{patched[2]}")
    checks.problem("PATCH /v1/customers/{id} with a stale If-Match",
                   client.request("PATCH", f"/v1/customers/{customer_id}", {"notes": "不应保存"}, headers={"If-Match": etag}), 412)

    # A few more, for the cursor walk and the search.
    for index in range(3):
        checks.status(f"POST /v1/customers (list filler {index + 1})",
                      client.request("POST", "/v1/customers", {"name": f"深圳客户{index} {marker}", "tags": [f"容器-{marker}"]}), 201)
    seen, cursor, pages = [], None, 0
    while pages < 10:
        query = f"/v1/customers?limit=2&tag={urllib.parse.quote(f'容器-{marker}')}"
        if cursor:
            query += "&cursor=" + urllib.parse.quote(cursor)
        status, _, page, _ = client.request("GET", query)
        if status != 200:
            checks.check("GET /v1/customers?limit=2 (cursor walk)", False, f"got {status}")
            break
        pages += 1
        seen.extend(item["id"] for item in page["data"])
        cursor = page.get("nextCursor")
        if not cursor:
            break
    checks.check("GET /v1/customers?limit=2: the cursor walks 3 customers over 2 pages, none twice",
                 len(seen) == 3 and len(set(seen)) == 3 and pages == 2, f"{len(seen)} ids over {pages} pages")

    status, _, found, _ = client.request("GET", "/v1/customers?q=" + urllib.parse.quote(f"华为技术 容器测试 {marker}"[:4]) + "&limit=500")
    checks.check("GET /v1/customers?q=华为技术 finds the customer", status == 200 and customer_id in [c["id"] for c in found["data"]],
                 f"got {status}")
    status, _, found, _ = client.request("GET", "/v1/customers?q=" + urllib.parse.quote(marker) + "&limit=500")
    checks.check("GET /v1/customers?q=MARKER finds this run's 4 customers", status == 200 and len(found["data"]) == 4,
                 f"got {status}, {len(found['data']) if found else None}")

    # --- follow-up
    follow_up = client.request("POST", "/v1/follow-ups", {"customerId": customer_id, "dueAt": "2030-01-15T02:00:00Z",
                                                          "kind": "call", "purpose": "回访：确认合同细节"})
    checks.status("POST /v1/follow-ups", follow_up, 201)
    follow_up_id = follow_up[2]["id"] if follow_up[0] == 201 else None
    if follow_up_id:
        completed = client.request("POST", f"/v1/follow-ups/{follow_up_id}/complete", {"outcome": "已确认", "summary": "电话确认合同"})
        checks.check("POST /v1/follow-ups/{id}/complete -> 200, the follow-up done",
                     completed[0] == 200 and (completed[2].get("followUp") or {}).get("status") == "done",
                     f"got {completed[0]} {completed[3][:200]!r}")
        status, _, interactions, _ = client.request("GET", f"/v1/customers/{customer_id}/interactions")
        checks.check("the completion recorded an interaction on the customer",
                     status == 200 and [i.get("summary") for i in interactions["data"]] == ["电话确认合同"], f"got {status}")
        checks.problem("POST /v1/follow-ups/{id}/complete twice",
                       client.request("POST", f"/v1/follow-ups/{follow_up_id}/complete", {}), 409)

    # --- feedback
    feedback = client.request("POST", "/v1/feedback", {"customerId": customer_id, "kind": "complaint", "channel": "wechat",
                                                       "subject": "物流太慢", "body": "订单三天未发货", "urgency": "high"})
    checks.status("POST /v1/feedback", feedback, 201)
    feedback_id = feedback[2]["id"] if feedback[0] == 201 else None
    if feedback_id:
        checks.check("POST /v1/feedback: status open", feedback[2].get("status") == "open", f"{feedback[2].get('status')}")
        for target, extra in (("acknowledged", {}), ("in_progress", {}), ("resolved", {"resolution": "已补发"})):
            moved = client.request("POST", f"/v1/feedback/{feedback_id}/transitions", {"to": target, "note": f"到 {target}", **extra})
            checks.check(f"POST /v1/feedback/{{id}}/transitions to {target}", moved[0] == 200 and moved[2].get("status") == target,
                         f"got {moved[0]} {moved[3][:200]!r}")
        checks.problem("POST /v1/feedback/{id}/transitions resolved -> acknowledged (illegal)",
                       client.request("POST", f"/v1/feedback/{feedback_id}/transitions", {"to": "acknowledged"}), 409)

    # --- problem details on bad input
    checks.problem("POST /v1/customers with malformed JSON", client.request("POST", "/v1/customers", raw=b'{"name": "\xe5\xae\xa2'), 400)
    checks.problem("POST /v1/customers with an unknown field", client.request("POST", "/v1/customers", {"name": "x", "nope": 1}), 422)
    checks.problem("POST /v1/customers without a name", client.request("POST", "/v1/customers", {"company": "无名"}), 422)
    checks.problem("GET /v1/customers/{unknown id}", client.request("GET", f"/v1/customers/no-such-{marker}"), 404)
    checks.problem("GET an unknown path", client.request("GET", f"/v1/no-such-resource-{marker}"), 404)
    not_allowed = client.request("PUT", "/v1/customers", {"name": "x"})
    checks.problem("PUT /v1/customers (method not listed)", not_allowed, 405)
    checks.check("PUT /v1/customers: Allow lists GET and POST",
                 {"GET", "POST"} <= {m.strip() for m in not_allowed[1].get("allow", "").split(",")},
                 f"Allow {not_allowed[1].get('allow')!r}")

    # --- what a restart must keep: the records as they stand now
    _, final_headers, final_customer, _ = client.request("GET", f"/v1/customers/{customer_id}")
    final_feedback = client.request("GET", f"/v1/feedback/{feedback_id}")[2] if feedback_id else None
    if state_path:
        with open(state_path, "w", encoding="utf-8") as handle:
            json.dump({"customer": final_customer, "etag": final_headers.get("etag"), "feedback": final_feedback, "marker": marker}, handle, ensure_ascii=False)


def verify(client, checks, state_path):
    with open(state_path, encoding="utf-8") as handle:
        state = json.load(handle)
    customer = state["customer"]
    status, headers, now, _ = client.request("GET", f"/v1/customers/{customer['id']}")
    checks.check("after restart: GET /v1/customers/{id} -> 200", status == 200, f"got {status}")
    if status == 200:
        for field in ("name", "company", "region", "notes", "tags", "version", "createdAt", "updatedAt"):
            checks.check(f"after restart: customer {field} unchanged", now.get(field) == customer.get(field),
                         f"{customer.get(field)!r} -> {now.get(field)!r}")
        checks.check("after restart: same ETag", headers.get("etag") == state.get("etag"), f"{state.get('etag')!r} -> {headers.get('etag')!r}")
    status, _, found, _ = client.request("GET", "/v1/customers?q=" + urllib.parse.quote(state["marker"]) + "&limit=500")
    checks.check("after restart: the search still finds the run's 4 customers", status == 200 and len(found["data"]) == 4,
                 f"got {status}")
    if state.get("feedback"):
        status, _, feedback, _ = client.request("GET", f"/v1/feedback/{state['feedback']['id']}")
        checks.check("after restart: feedback still resolved", status == 200 and feedback.get("status") == "resolved",
                     f"got {status} {feedback and feedback.get('status')}")


def wait_healthy(client, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, _, _ = client.request("GET", "/health", auth=False)
            if status == 200:
                return True
        except OSError:
            client.connection = None
        time.sleep(0.2)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["run", "verify"])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--key", required=True, help="an admin API key")
    parser.add_argument("--state", help="JSON file: written by run, read by verify")
    parser.add_argument("--wait", type=float, default=0, help="first wait up to this many seconds for /health")
    arguments = parser.parse_args()
    if arguments.mode == "verify" and not arguments.state:
        parser.error("verify needs --state")

    client = Client(arguments.base_url, arguments.key)
    checks = Checks()
    if arguments.wait and not wait_healthy(client, arguments.wait):
        checks.check(f"{arguments.base_url}/health answers within {arguments.wait:g} s", False)
    else:
        print(f"contract check ({arguments.mode}) against {arguments.base_url}")
        try:
            (run if arguments.mode == "run" else verify)(client, checks, arguments.state)
        except Abort as error:
            print(f"  stopped: {error}")
        except (OSError, http.client.HTTPException, KeyError, TypeError) as error:
            checks.check("the check ran to its end", False, f"{type(error).__name__}: {error}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 and checks.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Personal data never reaches Kehu's logs (issue 8). Run by scripts/test-pii-logs;
standard library only.

    pii_logs.py --kehu BIN --work DIR [--levels info,debug,trace]

For each log level, a fresh server and a fresh, unique fake person (a Chinese name with
a random tag, a phone number, an e-mail address) go through everything a client does with
personal data: create, duplicate create (409), patches good and bad (422), searches by
each value, the values in paths, queries, malformed JSON (400), unknown fields, a wrong
key (401), feedback and interactions about them, a CSV import with a bad row, an export,
and erasure. Then the server's whole output (stdout and stderr, JSON log and access log)
must not contain any of the values in any spelling: raw, normalised digits, upper case,
percent-encoded, or JSON \\u-escaped. A client's own X-Request-Id is logged verbatim by
design (it is the client's correlation id), so none is sent here.
"""
import argparse
import json
import os
import random
import socket
import string
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import HOST, Client, KehuProcess, new_admin_key  # noqa: E402

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


def fake_person(rng):
    tag = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    digits = "1%d%09d" % (rng.choice([3, 5, 8]), rng.randrange(10**9))
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(3))
    return {
        "name": name + " " + tag.capitalize(),
        "chinese": name,
        "tag": tag,
        "phone": "+86 %s-%s-%s" % (digits[:3], digits[3:7], digits[7:]),
        "digits": digits,
        "email": "%s.pii@example.com" % tag,
        "email2": "%s.second@example.com" % tag,
    }


def needles(person):
    """Every spelling of the person's values that would show a leak."""
    values = [person["chinese"], person["tag"], person["digits"], person["digits"][3:], person["phone"],
              person["email"], person["email2"]]
    spellings = set()
    for value in values:
        spellings.update({value, value.upper(), urllib.parse.quote(value), urllib.parse.quote_plus(value),
                          json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=True)[1:-1]})
    spellings.add(person["chinese"][1:])  # the given name alone
    return sorted(s for s in spellings if len(s) >= 4)


def raw_request(port, data):
    """Sends bytes on a fresh connection and returns the status line (or '-')."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    return answer.split(b"\r\n")[0].decode(errors="replace") or "-"


def exercise(port, key, person):
    """Every way this person's data passes through the API; returns (what, status) pairs."""
    client = Client(port, key)
    done = []

    def call(what, method, path, body=None, headers=None, expect=None):
        status, _, data = client.call(method, path, body, headers)
        done.append((what, status))
        if expect is not None and status != expect:
            raise SystemExit("%s: expected %s, got %s: %r" % (what, expect, status, data))
        return data

    q = urllib.parse.quote
    body = {"name": person["name"], "phone": person["phone"], "email": person["email"], "type": "individual",
            "notes": "联系人 %s，电话 %s，邮箱 %s" % (person["name"], person["phone"], person["email"]),
            "tags": [person["tag"]], "attributes": {"contact": person["email"]}}
    customer = call("create", "POST", "/v1/customers", body, expect=201)["id"]
    call("duplicate create", "POST", "/v1/customers", body, expect=409)
    call("patch email", "PATCH", "/v1/customers/" + customer, {"email": person["email2"]}, expect=200)
    call("patch invalid email", "PATCH", "/v1/customers/" + customer, {"email": "not-an-email " + person["email"]}, expect=422)
    call("patch invalid phone", "PATCH", "/v1/customers/" + customer, {"phone": person["phone"] + "x" + person["tag"]}, expect=422)
    call("patch unknown field", "PATCH", "/v1/customers/" + customer, {person["email"]: person["phone"]}, expect=422)
    call("create missing name", "POST", "/v1/customers", {"phone": person["phone"], "email": person["email"]}, expect=422)
    for value in (person["phone"], person["digits"], person["email2"], person["chinese"], person["name"], person["tag"]):
        call("search", "GET", "/v1/customers?q=" + q(value), expect=200)
    call("filter by attribute", "GET", "/v1/customers?attributes.contact=" + q(person["email"]), expect=200)
    call("unknown filter", "GET", "/v1/customers?" + q(person["email"]) + "=" + q(person["phone"]))
    call("bad cursor", "GET", "/v1/customers?cursor=" + q(person["email"]))
    call("value in path", "GET", "/v1/customers/" + q(person["email"]), expect=404)
    call("value in path (name)", "GET", "/v1/customers/" + q(person["name"]), expect=404)
    call("malformed JSON", "POST", "/v1/customers", ('{"name": "%s", "phone": "%s", ' % (person["name"], person["phone"])).encode(), expect=400)
    call("wrong media type", "POST", "/v1/customers", json.dumps(body).encode(), {"Content-Type": "text/plain"}, expect=415)
    call("wrong method", "PUT", "/v1/customers/" + q(person["email"]))
    call("contact", "POST", "/v1/customers/%s/contacts" % customer, {"name": person["name"], "phone": person["phone"], "email": person["email"]})
    call("interaction", "POST", "/v1/customers/%s/interactions" % customer,
         {"channel": "phone", "direction": "inbound", "summary": "来电 %s %s" % (person["phone"], person["email"]), "occurredAt": "2026-11-20T08:00:00Z"})
    feedback = call("feedback", "POST", "/v1/feedback", {"customerId": customer, "kind": "complaint", "channel": "phone",
                                                         "subject": "投诉 " + person["name"], "body": person["phone"] + " " + person["email"]}, expect=201)["id"]
    call("transition with PII note", "POST", "/v1/feedback/%s/transitions" % feedback, {"to": "acknowledged", "note": "已联系 " + person["phone"]})
    call("illegal transition", "POST", "/v1/feedback/%s/transitions" % feedback, {"to": "closed", "note": person["email"]}, expect=409)
    csv = "name,phone,email\n%s,%s,%s\n%s,%s,not-an-email-%s\n" % (person["name"] + "二", "+86 199-0000-0000", "x" + person["email"],
                                                                 person["name"], person["phone"], person["tag"])
    status, _, _ = client.call("POST", "/v1/customers/import", csv.encode(), {"Content-Type": "text/csv"})
    done.append(("import with a bad row", status))
    call("export", "GET", "/v1/customers/export?format=ndjson&q=" + q(person["tag"]))
    call("timeline", "GET", "/v1/customers/%s/timeline" % customer, expect=200)
    call("duplicates", "GET", "/v1/customers/duplicates", expect=200)
    call("audit", "GET", "/v1/audit?entityId=" + customer, expect=200)
    # Wrong key, and raw requests the parser refuses, each with the values in them.
    wrong = Client(port, "kehu_wrong_" + person["tag"])
    status, _, _ = wrong.call("GET", "/v1/customers?q=" + q(person["email"]))
    done.append(("wrong key", status))
    wrong.close()
    done.append(("bad request line", raw_request(port, ("GET /v1/customers?q=%s HTTP/1.1 junk\r\nHost: x\r\n\r\n" % person["email"]).encode())))
    done.append(("bad header", raw_request(port, ("GET / HTTP/1.1\r\nHost: x\r\n%s\r\n\r\n" % person["phone"]).encode())))
    done.append(("bad transfer coding", raw_request(port, ("POST /v1/customers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: %s\r\n\r\n" % person["email"]).encode())))
    call("erase", "DELETE", "/v1/customers/%s?erase=true" % customer, expect=204)
    client.close()
    return done


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kehu", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--levels", default="info,debug,trace")
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed if arguments.seed is not None else time.time_ns())
    failed = False
    summary = []
    for level in arguments.levels.split(","):
        person = fake_person(rng)
        log = os.path.join(arguments.work, "server-%s.log" % level)
        db = os.path.join(arguments.work, "pii-%s.sqlite" % level)
        server = KehuProcess(arguments.kehu, db, new_admin_key(), log, extra=["--log-level", level, "--access-log", "on"]).start()
        try:
            done = exercise(server.port, server.admin_key, person)
        finally:
            status = server.terminate()
        text = open(log, encoding="utf-8", errors="replace").read()
        lines = text.count("\n")
        leaks = [(needle, line) for needle in needles(person) for line in text.splitlines() if needle in line]
        print("level %s: %d requests (%s), %d log lines, server exit %s; personal values found: %d" % (
            level, len(done), ", ".join(sorted({str(s) for _, s in done})), lines, status, len(leaks)))
        for needle, line in leaks[:10]:
            print("  LEAK %r in: %s" % (needle, line[:300]))
        summary.append("%s %d" % (level, len(leaks)))
        failed = failed or bool(leaks) or status != 0 or lines == 0
    print("pii-logs summary: %s; leaks by level: %s" % ("passed" if not failed else "FAILED", ", ".join(summary)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

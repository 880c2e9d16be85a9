"""Kehu's HTTP/1.1 request parser beside h11's, over generated requests.

Each request is a valid template with one to three mutations (seeded). It is sent on its
own connection to a running kehu (write side closed after the bytes, so the server sees
the end of input), and fed to h11 as a server would. Each side's verdict is one of:

  accept      a complete first request (any answer other than a parse error)
  reject      a parse error (kehu: 400, 413, 414, 417, 431, 501 or 505 before routing)
  incomplete  more bytes were needed (kehu: the connection closed with no answer)

Disagreements are grouped by mutation and printed with an example; docs/reliability.md
("HTTP parser beside h11") explains each kind that remains, with its RFC 9112 section.

    python compare_parser.py --port 8080 [--count 3000] [--seed 7] [--json out.json]
"""

import argparse
import collections
import json
import random
import socket
import sys

import h11

PARSE_ERRORS = {400, 413, 414, 417, 431, 501, 505}

TEMPLATES = {
    "get": [b"GET /v1/customers?q=a HTTP/1.1", b"Host: kehu", b"Accept: */*"],
    "length": [b"POST /v1/customers HTTP/1.1", b"Host: kehu", b"Content-Type: application/json", b"Content-Length: 13"],
    "chunked": [b"POST /v1/customers HTTP/1.1", b"Host: kehu", b"Content-Type: application/json", b"Transfer-Encoding: chunked"],
}
BODIES = {"get": b"", "length": b'{"name":"a"}\n', "chunked": b"5\r\n{\"a\":\r\n3\r\n1}\n\r\n0\r\n\r\n"}


def replace_line(index, new):
    def apply(lines, body):
        lines = list(lines)
        if index < len(lines):
            lines[index] = new(lines[index])
        return lines, body
    return apply


def add_header(field):
    return lambda lines, body: (lines + [field], body)


def set_body(new):
    return lambda lines, body: (lines, new(body))


def drop_header(prefix):
    return lambda lines, body: ([line for line in lines if not line.lower().startswith(prefix)], body)


# Each mutation: a name and a function of (head lines, body) to new ones. The line
# separator and the end of the head are mutations of their own (see `render`).
MUTATIONS = {
    "method lowercase": replace_line(0, lambda l: l.lower().replace(b"http/1.1", b"HTTP/1.1")),
    "method with tchar": replace_line(0, lambda l: b"GE!T" + l[l.index(b" "):]),
    "method with bad char": replace_line(0, lambda l: b"GE(T" + l[l.index(b" "):]),
    "method empty": replace_line(0, lambda l: l[l.index(b" "):]),
    "method unknown token": replace_line(0, lambda l: b"BREW" + l[l.index(b" "):]),
    "double space after method": replace_line(0, lambda l: l.replace(b" ", b"  ", 1)),
    "tab after method": replace_line(0, lambda l: l.replace(b" ", b"\t", 1)),
    "leading space on request line": replace_line(0, lambda l: b" " + l),
    "trailing space on request line": replace_line(0, lambda l: l + b" "),
    "target with space": replace_line(0, lambda l: l.replace(b"/v1/customers", b"/v1/cust omers")),
    "target with control byte": replace_line(0, lambda l: l.replace(b"/v1/customers", b"/v1/cu\x01stomers")),
    "target with DEL": replace_line(0, lambda l: l.replace(b"/v1/customers", b"/v1/cu\x7fstomers")),
    "target with UTF-8": replace_line(0, lambda l: l.replace(b"/v1/customers", "/v1/客户".encode())),
    "target bad percent": replace_line(0, lambda l: l.replace(b"/v1/customers", b"/v1/%zz")),
    "target absolute-form": replace_line(0, lambda l: l.replace(b"/v1/customers", b"http://kehu/v1/customers")),
    "target asterisk": replace_line(0, lambda l: l.replace(b"/v1/customers?q=a", b"*").replace(b"/v1/customers", b"*")),
    "target empty": replace_line(0, lambda l: l.replace(b"/v1/customers?q=a", b"").replace(b"/v1/customers", b"")),
    "target with fragment": replace_line(0, lambda l: l.replace(b"/v1/customers", b"/v1/customers#x")),
    "version 1.0": replace_line(0, lambda l: l.replace(b"HTTP/1.1", b"HTTP/1.0")),
    "version 2.0": replace_line(0, lambda l: l.replace(b"HTTP/1.1", b"HTTP/2.0")),
    "version 1.2": replace_line(0, lambda l: l.replace(b"HTTP/1.1", b"HTTP/1.2")),
    "version lowercase": replace_line(0, lambda l: l.replace(b"HTTP/1.1", b"http/1.1")),
    "version 1.10": replace_line(0, lambda l: l.replace(b"HTTP/1.1", b"HTTP/1.10")),
    "version missing": replace_line(0, lambda l: l.replace(b" HTTP/1.1", b"")),
    "no host": drop_header(b"host:"),
    "two hosts": add_header(b"Host: other"),
    "empty host": replace_line(1, lambda l: b"Host:"),
    "space before colon": replace_line(1, lambda l: l.replace(b":", b" :", 1)),
    "tab before colon": replace_line(1, lambda l: l.replace(b":", b"\t:", 1)),
    "no colon": add_header(b"X-Broken"),
    "empty field name": add_header(b": value"),
    "field name with space": add_header(b"X Name: v"),
    "field name non-token": add_header(b"X(Name): v"),
    "field name UTF-8": add_header("X-名: v".encode()),
    "value with NUL": add_header(b"X-V: a\x00b"),
    "value with CR": add_header(b"X-V: a\rb"),
    "value with DEL": add_header(b"X-V: a\x7fb"),
    "value with obs-text": add_header(b"X-V: caf\xe9"),
    "value with tab": add_header(b"X-V: a\tb"),
    "value with trailing spaces": add_header(b"X-V: a   "),
    "obs-fold": add_header(b"X-V: a\r\n  b"),
    "header line starting with space": add_header(b" X-V: a"),
    "CL plus sign": replace_line(3, lambda l: l.replace(b"13", b"+13") if l.startswith(b"Content-Length") else l),
    "CL negative": replace_line(3, lambda l: l.replace(b"13", b"-13") if l.startswith(b"Content-Length") else l),
    "CL leading zeros": replace_line(3, lambda l: l.replace(b"13", b"0013") if l.startswith(b"Content-Length") else l),
    "CL list same": replace_line(3, lambda l: l.replace(b"13", b"13, 13") if l.startswith(b"Content-Length") else l),
    "CL list different": replace_line(3, lambda l: l.replace(b"13", b"13, 14") if l.startswith(b"Content-Length") else l),
    "CL hex": replace_line(3, lambda l: l.replace(b"13", b"0xd") if l.startswith(b"Content-Length") else l),
    "CL empty": replace_line(3, lambda l: b"Content-Length:" if l.startswith(b"Content-Length") else l),
    "CL huge": replace_line(3, lambda l: l.replace(b"13", b"99999999999999999999999") if l.startswith(b"Content-Length") else l),
    "CL duplicate same": add_header(b"Content-Length: 13"),
    "CL duplicate different": add_header(b"Content-Length: 12"),
    "CL with TE": add_header(b"Content-Length: 13"),
    "TE with CL": add_header(b"Transfer-Encoding: chunked"),
    "TE chunked twice": add_header(b"Transfer-Encoding: chunked"),
    "TE gzip then chunked": add_header(b"Transfer-Encoding: gzip"),
    "TE identity": add_header(b"Transfer-Encoding: identity"),
    "TE uppercase": replace_line(3, lambda l: l.replace(b"chunked", b"CHUNKED")),
    "TE with spaces": replace_line(3, lambda l: l.replace(b"chunked", b" chunked ")),
    "TE chunked not last": replace_line(3, lambda l: l.replace(b"chunked", b"chunked, gzip")),
    "TE empty": add_header(b"Transfer-Encoding:"),
    "chunk size with space": set_body(lambda b: b.replace(b"5\r\n", b"5 \r\n", 1)),
    "chunk size uppercase hex": set_body(lambda b: b.replace(b"5\r\n", b"0005\r\n", 1)),
    "chunk size 0x": set_body(lambda b: b.replace(b"5\r\n", b"0x5\r\n", 1)),
    "chunk size negative": set_body(lambda b: b.replace(b"5\r\n", b"-5\r\n", 1)),
    "chunk size huge": set_body(lambda b: b.replace(b"5\r\n", b"fffffffffffffffffffffff\r\n", 1)),
    "chunk extension": set_body(lambda b: b.replace(b"5\r\n", b"5;name=value\r\n", 1)),
    "chunk extension quoted": set_body(lambda b: b.replace(b"5\r\n", b'5;name="va lue"\r\n', 1)),
    "chunk extension with space": set_body(lambda b: b.replace(b"5\r\n", b"5 ; name\r\n", 1)),
    "chunk data too long": set_body(lambda b: b.replace(b'{"a":', b'{"a":X', 1)),
    "chunk data too short": set_body(lambda b: b.replace(b'{"a":', b'{"a', 1)),
    "chunk bare LF after data": set_body(lambda b: b.replace(b'{"a":\r\n', b'{"a":\n', 1)),
    "chunk trailer": set_body(lambda b: b[:-2] + b"X-T: 1\r\n\r\n" if b.endswith(b"0\r\n\r\n") else b),
    "chunk trailer bad": set_body(lambda b: b[:-2] + b"X T\r\n\r\n" if b.endswith(b"0\r\n\r\n") else b),
    "chunk last missing": set_body(lambda b: b.replace(b"0\r\n\r\n", b"")),
    "body shorter than CL": set_body(lambda b: b[:5]),
    "body longer than CL": set_body(lambda b: b + b"extra"),
    "expect 100-continue": add_header(b"Expect: 100-continue"),
    "expect other": add_header(b"Expect: something"),
    "connection close": add_header(b"Connection: close"),
    "many headers": lambda lines, body: (lines + [b"X-%d: v" % i for i in range(60)], body),
}
ENDINGS = {
    "bare LF line ends": b"\n",
    "bare CR line ends": b"\r",
}
EXTRA = {
    "leading empty line": lambda raw: b"\r\n" + raw,
    "two leading empty lines": lambda raw: b"\r\n\r\n" + raw,
    "leading space": lambda raw: b" " + raw,
    "NUL first": lambda raw: b"\x00" + raw,
}


def render(lines, body, ending=b"\r\n"):
    return ending.join(lines) + ending + ending + body


def generate(count, seed):
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    cases = []
    # Every single mutation on every template first, then random pairs and triples.
    for template in TEMPLATES:
        for name in names:
            cases.append((template, (name,)))
        for name in sorted(ENDINGS) + sorted(EXTRA):
            cases.append((template, (name,)))
    everything = names + sorted(ENDINGS) + sorted(EXTRA)
    while len(cases) < count:
        template = rng.choice(sorted(TEMPLATES))
        cases.append((template, tuple(sorted(rng.sample(everything, rng.randint(2, 3))))))
    out = []
    for template, mutation_names in cases[:count]:
        lines, body = list(TEMPLATES[template]), BODIES[template]
        ending = b"\r\n"
        extras = []
        for name in mutation_names:
            if name in MUTATIONS:
                lines, body = MUTATIONS[name](lines, body)
            elif name in ENDINGS:
                ending = ENDINGS[name]
            else:
                extras.append(EXTRA[name])
        raw = render(lines, body, ending)
        for extra in extras:
            raw = extra(raw)
        out.append((template, mutation_names, raw))
    return out


def h11_verdict(raw):
    # No end of input is signalled: h11 would call a message cut short by it an error,
    # where a server just sees a client that went away (kehu's "incomplete").
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(raw)
    try:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            return "incomplete"
        if not isinstance(event, h11.Request):
            return "reject"
        while True:
            event = conn.next_event()
            if isinstance(event, h11.EndOfMessage):
                return "accept"
            if event is h11.NEED_DATA:
                return "incomplete"
    except h11.RemoteProtocolError:
        return "reject"


def kehu_verdict(raw, port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while b"\r\n" not in received:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    if not received:
        return "incomplete", None
    status = int(received.split(b" ", 2)[1])
    return ("reject" if status in PARSE_ERRORS else "accept"), status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json")
    args = parser.parse_args()

    cases = generate(args.count, args.seed)
    agree = 0
    disagreements = collections.defaultdict(list)
    for template, names, raw in cases:
        ours, status = kehu_verdict(raw, args.port)
        theirs = h11_verdict(raw)
        if ours == theirs:
            agree += 1
        else:
            key = (" + ".join(names), template, ours, theirs)
            disagreements[key].append((status, raw))
    print(f"{len(cases)} requests (seed {args.seed}): {agree} agree, {len(cases) - agree} disagree, h11 {h11.__version__}")
    # Single mutations name the rule; combinations are summarised by their parts.
    singles = {k: v for k, v in disagreements.items() if " + " not in k[0]}
    for (names, template, ours, theirs), examples in sorted(singles.items()):
        status, raw = examples[0]
        print(f"  {names} [{template}]: kehu {ours}{f' ({status})' if status else ''}, h11 {theirs}: {raw[:90]!r}")
    combined = collections.Counter()
    for (names, _, ours, theirs), examples in disagreements.items():
        if " + " in names:
            combined[(ours, theirs)] += len(examples)
    for (ours, theirs), n in sorted(combined.items()):
        print(f"  combinations where kehu {ours} and h11 {theirs}: {n}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"mutations": k[0], "template": k[1], "kehu": k[2], "h11": k[3], "count": len(v)} for k, v in disagreements.items()], f, indent=1)


if __name__ == "__main__":
    sys.exit(main())

"""Shared pieces of the fault scripts (scripts/test-crash, test-disk-full, test-sigterm,
test-slow-clients, test-pii-logs). Standard library only; everything talks to 127.0.0.1.

    KehuProcess   starts `kehu serve` on a free port, waits for /health, stops it
    Client        one keep-alive http.client connection with the API key
    raw_exchange  one request on a raw socket, classifying a response as complete,
                  never started, or cut short (http.client hides that difference)
"""
import atexit
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def new_admin_key():
    return "kehu_faults_" + secrets.token_hex(20)


def fail(message):
    """Ends the script with a message on stderr and exit status 1."""
    sys.stderr.write(message.rstrip() + "\n")
    sys.exit(1)


class KehuProcess:
    """One `kehu serve` on 127.0.0.1. Output (stdout and stderr) is appended to `log_path`."""

    def __init__(self, binary, db, admin_key, log_path, extra=(), env=None):
        self.binary, self.db, self.admin_key, self.log_path = binary, db, admin_key, log_path
        self.extra = list(extra)
        self.env = dict(os.environ if env is None else env)
        self.env["KEHU_ADMIN_KEY"] = admin_key
        self.process = None
        self.port = None

    @property
    def base(self):
        return "http://%s:%d" % (HOST, self.port)

    def start(self, timeout=60):
        self.port = free_port()
        arguments = [self.binary, "serve", "--host", HOST, "--port", str(self.port), "--db", self.db,
                     "--rate-limit", "0"] + self.extra
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                        stdin=subprocess.DEVNULL)
        log.close()
        # Whatever happens to the script, no server outlives it.
        atexit.register(self.kill)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("kehu serve exited with %s while starting (log: %s)" % (self.process.returncode, self.log_path))
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as s:
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("kehu serve did not answer /health within %d s (log: %s)" % (timeout, self.log_path))

    def kill(self):
        """SIGKILL, then reap."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            self.process.wait()

    def terminate(self, timeout=30):
        """SIGTERM; returns the exit status (None if it had to be killed after `timeout`)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None


class Client:
    """One keep-alive connection with the API key. `call` never retries: a request whose
    connection failed is reported as status None (unknown outcome), which is what the fault
    tests need to tell acknowledged writes from attempted ones."""

    def __init__(self, port, key, timeout=30):
        self.port, self.key, self.timeout = port, key, timeout
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        """Returns (status, headers dict with lower-case names, parsed JSON or raw bytes)."""
        all_headers = {"Authorization": "Bearer " + self.key}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self.connection.request(method, path, body=data, headers=all_headers)
            response = self.connection.getresponse()
            raw = response.read()
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            if response_headers.get("connection", "").lower() == "close":
                self.close()
        except (http.client.HTTPException, OSError):
            self.close()
            return None, {}, None
        content_type = response_headers.get("content-type", "")
        parsed = raw
        if "json" in content_type and raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw
        return response.status, response_headers, parsed

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_check(binary, db):
    """`kehu check --db DB`: (passed, output)."""
    result = subprocess.run([binary, "check", "--db", db], capture_output=True, text=True, timeout=300)
    return result.returncode == 0 and result.stdout.strip().endswith("ok"), (result.stdout + result.stderr).strip()


class Outcome:
    COMPLETE = "complete"       # status line, headers and the whole body arrived
    NOT_STARTED = "not-started"  # refused, or closed/reset before any byte of a response
    TRUNCATED = "truncated"      # some bytes of a response, then the connection ended


def read_response(sock, deadline):
    """Reads one HTTP/1.1 response (Content-Length or chunked) from `sock`.
    Returns (outcome, status, headers, body, keep_alive)."""
    buffer = b""

    def receive():
        nonlocal buffer
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("response did not complete in time")
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            chunk = b""
        buffer += chunk
        return bool(chunk)

    while b"\r\n\r\n" not in buffer:
        if not receive():
            return (Outcome.TRUNCATED if buffer else Outcome.NOT_STARTED), None, {}, buffer, False
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get("connection", "").lower() != "close"
    buffer = rest
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in buffer:
                if not receive():
                    return Outcome.TRUNCATED, status, headers, body, False
            size_line, _, buffer = buffer.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(buffer) < size + 2:
                if not receive():
                    return Outcome.TRUNCATED, status, headers, body, False
            body += buffer[:size]
            buffer = buffer[size + 2:]
            if size == 0:
                return Outcome.COMPLETE, status, headers, body, keep_alive
    length = int(headers.get("content-length", "0"))
    while len(buffer) < length:
        if not receive():
            return Outcome.TRUNCATED, status, headers, buffer, False
    return Outcome.COMPLETE, status, headers, buffer[:length], keep_alive


def request_bytes(method, path, key=None, body=None, extra_headers=()):
    data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1"]
    if key:
        lines.append("Authorization: Bearer " + key)
    if body is not None:
        lines.append("Content-Type: application/json")
        lines.append("Content-Length: %d" % len(data))
    lines.extend(extra_headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with at least `fraction` of them at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]

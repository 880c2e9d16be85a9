"""Wrong methods answer 405 (issue 8): for every path in openapi.yaml, each method the spec
does not list for it must answer 405 with problem+json and an `Allow` header naming exactly
the spec's methods (plus HEAD where GET is listed, and OPTIONS, which the server always
answers; RFC 9110 §9.3.2 and §9.3.7). OPTIONS itself must answer 2xx with the same `Allow`.

    python method_check.py BASE_URL API_KEY openapi.yaml

Prints one line per failure and a closing 'N passed, N failed' line; exits 1 on any failure.
Path parameters are filled with a placeholder: the router picks the route by its template,
before any handler looks the id up, so a 405 never depends on the record existing.
"""

import http.client
import json
import sys
import urllib.parse

import yaml

# The methods tried on every path, plus two the spec never uses: PROPFIND (WebDAV, an
# extension token) and a made-up one, to show that unknown tokens get 405, not 501 or 404.
PROBED = ["GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND", "FROBNICATE"]
SPEC_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def documented(item):
    return {method.upper() for method in item if method in SPEC_METHODS}


def expected_allow(methods):
    allowed = set(methods) | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    return allowed


def concrete(path):
    # Each {name} becomes a placeholder that is a valid segment for any template.
    parts = []
    for segment in path.split("/"):
        parts.append("x0" if segment.startswith("{") and segment.endswith("}") else segment)
    return "/".join(parts)


def call(base, key, method, path):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    headers = {"Authorization": "Bearer " + key, "Accept": "application/json"}
    body = None
    if method in ("POST", "PUT", "PATCH", "PROPFIND", "FROBNICATE"):
        body, headers["Content-Type"] = b"{}", "application/json"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Allow"), response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def allow_set(header):
    return {part.strip() for part in (header or "").split(",") if part.strip()}


def check_path(base, key, path, methods):
    """Failure messages for one path (empty when it behaves)."""
    failures = []
    want = expected_allow(methods)
    target = concrete(path)
    for method in PROBED:
        if method in methods:
            continue
        status, allow, content_type, body = call(base, key, method, target)
        where = f"{method} {path}"
        if status != 405:
            failures.append(f"{where}: status {status}, expected 405")
            continue
        if allow_set(allow) != want:
            failures.append(f"{where}: Allow {allow!r}, expected {', '.join(sorted(want))}")
        if (content_type or "").split(";")[0].strip() != "application/problem+json":
            failures.append(f"{where}: Content-Type {content_type!r}, expected application/problem+json")
        else:
            try:
                problem = json.loads(body)
                if problem.get("status") != 405:
                    failures.append(f"{where}: problem status {problem.get('status')!r}")
            except ValueError:
                failures.append(f"{where}: the problem body is not JSON")
    status, allow, _, _ = call(base, key, "OPTIONS", target)
    if not 200 <= status < 300 or allow_set(allow) != want:
        failures.append(f"OPTIONS {path}: status {status}, Allow {allow!r}, expected 2xx and {', '.join(sorted(want))}")
    return failures


def main():
    base, key, spec_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    passed = failed = 0
    for path, item in spec["paths"].items():
        failures = check_path(base, key, path, documented(item))
        for failure in failures:
            print("FAIL " + failure)
        if failures:
            failed += 1
        else:
            passed += 1
    print(f"wrong-method check over {passed + failed} paths: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

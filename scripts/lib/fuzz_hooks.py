"""schemathesis hooks for scripts/fuzz-api, loaded through SCHEMATHESIS_HOOKS=fuzz_hooks.

POST /v1/customers/import takes its file as a text body (openapi.yaml: `type: string`
under text/csv and application/x-ndjson). schemathesis ships no serializer for NDJSON and
would report every such case as an error, so both text formats are sent as the generated
string, UTF-8 encoded, like its own text/plain serializer does.
"""

import os

import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
schemathesis.serializer.alias("text/csv", "text/plain")

IMPORT_PATH = "/v1/customers/import"


@schemathesis.hook
def filter_body(context, body):
    """On the wire a text body is always a string: a case whose "wrong type" body (an array,
    a number) is sent as its JSON text is just another text file, which the import rightly
    answers with a per-row report. Such cases test nothing and are dropped; negative cases
    for the import's query and headers stay."""
    if context.operation is not None and context.operation.path == IMPORT_PATH:
        return isinstance(body, str)
    return True


# The fuzzer's own user and key (scripts/fuzz-api passes their ids). Revoking that key, or
# demoting or deactivating that user, is legitimate API use that the fuzzer finds quickly
# (it learns ids from GET /v1/api-keys and /v1/users); after it every later request is a 401
# and tests nothing. Such a request is pointed at an id that names nothing instead (404).
PROTECTED_IDS = set(filter(None, os.environ.get("KEHU_FUZZ_PROTECTED_IDS", "").split(",")))
PROTECTED_OPERATIONS = {("DELETE", "/v1/api-keys/{id}"), ("PATCH", "/v1/users/{id}")}


# DELETE /v1/customers/{id} archives (openapi.yaml: the customer stays readable, in any
# status, and can be restored); only `erase=true` removes it. The use_after_free check
# takes every successful DELETE for a removal, so its failures after an archive are
# dropped, and those after an erase kept. The ids of erasing calls are noted here.
CUSTOMER_PATH = "/v1/customers/{id}"
ERASING_CASE_IDS = set()


def erases(case):
    # The server's flag rule: a bare flag, "true" or "1" is true.
    return str((case.query or {}).get("erase", "false")).lower() in ("", "true", "1")


@schemathesis.hook
def before_call(context, case, kwargs):
    parameters = case.path_parameters or {}
    if (case.method.upper(), case.operation.path) in PROTECTED_OPERATIONS and parameters.get("id") in PROTECTED_IDS:
        parameters["id"] = parameters["id"][:4] + "fuzzprotected0000000000"
    if case.method.upper() == "DELETE" and case.operation.path == CUSTOMER_PATH and erases(case):
        ERASING_CASE_IDS.add(case.id)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if getattr(failure, "code", "") != "ST301":
        return True
    archived = str(getattr(failure, "free", "")).startswith("DELETE /v1/customers/") and str(failure.free).count("/") == 3
    return not archived or getattr(failure, "deleted_case_id", None) in ERASING_CASE_IDS


@schemathesis.hook
def filter_query(context, query):
    """A boolean query parameter sent without a value (`?erase`, `?overdue=`) means true, as
    openapi.yaml's description says (the flag style of RFC 3986 query strings); the fuzzer
    takes the empty string for an invalid boolean, so such cases are dropped."""
    if not query or context.operation is None:
        return True
    flags = {p.name for p in context.operation.query if (p.definition.get("schema") or {}).get("type") == "boolean"}
    return not any(query.get(name) == "" for name in flags)

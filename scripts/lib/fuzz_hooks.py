"""schemathesis hooks for scripts/fuzz-api, loaded through SCHEMATHESIS_HOOKS=fuzz_hooks.

POST /v1/customers/import takes its file as a text body (openapi.yaml: `type: string`
under text/csv and application/x-ndjson). schemathesis ships no serializer for NDJSON and
would report every such case as an error, so both text formats are sent as the generated
string, UTF-8 encoded, like its own text/plain serializer does.
"""

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

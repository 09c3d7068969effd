"""Bulk mutations over staged uploads: stagedUploadsCreate, the upload itself, bulkOperationRunMutation.

As on Shopify (vendor-facts 1.9b):
1. `stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename, mimeType, httpMethod}])`
   answers an upload target: a sandbox URL and the form parameters, among them `key`, the path to
   pass on as `stagedUploadPath`;
2. the client uploads its JSONL (one line of variables per mutation) to that URL: multipart POST
   (the parameters, then the `file` part) or a PUT of the raw body;
3. `bulkOperationRunMutation(mutation:, stagedUploadPath:)` runs the mutation once per line, without
   the cost bucket; NO_SUCH_FILE for an unknown path, INVALID_STAGED_UPLOAD_FILE for a line that is
   not a JSON object, OPERATION_IN_PROGRESS while another bulk mutation of the shop still runs (one
   bulk mutation at a time per shop, as on Shopify; bulk queries run beside it);
4. the operation (`bulkOperation(id:)`, `nodes`) is RUNNING for `bulk_mutation_seconds_per_line` x
   lines on the sandbox clock, then COMPLETED with a JSONL result: each line the mutation's answer
   (`data`, `errors` when any) and its `__lineNumber`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo, OperationDefinitionNode, execute, parse, validate

from .replies import Reply, json_reply
from .state import SandboxState, gid, now_iso, parse_gid

MAX_RUNNING = 1  # bulk mutations a shop runs at a time
UPLOAD_PREFIX = "/staged-uploads/"
RESULT_PREFIX = "/bulk-mutations/"


@dataclass
class BulkMutation:
    """One bulk mutation: its document, the answers per line and when it finishes."""

    id: int
    mutation: str
    lines: list[dict[str, Any]]
    ready_at: float
    created_at: str
    client_identifier: str | None = None

    @property
    def gid(self) -> str:
        return gid("BulkOperation", self.id)


def _uploads(state: SandboxState) -> dict[str, bytes]:
    return state.__dict__.setdefault("staged_uploads", {})


def mutations(state: SandboxState) -> dict[int, BulkMutation]:
    """The shop's bulk mutations by id (on the state: `reset()` forgets them)."""
    return state.__dict__.setdefault("bulk_mutations", {})


def staged_uploads_create(_root: object, info: GraphQLResolveInfo, input: list[dict[str, Any]]) -> dict[str, Any]:
    """Upload targets on the sandbox: `url` to send the file to, `parameters` (with the `key`) to send along."""
    state: SandboxState = info.context
    base = state.__dict__.get("bulk_base_url", "http://127.0.0.1")
    targets = []
    for entry in input:
        key = f"tmp/{state.next_id()}/{entry['filename']}"
        _uploads(state).setdefault(key, b"")
        parameters = [{"name": "key", "value": key}, {"name": "Content-Type", "value": entry["mimeType"]}]
        targets.append({"url": f"{base}{UPLOAD_PREFIX}{key}", "resourceUrl": None, "parameters": parameters})
    return {"stagedTargets": targets, "userErrors": []}


def receive_upload(state: SandboxState, *, path: str, body: bytes, content_type: str) -> Reply:
    """POST (multipart, the `file` part) or PUT (raw body) of a staged file to its target URL."""
    key = path.removeprefix(UPLOAD_PREFIX)
    if key not in _uploads(state):
        return json_reply(404, {"errors": "No staged upload target at this URL"})
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        if "file" not in parts:
            return json_reply(400, {"errors": "The form has no file part"})
        body = parts["file"].get_payload(decode=True) or b""
    _uploads(state)[key] = body
    return Reply(201, {"Content-Type": "application/xml"}, b"<PostResponse></PostResponse>")


def _user_error(message: str, code: str, field: list[str] | None = None) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def _parsed_mutation(info: GraphQLResolveInfo, mutation: str):
    try:
        document = parse(mutation)
    except GraphQLError as error:
        return f"Invalid mutation: {error.message}"
    errors = validate(info.schema, document)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if errors:
        return "Invalid mutation: " + "; ".join(error.message for error in errors)
    if len(operations) != 1 or operations[0].operation.value != "mutation":
        return "The bulk operation must be exactly one mutation."
    if len(operations[0].selection_set.selections) != 1:
        return "The bulk mutation must have exactly one top-level field."
    return document


def bulk_operation_run_mutation(
    _root: object,
    info: GraphQLResolveInfo,
    mutation: str,
    staged_upload_path: str,
    client_identifier: str | None = None,
) -> dict[str, Any]:
    """Runs the mutation once per JSONL line of the staged upload (one bulk mutation at a time per shop)."""
    from .resolvers import field_resolver, type_resolver  # noqa: PLC0415 - resolvers imports this module: cycle

    state: SandboxState = info.context
    running = [op for op in mutations(state).values() if status_of(state, op) == "RUNNING"]
    if len(running) >= MAX_RUNNING:
        message = f"A bulk mutation is already running on this shop ({running[0].gid})."
        return {"bulkOperation": None, "userErrors": [_user_error(message, "OPERATION_IN_PROGRESS")]}
    upload = _uploads(state).get(staged_upload_path)
    if not upload:
        message = "The staged upload was not found (or nothing was uploaded to it)."
        return {"bulkOperation": None, "userErrors": [_user_error(message, "NO_SUCH_FILE", ["stagedUploadPath"])]}
    document = _parsed_mutation(info, mutation)
    if isinstance(document, str):
        return {"bulkOperation": None, "userErrors": [_user_error(document, "INVALID_MUTATION", ["mutation"])]}
    variables = []
    for number, line in enumerate(upload.decode("utf-8", "replace").splitlines()):
        try:
            decoded = json.loads(line) if line.strip() else None
        except ValueError:
            decoded = None
        if line.strip() and not isinstance(decoded, dict):
            message = f"Line {number + 1} of the staged file is not a JSON object of variables."
            return {"bulkOperation": None, "userErrors": [_user_error(message, "INVALID_STAGED_UPLOAD_FILE")]}
        if decoded is not None:
            variables.append(decoded)
    answers = []
    for number, values in enumerate(variables):
        result = execute(
            info.schema,
            document,
            context_value=state,
            variable_values=values,
            field_resolver=field_resolver,
            type_resolver=type_resolver,
        )
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        answers.append({**answer, "__lineNumber": number})
    seconds = state.bulk_mutation_seconds_per_line * len(answers)
    operation = BulkMutation(
        id=state.next_id(),
        mutation=mutation,
        lines=answers,
        ready_at=state.clock() + seconds,
        created_at=now_iso(),
        client_identifier=client_identifier,
    )
    mutations(state)[operation.id] = operation
    return {"bulkOperation": view(state, operation), "userErrors": []}


def status_of(state: SandboxState, operation: BulkMutation) -> str:
    return "RUNNING" if state.clock() < operation.ready_at else "COMPLETED"


def view(state: SandboxState, operation: BulkMutation) -> dict[str, Any]:
    """The BulkOperation object as the API shows it now."""
    done = status_of(state, operation) == "COMPLETED"
    base = state.__dict__.get("bulk_base_url", "http://127.0.0.1")
    return {
        "__typename": "BulkOperation",
        "id": operation.gid,
        "status": status_of(state, operation),
        "type": "MUTATION",
        "errorCode": None,
        "objectCount": str(len(operation.lines) if done else 0),
        "rootObjectCount": str(len(operation.lines) if done else 0),
        "url": f"{base}{RESULT_PREFIX}{operation.id}.jsonl" if done else None,
        "createdAt": operation.created_at,
        "completedAt": now_iso() if done else None,
        "query": operation.mutation,
    }


def by_gid(state: SandboxState, value: object) -> dict[str, Any] | None:
    """A bulk mutation by gid, as the API shows it (None: not one of ours)."""
    number = parse_gid(value, "BulkOperation")
    operation = mutations(state).get(number) if number is not None else None
    return view(state, operation) if operation is not None else None


def result_file(state: SandboxState, *, path: str) -> Reply:
    """GET of a completed bulk mutation's JSONL result."""
    name = path.removeprefix(RESULT_PREFIX).removesuffix(".jsonl")
    operation = mutations(state).get(int(name)) if name.isdigit() else None
    if operation is None or status_of(state, operation) != "COMPLETED":
        return json_reply(404, {"errors": "Not Found"})
    body = "".join(json.dumps(line, separators=(",", ":"), default=str) + "\n" for line in operation.lines)
    return Reply(200, {"Content-Type": "application/jsonl"}, body.encode())


RESOLVERS = {
    ("Mutation", "stagedUploadsCreate"): staged_uploads_create,
    ("Mutation", "bulkOperationRunMutation"): bulk_operation_run_mutation,
}

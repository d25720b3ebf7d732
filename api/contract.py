"""The OpenAPI contract, completed once every router is included (``finish``).

Routes stay terse: a route's docstring gives its one-line summary (the rest its description),
and the problem responses that follow from what an operation declares are documented here for
every operation alike: 500 and 503 everywhere, 401 where a bearer token is needed, 415 and 422
where it takes a body, 422 where it takes parameters, 409 and 412 where it takes ``If-Match``, 409
where it takes ``Idempotency-Key``. A route lists only its own (403, 404, 409 ...) with
``problem_responses``. The ``ETag`` response header (the aggregate's version) is documented on
every command's success response and on the reads in ``ETAG_READS``, and ``X-Views-Behind``
(``api.freshness``) on every read's success response.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.errors import PROBLEM
from api.freshness import HEADER
from api.schemas.common import PROBLEM_DESCRIPTIONS, Problem, problem_response

PROBLEM_SCHEMA = "Problem"
ETAG_READS = {
    "getReview",
    "getFoiRequest",
    "getSar",
    "getDisposition",
    "getLegalHold",
    "getRedactionSet",
    "listCalendarOverrides",
}
"""Reads that answer with the ``ETag`` a command on the same resource takes as ``If-Match``."""
ETAG_HEADER = {
    "description": 'The version of the aggregate (e.g. `"3"`): send it back as `If-Match`.',
    "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
}

VIEWS_BEHIND_HEADER = {
    "description": "Present only when the answer was served from views that had not caught up "
    "with the log within the read-your-writes wait: the names of those views, comma-separated "
    "(pass `min_position` to get a 503 `views-behind` instead).",
    "schema": {"type": "string", "examples": ["review_summary, review_state"]},
}


def finish(api: FastAPI) -> None:
    """Summaries from docstrings, then the document with its generic problem responses."""
    document = api.openapi()  # cached on the app: later calls return this same document
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})[PROBLEM_SCHEMA] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    components["responses"] = {
        _response_name(status): problem_response(status) for status in PROBLEM_DESCRIPTIONS
    }
    components["headers"] = {"ETag": ETAG_HEADER, HEADER: VIEWS_BEHIND_HEADER}
    from_docstring = _operations_without_summary(api)
    for methods in document.get("paths", {}).values():
        for method, operation in methods.items():
            if operation.get("operationId") in from_docstring:
                _summarise(operation)
            _complete(operation)
            _document_etag(operation)
            if method == "get":
                _document_views_behind(operation)
    _drop_unused_validation_schemas(document)


def _operations_without_summary(api: FastAPI) -> set[str]:
    routes = (context.original_route for context in iter_route_contexts(api.routes))
    return {
        route.operation_id or route.unique_id
        for route in routes
        if isinstance(route, APIRoute) and route.summary is None
    }


def _summarise(operation: dict[str, Any]) -> None:
    summary, _, rest = operation.get("description", "").partition("\n")
    if summary.strip():
        operation["summary"] = summary.strip()
        operation.pop("description")
        if rest.strip():
            operation["description"] = rest.strip()


def _complete(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for code in sorted(generic_statuses(operation) & set(PROBLEM_DESCRIPTIONS)):
        existing = responses.get(str(code), {}).get("content", {})
        if PROBLEM not in existing:  # absent, or FastAPI's own 422 (not a problem+json)
            responses[str(code)] = problem_response(code)
    for key, response in responses.items():
        content = response.get("content", {})
        # FastAPI adds an empty application/json entry to every extra response: a problem is
        # only ever problem+json.
        if PROBLEM in content and content.get("application/json", {}).get("schema") == {}:
            del content["application/json"]
        standard = key.isdigit() and int(key) in PROBLEM_DESCRIPTIONS
        if standard and response == problem_response(int(key)):
            responses[key] = {"$ref": f"#/components/responses/{_response_name(int(key))}"}
    operation["responses"] = dict(sorted(responses.items()))


def _document_etag(operation: dict[str, Any]) -> None:
    for code in ("200", "201"):
        response = operation["responses"].get(code)
        if response is None or "$ref" in response:
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        command = schema.get("$ref", "").endswith("/CommandAccepted")
        if command or operation.get("operationId") in ETAG_READS:
            response.setdefault("headers", {})["ETag"] = {"$ref": "#/components/headers/ETag"}


def _document_views_behind(operation: dict[str, Any]) -> None:
    response = operation["responses"].get("200")
    if response is not None and "$ref" not in response:
        response.setdefault("headers", {})[HEADER] = {"$ref": f"#/components/headers/{HEADER}"}


def _response_name(status: int) -> str:
    return f"Problem{status}"


def _drop_unused_validation_schemas(document: dict[str, Any]) -> None:
    # FastAPI's own 422 schemas, no longer referenced once every 422 is a Problem.
    schemas = document["components"]["schemas"]
    if "HTTPValidationError" not in json.dumps(document["paths"]):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)


def generic_statuses(operation: dict[str, Any]) -> set[int]:
    """The problem statuses any operation shaped like ``operation`` can return."""
    statuses = {500, 503}
    parameters = operation.get("parameters", [])
    headers = {p["name"].lower() for p in parameters if p.get("in") == "header"}
    if operation.get("security"):
        statuses.add(401)
    if "requestBody" in operation:
        statuses |= {415, 422}
    if parameters:
        statuses.add(422)
    if "if-match" in headers:
        statuses |= {409, 412}
    if "idempotency-key" in headers:
        statuses.add(409)
    return statuses

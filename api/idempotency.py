"""``Idempotency-Key``: a retried command gets the first response and records nothing new.

A command route opts in with one parameter, placed after its role check so that a caller who
may not run the command never claims a key::

    def close_review(..., principal: Chair, _: Idempotent) -> CommandAccepted:

The dependency claims the key (scoped to the caller's partnership and user) before the command
runs; ``IdempotencyMiddleware`` stores the response once it is produced. Only 2xx JSON bodies of
opted-in routes, up to ``MAX_STORED_BODY`` bytes, are stored: command responses are receipts (ids,
versions, positions), and a route whose response may hold personal data must not opt in. Any
other outcome (4xx, 5xx, an exception) releases the key, since nothing was recorded and a retry
should run afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, Header, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.postgres.idempotency import IdempotencyStore, Outcome, StoredResponse
from api.deps import PrincipalDep, ServicesDep
from api.errors import IdempotencyInFlight, Replay
from domain.errors import DomainError

log = logging.getLogger(__name__)
MAX_STORED_BODY = 16 * 1024
REPLAYED_HEADERS = ("content-type", "location", "etag")
STATE_KEY = "idempotency_claim"


@dataclass(frozen=True)
class Claim:
    """A key this request holds: its response must be completed or released."""

    store: IdempotencyStore
    key: bytes
    request: bytes


async def idempotency_key(
    request: Request,
    services: ServicesDep,
    principal: PrincipalDep,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=r"^[\x21-\x7e]{1,255}$",
            description="A unique value per command (e.g. a UUID): a retry with the same key "
            "and body gets the first response and records nothing new.",
            examples=["5b8e4c0e-2f8d-4d53-a2a4-0f7f1c3e9a10"],
        ),
    ] = None,
) -> None:
    """Claim the key for this request, or replay (or refuse) when it was seen before."""
    if key is None:
        return
    body = _canonical(await request.body())
    claim = Claim(
        services.idempotency,
        _digest(principal.partnership_id, principal.user_id, key),
        _digest(request.method, request.url.path, request.url.query, body),
    )
    outcome = await to_thread.run_sync(claim.store.claim, claim.key, claim.request)
    if isinstance(outcome, StoredResponse):
        raise Replay(outcome)
    if outcome is Outcome.KEY_REUSED:
        raise DomainError(
            "idempotency.key-reused", "this Idempotency-Key was used for a different request"
        )
    if outcome is Outcome.IN_FLIGHT:
        raise IdempotencyInFlight()
    setattr(request.state, STATE_KEY, claim)


Idempotent = Annotated[None, Depends(idempotency_key)]


def _digest(*parts: str | bytes) -> bytes:
    # Length-prefixed so that ("ab", "c") and ("a", "bc") differ.
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


def _canonical(body: bytes) -> bytes:
    """The same JSON however it is spaced or ordered; any other body as it is."""
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return body


class IdempotencyMiddleware:
    """Stores the response of a request that claimed an idempotency key (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold_if_claimed(message: Message) -> None:
            claim = _claim_of(scope)
            if claim is None:
                await send(message)
                return
            # Held until stored, so that a client retrying on receipt finds the response.
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                await _settle(claim, held)
                for each in held:
                    await send(each)

        try:
            await self.app(scope, receive, hold_if_claimed)
        except BaseException:
            claim = _claim_of(scope)
            if claim is not None and not held:
                await _quietly(claim.store.release, claim.key, claim.request)
            raise


def _claim_of(scope: Scope) -> Claim | None:
    claim = scope.get("state", {}).get(STATE_KEY)
    return claim if isinstance(claim, Claim) else None


async def _settle(claim: Claim, messages: list[Message]) -> None:
    start, body = messages[0], b"".join(m.get("body", b"") for m in messages[1:])
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]}
    status = int(start["status"])
    storable = (
        200 <= status < 300
        and headers.get("content-type", "").startswith("application/json")
        and len(body) <= MAX_STORED_BODY
    )
    if storable:
        kept = {name: headers[name] for name in REPLAYED_HEADERS if name in headers}
        response = StoredResponse(status, kept, body)
        await _quietly(claim.store.complete, claim.key, claim.request, response)
    else:
        await _quietly(claim.store.release, claim.key, claim.request)


async def _quietly(settle: Callable[..., None], *args: object) -> None:
    # The client gets its answer even if the database fails here: a key left claimed answers
    # 409 to retries until its lease ends, and is then taken over.
    try:
        await to_thread.run_sync(settle, *args)
    except Exception as error:
        log.warning("idempotency key not settled: %s", type(error).__name__)

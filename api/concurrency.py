"""Optimistic concurrency over HTTP: ``ETag`` is the aggregate's version, ``If-Match`` guards a
command against a stale read.

A command route on an existing aggregate adopts it with one parameter and one argument::

    def close_review(..., expected_version: ExpectedVersion) -> CommandAccepted:
        receipt = services.app.close_review(review_id, ..., expected_version=expected_version)
        return accepted(response, receipt)

and its use case passes ``expected_version`` to ``get_owned``, which raises ``VersionMismatch``
(412) before anything is decided. A save that loses a race raises ``ConcurrencyConflict`` (409,
with the current version). Neither writes anything.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Response

from api.schemas.common import CommandAccepted
from domain.application import Receipt

IF_MATCH = r'^(\*|"[0-9]{1,18}")$'


def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            pattern=IF_MATCH,
            description='The version you read, from its `ETag` (e.g. `"3"`): a stale version '
            "gets 412 and nothing is recorded. `*` or absent: any version.",
            examples=['"3"'],
        ),
    ] = None,
) -> int | None:
    """The aggregate version the client expects, or None when it did not say."""
    if if_match is None or if_match == "*":
        return None
    return int(if_match.strip('"'))


ExpectedVersion = Annotated[int | None, Depends(expected_version)]


def etag(version: int) -> str:
    """The strong entity tag of an aggregate version."""
    return f'"{version}"'


def accepted(response: Response, receipt: Receipt, location: str | None = None) -> CommandAccepted:
    """A command's receipt as the response body, with the new version as ``ETag`` (and
    ``Location`` when the command created a resource that can be read)."""
    response.headers["ETag"] = etag(receipt.version)
    if location is not None:
        response.headers["Location"] = location
    return CommandAccepted(id=receipt.id, version=receipt.version, position=receipt.position)

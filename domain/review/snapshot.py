"""Snapshots of a Review: its state at a version, so a read replays only the events after it.

A review collects a hundred events or more over its life, and ``GET /reviews/{id}`` rebuilds it
on every read (personal fields are decrypted in memory only, never kept in a view). A snapshot
is taken when a command's events cross a multiple of ``SNAPSHOT_INTERVAL``, from the aggregate
the command has just saved; a read then decodes one snapshot and at most
``SNAPSHOT_INTERVAL - 1`` events after it.

The snapshot's state goes through the same mapper as events: every ``Personal`` in it is sealed
under its subject's data key, so erasing a subject (destroying the key) erases it from the
snapshots too. A review holding an erased value is not snapshotted (there is nothing to seal it
under; its earlier snapshot, whose fields now open as erased, serves instead).

``SCHEMA`` names the shape of the state: change it whenever an attribute of the aggregate changes
meaning, and older snapshots are ignored (the review is replayed from its first event) until the
next snapshot replaces them. A snapshot's attribute names must also be those of a review just
opened, so adding or removing an attribute retires old snapshots without anyone remembering to.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.utils import register_topic

from domain.meta import Meta
from domain.personal import Personal
from domain.review.base import Jurisdiction

SNAPSHOT_INTERVAL = 20
"""A snapshot when a review's version reaches a multiple of this."""

SCHEMA = 1
"""The version of the snapshot state's shape (see the module's docstring)."""


@dataclass(frozen=True)
class ReviewSnapshot(Snapshot):
    """A Review's state at ``originator_version``, in a form the JSON transcoder can store.

    JSON has no tuples and only string keys: ``occurred`` (a list of tuples) and ``family``
    (keyed by subject id) are stored as lists of pairs and restored by ``mutate``.
    """

    TOPIC: ClassVar[str] = "reviewtrail.Review.Snapshot"

    @classmethod
    def take(cls, aggregate: Any) -> ReviewSnapshot:
        snapshot: ReviewSnapshot = super().take(aggregate)
        state = snapshot.state
        state["family"] = [[subject_id, member] for subject_id, member in state["family"].items()]
        state["occurred"] = [[name, fields] for name, fields in state["occurred"]]
        state["_snapshot"] = fingerprint(state)
        return snapshot

    def is_current(self) -> bool:
        """Whether this snapshot's state has the shape the code now expects."""
        return bool(self.state.get("_snapshot") == expected_fingerprint())

    def mutate(self, _: None) -> Any:
        aggregate = super().mutate(None)
        state = aggregate.__dict__
        del state["_snapshot"]
        state["family"] = {subject_id: member for subject_id, member in state["family"]}
        state["occurred"] = [(name, fields) for name, fields in state["occurred"]]
        return aggregate


register_topic(ReviewSnapshot.TOPIC, ReviewSnapshot)


def fingerprint(state: Iterable[str]) -> str:
    """``SCHEMA`` and the sorted attribute names of a snapshot's state."""
    names = ",".join(sorted(name for name in state if name != "_snapshot"))
    return f"{SCHEMA}:{names}"


@cache
def expected_fingerprint() -> str:
    """The fingerprint of a snapshot of a review just opened, under today's code."""
    from domain.review.aggregate import Review  # the aggregate imports this module

    review = Review.receive_notification(
        jurisdiction=Jurisdiction.SCOTLAND,
        notifying_agency="agency",
        summary="summary",
        received_on=date(2024, 3, 1),
        meta=Meta("user", "chair", "partnership", UUID(int=0)),
    )
    return fingerprint(ReviewSnapshot.take(review).state)


def crosses_interval(first_version: int, last_version: int) -> bool:
    """Whether versions ``first_version``..``last_version`` include a multiple of the interval."""
    return last_version // SNAPSHOT_INTERVAL > (first_version - 1) // SNAPSHOT_INTERVAL


def snapshot_of(review: Any, *, copy: bool = False) -> ReviewSnapshot | None:
    """A snapshot of ``review`` as it stands, or None when it holds an erased value. ``copy``:
    deep-copy the state, for a review that will change before the snapshot is stored (``take``
    copies only the top level)."""
    snapshot = ReviewSnapshot.take(review)
    if _holds_withheld(snapshot.state):
        return None
    if copy:
        return replace(snapshot, state=deepcopy(snapshot.state))
    return snapshot


def _holds_withheld(value: Any) -> bool:
    """Whether ``value`` (a snapshot's state) holds a ``Personal`` without a value (erased)."""
    if isinstance(value, Personal):
        return value.value is None
    if isinstance(value, dict):
        return any(_holds_withheld(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_withheld(item) for item in value)
    return False

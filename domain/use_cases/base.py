"""What every use-case mixin may rely on from the application."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.errors import NotFound, VersionMismatch

if TYPE_CHECKING:
    from domain.application import Receipt
    from domain.ports import SubjectKeys

A = TypeVar("A", bound=Aggregate)


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """eventsourcing's ``project_aggregate`` without its ``assert isinstance`` of every event
    against a runtime-checkable Protocol, which alone cost about 5 % of rebuilding a review
    (every stored event of ours is a domain event with ``mutate``)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def read(repository: Any, aggregate_id: UUID, *, snapshotted: bool = False, **options: Any) -> Any:
    """``repository.get``, telling a repository that can skip the snapshot store
    (``SnapshotAwareRepository``) whether the aggregate may have a snapshot; any other
    repository (eventsourcing's own) is asked as usual."""
    if getattr(repository, "skips_snapshots", False):
        options["snapshots"] = snapshotted
    return repository.get(aggregate_id, **options)


class UseCases(ABC):
    """What mixins need from the application (``ReviewTrail`` provides it)."""

    repository: Any

    @property
    @abstractmethod
    def subject_keys(self) -> SubjectKeys:
        """The key store (crypto-shredding)."""

    @abstractmethod
    def record(self, *aggregates: Aggregate) -> Receipt:
        """Save the aggregates' pending events atomically."""

    def get_owned(
        self,
        kind: type[A],
        aggregate_id: UUID,
        partnership_id: str,
        expected_version: int | None = None,
    ) -> A:
        """The aggregate if it exists and belongs to ``partnership_id``; otherwise NotFound
        (existence is never disclosed across partnerships). With ``expected_version`` (the
        client's If-Match), a different current version raises VersionMismatch."""
        try:
            aggregate = read(
                self.repository,
                aggregate_id,
                projector_func=project,
                snapshotted=getattr(kind, "SNAPSHOTTED", False),
            )
        except AggregateNotFoundError:
            raise NotFound(kind.__name__, aggregate_id) from None
        if (
            not isinstance(aggregate, kind)
            or getattr(aggregate, "partnership_id", None) != partnership_id
        ):
            raise NotFound(kind.__name__, aggregate_id)
        if expected_version is not None and aggregate.version != expected_version:
            raise VersionMismatch(expected_version, aggregate.version)
        return aggregate

"""Legal holds: named, typed, stackable; a held subject can be neither disposed of nor erased.

``LegalHold`` is the hold itself (name, type, reason, owner, the subjects it covers).
``SubjectHolds`` is the per-subject side, with an id derived from the subject id, so erasure can
load one aggregate to learn whether any hold covers a subject — no view, no lag. Both are saved
together whenever a hold covers or releases a subject.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta

# Changing this namespace would orphan every subject's hold history: never change it.
NAMESPACE = UUID("0d7f3c8e-5a7b-4f0e-9c1e-2b6a4d9e8f10")
TEXT_MAX = 500


class HoldType(StrEnum):
    """Why records are frozen (research/foi-sar.md §3: IICSA, CPS/COPFS protocols)."""

    CRIMINAL_PROCEEDINGS = "criminal-proceedings"
    INQUIRY = "inquiry"
    LITIGATION = "litigation"
    REQUEST_IN_PROGRESS = "request-in-progress"


def _topic(name: str) -> str:
    return f"reviewtrail.LegalHold.{name}"


def _text(value: str, what: str) -> str:
    if not value.strip() or len(value) > TEXT_MAX:
        raise DomainError(f"retention.hold-{what}-required", f"the hold needs a {what}")
    return value.strip()


class LegalHold(Aggregate):
    """A hold over some data subjects' records until it is released."""

    TOPIC = "reviewtrail.LegalHold"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def place(
        cls,
        *,
        name: str,
        hold_type: HoldType,
        reason: str,
        owner: str,
        subject_ids: list[UUID],
        meta: Meta,
    ) -> LegalHold:
        """Place a hold (rules: name, reason, owner, at least one subject) → LegalHoldPlaced.

        Raises DomainError ``retention.hold-name-required``, ``retention.hold-reason-required``,
        ``retention.hold-owner-required`` or ``retention.hold-subjects-required``.
        """
        if not subject_ids:
            raise DomainError("retention.hold-subjects-required", "a hold covers some subject")
        return cls(
            partnership_id=meta.partnership_id,
            name=_text(name, "name"),
            hold_type=HoldType(hold_type).value,
            reason=_text(reason, "reason"),
            owner=_text(owner, "owner"),
            subject_ids=sorted(set(subject_ids)),
            meta=meta,
        )

    @event("LegalHoldPlaced", topic=_topic("LegalHoldPlaced"))
    def __init__(
        self,
        *,
        partnership_id: str,
        name: str,
        hold_type: str,
        reason: str,
        owner: str,
        subject_ids: list[UUID],
        meta: Meta,
    ) -> None:
        self.partnership_id, self.name = partnership_id, name
        self.hold_type, self.reason, self.owner = HoldType(hold_type), reason, owner
        self.subject_ids: set[UUID] = set(subject_ids)
        self.released: dict[str, str] | None = None

    def cover(self, *, subject_ids: list[UUID], meta: Meta) -> list[UUID]:
        """Extend the hold to more subjects → SubjectsHeld; returns the newly covered ones.

        Raises DomainError ``retention.hold-released`` or ``retention.hold-subjects-required``.
        """
        self._active()
        new = sorted(set(subject_ids) - self.subject_ids)
        if not new:
            raise DomainError("retention.hold-subjects-required", "no new subject to hold")
        self._covered(subject_ids=new, meta=meta)
        return new

    @event("SubjectsHeld", topic=_topic("SubjectsHeld"))
    def _covered(self, *, subject_ids: list[UUID], meta: Meta) -> None:
        self.subject_ids |= set(subject_ids)

    def release(self, *, reason: str, meta: Meta) -> None:
        """Release the hold (rules: active, reason stated) → LegalHoldReleased.

        Raises DomainError ``retention.hold-released`` or ``retention.hold-reason-required``.
        """
        self._active()
        self._released(reason=_text(reason, "reason"), meta=meta)

    @event("LegalHoldReleased", topic=_topic("LegalHoldReleased"))
    def _released(self, *, reason: str, meta: Meta) -> None:
        self.released = {"reason": reason, "by": meta.actor_id}

    def _active(self) -> None:
        if self.released is not None:
            raise DomainError("retention.hold-released", "the hold was released")


def subject_holds_id(subject_id: UUID) -> UUID:
    """The id of ``subject_id``'s holds aggregate (the same for every caller)."""
    return uuid5(NAMESPACE, str(subject_id))


class SubjectHolds(Aggregate):
    """The holds currently covering one data subject (stackable: any one of them holds it)."""

    TOPIC = "reviewtrail.SubjectHolds"

    class Created(Aggregate.Created):
        TOPIC = "reviewtrail.SubjectHolds.Created"
        subject_id: UUID
        partnership_id: str
        meta: Meta

    @staticmethod
    def create_id(subject_id: UUID) -> UUID:
        """Derived from the subject id, so one history per subject."""
        return subject_holds_id(subject_id)

    def __init__(self, *, subject_id: UUID, partnership_id: str, meta: Meta) -> None:
        self.subject_id, self.partnership_id = subject_id, partnership_id
        self.holds: set[UUID] = set()

    @property
    def held(self) -> bool:
        """True while any hold covers the subject."""
        return bool(self.holds)

    def hold(self, *, hold_id: UUID, meta: Meta) -> None:
        """A hold now covers the subject → HoldApplied."""
        self._held(hold_id=hold_id, meta=meta)

    @event("HoldApplied", topic="reviewtrail.SubjectHolds.HoldApplied")
    def _held(self, *, hold_id: UUID, meta: Meta) -> None:
        self.holds.add(hold_id)

    def lift(self, *, hold_id: UUID, meta: Meta) -> None:
        """A hold no longer covers the subject → HoldLifted."""
        self._lifted(hold_id=hold_id, meta=meta)

    @event("HoldLifted", topic="reviewtrail.SubjectHolds.HoldLifted")
    def _lifted(self, *, hold_id: UUID, meta: Meta) -> None:
        self.holds.discard(hold_id)


def refuse_if_held(holds: SubjectHolds | None) -> None:
    """Raises DomainError ``retention.legal-hold`` when a hold covers the subject."""
    if holds is not None and holds.held:
        raise DomainError(
            "retention.legal-hold", "a legal hold covers this subject: nothing may be erased"
        )

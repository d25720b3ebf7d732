"""Publication deferrals: publication held back (criminal proceedings, a fatal accident inquiry,
an inquest, the family's circumstances, a court order) until a named role lifts the deferral."""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.base import LifecycleEvent, ReviewState, require_one_of, require_text, topic

DEFERRAL_REASONS = (
    "criminal-proceedings",
    "fatal-accident-inquiry",
    "inquest",
    "family",
    "court-order",
)
"""Why publication may be deferred (Scotland CPC §4 'Publishing the Report'; Wales 5.21)."""


class PublicationDeferred(LifecycleEvent):
    """Publication is held back until the named role lifts the deferral (numbered from 1)."""

    TOPIC = topic("PublicationDeferred")
    number: int
    reason: str
    detail: str
    lifted_by_role: str
    deferred_on: date

    def evolve(self, review: ReviewState) -> None:
        review.deferrals.append(
            {
                "number": self.number,
                "reason": self.reason,
                "detail": self.detail,
                "lifted_by_role": self.lifted_by_role,
                "deferred_on": self.deferred_on,
                "lifted_on": None,
            }
        )


class PublicationDeferralLifted(LifecycleEvent):
    """A deferral was lifted by the role it named."""

    TOPIC = topic("PublicationDeferralLifted")
    number: int
    lifted_on: date

    def evolve(self, review: ReviewState) -> None:
        review.deferrals[self.number - 1]["lifted_on"] = self.lifted_on


class DeferralCommands(ReviewState):
    def defer_publication(
        self, *, reason: str, detail: str, lifted_by_role: str, deferred_on: date, meta: Meta
    ) -> None:
        """Hold publication back (rules: allowed while publishing is; a known reason, the
        detail and the role that may lift it) → PublicationDeferred.

        Raises DomainError ``publication.unknown-deferral-reason``,
        ``publication.deferral-detail-required`` or ``publication.lifting-role-required``.
        """
        self._require("publish_report")
        require_one_of(reason, DEFERRAL_REASONS, "publication.unknown-deferral-reason")
        self._record(
            PublicationDeferred,
            number=len(self.deferrals) + 1,
            reason=reason,
            detail=require_text(detail, "publication.deferral-detail-required", "the detail"),
            lifted_by_role=require_text(
                lifted_by_role, "publication.lifting-role-required", "the role that may lift it"
            ),
            deferred_on=deferred_on,
            meta=meta,
        )

    def lift_publication_deferral(self, *, number: int, lifted_on: date, meta: Meta) -> None:
        """Lift a deferral (rules: it is unlifted; the caller acts in the role it named)
        → PublicationDeferralLifted.

        Raises DomainError ``publication.unknown-deferral``, ``publication.deferral-lifted`` or
        ``publication.lifting-role-not-held``.
        """
        self._require("publish_report")
        if not 1 <= number <= len(self.deferrals):
            raise DomainError("publication.unknown-deferral", f"there is no deferral {number}")
        deferral = self.deferrals[number - 1]
        if deferral["lifted_on"] is not None:
            raise DomainError("publication.deferral-lifted", "the deferral was already lifted")
        if deferral["lifted_by_role"] != meta.actor_role:
            raise DomainError(
                "publication.lifting-role-not-held",
                f"only the {deferral['lifted_by_role']} may lift this deferral",
            )
        self._record(PublicationDeferralLifted, number=number, lifted_on=lifted_on, meta=meta)

    def check_not_deferred(self) -> None:
        """Raises DomainError ``publication.deferred`` while any deferral is unlifted."""
        unlifted = [d for d in self.deferrals if d["lifted_on"] is None]
        if unlifted:
            raise DomainError(
                "publication.deferred",
                f"publication is deferred ({unlifted[0]['reason']}) until the "
                f"{unlifted[0]['lifted_by_role']} lifts it",
            )

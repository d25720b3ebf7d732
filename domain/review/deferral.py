"""What holds publication back: deferrals (criminal proceedings, a fatal accident inquiry, an
inquest, the family's circumstances, a court order) until a named role lifts them, and open
criminal proceedings or a fatal accident inquiry recorded on the review until they conclude or
the body running them agrees to publication going ahead.

The proceedings rule is read from the seeds: Scotland CPC section 4, "Publishing the Report":
"publication of the report may need to be delayed until the conclusion of criminal or FAI
proceedings. Where criminal, FAI or children's hearings proceedings are ongoing the publication
of any report must be discussed with COPFS and/or SCRA"; England (research E14): publication is
delayed for a criminal trial. The Welsh guidance (5.17-5.26) says nothing either way, and its
referral form lists a criminal prosecution among the issues that delay a review. So, in every
rule set, publication waits while criminal proceedings or an FAI are open, unless the body
running them (COPFS, the CPS) has agreed that publishing will not prejudice them
(``clear_publication``, with the reference of that agreement). Children's hearings proceedings
call for a discussion with SCRA but not a delay, and do not hold publication back.
"""

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

HOLDING_PROCEEDINGS = ("criminal", "fatal-accident-inquiry")
"""Parallel proceedings that hold publication back until they conclude or clear it."""


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


class PublicationCleared(LifecycleEvent):
    """The body running open proceedings agreed to publication before they conclude."""

    TOPIC = topic("PublicationCleared")
    number: int
    reference: str
    cleared_on: date

    def evolve(self, review: ReviewState) -> None:
        review.proceedings[self.number - 1]["publication_cleared_on"] = self.cleared_on


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

    def clear_publication(
        self, *, number: int, reference: str, cleared_on: date, meta: Meta
    ) -> None:
        """Record that the body running proceedings ``number`` agreed to publication before
        they conclude (rules: allowed while publishing is; the proceedings are open, hold
        publication back and were not cleared yet; the agreement's reference) →
        PublicationCleared.

        Raises DomainError ``review.proceedings-not-open``,
        ``publication.proceedings-do-not-hold-publication``, ``publication.already-cleared`` or
        ``publication.clearance-reference-required``.
        """
        self._require("publish_report")
        if not 0 < number <= len(self.proceedings) or self.proceedings[number - 1]["concluded_on"]:
            raise DomainError("review.proceedings-not-open", f"proceedings {number} are not open")
        proceedings = self.proceedings[number - 1]
        if proceedings["kind"] not in HOLDING_PROCEEDINGS:
            raise DomainError(
                "publication.proceedings-do-not-hold-publication",
                f"{proceedings['kind']} proceedings do not hold publication back",
            )
        if proceedings.get("publication_cleared_on") is not None:
            raise DomainError("publication.already-cleared", "publication was already cleared")
        self._record(
            PublicationCleared,
            number=number,
            reference=require_text(
                reference, "publication.clearance-reference-required", "the agreement's reference"
            ),
            cleared_on=cleared_on,
            meta=meta,
        )

    def check_proceedings_allow_publication(self) -> None:
        """Raises DomainError ``publication.proceedings-open`` while criminal proceedings or a
        fatal accident inquiry are open and their body has not cleared publication."""
        for proceedings in self.proceedings:
            if (
                proceedings["kind"] in HOLDING_PROCEEDINGS
                and proceedings["concluded_on"] is None
                and proceedings.get("publication_cleared_on") is None
            ):
                raise DomainError(
                    "publication.proceedings-open",
                    f"{proceedings['kind']} proceedings {proceedings['number']} are open: publish "
                    f"once they conclude or {proceedings['body']} agrees to publication",
                )

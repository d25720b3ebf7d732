"""Family engagement beyond first contact: the Family Liaison Strategy, each member's wishes as to
where, how and when to take part, meetings with the family, and their feedback at the end
(including their view of the review process). What a family member says or wishes is narrative or
opinion personal data about them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import LifecycleEvent, ReviewState, require_category, require_text, topic
from domain.review.family import check_own

_SAID = (Category.NARRATIVE, Category.OPINION)


class FamilyLiaisonStrategyAgreed(LifecycleEvent):
    """The review team agreed (a version of) its Family Liaison Strategy (anonymised text)."""

    TOPIC = topic("FamilyLiaisonStrategyAgreed")
    version: int
    strategy: str
    agreed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family_liaison_strategies.append(
            {"version": self.version, "strategy": self.strategy, "agreed_on": self.agreed_on}
        )


class FamilyParticipationAgreed(LifecycleEvent):
    """A family member agreed to take part, on their terms: where, how and when."""

    TOPIC = topic("FamilyParticipationAgreed")
    member: UUID
    where: Personal
    how: Personal
    when: Personal
    agreed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member]["participation"] = {
            "where": self.where,
            "how": self.how,
            "when": self.when,
            "agreed_on": self.agreed_on,
        }


class FamilyMeetingHeld(LifecycleEvent):
    """Members of the review team met family members who agreed to take part."""

    TOPIC = topic("FamilyMeetingHeld")
    members: list[UUID]
    held_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family_meetings.append({"members": list(self.members), "held_on": self.held_on})


class FamilyFeedbackGiven(LifecycleEvent):
    """A family member's feedback at the end of the review, and their view of its process."""

    TOPIC = topic("FamilyFeedbackGiven")
    member: UUID
    feedback: Personal
    on_process: Personal
    given_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member]["feedback"].append(
            {"feedback": self.feedback, "on_process": self.on_process, "given_on": self.given_on}
        )


class FamilyEngagementCommands(ReviewState):
    family: dict[UUID, dict[str, Any]]

    def agree_family_liaison_strategy(self, *, strategy: str, agreed_on: date, meta: Meta) -> None:
        """Agree the Family Liaison Strategy (rule: it is written; every version is kept)
        → FamilyLiaisonStrategyAgreed.

        Raises DomainError ``review.family-liaison-strategy-required``.
        """
        self._require("agree_family_liaison_strategy")
        text = require_text(strategy, "review.family-liaison-strategy-required", "the strategy")
        self._record(
            FamilyLiaisonStrategyAgreed,
            version=len(self.family_liaison_strategies) + 1,
            strategy=text,
            agreed_on=agreed_on,
            meta=meta,
        )

    def agree_family_participation(
        self,
        *,
        member: UUID,
        where: Personal,
        how: Personal,
        when: Personal,
        agreed_on: date,
        meta: Meta,
    ) -> None:
        """Record a family member's wishes to take part (rules: contacted, has not declined, the
        wishes are theirs and stated) → FamilyParticipationAgreed.

        Raises DomainError ``review.family-member-unknown``, ``review.family-not-contacted``,
        ``review.family-declined``, ``review.field-of-another-subject``,
        ``review.personal-category`` or ``review.participation-wishes-required``.
        """
        self._require("agree_family_participation")
        self._engaged_member(member)
        for wish in (where, how, when):
            check_own(wish, member)
            require_category(wish, _SAID, "the wishes")
            require_text(wish.value or "", "review.participation-wishes-required", "where/how/when")
        self._record(
            FamilyParticipationAgreed,
            member=member,
            where=where,
            how=how,
            when=when,
            agreed_on=agreed_on,
            meta=meta,
        )

    def hold_family_meeting(self, *, members: list[UUID], held_on: date, meta: Meta) -> None:
        """Record a meeting with family members (rule: each agreed to take part and has not
        declined since) → FamilyMeetingHeld.

        Raises DomainError ``review.family-meeting-members-required``,
        ``review.family-member-unknown``, ``review.family-declined`` or
        ``review.family-participation-not-agreed``.
        """
        self._require("hold_family_meeting")
        if not members:
            raise DomainError("review.family-meeting-members-required", "say who was met")
        for member in members:
            if self._engaged_member(member)["participation"] is None:
                raise DomainError(
                    "review.family-participation-not-agreed",
                    "agree with the family member how they wish to take part first",
                )
        self._record(
            FamilyMeetingHeld, members=list(dict.fromkeys(members)), held_on=held_on, meta=meta
        )

    def give_family_feedback(
        self, *, member: UUID, feedback: Personal, on_process: Personal, given_on: date, meta: Meta
    ) -> None:
        """Record a family member's feedback at the end (rules: a report was drafted; the
        member took part and it is their own words) → FamilyFeedbackGiven.

        Raises DomainError ``review.family-feedback-before-report``,
        ``review.family-member-unknown``, ``review.family-not-contacted``,
        ``review.family-declined``, ``review.field-of-another-subject`` or
        ``review.personal-category``.
        """
        self._require("give_family_feedback")
        if not self.reports:
            raise DomainError(
                "review.family-feedback-before-report", "feedback comes once a report is drafted"
            )
        self._engaged_member(member)
        for said in (feedback, on_process):
            check_own(said, member)
            require_category(said, _SAID, "the feedback")
        self._record(
            FamilyFeedbackGiven,
            member=member,
            feedback=feedback,
            on_process=on_process,
            given_on=given_on,
            meta=meta,
        )

    def _engaged_member(self, member: UUID) -> dict[str, Any]:
        entry = self.family.get(member)
        if entry is None:
            raise DomainError("review.family-member-unknown", "identify the family member first")
        if not entry["contacts"]:
            raise DomainError("review.family-not-contacted", "contact the family member first")
        if entry["declined"] is not None:
            raise DomainError("review.family-declined", "the family member declined to take part")
        return entry

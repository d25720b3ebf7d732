"""Family engagement: members identified, contacted, their views recorded, or their decision
not to take part (members are data subjects; what they say is narrative personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import (
    LifecycleEvent,
    ReviewState,
    require_category,
    require_one_of,
    require_text,
    topic,
)

RELATIONSHIPS = (
    "parent",
    "step-parent",
    "carer",
    "sibling",
    "grandparent",
    "aunt-or-uncle",
    "child-or-young-person",
    "partner-or-spouse",
    "close-family-friend",
)
"""Who may make up the family group (Scottish guidance, section 4: engaging the family)."""


class FamilyMemberIdentified(LifecycleEvent):
    """A family member who may contribute was identified (by subject id and relationship)."""

    TOPIC = topic("FamilyMemberIdentified")
    member: UUID
    relationship: str
    identified_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member] = {
            "member": self.member,
            "relationship": self.relationship,
            "identified_on": self.identified_on,
            "contacts": [],
            "views": [],
            "declined": None,
            "participation": None,
            "feedback": [],
        }


class FamilyContactMade(LifecycleEvent):
    """The review contacted a family member."""

    TOPIC = topic("FamilyContactMade")
    member: UUID
    channel: str
    contacted_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member]["contacts"].append(
            {"channel": self.channel, "contacted_on": self.contacted_on}
        )


class FamilyViewsRecorded(LifecycleEvent):
    """A family member's views, in their own words (narrative personal data)."""

    TOPIC = topic("FamilyViewsRecorded")
    member: UUID
    views: Personal
    recorded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member]["views"].append(
            {"views": self.views, "recorded_on": self.recorded_on}
        )


class FamilyDeclined(LifecycleEvent):
    """A family member chose not to take part."""

    TOPIC = topic("FamilyDeclined")
    member: UUID
    reason: Personal | None
    declined_on: date

    def evolve(self, review: ReviewState) -> None:
        review.family[self.member]["declined"] = {
            "declined_on": self.declined_on,
            "reason": self.reason,
        }


class FamilyCommands(ReviewState):
    def family_member_identified(
        self, *, member: UUID, relationship: str, identified_on: date, meta: Meta
    ) -> None:
        """Identify a family member (rules: once; a relationship from the guidance's list)
        → FamilyMemberIdentified.

        Raises DomainError ``review.family-member-already-identified`` or
        ``review.unknown-relationship``.
        """
        self._require("family_member_identified")
        if member in self.family:
            raise DomainError(
                "review.family-member-already-identified", "this family member is known"
            )
        self._record(
            FamilyMemberIdentified,
            member=member,
            relationship=require_one_of(relationship, RELATIONSHIPS, "review.unknown-relationship"),
            identified_on=identified_on,
            meta=meta,
        )

    def family_contact_made(
        self, *, member: UUID, channel: str, contacted_on: date, meta: Meta
    ) -> None:
        """Record contact with a family member (rule: identified) → FamilyContactMade.

        Raises DomainError ``review.family-member-unknown`` or ``review.channel-required``.
        """
        self._require("family_contact_made")
        self._family_member(member)
        self._record(
            FamilyContactMade,
            member=member,
            channel=require_text(channel, "review.channel-required", "the channel"),
            contacted_on=contacted_on,
            meta=meta,
        )

    def family_views_recorded(
        self, *, member: UUID, views: Personal, recorded_on: date, meta: Meta
    ) -> None:
        """Record a family member's views (rules: contacted first, has not declined, the views
        are theirs) → FamilyViewsRecorded.

        Raises DomainError ``review.family-member-unknown``, ``review.family-not-contacted``,
        ``review.family-declined``, ``review.field-of-another-subject`` or
        ``review.personal-category``.
        """
        self._require("family_views_recorded")
        entry = self._family_member(member)
        if not entry["contacts"]:
            raise DomainError("review.family-not-contacted", "contact the family member first")
        if entry["declined"] is not None:
            raise DomainError("review.family-declined", "the family member declined to take part")
        check_own(views, member)
        require_category(views, (Category.NARRATIVE, Category.OPINION), "the views")
        self._record(
            FamilyViewsRecorded, member=member, views=views, recorded_on=recorded_on, meta=meta
        )

    def family_declined(
        self, *, member: UUID, declined_on: date, meta: Meta, reason: Personal | None = None
    ) -> None:
        """Record that a family member declined (rule: identified, not already declined)
        → FamilyDeclined.

        Raises DomainError ``review.family-member-unknown``, ``review.family-declined`` or
        ``review.field-of-another-subject``.
        """
        self._require("family_declined")
        if self._family_member(member)["declined"] is not None:
            raise DomainError("review.family-declined", "the family member already declined")
        if reason is not None:
            check_own(reason, member)
        self._record(
            FamilyDeclined, member=member, reason=reason, declined_on=declined_on, meta=meta
        )

    def _family_member(self, member: UUID) -> dict[str, Any]:
        entry = self.family.get(member)
        if entry is None:
            raise DomainError("review.family-member-unknown", "identify the family member first")
        return entry


def check_own(value: Personal, member: UUID) -> None:
    """Raises DomainError ``review.field-of-another-subject`` unless ``value`` is about
    ``member``."""
    if value.subject_id != member:
        raise DomainError("review.field-of-another-subject", "the text is about someone else")

"""Commissioning: the terms of reference (every version kept) and team meetings."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.base import LifecycleEvent, ReviewState, require_text, topic
from domain.review.team import TeamCommands


class TermsOfReferenceDrafted(LifecycleEvent):
    """The first version of the terms of reference was drafted."""

    TOPIC = topic("TermsOfReferenceDrafted")
    version: int
    text: str
    drafted_on: date

    def evolve(self, review: ReviewState) -> None:
        review.terms_of_reference.append(_version(self.version, self.text, self.drafted_on, None))


class TermsOfReferenceAmended(LifecycleEvent):
    """A new draft version of the terms of reference, with the reason for the change."""

    TOPIC = topic("TermsOfReferenceAmended")
    version: int
    text: str
    reason: str
    amended_on: date

    def evolve(self, review: ReviewState) -> None:
        for earlier in review.terms_of_reference:
            if earlier["status"] == "draft":
                earlier["status"] = "superseded"
        review.terms_of_reference.append(
            _version(self.version, self.text, self.amended_on, self.reason)
        )


class TermsOfReferenceAgreed(LifecycleEvent):
    """A draft version was agreed by the body the rule set names; it is now in force."""

    TOPIC = topic("TermsOfReferenceAgreed")
    version: int
    agreed_by: str | None
    agreed_on: date

    def evolve(self, review: ReviewState) -> None:
        for entry in review.terms_of_reference:
            if entry["version"] == self.version:
                entry.update(status="agreed", agreed_on=self.agreed_on, agreed_by=self.agreed_by)
            elif entry["status"] == "agreed":
                entry["status"] = "superseded"


def _version(version: int, text: str, on: date, reason: str | None) -> dict[str, Any]:
    return {
        "version": version,
        "text": text,
        "status": "draft",
        "drafted_on": on,
        "reason": reason,
        "agreed_on": None,
        "agreed_by": None,
    }


class TeamMeetingHeld(LifecycleEvent):
    """The review team met."""

    TOPIC = topic("TeamMeetingHeld")
    held_on: date
    attendees: list[UUID]
    minutes_ref: str | None

    def evolve(self, review: ReviewState) -> None:
        review.meetings.append(
            {
                "held_on": self.held_on,
                "attendees": list(self.attendees),
                "minutes": self.minutes_ref,
            }
        )


class CommissioningCommands(TeamCommands):
    def draft_terms_of_reference(self, *, text: str, drafted_on: date, meta: Meta) -> None:
        """Draft version 1 of the terms of reference (rule: none yet) → TermsOfReferenceDrafted.

        Raises DomainError ``review.tor-already-drafted`` or ``review.tor-text-required``.
        """
        self._require("draft_terms_of_reference")
        if self.terms_of_reference:
            raise DomainError("review.tor-already-drafted", "amend the terms of reference instead")
        text = require_text(text, "review.tor-text-required", "the text")
        self._record(
            TermsOfReferenceDrafted, version=1, text=text, drafted_on=drafted_on, meta=meta
        )

    def amend_terms_of_reference(
        self, *, text: str, reason: str, amended_on: date, meta: Meta
    ) -> None:
        """Draft a new version (rule: reason stated; it stays a draft until agreed)
        → TermsOfReferenceAmended.

        Raises DomainError ``review.tor-not-drafted``, ``review.tor-text-required`` or
        ``review.amendment-reason-required``.
        """
        self._require("amend_terms_of_reference")
        if not self.terms_of_reference:
            raise DomainError("review.tor-not-drafted", "draft the terms of reference first")
        self._record(
            TermsOfReferenceAmended,
            version=len(self.terms_of_reference) + 1,
            text=require_text(text, "review.tor-text-required", "the text"),
            reason=require_text(reason, "review.amendment-reason-required", "the reason"),
            amended_on=amended_on,
            meta=meta,
        )

    def agree_terms_of_reference(self, *, version: int, agreed_on: date, meta: Meta) -> None:
        """Agree a draft (rules: it is the current draft; the team meets the rule set's
        composition before the review leaves commissioning) → TermsOfReferenceAgreed.

        Raises DomainError ``review.tor-unknown-version``, ``review.tor-not-draft`` or a team
        composition rule (see `check_team`).
        """
        rules = self._require("agree_terms_of_reference")
        entry = next((t for t in self.terms_of_reference if t["version"] == version), None)
        if entry is None:
            raise DomainError("review.tor-unknown-version", f"there is no version {version}")
        if entry["status"] != "draft":
            raise DomainError("review.tor-not-draft", f"version {version} is {entry['status']}")
        if self.stage == "commissioning":
            self.check_team(self.active_team())
        body = next((d.made_by for d in rules.decisions if d.subject == "terms-of-reference"), None)
        self._record(
            TermsOfReferenceAgreed, version=version, agreed_by=body, agreed_on=agreed_on, meta=meta
        )

    def hold_team_meeting(
        self, *, held_on: date, attendees: list[UUID], meta: Meta, minutes_ref: str | None = None
    ) -> None:
        """Record a team meeting (rule: attendees serve on the team) → TeamMeetingHeld.

        Raises DomainError ``review.attendees-required`` or ``review.attendee-not-in-team``.
        """
        self._require("hold_team_meeting")
        if not attendees:
            raise DomainError("review.attendees-required", "name who attended")
        serving = {m["member"] for m in self.active_team()}
        if not set(attendees) <= serving:
            raise DomainError("review.attendee-not-in-team", "an attendee is not on the team")
        self._record(
            TeamMeetingHeld,
            held_on=held_on,
            attendees=list(dict.fromkeys(attendees)),
            minutes_ref=minutes_ref,
            meta=meta,
        )

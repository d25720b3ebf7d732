"""The review team: appointments (with statements of independence) and their composition."""

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

TEAM_ROLES = ("chair", "reviewer", "panel-member", "administrator")
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


class TeamMemberAppointed(LifecycleEvent):
    """Someone joined the review team in a role (with their statement of independence)."""

    TOPIC = topic("TeamMemberAppointed")
    member: UUID
    role: str
    agency: str
    external: bool
    independence_statement: Personal | None
    appointed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.team.append(
            {
                "member": self.member,
                "role": self.role,
                "agency": self.agency,
                "external": self.external,
                "independence_statement": self.independence_statement,
                "appointed_on": self.appointed_on,
                "stood_down_on": None,
                "reason": None,
            }
        )


class TeamMemberStoodDown(LifecycleEvent):
    """A team member left their role."""

    TOPIC = topic("TeamMemberStoodDown")
    member: UUID
    role: str
    reason: str
    stood_down_on: date

    def evolve(self, review: ReviewState) -> None:
        for entry in review.team:
            if (entry["member"], entry["role"], entry["stood_down_on"]) == (
                self.member,
                self.role,
                None,
            ):
                entry.update(stood_down_on=self.stood_down_on, reason=self.reason)


class TeamCommands(ReviewState):
    def appoint_team_member(
        self,
        *,
        member: UUID,
        role: str,
        agency: str,
        external: bool,
        appointed_on: date,
        meta: Meta,
        independence_statement: Personal | None = None,
    ) -> None:
        """Appoint a team member (rule: statement of independence where the rule set asks for
        one, written by the member) → TeamMemberAppointed.

        Raises DomainError ``review.unknown-team-role``, ``review.already-appointed``,
        ``review.independence-statement-required``, ``review.field-of-another-subject`` or
        ``review.personal-category``.
        """
        rules = self._require("appoint_team_member")
        require_one_of(role, TEAM_ROLES, "review.unknown-team-role")
        if any((m["member"], m["role"]) == (member, role) for m in self.active_team()):
            raise DomainError("review.already-appointed", f"already appointed as {role}")
        needs = {r for t in rules.team_for(self.kind) for r in t.independence_statement_roles}
        if role in needs and independence_statement is None:
            raise DomainError(
                "review.independence-statement-required", f"a {role} states their independence"
            )
        if independence_statement is not None and independence_statement.subject_id != member:
            raise DomainError("review.field-of-another-subject", "the statement is someone else's")
        require_category(independence_statement, (Category.NARRATIVE,), "the statement")
        self._record(
            TeamMemberAppointed,
            member=member,
            role=role,
            agency=require_text(agency, "review.agency-required", "the agency"),
            external=external,
            independence_statement=independence_statement,
            appointed_on=appointed_on,
            meta=meta,
        )

    def stand_down_team_member(
        self, *, member: UUID, role: str, reason: str, stood_down_on: date, meta: Meta
    ) -> None:
        """Stand a member down (rule: once commissioned, the team still meets the composition)
        → TeamMemberStoodDown.

        Raises DomainError ``review.not-a-team-member``, ``review.stand-down-reason-required``
        or a team composition rule (see `check_team`).
        """
        self._require("stand_down_team_member")
        active = self.active_team()
        remaining = [m for m in active if (m["member"], m["role"]) != (member, role)]
        if len(remaining) == len(active):
            raise DomainError("review.not-a-team-member", f"not a serving {role}")
        reason = require_text(reason, "review.stand-down-reason-required", "the reason")
        if any(t["agreed_on"] for t in self.terms_of_reference):
            self.check_team(remaining)
        self._record(
            TeamMemberStoodDown,
            member=member,
            role=role,
            reason=reason,
            stood_down_on=stood_down_on,
            meta=meta,
        )

    def active_team(self) -> list[dict[str, Any]]:
        """Appointments still in force."""
        return [m for m in self.team if m["stood_down_on"] is None]

    def check_team(self, team: list[dict[str, Any]]) -> None:
        """Check ``team`` against every team requirement for the review's kind.

        Raises DomainError ``review.team-needs-<role>``, ``review.<kind>-needs-<n>-reviewer(s)``
        or ``review.<kind>-needs-an-external-reviewer``.
        """
        roles = {m["role"] for m in team}
        reviewers = [m for m in team if m["role"] == "reviewer"]
        label = self.kind or "review"
        for requirement in self.rules.team_for(self.kind):
            for role in sorted(requirement.required_roles - roles):
                raise DomainError(f"review.team-needs-{role}", f"the team has no {role}")
            wanted = requirement.min_reviewers
            if len(reviewers) < wanted:
                count = _NUMBERS.get(wanted, str(wanted))
                plural = "s" if wanted > 1 else ""
                raise DomainError(
                    f"review.{label}-needs-{count}-reviewer{plural}",
                    f"a {label} review needs {wanted} reviewer{plural}",
                )
            if sum(m["external"] for m in reviewers) < requirement.min_external_reviewers:
                raise DomainError(
                    f"review.{label}-needs-an-external-reviewer",
                    f"a {label} review needs a reviewer from outside the agencies involved",
                )

"""The cases the review tests run: one per shipped rule set, with facts that meet its criteria."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from domain.review import Jurisdiction


@dataclass(frozen=True)
class Case:
    """One rule set's journey: who it is about, the facts, what the rule set expects."""

    rule_set_id: str
    jurisdiction: Jurisdiction
    review_type: str
    facts: dict[str, bool]
    kind: str
    reviewers: int = 1
    sections: tuple[str, ...] = ()
    child: UUID = field(default_factory=uuid4)
    mother: UUID = field(default_factory=uuid4)
    practitioner: UUID = field(default_factory=uuid4)
    chair: UUID = field(default_factory=uuid4)
    reviewer_ids: tuple[UUID, ...] = field(default_factory=lambda: (uuid4(), uuid4()))
    panel_member: UUID = field(default_factory=uuid4)
    administrator: UUID = field(default_factory=uuid4)


WALES = Case(
    "wales.cpr@2012",
    Jurisdiction.WALES,
    "cpr",
    {
        "abuse-or-neglect-known-or-suspected": True,
        "died": False,
        "serious-harm": True,
        "on-cp-register-within-6-months": True,
        "looked-after": False,
        "care-leaver-under-18": False,
    },
    "extended",
    reviewers=2,
)
SCOTLAND_CPC = Case(
    "scotland.cpc-learning-review@2021",
    Jurisdiction.SCOTLAND,
    "cpc-learning-review",
    {
        "died": True,
        "significantly-harmed": False,
        "at-risk-of-death-or-significant-harm": False,
        "effective-practice-prevented-harm": False,
    },
    "learning-review",
)
SCOTLAND_APC = Case(
    "scotland.apc-learning-review@2022",
    Jurisdiction.SCOTLAND,
    "apc-learning-review",
    {"adult-harmed": True, "adult-at-risk-of-harm": True},
    "learning-review",
)
ENGLAND = Case(
    "england.cspr@2023",
    Jurisdiction.ENGLAND,
    "cspr",
    {
        "abuse-or-neglect-known-or-suspected": True,
        "died": False,
        "seriously-harmed": True,
        "looked-after": False,
        "care-leaver-up-to-24": False,
        "highlights-improvements": True,
        "recurrent-themes": False,
        "concerns-about-agencies-working-together": True,
        "panel-considers-local-review-appropriate": False,
    },
    "local",
)
CASES = (WALES, SCOTLAND_CPC, SCOTLAND_APC, ENGLAND)

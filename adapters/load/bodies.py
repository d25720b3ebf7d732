"""What the review team sends: rule sets to open reviews under, and the body of each step."""

from __future__ import annotations

from typing import Any

# Rule sets whose first stages need no notice to an outside body (see domain/rules/); the
# Welsh one is valid until 2024-09-30, so the reviews are dated in 2024.
CASES: tuple[dict[str, Any], ...] = (
    {
        "jurisdiction": "scotland",
        "review_type": "cpc-learning-review",
        "kind": "learning-review",
        "facts": {
            "died": True,
            "significantly-harmed": False,
            "at-risk-of-death-or-significant-harm": False,
            "effective-practice-prevented-harm": False,
        },
    },
    {
        "jurisdiction": "scotland",
        "review_type": "apc-learning-review",
        "kind": "learning-review",
        "facts": {"adult-harmed": True, "adult-at-risk-of-harm": True},
    },
    {
        "jurisdiction": "wales",
        "review_type": "cpr",
        "kind": "extended",
        "facts": {
            "abuse-or-neglect-known-or-suspected": True,
            "died": False,
            "serious-harm": True,
            "on-cp-register-within-6-months": True,
            "looked-after": False,
            "care-leaver-under-18": False,
        },
    },
)
OUTLINE = {
    "time_period_covered": "12 months before the incident",
    "agencies_involved": ["Health", "Police", "Education"],
    "chair_independent": True,
    "core_issues": "How agencies shared information.",
    "reviewer": "An independent reviewer from another board",
    "costs": "Met by the board",
    "first_panel_on": "2024-04-08",
    "expected_completion_on": "2024-09-01",
}
STEPS = (
    "information-requests",
    "agency-information",
    "criteria-assessments",
    "recommendations",
    "decisions",
    "terms-of-reference",
)


def step_body(step: str, case: dict[str, Any], child: str | None) -> dict[str, Any]:
    """The body of a review's command ``step`` (dates in the order the rules expect); ``child``
    is the registered subject the agency information is about."""
    bodies: dict[str, dict[str, Any]] = {
        "information-requests": {"agency": "Health", "due_on": "2024-03-15"},
        "agency-information": {
            "agency": "Health",
            "received_on": "2024-03-10",
            "content": {"subject_id": child, "value": "Seen at A&E twice in 2023."},
        },
        "criteria-assessments": {"facts": case["facts"], "assessed_on": "2024-03-11"},
        "recommendations": {
            "outcome": "proceed",
            "kind": case["kind"],
            "agreement": "unanimous",
            "rationale": "The criteria are met.",
            "recommended_on": "2024-03-21",
            "outline": OUTLINE,  # required in Wales (the Sub-Group template), optional elsewhere
        },
        "decisions": {
            "subject": "hold-review",
            "outcome": "proceed",
            "response": "agree",
            "decision_makers": ["board-chair"],
            "rationale": "Agreed with the recommendation.",
            "decided_on": "2024-03-25",
        },
        "terms-of-reference": {
            "text": "How agencies shared information.",
            "drafted_on": "2024-03-27",
        },
    }
    return bodies[step]

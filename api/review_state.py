"""Render a Review aggregate (rebuilt from its events) as the API's ReviewStateOut:
``review_values`` picks what is shown, ``render_state`` shows it to one reader."""

from __future__ import annotations

from typing import Any

from api.personal_access import PersonalView
from api.schemas.review_state import ReviewStateOut
from domain.review import Review

_COPIED = (
    "kind",
    "assessed_kind",
    "facts",
    "paused",
    "information_requests",
    "agency_information",
    "recommendations",
    "decisions",
    "notifications",
    "terms_of_reference",
    "team",
    "meetings",
    "proceedings",
    "pauses",
    "genograms",
    "learning_events",
    "learning_points",
    "family_liaison_strategies",
    "family_meetings",
    "proposed_recommendations",
    "reports",
    "submissions",
    "publication",
    "closure",
)


def render_state(values: dict[str, Any], view: PersonalView) -> ReviewStateOut:
    """``review_values`` as the API shows them to ``view``'s reader."""
    return ReviewStateOut.model_validate(view.show(values))


def review_values(review: Review) -> dict[str, Any]:
    """Everything ``ReviewStateOut`` shows of the review, ``Personal`` values as they are."""
    rules = review.rules if review.rule_set_id else None
    stage = rules.stage(review.stage) if rules and review.stage else None
    state: dict[str, Any] = {name: getattr(review, name) for name in _COPIED}
    state.update(
        rule_set_id=review.rule_set_id,
        rule_set_title=rules.title if rules else None,
        stage=review.stage,
        stage_title=stage.title if stage else None,
        allowed_commands=sorted(rules.commands_in(stage.id)) if rules and stage else [],
        obligations=review.open_obligations(),
        chronologies=[_chronology(agency, c) for agency, c in review.chronologies.items()],
        timeline=review.merged_timeline(),
        missing_agencies=review.merges[-1]["missing_agencies"] if review.merges else [],
        family=list(review.family.values()),
        action_plan=review.actions,
    )
    return state


def _chronology(agency: str, chronology: dict[str, Any]) -> dict[str, Any]:
    submissions = chronology["submissions"]
    return {
        "agency": agency,
        **{k: v for k, v in chronology.items() if k != "submissions"},
        "versions": len(submissions),
        "last_submitted_on": submissions[-1]["submitted_on"] if submissions else None,
    }

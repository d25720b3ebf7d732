"""Events stored before fields were added to them still replay (the new fields have defaults)."""

from __future__ import annotations

from typing import Any

from tests.domain.review import journeys
from tests.domain.review.cases import WALES

ADDED_FIELDS = {
    "LearningEventPlanned": ("venue", "duration", "facilitators", "note_taker"),
    "LearningEventHeld": ("notes", "warnings"),
    "RecommendationMade": (
        "time_period_covered",
        "agencies_involved",
        "chair_independent",
        "core_issues",
        "reviewer",
        "costs",
        "first_panel_on",
        "expected_completion_on",
    ),
}


def test_events_recorded_before_the_new_fields_still_replay() -> None:
    events = journeys.learned(WALES).collect_events()
    for event in events:
        for name in ADDED_FIELDS.get(type(event).__name__, ()):
            del event.__dict__[name]  # as an older stored event decodes: without the field
    replayed: Any = None
    for event in events:
        replayed = event.mutate(replayed)
    planned = replayed.learning_events[0]
    assert (planned["venue"], planned["facilitators"], planned["notes"]) == (None, [], [])
    assert replayed.recommendations[0]["agencies_involved"] == []

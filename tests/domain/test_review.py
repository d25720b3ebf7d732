from datetime import date

import pytest

from domain.errors import DomainError
from domain.review import Jurisdiction, Review
from tests.examples import a_meta


def open_review(**overrides: object) -> Review:
    values: dict[str, object] = {
        "jurisdiction": Jurisdiction.SCOTLAND,
        "notifying_agency": "Police Scotland",
        "summary": "Serious harm to a child.",
        "received_on": date(2026, 3, 1),
        "meta": a_meta(partnership="p-lothian"),
    }
    values.update(overrides)
    return Review.receive_notification(**values)  # type: ignore[arg-type]


def test_a_notification_opens_a_review_in_the_actors_partnership() -> None:
    review = open_review()
    assert review.partnership_id == "p-lothian"
    assert review.version == 1


def test_the_notification_event_carries_the_commands_meta() -> None:
    meta = a_meta(partnership="p-lothian", actor="admin-7")
    (event,) = open_review(meta=meta).collect_events()
    assert type(event).__name__ == "NotificationReceived"
    assert event.meta == meta  # type: ignore[attr-defined]


def test_events_have_pinned_topics_independent_of_module_paths() -> None:
    assert Review.NotificationReceived.TOPIC == "reviewtrail.Review.NotificationReceived"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("notifying_agency", "  ", "review.notifying-agency-required"),
        ("summary", "", "review.summary-required"),
        ("summary", "x" * 4001, "review.summary-too-long"),
    ],
)
def test_an_incomplete_notification_is_refused_with_its_rule(
    field: str, value: str, rule: str
) -> None:
    with pytest.raises(DomainError) as refused:
        open_review(**{field: value})
    assert refused.value.rule == rule

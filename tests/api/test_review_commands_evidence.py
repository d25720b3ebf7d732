"""Evidence, family and learning commands over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import ENGLAND, SCOTLAND_APC, WALES


def chronology_request(**overrides: str) -> dict[str, str]:
    return {
        "agency": "Health",
        "period_start": "2023-03-01",
        "period_end": "2024-02-28",
        "due_on": "2024-04-30",
        "requested_on": "2024-04-03",
        **overrides,
    }


def test_a_chronology_period_beyond_the_limit_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    body = chronology_request(period_start="2021-01-01")
    rule = api.refused(review, "chronology-requests", body).json()["rule"]
    assert rule == "review.chronology-period-exceeds-limit"


def test_an_extension_decided_by_the_panel_allows_the_longer_period(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    extension = {
        "subject": "chronology-period",
        "outcome": "extend",
        "decision_makers": ["panel"],
        "rationale": "Looked after for three years.",
        "decided_on": "2024-04-03",
        "chronology_months": 36,
    }
    api.ok(review, "decisions", extension)
    api.ok(review, "chronology-requests", chronology_request(period_start="2021-03-01"))


def test_only_a_requested_agency_submits_a_chronology(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, ENGLAND)
    body = {
        "agency": "Police",
        "submitted_on": "2024-04-25",
        "entries": [steps.chronology_entry(api, "constable")],
    }
    rule = api.refused(review, "chronologies", body).json()["rule"]
    assert rule == "review.chronology-not-requested"


def test_the_merged_timeline_flags_entries_outside_the_period(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, SCOTLAND_APC)
    api.ok(review, "chronology-requests", chronology_request())
    late = steps.chronology_entry(api, "nurse", date="2024-03-20", event=None)
    body = {
        "agency": "Health",
        "submitted_on": "2024-04-25",
        "entries": [late, steps.chronology_entry(api, "nurse")],
    }
    api.ok(review, "chronologies", body)
    api.ok(review, "timeline", {"merged_on": "2024-04-26"})
    timeline = api.state(review)["timeline"]
    assert [(g["date"], g["entries"][0]["outside_period"]) for g in timeline] == [
        ("2023-06-01", False),
        ("2024-03-20", True),
    ]


def test_family_views_need_contact_first(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    mother = api.person("mother", "parent")
    api.ok(
        review,
        "family-members",
        {"member": mother, "relationship": "parent", "identified_on": "2024-04-10"},
    )
    body = {"views": "We were not heard.", "recorded_on": "2024-04-11"}
    rule = api.refused(review, f"family-members/{mother}/views", body).json()["rule"]
    assert rule == "review.family-not-contacted"


def test_a_family_member_who_declined_is_shown_as_declined(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.commissioned(api, WALES)
    father = api.person("father", "parent")
    api.ok(
        review,
        "family-members",
        {"member": father, "relationship": "parent", "identified_on": "2024-04-10"},
    )
    api.ok(
        review,
        f"family-members/{father}/declined",
        {"declined_on": "2024-04-12", "reason": "Too painful."},
    )
    (member,) = api.state(review)["family"]
    assert member["declined"]["reason"]["value"] == "Too painful."


def test_only_invited_practitioners_attend_a_learning_event(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, ENGLAND)
    body = {"held_on": "2024-05-20", "attendees": [api.person("gatecrasher")]}
    rule = api.refused(review, "learning-events/1/attendance", body).json()["rule"]
    assert rule == "review.attendee-not-invited"


def test_learning_event_attendance_follows_the_rule_set(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, ENGLAND)
    (event,) = api.state(review)["learning_events"]
    assert (event["attendance"], len(event["invited"])) == ("voluntary", 1)


def test_the_genogram_is_restricted(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.evidenced(api, WALES)
    assert api.state(review)["genograms"][0]["visibility"] == "restricted"

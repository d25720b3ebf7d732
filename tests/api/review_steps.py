"""A review driven over HTTP, step by step (the API twin of tests/domain/review/journeys.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.domain.review.cases import Case

OUTLINE = {
    "time_period_covered": "12 months before the incident",
    "agencies_involved": ["Health", "Police", "Education"],
    "chair_independent": True,
    "core_issues": "Inter-agency working and information sharing.",
    "reviewer": "An independent reviewer from another board",
    "costs": "Reviewer's fee met by the board",
    "first_panel_on": "2024-04-08",
    "expected_completion_on": "2024-09-01",
}
"""The Welsh Review Sub-Group template's outline of the proposed review (optional elsewhere)."""

TEAM_ROLES = ("chair", "reviewer", "panel-member", "administrator", "family-liaison")
EVERY_ROLE = (*TEAM_ROLES, "governance-officer", "dp-lead")


@dataclass
class ReviewApi:
    """One partnership's view of the API, with a token holding every role by default."""

    client: TestClient
    auth: TokenFor
    partnership: str = "p-north"
    people: dict[str, str] = field(default_factory=dict)

    def headers(self, *roles: str) -> dict[str, str]:
        return self.auth(*(roles or EVERY_ROLE), partnership=self.partnership)

    def log_head(self) -> int:
        return int(self.client.app.state.services.db.log_head())  # type: ignore[attr-defined]

    def person(self, label: str, relationship: str = "professional") -> str:
        """The subject id of a registered person (registered on first use)."""
        if label not in self.people:
            response = self.client.post(
                "/subjects",
                json={"relationship": relationship, "name": f"{label.title()} Example"},
                headers=self.headers("chair"),
            )
            assert response.status_code == 201, response.text
            self.people[label] = response.json()["id"]
        return self.people[label]

    def post(self, review: str, path: str, body: dict[str, Any], *roles: str) -> httpx.Response:
        url = f"/reviews/{review}/{path}"
        response: httpx.Response = self.client.post(url, json=body, headers=self.headers(*roles))
        return response

    def ok(self, review: str, path: str, body: dict[str, Any], *roles: str) -> dict[str, Any]:
        response = self.post(review, path, body, *roles)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def state(self, review: str) -> dict[str, Any]:
        response = self.client.get(f"/reviews/{review}", headers=self.headers("reviewer"))
        assert response.status_code == 200, response.text
        return response.json()["state"]  # type: ignore[no-any-return]

    def refused(self, review: str, path: str, body: dict[str, Any], *roles: str) -> httpx.Response:
        """The response to a command that must be refused, having checked it recorded nothing."""
        head = self.log_head()
        response = self.post(review, path, body, *roles)
        assert response.status_code >= 400, response.text
        assert self.log_head() == head
        return response


def opened(api: ReviewApi, case: Case, received_on: str = "2024-03-01") -> str:
    response = api.client.post(
        "/reviews",
        json={
            "jurisdiction": case.jurisdiction.value,
            "notifying_agency": "Police",
            "summary": "Serious harm to a child known to three agencies.",
            "received_on": received_on,
            "review_type": case.review_type,
        },
        headers=api.headers("administrator"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def discharge(api: ReviewApi, review: str, on: str, *, only: str | None = None) -> list[str]:
    """Give every notice the review's state says is owed now."""
    given = []
    for owed in api.state(review)["obligations"]:
        if owed["owed"] is False or owed["discharged"]:
            continue
        if only is not None and owed["discharged_by"] != only:
            continue
        if owed["discharged_by"] == "ReportSubmitted":
            body = {"recipient": owed["recipient"], "submitted_on": on}
            api.ok(review, "report/submissions", body)
        else:
            body = {
                "recipient": owed["recipient"],
                "purpose": owed["purpose"],
                "channel": "eForm",
                "notified_on": on,
            }
            api.ok(review, "notices", body)
        given.append(owed["id"])
    return given


def decided(api: ReviewApi, case: Case) -> str:
    review = opened(api, case)
    api.ok(review, "information-requests", {"agency": "Health", "due_on": "2024-03-15"})
    content = {"subject_id": api.person("child", "child"), "value": "Seen at A&E twice."}
    api.ok(
        review,
        "agency-information",
        {"agency": "Health", "received_on": "2024-03-10", "content": content},
    )
    api.ok(review, "criteria-assessments", {"facts": case.facts, "assessed_on": "2024-03-04"})
    if case.jurisdiction.value == "england":
        discharge(api, review, "2024-03-05")
        rapid = {"recipient": "national-panel", "purpose": "rapid-review"}
        api.ok(review, "notices", {**rapid, "channel": "CSINS", "notified_on": "2024-03-20"})
    recommendation = {
        "outcome": "proceed",
        "kind": case.kind,
        "agreement": "unanimous",
        "rationale": "The criteria are met.",
        "recommended_on": "2024-03-21",
        "outline": OUTLINE,
    }
    api.ok(review, "recommendations", recommendation)
    api.ok(review, "decisions", hold_review())
    discharge(api, review, "2024-03-26")
    return review


def hold_review(**overrides: Any) -> dict[str, Any]:
    return {
        "subject": "hold-review",
        "outcome": "proceed",
        "response": "agree",
        "decision_makers": ["board-chair"],
        "rationale": "Agreed with the recommendation.",
        "decided_on": "2024-03-25",
        **overrides,
    }


def appointment(api: ReviewApi, label: str, role: str, external: bool = False) -> dict[str, Any]:
    return {
        "member": api.person(label),
        "role": role,
        "agency": "Independent" if external else "Council",
        "external": external,
        "appointed_on": "2024-03-29",
        "independence_statement": "No involvement with the case.",
    }


def commissioned(api: ReviewApi, case: Case) -> str:
    review = decided(api, case)
    api.ok(review, "terms-of-reference", {"text": "ToR v1.", "drafted_on": "2024-03-27"})
    amendment = {"text": "ToR v2.", "reason": "Add the school.", "amended_on": "2024-03-28"}
    api.ok(review, "terms-of-reference/amendments", amendment)
    members = [("chair", "chair"), ("panel", "panel-member"), ("admin", "administrator")]
    members += [(f"reviewer-{n}", "reviewer") for n in range(case.reviewers)]
    for index, (label, role) in enumerate(members):
        api.ok(review, "team", appointment(api, label, role, external=index == 3))
    api.ok(review, "terms-of-reference/2/agreement", {"agreed_on": "2024-04-02"})
    return review


def chronology_entry(api: ReviewApi, role: str, **overrides: Any) -> dict[str, Any]:
    what = {"subject_id": api.person("child", "child"), "value": f"The {role} saw the child."}
    return {
        "date": "2023-06-01",
        "practitioner_role": role,
        "what_happened": what,
        "source": "case file",
        "event": "Strategy meeting",
        **overrides,
    }


def evidenced(api: ReviewApi, case: Case, *, family: bool = True) -> str:
    """… → chronologies, genogram, the family's views (unless not), learning event planned."""
    review = commissioned(api, case)
    for agency in ("Health", "Police"):
        request = {
            "agency": agency,
            "period_start": "2023-03-01",
            "period_end": "2024-02-28",
            "due_on": "2024-04-30",
            "requested_on": "2024-04-03",
        }
        api.ok(review, "chronology-requests", request)
    entries = [chronology_entry(api, "health visitor")]
    chronology = {"agency": "Health", "submitted_on": "2024-04-25", "entries": entries}
    api.ok(review, "chronologies", chronology)
    api.ok(review, "genograms", {"document_ref": "doc-17", "recorded_on": "2024-04-26"})
    if family:
        mother = api.person("mother", "parent")
        identified = {"member": mother, "relationship": "parent", "identified_on": "2024-04-10"}
        api.ok(review, "family-members", identified)
        engage_family(api, review, mother)
    event = {
        "format": learning_format(case),
        "planned_on": "2024-05-20",
        "venue": "Community centre",
        "facilitators": [api.person("reviewer-0")],
        "note_taker": api.person("admin"),
    }
    api.ok(review, "learning-events", event)
    invitation = {
        "practitioner": api.person("practitioner"),
        "role": "health visitor",
        "agency": "Health",
        "invited_on": "2024-05-01",
    }
    api.ok(review, "learning-events/1/invitations", invitation)
    answer = {"practitioner": api.person("practitioner"), "response": "accepted"}
    api.ok(review, "learning-events/1/responses", {**answer, "responded_on": "2024-05-03"})
    api.ok(review, "timeline", {"merged_on": "2024-05-02"})
    return review


def engage_family(api: ReviewApi, review: str, mother: str) -> None:
    """Liaison strategy agreed; the mother contacted, her wishes agreed, met and heard."""
    strategy = {"strategy": "Meet the family where they wish.", "agreed_on": "2024-04-11"}
    api.ok(review, "family-liaison-strategies", strategy)
    contact = {"channel": "letter", "contacted_on": "2024-04-12"}
    api.ok(review, f"family-members/{mother}/contacts", contact)
    wishes = {"where": "At home.", "how": "In person.", "when": "Mornings."}
    api.ok(review, f"family-members/{mother}/participation", {**wishes, "agreed_on": "2024-04-15"})
    api.ok(review, "family-meetings", {"members": [mother], "held_on": "2024-04-19"})
    views = {"views": "Nobody listened to us.", "recorded_on": "2024-04-20"}
    api.ok(review, f"family-members/{mother}/views", views)


CLEAR = {
    "case_for_change": "Schools do not hear of health concerns.",
    "learning": "Practitioners need a route to share concerns with schools.",
    "evidence": "Learning event 1 and the merged timeline.",
    "assigned_to": "Education",
    "desired_outcome": "Schools hear of concerns within a week.",
    "review_on": "2025-06-01",
    "proposed_on": "2024-05-22",
}


def learned(api: ReviewApi, review: str, practitioner: str) -> None:
    """The event held with unattributed notes; attendance, coverage, an evaluation and a
    CLEAR recommendation recorded."""
    note = {"subject_id": api.person("child", "child"), "value": "Nobody asked at the time."}
    attendance = {"held_on": "2024-05-20", "attendees": [practitioner], "notes": [note]}
    api.ok(review, "learning-events/1/attendance", attendance)
    attended = {"practitioner": practitioner, "attended_on": "2024-05-20"}
    api.ok(review, "learning-events/1/attendees", attended)
    coverage = {"covered": ["what-went-well"], "recorded_on": "2024-05-21"}
    api.ok(review, "learning-events/1/coverage", coverage)
    form = {"participant": practitioner, "answers": {"rating": "Good."}}
    api.ok(review, "learning-events/1/evaluations", {**form, "returned_on": "2024-05-21"})
    api.ok(review, "proposed-recommendations", CLEAR)


def learning_format(case: Case) -> str:
    from domain.rules import load_rule_set

    return load_rule_set(case.rule_set_id).learning_events[0].id


MOTHER = "Jane Doe"
"""A name left in the report's first section, for a data protection lead to redact."""
GENOGRAM = f"GENOGRAM: {MOTHER} - John Doe - Child B"
"""The genogram section's statement (where the rule set has one): never disclosed."""


def report_sections(case: Case) -> dict[str, list[dict[str, str]]]:
    """A statement of fact and one of opinion per section; the first names the mother."""
    from domain.rules import load_rule_set

    sections = load_rule_set(case.rule_set_id).report_sections_for(case.kind)
    drafted = {
        s.id: [
            {"text": f"{s.title}: what happened.", "basis": "fact"},
            {"text": "What it means.", "basis": "professional-opinion"},
        ]
        for s in sections
    }
    first = sections[0].id
    drafted[first][0]["text"] = f"Child B lived with her mother, {MOTHER}."
    for s in sections:
        if s.material == "genogram":
            drafted[s.id] = [{"text": GENOGRAM, "basis": "fact"}]
    return drafted


def accepted(api: ReviewApi, case: Case, drafts: int = 1, *, family: bool = True) -> str:
    """… → the report drafted (``drafts`` versions), the last shared, commented on, accepted."""
    review = evidenced(api, case, family=family)
    practitioner = api.person("practitioner")
    learned(api, review, practitioner)
    opinion = {"subject_id": practitioner, "value": "We did not know who to tell."}
    point = {
        "text": "Information was not shared with the school.",
        "theme": "information sharing",
        "recorded_on": "2024-05-21",
        "event": 1,
        "opinions": [opinion],
    }
    api.ok(review, "learning-points", point)
    for _ in range(drafts):
        draft = {"sections": report_sections(case), "drafted_on": "2024-06-10"}
        api.ok(review, "report/drafts", draft)
    last = f"report/drafts/{drafts}"
    share = {
        "recipients": ["participants"],
        "comments_due": "2024-06-24",
        "shared_on": "2024-06-11",
    }
    api.ok(review, f"{last}/shares", share)
    comment = {"participant": practitioner, "comment": "Fair.", "received_on": "2024-06-20"}
    api.ok(review, f"{last}/comments", comment)
    if family:
        feedback = {"feedback": "Fair.", "on_process": "We were heard.", "given_on": "2024-06-21"}
        api.ok(review, f"family-members/{api.person('mother', 'parent')}/feedback", feedback)
    action = {"action": "Agree a protocol.", "owner": "Education", "due_on": "2024-12-31"}
    api.ok(review, "action-plan", action)
    api.ok(review, f"{last}/acceptance", {"accepted_on": "2024-07-01"})
    discharge(api, review, "2024-07-02", only="ExternalBodyNotified")
    return review


def publication_decision(planned: str = "2024-09-02") -> dict[str, Any]:
    return {
        "subject": "publication",
        "outcome": "publish",
        "decision_makers": ["board-chair"],
        "rationale": "Publish the anonymised report.",
        "decided_on": "2024-07-08",
        "planned_publication_date": planned,
    }


def dp_leads(api: ReviewApi) -> tuple[dict[str, str], dict[str, str]]:
    """Two data protection leads of the partnership: an author and a second pair of eyes."""
    author, approver = (
        api.auth("dp-lead", partnership=api.partnership, user=user) for user in ("dp-1", "dp-2")
    )
    return author, approver


def report_set(api: ReviewApi, review: str, version: int = 1, **overrides: Any) -> httpx.Response:
    """Open a redaction set over the review's report ``version`` (its text built by the API)."""
    document = {
        "document_kind": "report",
        "version_label": f"accepted v{version}",
        "source_id": review,
        "source_version": version,
        **overrides,
    }
    response: httpx.Response = api.client.post(
        "/redaction-sets", json=document, headers=dp_leads(api)[0]
    )
    return response


def document_text(api: ReviewApi, set_id: str) -> str:
    """The unredacted text a set holds, as a data protection lead reads it."""
    response = api.client.get(f"/redaction-sets/{set_id}/document", headers=dp_leads(api)[0])
    assert response.status_code == 200, response.text
    return str(response.json()["text"])


def rendering(api: ReviewApi, review: str, version: int = 1, *, applied: bool = True) -> str:
    """The id of a redaction set over the review's report ``version``: one data protection
    lead redacts the mother's name, another approves it and (unless not) applies the set."""
    author, approver = dp_leads(api)
    opened = report_set(api, review, version)
    assert opened.status_code == 201, opened.text
    path = f"/redaction-sets/{opened.json()['id']}"
    start = document_text(api, opened.json()["id"]).index(MOTHER)
    mark = {
        "start": start,
        "end": start + len(MOTHER),
        "code": "foia:s.40",
        "reason": "the mother's name",
    }
    steps: list[tuple[str, dict[str, Any] | None, dict[str, str]]] = [
        (f"{path}/redactions", mark, author),
        (f"{path}/redactions/1/approval", None, approver),
    ]
    if applied:
        steps.append((f"{path}/application", {"applied_on": "2024-08-30"}, approver))
    for url, body, headers in steps:
        response = api.client.post(url, json=body, headers=headers)
        assert response.status_code == 200, response.text
    return str(opened.json()["id"])


def publication(redaction_set_id: str, published_on: str = "2024-09-02") -> dict[str, Any]:
    return {
        "location": "https://example.org/r/1",
        "published_on": published_on,
        "redaction_set_id": redaction_set_id,
    }


def published(api: ReviewApi, case: Case) -> str:
    """… → publication decided, the report sent to every body owed it, then published from
    its approved redacted rendering."""
    review = accepted(api, case)
    api.ok(review, "decisions", publication_decision())
    discharge(api, review, "2024-08-01")
    api.ok(review, "report/publication", publication(rendering(api, review)))
    return review


def closed(api: ReviewApi, case: Case) -> str:
    review = published(api, case)
    progress = {"progress": "Draft agreed.", "reported_on": "2024-10-01"}
    api.ok(review, "action-plan/1/progress", progress)
    api.ok(
        review, "action-plan/1/completion", {"evidence": "Signed.", "completed_on": "2024-11-01"}
    )
    discharge(api, review, "2024-11-02")
    api.ok(review, "closure", {"reason": "Action plan complete.", "closed_on": "2024-11-05"})
    return review

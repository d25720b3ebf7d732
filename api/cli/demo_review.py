"""One complete demo review, from notification to closure, through the application use cases.

Every step is a real command (rules checked, events encrypted and recorded); the people are
registered data subjects with made-up names. Notices the rule set says are owed are given as
they fall due, read from the review's open obligations, so one script serves every rule set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from api.cli.demo_people import OUTLINE
from domain.application import ReviewTrail
from domain.clocks.registry import CalendarSource
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review import Jurisdiction, Review
from domain.use_cases.reviews import ReviewUseCases

PARTNERSHIP = "demo-partnership"


def give_owed_notices(
    review: Review,
    run: Callable[..., None],
    trail: ReviewUseCases,  # a ReviewTrail, or the bulk generator's BatchTrail
    calendars: CalendarSource,
    on: date,
    only: str | None,
    reference: Callable[[dict[str, Any]], str],
) -> None:
    """Give, through ``run`` (a demo review's ``run``), every notice ``review``'s rule set says
    is owed now (only those discharged by the event ``only`` when given), on day ``on``."""
    for owed in review.open_obligations():
        if not owed["owed"] or owed["discharged"]:
            continue
        if only is not None and owed["discharged_by"] != only:
            continue
        if owed["discharged_by"] == "ReportSubmitted":
            run(
                trail.submit_report,
                recipient=owed["recipient"],
                submitted_on=on,
                calendars=calendars,
            )
        else:
            run(
                trail.notify_external_body,
                actor="administrator",
                recipient=owed["recipient"],
                purpose=owed["purpose"],
                channel="eForm",
                reference=reference(owed),
                notified_on=on,
            )


@dataclass(frozen=True)
class DemoCase:
    jurisdiction: Jurisdiction
    review_type: str
    agency: str
    summary: str
    facts: dict[str, bool]
    kind: str
    reviewers: int = 1


def meta(role: str) -> Meta:
    return Meta(
        actor_id=f"demo-{role}", actor_role=role, partnership_id=PARTNERSHIP, correlation_id=uuid4()
    )


class DemoReview:
    """Drives one review of ``case`` through ``app``, one stage at a time."""

    def __init__(self, app: ReviewTrail, calendars: CalendarSource, case: DemoCase) -> None:
        self.app, self.calendars, self.case = app, calendars, case
        self.people: dict[str, UUID] = {}
        self.review_id = app.receive_notification(
            jurisdiction=case.jurisdiction,
            notifying_agency=case.agency,
            summary=case.summary,
            received_on=date(2024, 3, 1),
            review_type=case.review_type,
            meta=meta("administrator"),
        ).id

    def person(self, label: str, relationship: str = "professional") -> UUID:
        if label not in self.people:
            subject = uuid4()
            name = Personal(subject, Category.IDENTITY, f"{label.title()} Example")
            self.app.register_subject(
                subject_id=subject,
                relationship=relationship,
                name=name,
                date_of_birth=None,
                identifiers={},
                meta=meta("administrator"),
            )
            self.people[label] = subject
        return self.people[label]

    def text(self, label: str, text: str, category: Category = Category.NARRATIVE) -> Personal:
        return Personal(self.person(label), category, text)

    def run(self, use_case: Callable[..., Any], actor: str = "chair", **kwargs: Any) -> None:
        """Call ``use_case`` on the review as a user holding the ``actor`` role."""
        use_case(self.review_id, meta=meta(actor), **kwargs)

    @property
    def review(self) -> Review:
        return self.app.get_review(self.review_id, PARTNERSHIP)

    def give_notices(self, on: date, only: str | None = None) -> None:
        """Give every notice the rule set says is owed now."""
        give_owed_notices(
            self.review, self.run, self.app, self.calendars, on, only, lambda o: f"DEMO-{o['id']}"
        )

    def gather_information(self) -> None:
        """An agency's information is asked for and recorded; the criteria are assessed."""
        self.run(self.app.request_information, agency="Health board", due_on=date(2024, 3, 15))
        self.run(
            self.app.record_agency_information,
            agency="Health board",
            received_on=date(2024, 3, 10),
            content=self.text("child", "Attended A&E twice in 2023 with unexplained bruising."),
        )
        self.run(self.app.assess_criteria, facts=self.case.facts, assessed_on=date(2024, 3, 4))
        if self.case.jurisdiction is Jurisdiction.ENGLAND:
            self.give_notices(date(2024, 3, 5))  # the serious incident, to the Panel and partners
            self.run(
                self.app.notify_external_body,
                recipient="national-panel",
                purpose="rapid-review",
                channel="Child Safeguarding Incident Notification System",
                notified_on=date(2024, 3, 20),
            )

    def decide(self) -> None:
        """The recommendation and the decision to hold the review; notices given."""
        self.run(
            self.app.make_recommendation,
            outcome="proceed",
            kind=self.case.kind,
            agreement="unanimous",
            recommended_on=date(2024, 3, 21),
            rationale="The criteria are met and several agencies were involved.",
            proposed_terms_of_reference="How agencies shared information about the child.",
            outline=OUTLINE,
        )
        self.run(
            self.app.record_decision,
            subject="hold-review",
            outcome="proceed",
            response="agree",
            decision_makers=["committee-chair", "committee-vice-chair"],
            rationale="Agreed with the recommendation.",
            decided_on=date(2024, 3, 25),
        )
        self.give_notices(date(2024, 3, 26))

    def commission(self) -> None:
        """Terms of reference amended, the team appointed, then the terms agreed."""
        self.run(
            self.app.draft_terms_of_reference,
            drafted_on=date(2024, 3, 27),
            text="Review how agencies shared information about the child in 2023.",
        )
        self.run(
            self.app.amend_terms_of_reference,
            amended_on=date(2024, 3, 28),
            text="Review how agencies, including the school, shared information in 2023.",
            reason="The school's role emerged from the agency information.",
        )
        team = self.appoint_team()
        self.run(self.app.agree_terms_of_reference, version=2, agreed_on=date(2024, 4, 2))
        self.run(
            self.app.hold_team_meeting,
            actor="administrator",
            held_on=date(2024, 4, 3),
            attendees=team,
            minutes_ref="minutes-1",
        )

    def appoint_team(self) -> list[UUID]:
        """The team the rule set asks for (the first reviewer from outside the agencies)."""
        team = [("chair", "chair"), ("panel member", "panel-member"), ("admin", "administrator")]
        team += [(f"reviewer {n + 1}", "reviewer") for n in range(self.case.reviewers)]
        for label, role in team:
            external = label == "reviewer 1"
            self.run(
                self.app.appoint_team_member,
                member=self.person(label),
                role=role,
                agency="Independent" if external else "Local authority",
                external=external,
                appointed_on=date(2024, 3, 29),
                independence_statement=self.text(label, "I had no involvement in the case."),
            )
        return [self.person(label) for label, _ in team]

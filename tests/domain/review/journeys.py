"""Whole reviews, step by step, for each shipped rule set: tests fast-forward a review to the
stage they are about with these, then issue the command under test."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.clocks import Calendar, FixedCalendar
from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from domain.review import Review
from domain.review.intake import ReviewOutline
from domain.review.participation import COVERAGE
from tests.domain.review.cases import ENGLAND, Case
from tests.examples import a_meta

RECEIVED = date(2024, 3, 1)
PLANNED_PUBLICATION = date(2024, 9, 2)
OUTLINE = ReviewOutline(
    time_period_covered="12 months before the incident",
    agencies_involved=("Health", "Police", "Education"),
    chair_independent=True,
    core_issues="Inter-agency working and information sharing.",
    reviewer="An independent reviewer from another board",
    costs="Reviewer's fee met by the board",
    first_panel_on=date(2024, 4, 8),
    expected_completion_on=date(2024, 9, 1),
)
"""The Welsh Review Sub-Group template's outline of the proposed review (optional elsewhere)."""


class Calendars:
    """A calendar source with no bank holidays (weekends still do not count)."""

    def calendar(self, name: str) -> Calendar:
        return FixedCalendar(name=name)


CALENDARS = Calendars()


def meta(role: str = "chair") -> Any:
    return a_meta(partnership="p-test", role=role)


def narrative(subject: UUID, text: str) -> Personal:
    return Personal(subject, Category.NARRATIVE, text)


def opinion(subject: UUID, text: str) -> Personal:
    return Personal(subject, Category.OPINION, text)


def notified(case: Case) -> Review:
    return Review.receive_notification(
        jurisdiction=case.jurisdiction,
        notifying_agency="Police",
        summary="Serious harm to a child known to three agencies.",
        received_on=RECEIVED,
        meta=meta("administrator"),
        review_type=case.review_type,
    )


def discharge(review: Review, on: date, *, only: str | None = None) -> list[str]:
    """Give every notice the rule set says is owed now; return the ids given."""
    given = []
    for owed in review.open_obligations():
        if owed["owed"] is False or owed["discharged"]:
            continue
        if only is not None and owed["discharged_by"] != only:
            continue
        if owed["discharged_by"] == "ReportSubmitted":
            review.submit_report(
                recipient=owed["recipient"], submitted_on=on, calendars=CALENDARS, meta=meta()
            )
        else:
            review.notify_external_body(
                recipient=owed["recipient"],
                purpose=owed["purpose"],
                channel="eForm",
                reference=f"REF-{owed['id']}",
                notified_on=on,
                meta=meta("administrator"),
            )
        given.append(owed["id"])
    return given


def decided(case: Case) -> Review:
    """Notification → criteria → recommendation → decision to hold the review."""
    review = notified(case)
    review.request_information(agency="Health", due_on=date(2024, 3, 15), meta=meta())
    review.record_agency_information(
        agency="Health",
        received_on=date(2024, 3, 10),
        content=narrative(case.child, "Seen at A&E twice in 2023."),
        meta=meta(),
    )
    review.assess_criteria(facts=case.facts, assessed_on=date(2024, 3, 4), meta=meta())
    if case is ENGLAND:
        discharge(review, date(2024, 3, 5))  # serious incident to the Panel and the partners
        review.notify_external_body(
            recipient="national-panel",
            purpose="rapid-review",
            channel="Child Safeguarding Incident Notification System",
            notified_on=date(2024, 3, 20),
            meta=meta(),
        )
    review.make_recommendation(
        outcome="proceed",
        kind=case.kind,
        agreement="unanimous",
        rationale="The case meets the criteria and raises inter-agency questions.",
        recommended_on=date(2024, 3, 21),
        proposed_terms_of_reference="Focus on information sharing.",
        outline=OUTLINE,
        meta=meta(),
    )
    review.record_decision(
        subject="hold-review",
        outcome="proceed",
        response="agree",
        decision_makers=["board-chair"],
        rationale="Agreed with the recommendation.",
        decided_on=date(2024, 3, 25),
        meta=meta(),
    )
    discharge(review, date(2024, 3, 26))
    return review


def commissioned(case: Case) -> Review:
    """… → terms of reference (amended, then agreed) with the team the rule set asks for."""
    review = decided(case)
    review.draft_terms_of_reference(
        text="Terms of reference v1.", drafted_on=date(2024, 3, 27), meta=meta()
    )
    review.amend_terms_of_reference(
        text="Terms of reference v2.",
        reason="Add the school's role.",
        amended_on=date(2024, 3, 28),
        meta=meta(),
    )
    appoint_team(review, case)
    review.agree_terms_of_reference(version=2, agreed_on=date(2024, 4, 2), meta=meta())
    return review


def appoint_team(review: Review, case: Case) -> None:
    members = [(case.chair, "chair", False), (case.panel_member, "panel-member", False)]
    members += [(case.administrator, "administrator", False)]
    members += [(r, "reviewer", i == 0) for i, r in enumerate(case.reviewer_ids[: case.reviewers])]
    for member, role, external in members:
        review.appoint_team_member(
            member=member,
            role=role,
            agency="Independent" if external else "Local authority",
            external=external,
            appointed_on=date(2024, 3, 29),
            independence_statement=narrative(member, "No involvement with the case."),
            meta=meta(),
        )


def evidenced(case: Case, *, family: bool = True, meet_family: bool = True) -> Review:
    """… → chronologies requested, submitted and merged; family (unless not) and practitioners
    engaged (``meet_family=False``: the family is heard without a meeting)."""
    review = commissioned(case)
    for agency in ("Health", "Police", "Education"):
        review.request_chronology(
            agency=agency,
            period_start=date(2023, 3, 1),
            period_end=date(2024, 2, 28),
            due_on=date(2024, 4, 30),
            requested_on=date(2024, 4, 3),
            meta=meta(),
        )
    for agency, role in (("Health", "health visitor"), ("Police", "constable")):
        review.submit_chronology(
            agency=agency,
            entries=[chronology_entry(case, role)],
            submitted_on=date(2024, 4, 25),
            meta=meta("administrator"),
        )
    review.record_genogram(document_ref="doc-17", recorded_on=date(2024, 4, 26), meta=meta())
    if family:
        engage_family(review, case, meet=meet_family)
    review.plan_learning_event(
        format=review.rules.learning_events[0].id,
        planned_on=date(2024, 5, 20),
        venue="Community centre",
        facilitators=[case.reviewer_ids[0]],
        note_taker=case.administrator,
        meta=meta(),
    )
    review.invite_practitioner(
        number=1,
        practitioner=case.practitioner,
        role="health visitor",
        agency="Health",
        invited_on=date(2024, 5, 1),
        meta=meta(),
    )
    review.record_participant_response(
        number=1,
        practitioner=case.practitioner,
        response="accepted",
        responded_on=date(2024, 5, 3),
        meta=meta("administrator"),
    )
    review.merge_chronologies(merged_on=date(2024, 5, 2), meta=meta())
    return review


def chronology_entry(case: Case, role: str) -> dict[str, Any]:
    return {
        "date": date(2023, 6, 1),
        "practitioner_role": role,
        "what_happened": narrative(case.child, f"The {role} attended the strategy meeting."),
        "source": "case file",
        "event": "Strategy meeting",
    }


def engage_family(review: Review, case: Case, *, meet: bool = True) -> None:
    review.family_member_identified(
        member=case.mother, relationship="parent", identified_on=date(2024, 4, 10), meta=meta()
    )
    review.agree_family_liaison_strategy(
        strategy="The reviewer and the chair meet the family where and when they wish.",
        agreed_on=date(2024, 4, 11),
        meta=meta(),
    )
    review.family_contact_made(
        member=case.mother, channel="letter", contacted_on=date(2024, 4, 12), meta=meta()
    )
    review.agree_family_participation(
        member=case.mother,
        where=narrative(case.mother, "At home."),
        how=narrative(case.mother, "In person, with her sister present."),
        when=narrative(case.mother, "Weekday mornings."),
        agreed_on=date(2024, 4, 15),
        meta=meta("family-liaison"),
    )
    if meet:
        review.hold_family_meeting(
            members=[case.mother], held_on=date(2024, 4, 19), meta=meta("reviewer")
        )
    review.family_views_recorded(
        member=case.mother,
        views=narrative(case.mother, "Nobody listened to us."),
        recorded_on=date(2024, 4, 20),
        meta=meta("reviewer"),
    )


def learned(case: Case, *, family: bool = True) -> Review:
    """… → learning event held, learning point recorded, first draft of the report."""
    review = evidenced(case, family=family)
    review.hold_learning_event(
        number=1,
        held_on=date(2024, 5, 20),
        attendees=[case.practitioner],
        notes=[narrative(case.child, "Nobody asked about the bruising at the time.")],
        meta=meta(),
    )
    review.record_participant_attended(
        number=1, practitioner=case.practitioner, attended_on=date(2024, 5, 20), meta=meta()
    )
    review.record_coverage(
        number=1, covered=list(COVERAGE), recorded_on=date(2024, 5, 21), meta=meta("reviewer")
    )
    review.return_evaluation(
        number=1,
        answers={
            "met-objectives": opinion(case.practitioner, "Yes."),
            "learning-to-take-back": opinion(case.practitioner, "Who to tell, and when."),
        },
        returned_on=date(2024, 5, 21),
        meta=meta("administrator"),
    )
    review.record_learning_point(
        text="Information about the child was not shared with the school.",
        theme="information sharing",
        event=1,
        opinions=[opinion(case.practitioner, "We did not know who to tell.")],
        recorded_on=date(2024, 5, 21),
        meta=meta("reviewer"),
    )
    propose(review)
    review.draft_report(
        sections={first_section(review): [{"text": "Draft.", "basis": "fact"}]},
        drafted_on=date(2024, 6, 1),
        meta=meta("reviewer"),
    )
    if family:
        review.give_family_feedback(
            member=case.mother,
            feedback=opinion(case.mother, "The report says what happened to us."),
            on_process=opinion(case.mother, "We were listened to this time."),
            given_on=date(2024, 6, 5),
            meta=meta("family-liaison"),
        )
    return review


def propose(review: Review, **overrides: Any) -> None:
    """Propose a CLEAR recommendation (``overrides`` replace its elements)."""
    values: dict[str, Any] = {
        "case_for_change": "Schools do not hear of health concerns; harm may go unseen.",
        "learning": "Practitioners need a route to share concerns with schools.",
        "evidence": "Learning event 1 and the merged timeline.",
        "assigned_to": "Education",
        "desired_outcome": "Schools hear of concerns within a week.",
        "review_on": date(2025, 6, 1),
        "proposed_on": date(2024, 5, 22),
        "meta": meta("reviewer"),
    }
    review.propose_recommendation(**{**values, **overrides})


def first_section(review: Review) -> str:
    return review.rules.report_sections_for(review.kind)[0].id


def full_report(review: Review) -> dict[str, list[dict[str, str]]]:
    return {
        section.id: [
            {"text": f"{section.title}: what happened.", "basis": "fact"},
            {"text": "What we think it means.", "basis": "professional-opinion"},
        ]
        for section in review.rules.report_sections_for(review.kind)
    }


def accepted(case: Case, *, family: bool = True) -> Review:
    """… → full draft shared, commented on and accepted."""
    review = learned(case, family=family)
    review.draft_report(sections=full_report(review), drafted_on=date(2024, 6, 10), meta=meta())
    review.share_report(
        version=2,
        recipients=["learning event participants"],
        comments_due=date(2024, 6, 24),
        shared_on=date(2024, 6, 11),
        meta=meta(),
    )
    review.receive_participant_comment(
        version=2,
        participant=case.practitioner,
        comment=opinion(case.practitioner, "The timeline is fair."),
        received_on=date(2024, 6, 20),
        meta=meta(),
    )
    review.add_action_plan_item(
        action="Agree an information-sharing protocol with schools.",
        owner="Education",
        due_on=date(2024, 12, 31),
        recommendation="Recommendation 1",
        meta=meta(),
    )
    review.accept_report(version=2, accepted_on=date(2024, 7, 1), meta=meta())
    discharge(review, date(2024, 7, 2), only="ExternalBodyNotified")
    return review


def published(case: Case) -> Review:
    """… → publication decided, the report sent to every body owed it, then published."""
    review = accepted(case)
    review.record_decision(
        subject="publication",
        outcome="publish",
        decision_makers=["board-chair"],
        rationale="Publish the anonymised report.",
        decided_on=date(2024, 7, 8),
        planned_publication_date=PLANNED_PUBLICATION,
        meta=meta(),
    )
    discharge(review, date(2024, 8, 1))
    publish(review)
    return review


def publish(review: Review, redaction_set: RedactionSet | None = None) -> None:
    """Publish on the planned day from ``redaction_set`` (default: a fresh applied rendering)."""
    review.publish_report(
        redaction_set=redaction_set or rendering(review),
        location="https://example.org/reviews/1",
        published_on=PLANNED_PUBLICATION,
        meta=meta(),
    )


def rendering(review: Review, version: int | None = None, *, applied: bool = True) -> RedactionSet:
    """A redaction set over the review's accepted report (or ``version``), its text built from
    that version, applied by a second data protection lead unless not: the approved redacted
    rendering publication needs (this report needs no redaction)."""
    accepted = [r["version"] for r in review.reports if r["accepted_on"]]
    chosen = version or (accepted[-1] if accepted else 1)
    document = review.report_document(chosen)
    redaction_set = RedactionSet.open(
        document_kind=DocumentKind.REPORT,
        version_label=f"accepted v{chosen}",
        source_id=review.id,
        source_version=chosen,
        text=narrative(uuid4(), document.text),
        sections=document.sections,
        withheld=document.withheld,
        meta=meta("dp-lead"),
    )
    if applied:
        redaction_set.apply(applied_on=date(2024, 8, 30), meta=second_dp_lead())
    return redaction_set


def second_dp_lead(partnership: str = "p-test") -> Any:
    """A data protection lead other than the one who opens sets (``meta("dp-lead")``)."""
    return a_meta(partnership=partnership, role="dp-lead", actor="user-2")


def closed(case: Case) -> Review:
    """… → the action plan completed and the review closed."""
    review = published(case)
    review.report_action_progress(
        number=1, progress="Draft protocol agreed.", reported_on=date(2024, 10, 1), meta=meta()
    )
    review.complete_action(
        number=1, evidence="Protocol signed.", completed_on=date(2024, 11, 1), meta=meta()
    )
    discharge(review, date(2024, 11, 2))
    review.close_review(reason="Action plan complete.", closed_on=date(2024, 11, 5), meta=meta())
    return review

"""The demo review's later steps: evidence, learning, the report, publication and closure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

from api.cli.demo_review import DemoReview, meta
from domain.personal import Category
from domain.redaction import DocumentKind
from domain.review.participation import COVERAGE


def request_chronologies(demo: DemoReview) -> None:
    """Three agencies are asked for chronologies; two submit (Education never does)."""
    for agency in ("Health board", "Police", "Education"):
        demo.run(
            demo.app.request_chronology,
            agency=agency,
            period_start=date(2023, 3, 1),
            period_end=date(2024, 2, 28),
            due_on=date(2024, 4, 30),
            requested_on=date(2024, 4, 3),
        )
    for agency, role in (("Health board", "health visitor"), ("Police", "constable")):
        what = demo.text("child", f"The {role} attended the strategy meeting about bruising.")
        entry = {
            "date": date(2023, 6, 1),
            "practitioner_role": role,
            "source": "case file",
            "what_happened": what,
            "event": "Strategy meeting",
        }
        demo.run(
            demo.app.submit_chronology,
            actor="administrator",
            agency=agency,
            entries=[entry],
            submitted_on=date(2024, 4, 25),
        )


def hear_the_family(demo: DemoReview) -> None:
    """The genogram is filed; the liaison strategy agreed; the mother is identified, contacted,
    agrees how to take part, is met and heard."""
    app, mother = demo.app, demo.person("mother", "parent")
    demo.run(
        app.record_genogram,
        actor="reviewer",
        document_ref="genogram-1",
        recorded_on=date(2024, 4, 26),
    )
    demo.run(
        app.agree_family_liaison_strategy,
        strategy="The reviewer and the chair meet the family where and when they wish.",
        agreed_on=date(2024, 4, 9),
    )
    demo.run(
        app.family_member_identified,
        member=mother,
        relationship="parent",
        identified_on=date(2024, 4, 10),
    )
    demo.run(
        app.family_contact_made, member=mother, channel="letter", contacted_on=date(2024, 4, 12)
    )
    demo.run(
        app.agree_family_participation,
        actor="family-liaison",
        member=mother,
        where=demo.text("mother", "At home."),
        how=demo.text("mother", "In person, with her sister present."),
        when=demo.text("mother", "Weekday mornings."),
        agreed_on=date(2024, 4, 15),
    )
    demo.run(app.hold_family_meeting, members=[mother], held_on=date(2024, 4, 19))
    demo.run(
        app.family_views_recorded,
        actor="reviewer",
        member=mother,
        views=demo.text("mother", "Nobody asked us what was happening at home."),
        recorded_on=date(2024, 4, 20),
    )


def plan_learning(demo: DemoReview) -> None:
    """A learning event in the rule set's format (venue, facilitator, note taker); a
    practitioner invited, who accepts; chronologies merged."""
    app = demo.app
    learning_format = demo.review.rules.learning_events[0].id
    demo.run(
        app.plan_learning_event,
        format=learning_format,
        planned_on=date(2024, 5, 20),
        venue="Community centre",
        facilitators=[demo.person("reviewer 1")],
        note_taker=demo.person("admin"),
    )
    demo.run(
        app.invite_practitioner,
        actor="administrator",
        number=1,
        practitioner=demo.person("practitioner"),
        role="health visitor",
        agency="Health board",
        invited_on=date(2024, 5, 1),
    )
    demo.run(
        app.record_participant_response,
        actor="administrator",
        number=1,
        practitioner=demo.person("practitioner"),
        response="accepted",
        responded_on=date(2024, 5, 3),
    )
    demo.run(app.merge_chronologies, actor="reviewer", merged_on=date(2024, 5, 2))


def learn(demo: DemoReview) -> None:
    """The learning event is held (unattributed notes, attendance, coverage, an evaluation), a
    learning point recorded with the practitioner's view, a CLEAR recommendation proposed."""
    practitioner = demo.person("practitioner")
    demo.run(
        demo.app.hold_learning_event,
        number=1,
        held_on=date(2024, 5, 20),
        attendees=[practitioner],
        notes=[demo.text("child", "Nobody asked about the bruising at the time.")],
    )
    demo.run(
        demo.app.record_participant_attended,
        actor="administrator",
        number=1,
        practitioner=practitioner,
        attended_on=date(2024, 5, 20),
    )
    demo.run(
        demo.app.record_coverage, number=1, covered=list(COVERAGE), recorded_on=date(2024, 5, 21)
    )
    answers = {"met-objectives": "Yes.", "learning-to-take-back": "Who to tell, and when."}
    demo.run(
        demo.app.return_evaluation,
        actor="administrator",
        number=1,
        answers={q: demo.text("practitioner", a, Category.OPINION) for q, a in answers.items()},
        returned_on=date(2024, 5, 21),
    )
    demo.run(
        demo.app.record_learning_point,
        actor="reviewer",
        theme="information sharing",
        text="What the health visitor saw did not reach the school.",
        event=1,
        opinions=[demo.text("practitioner", "We did not know who to tell.", Category.OPINION)],
        recorded_on=date(2024, 5, 21),
    )
    demo.run(
        demo.app.propose_recommendation,
        actor="reviewer",
        case_for_change="What health visitors see does not reach schools; harm may go unseen.",
        learning="Practitioners need a known route to share concerns with schools.",
        evidence="The practitioner learning event and the merged timeline.",
        assigned_to="Education",
        desired_outcome="Schools hear of health concerns within a week.",
        review_on=date(2025, 6, 1),
        proposed_on=date(2024, 5, 22),
    )


def write_report(demo: DemoReview) -> None:
    """Every section the rule set requires, drafted and shared with the participants."""
    review = demo.review
    sections = {
        s.id: [
            {"text": f"{s.title}: findings.", "basis": "fact"},
            {"text": "The panel's analysis.", "basis": "professional-opinion"},
        ]
        for s in review.rules.report_sections_for(review.kind)
    }
    demo.run(
        demo.app.draft_report, actor="reviewer", sections=sections, drafted_on=date(2024, 6, 10)
    )
    demo.run(
        demo.app.share_report,
        version=1,
        recipients=["learning event participants"],
        comments_due=date(2024, 6, 24),
        shared_on=date(2024, 6, 11),
    )


def accept_report(demo: DemoReview) -> None:
    """A participant comments, the family gives feedback, an action is planned, the report is
    accepted; notices given."""
    demo.run(
        demo.app.receive_participant_comment,
        actor="reviewer",
        version=1,
        participant=demo.person("practitioner"),
        received_on=date(2024, 6, 20),
        comment=demo.text("practitioner", "The timeline is fair.", Category.OPINION),
    )
    demo.run(
        demo.app.give_family_feedback,
        actor="family-liaison",
        member=demo.person("mother", "parent"),
        feedback=demo.text("mother", "The report says what happened to us.", Category.OPINION),
        on_process=demo.text("mother", "We were listened to this time.", Category.OPINION),
        given_on=date(2024, 6, 21),
    )
    demo.run(
        demo.app.add_action_plan_item,
        action="Agree an information-sharing protocol between health visitors and schools.",
        owner="Education",
        due_on=date(2024, 12, 31),
        recommendation="Recommendation 1",
    )
    demo.run(demo.app.accept_report, version=1, accepted_on=date(2024, 7, 1))
    demo.give_notices(date(2024, 7, 2), only="ExternalBodyNotified")


def publish(demo: DemoReview) -> None:
    """Publication decided, the report sent to every body owed it in time, then published."""
    demo.run(
        demo.app.record_decision,
        subject="publication",
        outcome="publish",
        decision_makers=["committee-chair"],
        rationale="Publish the anonymised report.",
        decided_on=date(2024, 7, 8),
        planned_publication_date=date(2024, 9, 2),
    )
    demo.give_notices(date(2024, 8, 1))
    demo.run(
        demo.app.publish_report,
        redaction_set_id=redacted_report(demo),
        location="https://example.org/reviews/demo",
        published_on=date(2024, 9, 2),
    )


def redacted_report(demo: DemoReview) -> UUID:
    """The accepted report's approved redacted rendering: one data protection lead opens a set
    over the accepted version (its text built from the report) and withholds the panel's
    deliberation, a second approves it (four eyes) and applies the set."""
    accepted = [r for r in demo.review.reports if r["accepted_on"]][-1]
    author, approver = meta("dp-lead"), replace(meta("dp-lead"), actor_id="demo-dp-lead-2")
    set_id = demo.app.open_redaction_set(
        document_subject_id=uuid4(),
        document_kind=DocumentKind.REPORT,
        version_label=f"accepted v{accepted['version']}",
        source_id=demo.review_id,
        source_version=accepted["version"],
        text=None,
        sections=[],
        meta=author,
    ).id
    text = demo.app.get_redaction_set(set_id, author.partnership_id).text.value or ""
    deliberation = "The panel's analysis."
    start = text.index(deliberation)
    demo.app.propose_redaction(
        set_id,
        start=start,
        end=start + len(deliberation),
        code="foia:s.36",
        reason="The panel's deliberation",
        meta=author,
    )
    demo.app.approve_redaction(set_id, number=1, meta=approver)
    demo.app.apply_redaction_set(set_id, applied_on=date(2024, 8, 30), meta=approver)
    return set_id


def close(demo: DemoReview) -> None:
    """The action is progressed and completed, the last notices given, the review closed."""
    demo.run(
        demo.app.report_action_progress,
        actor="panel-member",
        number=1,
        progress="Draft protocol agreed.",
        reported_on=date(2024, 10, 1),
    )
    demo.run(
        demo.app.complete_action,
        number=1,
        evidence="Protocol signed by both services.",
        completed_on=date(2024, 11, 1),
    )
    demo.give_notices(date(2024, 11, 2))
    demo.run(demo.app.close_review, reason="Action plan complete.", closed_on=date(2024, 11, 5))


STEPS = (
    request_chronologies,
    hear_the_family,
    plan_learning,
    learn,
    write_report,
    accept_report,
    publish,
    close,
)
"""The steps after commissioning, in order."""

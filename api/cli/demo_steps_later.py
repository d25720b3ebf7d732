"""The later steps of a generated review: learning events, the report, publication, closure.

Days are counted from the notification, as in ``demo_steps``; how many practitioners, learning
points and actions there are comes from the review's shape.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from api.cli.demo_bulk import BulkReview
from api.cli.demo_people import AGENCIES, PRACTITIONER_ROLES, THEMES, new_id, professional
from domain.personal import Category, Personal
from domain.redaction import DocumentKind
from domain.review.participation import COVERAGE


def learn(r: BulkReview) -> None:
    """Practitioners invited to a learning event, chronologies merged, the event held and
    learning points recorded with their opinions; some reviews hold a second event."""
    practitioners = [
        r.register(f"practitioner {n + 1}", professional(r.rng), "professional")
        for n in range(r.shape.practitioners)
    ]
    learning_event(r, 1, practitioners)
    r.run(r.trail.merge_chronologies, actor="reviewer", merged_on=r.day(62))
    hold(r, 1, practitioners)
    if r.shape.learning_events > 1:
        learning_event(r, 2, practitioners[::2])
        hold(r, 2, practitioners[::2])


def learning_event(r: BulkReview, number: int, invited: list[UUID]) -> None:
    """Event ``number`` planned in one of the rule set's formats, ``invited`` invited to it."""
    formats = r.review.rules.learning_events
    planned_on = r.day(66 + 14 * number)
    r.run(
        r.trail.plan_learning_event,
        format=formats[(number - 1) % len(formats)].id,
        planned_on=planned_on,
    )
    for n, practitioner in enumerate(invited):
        r.run(
            r.trail.invite_practitioner,
            actor="administrator",
            number=number,
            practitioner=practitioner,
            role=PRACTITIONER_ROLES[n % len(PRACTITIONER_ROLES)],
            agency=AGENCIES[n % r.shape.agencies],
            invited_on=r.day(47 + 14 * number),
        )
        r.run(
            r.trail.record_participant_response,
            actor="administrator",
            number=number,
            practitioner=practitioner,
            response="accepted",
            responded_on=r.day(50 + 14 * number),
        )


def hold(r: BulkReview, number: int, attendees: list[UUID]) -> None:
    """Event ``number`` held, its attendance and coverage recorded and an attendee's evaluation
    returned; learning points recorded with an attendee's opinion each; after the first event,
    a recommendation proposed with the CLEAR elements."""
    held_on = r.day(66 + 14 * number)
    r.run(r.trail.hold_learning_event, number=number, held_on=held_on, attendees=attendees)
    for practitioner in attendees:
        r.run(
            r.trail.record_participant_attended,
            actor="administrator",
            number=number,
            practitioner=practitioner,
            attended_on=held_on,
        )
    r.run(r.trail.record_coverage, number=number, covered=list(COVERAGE), recorded_on=held_on)
    answers = {"met-objectives": "Yes.", "learning-to-take-back": "Who to tell, and when."}
    r.run(
        r.trail.return_evaluation,
        actor="administrator",
        number=number,
        answers={q: Personal(attendees[0], Category.OPINION, a) for q, a in answers.items()},
        returned_on=r.day(67 + 14 * number),
    )
    for n in range(r.shape.learning_points):
        speaker = attendees[n % len(attendees)]
        r.run(
            r.trail.record_learning_point,
            actor="reviewer",
            theme=THEMES[n % len(THEMES)],
            text="What one agency saw did not reach the others.",
            event=number,
            opinions=[Personal(speaker, Category.OPINION, "We did not know who to tell.")],
            recorded_on=r.day(67 + 14 * number),
        )
    if number == 1:
        theme = THEMES[0]
        r.run(
            r.trail.propose_recommendation,
            actor="reviewer",
            case_for_change=f"Concerns about {theme} did not reach every agency; harm went unseen.",
            learning="Practitioners need a known route to share concerns.",
            evidence="The practitioner learning event and the merged timeline.",
            assigned_to=AGENCIES[0],
            desired_outcome="Every agency hears of a concern within a week.",
            review_on=r.day(400),
            proposed_on=r.day(68 + 14 * number),
        )


def report(r: BulkReview) -> None:
    """The report drafted and shared, comments received, actions planned, the report accepted."""
    review = r.review
    sections = {
        s.id: [
            {"text": f"{s.title}: findings.", "basis": "fact"},
            {"text": "The panel's analysis.", "basis": "professional-opinion"},
        ]
        for s in review.rules.report_sections_for(review.kind)
    }
    r.run(r.trail.draft_report, actor="reviewer", sections=sections, drafted_on=r.day(101))
    r.run(
        r.trail.share_report,
        version=1,
        recipients=["learning event participants"],
        comments_due=r.day(115),
        shared_on=r.day(102),
    )
    for n in range(min(2, r.shape.practitioners)):
        label = f"practitioner {n + 1}"
        r.run(
            r.trail.receive_participant_comment,
            actor="reviewer",
            version=1,
            participant=r.people[label].subject_id,
            received_on=r.day(111),
            comment=r.about(label, "The timeline is fair.", Category.OPINION),
        )
    relative = r.people["relative 1"].subject_id  # the first relative always takes part
    r.run(
        r.trail.give_family_feedback,
        actor="family-liaison",
        member=relative,
        feedback=r.about("relative 1", "The report says what happened to us.", Category.OPINION),
        on_process=r.about("relative 1", "We were listened to this time.", Category.OPINION),
        given_on=r.day(112),
    )
    for n in range(r.shape.actions):
        r.run(
            r.trail.add_action_plan_item,
            action=f"Action {n + 1}: agree how {THEMES[n % len(THEMES)]} is improved.",
            owner=AGENCIES[n % r.shape.agencies],
            due_on=r.day(305),
            recommendation=f"Recommendation {n + 1}",
        )
    r.run(r.trail.accept_report, version=1, accepted_on=r.day(122))
    r.give_notices(r.day(123), only="ExternalBodyNotified")


def publish(r: BulkReview) -> None:
    """Publication decided, the report sent to every body owed it, its rendering approved
    (a redaction set over the accepted version) and the report published."""
    r.run(
        r.trail.record_decision,
        subject="publication",
        outcome="publish",
        decision_makers=["committee-chair"],
        rationale="Publish the anonymised report.",
        decided_on=r.day(129),
        planned_publication_date=r.day(185),
    )
    r.give_notices(r.day(153))
    dp_lead = r.meta("dp-lead")
    rendering = r.trail.open_redaction_set(
        document_subject_id=new_id(r.rng),
        document_kind=DocumentKind.REPORT,
        version_label="accepted v1",
        source_id=r.review_id,
        source_version=1,
        text=None,
        sections=[],
        meta=dp_lead,
    ).id
    second = replace(r.meta("dp-lead"), actor_id="demo-dp-lead-2")  # four eyes on the set
    r.trail.apply_redaction_set(rendering, applied_on=r.day(180), meta=second)
    r.run(
        r.trail.publish_report,
        redaction_set_id=rendering,
        location=f"https://example.org/reviews/{r.review_id}",
        published_on=r.day(185),
    )


def close(r: BulkReview) -> None:
    """Every action progressed and completed, the last notices given, the review closed."""
    for n in range(1, r.shape.actions + 1):
        for report_number in range(r.shape.progress_reports):
            r.run(
                r.trail.report_action_progress,
                actor="panel-member",
                number=n,
                progress=f"Progress report {report_number + 1}: draft protocol discussed.",
                reported_on=r.day(200 + 14 * report_number),
            )
        r.run(
            r.trail.complete_action,
            number=n,
            evidence="Signed by both services.",
            completed_on=r.day(245),
        )
    r.give_notices(r.day(246))
    r.run(r.trail.close_review, reason="Action plan complete.", closed_on=r.day(249))

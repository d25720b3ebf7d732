"""The steps of a generated review, in the guidance's order, one per ``Stage`` (the later
ones are in ``demo_steps_later``).

Days are counted from the notification, as in the one-per-rule-set demo (``demo_conduct``),
so every deadline the rule sets check is met; how many agencies, relatives, practitioners,
learning points, actions and meetings there are comes from the review's shape.
"""

from __future__ import annotations

from collections.abc import Callable

from api.cli.demo_bulk import HORIZON, BulkReview, Stage
from api.cli.demo_people import (
    AGENCIES,
    FAMILY_GROUP,
    OUTLINE,
    PRACTITIONER_ROLES,
    RELATIVES,
    WORRIES,
    adult,
    professional,
)
from api.cli.demo_steps_later import close, learn, publish, report
from domain.review import Jurisdiction


def intake(r: BulkReview) -> None:
    """Agencies are asked for what they know and answer (the last may not yet have)."""
    for n, agency in enumerate(AGENCIES[: r.shape.agencies]):
        r.run(r.trail.request_information, agency=agency, due_on=r.day(14))
        worry = r.rng.choice(WORRIES)
        r.run(
            r.trail.record_agency_information,
            agency=agency,
            received_on=r.day(5 + n),
            content=r.about("child", f"{agency} recorded {worry} in the year before."),
        )


def recommend(r: BulkReview) -> None:
    """The criteria are assessed, the notices owed given, and a recommendation made."""
    r.run(r.trail.assess_criteria, facts=r.shape.case.facts, assessed_on=r.day(3))
    if r.shape.case.jurisdiction is Jurisdiction.ENGLAND:
        r.give_notices(r.day(4))
        r.run(
            r.trail.notify_external_body,
            recipient="national-panel",
            purpose="rapid-review",
            channel="Child Safeguarding Incident Notification System",
            notified_on=r.day(19),
        )
    proceed = "not-proceed" if r.shape.declined else "proceed"
    r.run(
        r.trail.make_recommendation,
        outcome=proceed,
        kind=None if r.shape.declined else r.shape.case.kind,
        agreement=r.rng.choice(("unanimous", "unanimous", "majority")),
        recommended_on=r.day(20),
        rationale="The criteria are met and several agencies were involved.",
        proposed_terms_of_reference="How agencies shared information about the child.",
        outline=OUTLINE,
    )


def decide(r: BulkReview) -> None:
    """The decision on the recommendation; a declined review is closed once notices are given."""
    r.run(
        r.trail.record_decision,
        subject="hold-review",
        outcome="not-proceed" if r.shape.declined else "proceed",
        response="agree",
        decision_makers=["committee-chair", "committee-vice-chair"],
        rationale="Agreed with the recommendation.",
        decided_on=r.day(24),
    )
    r.give_notices(r.day(25))
    if r.shape.declined:
        r.run(
            r.trail.close_review, reason="No review: single-agency learning.", closed_on=r.day(30)
        )


def commission(r: BulkReview) -> None:
    """Terms of reference drafted and amended, the team appointed, the terms agreed, meetings."""
    r.run(
        r.trail.draft_terms_of_reference, drafted_on=r.day(26), text="Review information sharing."
    )
    r.run(
        r.trail.amend_terms_of_reference,
        amended_on=r.day(27),
        text="Review information sharing, including the school's part.",
        reason="The school's role emerged from the agency information.",
    )
    team = [("chair", "chair"), ("panel member", "panel-member"), ("admin", "administrator")]
    team += [(f"reviewer {n + 1}", "reviewer") for n in range(r.shape.case.reviewers)]
    for label, role in team:
        r.register(label, professional(r.rng), "professional")
        r.run(
            r.trail.appoint_team_member,
            member=r.people[label].subject_id,
            role=role,
            agency="Independent" if label == "reviewer 1" else "Local authority",
            external=label == "reviewer 1",
            appointed_on=r.day(28),
            independence_statement=r.about(label, "I had no involvement in the case."),
        )
    r.run(r.trail.agree_terms_of_reference, version=2, agreed_on=r.day(32))
    for n in range(r.shape.meetings):
        r.run(
            r.trail.hold_team_meeting,
            actor="administrator",
            held_on=r.day(33 + 14 * n),
            attendees=[r.people[label].subject_id for label, _ in team],
            minutes_ref=f"minutes-{n + 1}",
        )


def gather_evidence(r: BulkReview) -> None:
    """Chronologies asked for and (all but one) submitted; the family identified and heard."""
    agencies = AGENCIES[: r.shape.agencies]
    for agency in agencies:
        r.run(
            r.trail.request_chronology,
            agency=agency,
            period_start=r.day(-365),
            period_end=r.day(-2),
            due_on=r.day(60),
            requested_on=r.day(33),
        )
    for agency in agencies[:-1]:
        r.run(
            r.trail.submit_chronology,
            actor="administrator",
            agency=agency,
            entries=[_entry(r, agency) for _ in range(r.shape.entries)],
            submitted_on=r.day(55),
        )
    r.run(
        r.trail.record_genogram, actor="reviewer", document_ref="genogram-1", recorded_on=r.day(56)
    )
    if r.shape.paused:
        r.run(
            r.trail.pause,
            reason="Criminal proceedings: police asked for a pause.",
            paused_on=r.day(44),
        )
        r.run(r.trail.resume, resumed_on=r.day(52))
    hear_the_family(r)


def _entry(r: BulkReview, agency: str) -> dict[str, object]:
    role = r.rng.choice(PRACTITIONER_ROLES)
    return {
        "date": r.day(-r.rng.randrange(3, 360)),
        "practitioner_role": role,
        "source": "case file",
        "what_happened": r.about("child", f"The {role} noted {r.rng.choice(WORRIES)}."),
        "event": f"{agency} contact",
    }


def hear_the_family(r: BulkReview) -> None:
    """The liaison strategy agreed; relatives identified and contacted; all but the last agree
    how to take part, are met and give their views (the last declines)."""
    r.run(
        r.trail.agree_family_liaison_strategy,
        strategy="The reviewer and the chair meet the family where and when they wish.",
        agreed_on=r.day(38),
    )
    for n in range(r.shape.relatives):
        label, relationship = f"relative {n + 1}", RELATIVES[n % len(RELATIVES)]
        person = adult(r.rng, r.shape.case.jurisdiction, r.shape.received_on, r.surname)
        member = r.register(label, person, relationship)
        r.run(
            r.trail.family_member_identified,
            member=member,
            relationship=FAMILY_GROUP[relationship],
            identified_on=r.day(40),
        )
        r.run(r.trail.family_contact_made, member=member, channel="letter", contacted_on=r.day(42))
        if n < r.shape.relatives - 1 or n == 0:
            r.run(
                r.trail.agree_family_participation,
                actor="family-liaison",
                member=member,
                where=r.about(label, r.rng.choice(("At home.", "At a family centre."))),
                how=r.about(label, r.rng.choice(("In person.", "By video call."))),
                when=r.about(label, r.rng.choice(("Weekday mornings.", "After school hours."))),
                agreed_on=r.day(44),
            )
            r.run(r.trail.hold_family_meeting, members=[member], held_on=r.day(47))
            views = r.about(label, "Nobody asked us what was happening at home.")
            r.run(
                r.trail.family_views_recorded,
                actor="reviewer",
                member=member,
                views=views,
                recorded_on=r.day(50),
            )
        else:
            r.run(r.trail.family_declined, actor="reviewer", member=member, declined_on=r.day(50))


Step = Callable[[BulkReview], None]
STEPS: tuple[tuple[Stage, int, Step], ...] = (
    (Stage.RECOMMENDED, 20, recommend),
    (Stage.DECIDED, 30, decide),
    (Stage.COMMISSIONED, 40, commission),
    (Stage.EVIDENCE, 56, gather_evidence),
    (Stage.LEARNING, 95, learn),
    (Stage.REPORTED, 123, report),
    (Stage.PUBLISHED, 185, publish),
    (Stage.CLOSED, 249, close),
)
"""(stage reached, its last day counted from the notification, step), after ``intake``."""


def run_steps(r: BulkReview) -> Stage:
    """Every step up to the review's planned stage that is over by ``HORIZON``; the stage."""
    intake(r)
    reached = Stage.NOTIFIED
    for stage, last_day, step in STEPS:
        if stage > r.shape.stage or r.day(last_day) > HORIZON:
            break
        step(r)
        reached = stage
        if r.shape.declined and stage is Stage.DECIDED:
            break
    return reached

"""Information-rights requests about a generated review: an FOI request from a journalist and a
subject access request made by a relative for the child, each as far as ``HORIZON`` allows.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api.cli.demo_bulk import HORIZON, BulkReview
from api.cli.demo_people import name, new_id
from domain.foi import Outcome
from domain.personal import Category, Personal
from domain.request_clock import Nation
from domain.review import Jurisdiction
from domain.sar import ExemptionScope

PERSONAL_INFORMATION = {Jurisdiction.SCOTLAND: "foisa:s.38"}  # elsewhere FOIA s.40
THIRD_PARTIES = "dpa:Sch.2 para 16"


def requests(r: BulkReview) -> tuple[int, int]:
    """The review's FOI request and SAR, if its shape has them; (FOI requests, SARs) made."""
    foi = int(r.shape.foi and foi_request(r, r.day(r.rng.randrange(120, 400))))
    sar = int(r.shape.sar and subject_access_request(r, r.day(r.rng.randrange(60, 500))))
    return foi, sar


def foi_request(r: BulkReview, received_on: date) -> bool:
    """A journalist asks for the review's report; answered in part (personal information
    withheld) once 20 working days have passed. False when it would be received after HORIZON."""
    if received_on > HORIZON:
        return False
    journalist = new_id(r.rng)
    request_id = r.trail.receive_foi_request(
        requester_name=Personal(journalist, Category.IDENTITY, name(r.rng)),
        request_text=Personal(
            journalist, Category.NARRATIVE, "Please send me the review's report and its minutes."
        ),
        authority=r.shape.partnership,
        nation=Nation(r.shape.case.jurisdiction.value),
        environmental=False,
        received_on=received_on,
        review_id=r.review_id,
        calendars=r.calendars,
        meta=r.meta("dp-lead"),
    ).id
    answered_on = date.fromordinal(received_on.toordinal() + 27)
    if answered_on <= HORIZON:
        answer_foi_request(r, request_id, answered_on)
    return True


def answer_foi_request(r: BulkReview, request_id: UUID, answered_on: date) -> None:
    """Personal information considered exempt, the rest disclosed."""
    code = PERSONAL_INFORMATION.get(r.shape.case.jurisdiction, "foia:s.40")
    r.trail.consider_foi_exemption(
        request_id,
        code=code,
        reason="The minutes name the family.",
        favours=None,
        reasoning="",
        meta=r.meta("dp-lead"),
    )
    r.trail.respond_to_foi_request(
        request_id,
        outcome=Outcome.DISCLOSED_IN_PART,
        responded_on=answered_on,
        relied_on=[code],
        redaction_set_id=None,
        meta=r.meta("dp-lead"),
    )


def subject_access_request(r: BulkReview, received_on: date) -> bool:
    """A relative asks, for the child, for everything held; identity checked, the export
    compiled with third parties' data withheld, and answered within the month."""
    if received_on > HORIZON:
        return False
    requester = new_id(r.rng)
    sar_id = r.trail.receive_sar(
        requester_name=Personal(requester, Category.IDENTITY, name(r.rng, r.surname)),
        data_subject_id=r.child.subject_id,
        relationship="parent",
        nation=Nation(r.shape.case.jurisdiction.value),
        received_on=received_on,
        meta=r.meta("dp-lead"),
    ).id
    verified_on = date.fromordinal(received_on.toordinal() + 3)
    answered_on = date.fromordinal(received_on.toordinal() + 25)
    if verified_on <= HORIZON:
        r.trail.verify_sar_identity(
            sar_id,
            verified_on=verified_on,
            method="passport",
            calendars=r.calendars,
            meta=r.meta("dp-lead"),
        )
    if answered_on <= HORIZON:
        answer_sar(r, sar_id, answered_on)
    return True


def answer_sar(r: BulkReview, sar_id: UUID, answered_on: date) -> None:
    """The export compiled with third parties' data withheld (and the exemption recorded)."""
    dp_lead = r.meta("dp-lead")
    r.trail.compile_sar(
        sar_id, positions=[], third_party_values=3, compiled_on=answered_on, meta=dp_lead
    )
    r.trail.apply_sar_exemption(
        sar_id,
        code=THIRD_PARTIES,
        scope=ExemptionScope.THIRD_PARTY,
        fields=[],
        reason="Relatives' and practitioners' accounts are withheld.",
        meta=dp_lead,
    )
    r.trail.respond_to_sar(sar_id, responded_on=answered_on, meta=dp_lead)

"""The SubjectAccessRequest aggregate in memory: relevant time, extension notice, exemptions."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from domain.clocks import FixedCalendar
from domain.personal import Category, Personal
from domain.request_clock import Nation
from domain.sar import ExemptionScope, SarStatus, SubjectAccessRequest
from tests.domain.refusal import refused
from tests.examples import a_meta

ENGLAND_AND_WALES = FixedCalendar(name="england-and-wales")


def a_sar(received_on: date, nation: Nation = Nation.WALES) -> SubjectAccessRequest:
    return SubjectAccessRequest.receive(
        requester=Personal(uuid4(), Category.IDENTITY, "A. Parent"),
        data_subject_id=uuid4(),
        relationship="parent",
        nation=nation,
        received_on=received_on,
        meta=a_meta(role="dp-lead"),
    )


def verified(received_on: date, verified_on: date | None = None) -> SubjectAccessRequest:
    sar = a_sar(received_on)
    sar.verify_identity(
        verified_on=verified_on or received_on,
        method="passport seen",
        calendar=ENGLAND_AND_WALES,
        meta=a_meta(),
    )
    return sar


def compiled(third_party_values: int) -> SubjectAccessRequest:
    sar = verified(date(2026, 1, 5))
    sar.record_compilation(
        positions=[3, 7],
        third_party_values=third_party_values,
        compiled_on=date(2026, 1, 9),
        meta=a_meta(),
    )
    return sar


def replayed(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    aggregate: Any = None
    for domain_event in sar.collect_events():
        aggregate = domain_event.mutate(aggregate)
    assert isinstance(aggregate, SubjectAccessRequest)
    return aggregate


def test_the_clock_does_not_start_until_identity_is_verified() -> None:
    sar = a_sar(date(2026, 1, 30))
    assert sar.status is SarStatus.AWAITING_IDENTITY
    assert sar.due is None


def test_sar_received_30_jan_and_verified_that_day_is_due_2_mar() -> None:
    sar = verified(date(2026, 1, 30))
    assert sar.due == date(2026, 3, 2)
    assert sar.calendar_version == ENGLAND_AND_WALES.version


def test_the_month_runs_from_a_later_verification() -> None:
    sar = verified(date(2026, 1, 5), date(2026, 1, 20))
    assert sar.due == date(2026, 2, 20)
    assert replayed(sar).due == date(2026, 2, 20)


def test_a_scottish_controller_counts_the_scottish_calendar() -> None:
    sar = a_sar(date(2026, 1, 5), Nation.SCOTLAND)
    with refused("request.wrong-calendar"):
        sar.verify_identity(
            verified_on=date(2026, 1, 5), method="known", calendar=ENGLAND_AND_WALES, meta=a_meta()
        )


def test_an_extension_notified_in_the_first_month_makes_it_three_months() -> None:
    sar = verified(date(2025, 3, 31))
    sar.extend(
        notified_on=date(2025, 4, 10),
        amount=None,
        reason="complex",
        calendar=ENGLAND_AND_WALES,
        meta=a_meta(),
    )
    assert sar.due == date(2025, 6, 30)


def test_an_extension_notified_after_the_first_month_is_refused() -> None:
    sar = verified(date(2025, 3, 31))
    with refused("uk-gdpr-sar.extension-notice-late"):
        sar.extend(
            notified_on=date(2025, 5, 1),
            amount=None,
            reason="complex",
            calendar=ENGLAND_AND_WALES,
            meta=a_meta(),
        )


def test_an_extension_before_identity_is_verified_is_refused() -> None:
    with refused("sar.wrong-status"):
        a_sar(date(2025, 3, 31)).extend(
            notified_on=date(2025, 4, 1),
            amount=None,
            reason="complex",
            calendar=ENGLAND_AND_WALES,
            meta=a_meta(),
        )


def test_withheld_third_party_data_needs_its_exemption_before_responding() -> None:
    sar = compiled(third_party_values=2)
    with refused("sar.third-party-exemption-required"):
        sar.respond(responded_on=date(2026, 1, 12), meta=a_meta())


def test_with_the_para_16_exemption_recorded_the_response_is_sent_on_time() -> None:
    sar = compiled(third_party_values=2)
    sar.apply_exemption(
        code="dpa:Sch.2 para 16",
        scope=ExemptionScope.THIRD_PARTY,
        fields=[],
        reason="siblings' data",
        meta=a_meta(),
    )
    sar.respond(responded_on=date(2026, 1, 12), meta=a_meta())
    assert replayed(sar).response == {
        "responded_on": date(2026, 1, 12),
        "on_time": True,
        "records": 2,
    }


def test_a_sar_relies_only_on_dpa_exemptions() -> None:
    with refused("sar.exemption-not-dpa"):
        compiled(1).apply_exemption(
            code="foia:s.40", scope=ExemptionScope.THIRD_PARTY, fields=[], reason="x", meta=a_meta()
        )


def test_third_party_data_is_withheld_under_para_16_only() -> None:
    with refused("sar.third-party-needs-para-16"):
        compiled(1).apply_exemption(
            code="dpa:Sch.3 Pt 3",
            scope=ExemptionScope.THIRD_PARTY,
            fields=[],
            reason="x",
            meta=a_meta(),
        )


def test_a_field_exemption_names_fields_of_the_compiled_export() -> None:
    sar = compiled(0)
    with refused("sar.field-not-in-export"):
        sar.apply_exemption(
            code="dpa:Sch.3 Pt 3",
            scope=ExemptionScope.FIELDS,
            fields=[(99, "/name")],
            reason="serious harm",
            meta=a_meta(),
        )
    sar.apply_exemption(
        code="dpa:Sch.3 Pt 3",
        scope=ExemptionScope.FIELDS,
        fields=[(7, "/summary")],
        reason="serious harm",
        meta=a_meta(),
    )
    assert sar.withheld_fields() == {(7, "/summary"): "Sch.3 Pt 3"}

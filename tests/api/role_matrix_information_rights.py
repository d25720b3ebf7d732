"""Role-matrix cases for the information-rights operations (FOI, SAR, redaction, retention).

``tests/api/test_role_matrix.py`` owns the matrix; merge these into it with::

    CALLS.update(information_rights.calls(Call))
    ALLOWED.update(information_rights.ALLOWED)
    TENANT_SCOPED += information_rights.TENANT_SCOPED

Every builder makes its own resources in the state the operation needs. Four-eyes commands need
the resource proposed by another user than the matrix's caller (``user-1``), so those builders
issue tokens for other users through ``world._issuer``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from domain.roles import Role


class World(Protocol):
    client: Any
    _issuer: Any

    def headers(self, *roles: str, partnership: str = "p-north") -> dict[str, str]: ...


DP = "dp-lead"
READERS = frozenset({Role.DP_LEAD, Role.GOVERNANCE_OFFICER})
DP_ONLY = frozenset({Role.DP_LEAD})
ALL = frozenset(Role)
FOI = {
    "requester_name": "Sam Requester",
    "request_text": "The report, please.",
    "authority": "Newport City Council",
    "nation": "wales",
    "received_on": "2020-01-06",
}
TEXT = "Child B lived with her mother, Jane Doe."


def _as(world: World, user: str) -> dict[str, str]:
    token = world._issuer.issue(user=user, partnership="p-north", roles=[DP])
    return {"Authorization": f"Bearer {token}"}


def _post(world: World, path: str, body: dict[str, Any] | None, user: str = "dp-a") -> str:
    response = world.client.post(path, json=body, headers=_as(world, user))
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


def foi(world: World, responded: bool = False) -> str:
    request_id = _post(world, "/foi-requests", FOI)
    if responded:
        answer = {"outcome": "disclosed-in-full", "responded_on": "2020-01-10"}
        _post(world, f"/foi-requests/{request_id}/response", answer)
    return request_id


def child(world: World) -> str:
    return _post(world, "/subjects", {"relationship": "child", "name": "Child B"})


def sar(world: World, stage: str = "received") -> str:
    body = {
        "requester_name": "Pat Parent",
        "data_subject_id": child(world),
        "relationship": "mother",
        "nation": "wales",
        "received_on": "2026-01-30",
    }
    sar_id = _post(world, "/sars", body)
    if stage in ("verified", "compiled"):
        check = {"verified_on": "2026-01-30", "method": "passport"}
        _post(world, f"/sars/{sar_id}/identity-verification", check)
    if stage == "compiled":
        _post(world, f"/sars/{sar_id}/compilation", {"compiled_on": "2026-02-02"})
    return sar_id


def redaction_set(world: World, proposed: bool = False, applied: bool = False) -> str:
    body = {"document_kind": "report", "version_label": "v1", "text": TEXT}
    set_id = _post(world, "/redaction-sets", body)
    if proposed:
        mark = {"start": 31, "end": 39, "code": "foia:s.40", "reason": "name"}
        _post(world, f"/redaction-sets/{set_id}/redactions", mark)
    if applied:
        application = {"applied_on": "2026-04-01"}
        _post(world, f"/redaction-sets/{set_id}/application", application, user="dp-b")
    return set_id


def disposition(world: World, approved: bool = False) -> str:
    body = {"record_class": "foi-request", "record_ids": [foi(world, True)], "action": "anonymise"}
    disposition_id = _post(world, "/retention/dispositions", body)
    if approved:
        _post(world, f"/retention/dispositions/{disposition_id}/approval", None, user="dp-b")
    return disposition_id


def hold(world: World) -> str:
    subject = child(world)
    body = {
        "name": "Operation Elm",
        "hold_type": "inquiry",
        "reason": "IICSA instruction",
        "owner": "dp-a",
        "subject_ids": [subject],
    }
    return _post(world, "/retention/holds", body)


def _disposal(world: World) -> dict[str, Any]:
    return {"record_class": "foi-request", "record_ids": [foi(world, True)], "action": "anonymise"}


def _hold_body(world: World) -> dict[str, Any]:
    return {
        "name": "Operation Elm",
        "hold_type": "litigation",
        "reason": "claim",
        "owner": "dp-a",
        "subject_ids": [child(world)],
    }


SPECS: dict[str, tuple[frozenset[Role], Callable[[World], tuple[str, str, Any, Any]]]] = {
    "listExemptions": (ALL, lambda w: ("GET", "/exemptions", None, None)),
    "receiveFoiRequest": (DP_ONLY, lambda w: ("POST", "/foi-requests", FOI, None)),
    "listFoiRequests": (READERS, lambda w: ("GET", "/foi-requests", None, None)),
    "getFoiRequest": (READERS, lambda w: ("GET", f"/foi-requests/{foi(w)}", None, None)),
    "askFoiClarification": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{foi(w)}/clarification-request",
            {"asked_on": "2020-01-07"},
            None,
        ),
    ),
    "receiveFoiClarification": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{_asked(w)}/clarification",
            {"received_on": "2020-01-08"},
            None,
        ),
    ),
    "issueFoiFeesNotice": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{foi(w)}/fees-notice",
            {"issued_on": "2020-01-07"},
            None,
        ),
    ),
    "recordFoiFeePaid": (
        DP_ONLY,
        lambda w: ("POST", f"/foi-requests/{_fee(w)}/fee-payment", {"paid_on": "2020-01-08"}, None),
    ),
    "extendFoiRequest": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{_qualified(w)}/extension",
            {"notified_on": "2020-01-10", "reason": "PIT"},
            None,
        ),
    ),
    "considerFoiExemption": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{foi(w)}/exemptions",
            {"code": "foia:s.40", "reason": "names"},
            None,
        ),
    ),
    "respondToFoiRequest": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{foi(w)}/response",
            {"outcome": "disclosed-in-full", "responded_on": "2020-01-10"},
            None,
        ),
    ),
    "requestFoiInternalReview": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{foi(w, True)}/internal-review",
            {"requested_on": "2020-01-20"},
            None,
        ),
    ),
    "decideFoiInternalReview": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/foi-requests/{_reviewing(w)}/internal-review/decision",
            {"outcome": "upheld", "decided_on": "2020-02-01", "reason": "right"},
            None,
        ),
    ),
    "receiveSar": (
        DP_ONLY,
        lambda w: (
            "POST",
            "/sars",
            {
                "requester_name": "Pat",
                "data_subject_id": child(w),
                "relationship": "mother",
                "nation": "wales",
                "received_on": "2026-01-30",
            },
            None,
        ),
    ),
    "listSars": (READERS, lambda w: ("GET", "/sars", None, None)),
    "getSar": (READERS, lambda w: ("GET", f"/sars/{sar(w)}", None, None)),
    "verifySarIdentity": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/sars/{sar(w)}/identity-verification",
            {"verified_on": "2026-01-30", "method": "passport"},
            None,
        ),
    ),
    "extendSar": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/sars/{sar(w, 'verified')}/extension",
            {"notified_on": "2026-02-10", "reason": "complex"},
            None,
        ),
    ),
    "compileSar": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/sars/{sar(w, 'verified')}/compilation",
            {"compiled_on": "2026-02-02"},
            None,
        ),
    ),
    "applySarExemption": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/sars/{sar(w, 'compiled')}/exemptions",
            {"code": "dpa:Sch.2 para 16", "scope": "third-party", "reason": "others"},
            None,
        ),
    ),
    "respondToSar": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/sars/{sar(w, 'compiled')}/response",
            {"responded_on": "2026-02-03"},
            None,
        ),
    ),
    "getSarPackage": (
        DP_ONLY,
        lambda w: ("GET", f"/sars/{sar(w, 'compiled')}/package", None, None),
    ),
    "openRedactionSet": (
        DP_ONLY,
        lambda w: (
            "POST",
            "/redaction-sets",
            {"document_kind": "minutes", "version_label": "v1", "text": TEXT},
            None,
        ),
    ),
    "listRedactionSets": (READERS, lambda w: ("GET", "/redaction-sets", None, None)),
    "getRedactionSet": (
        READERS,
        lambda w: ("GET", f"/redaction-sets/{redaction_set(w)}", None, None),
    ),
    "getRedactionDocument": (
        DP_ONLY,
        lambda w: ("GET", f"/redaction-sets/{redaction_set(w)}/document", None, None),
    ),
    "proposeRedaction": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/redaction-sets/{redaction_set(w)}/redactions",
            {"start": 0, "end": 5, "code": "foia:s.40", "reason": "name"},
            None,
        ),
    ),
    "approveRedaction": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/redaction-sets/{redaction_set(w, proposed=True)}/redactions/1/approval",
            None,
            None,
        ),
    ),
    "rejectRedaction": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/redaction-sets/{redaction_set(w, proposed=True)}/redactions/1/rejection",
            {"reason": "public already"},
            None,
        ),
    ),
    "applyRedactionSet": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/redaction-sets/{redaction_set(w)}/application",
            {"applied_on": "2026-04-01"},
            None,
        ),
    ),
    "renderDisclosure": (
        READERS,
        lambda w: (
            "GET",
            f"/redaction-sets/{redaction_set(w, applied=True)}/disclosure",
            None,
            None,
        ),
    ),
    "listRetentionSchedules": (READERS, lambda w: ("GET", "/retention/schedules", None, None)),
    "listDueRecords": (READERS, lambda w: ("GET", "/retention/due", None, None)),
    "proposeDisposition": (
        DP_ONLY,
        lambda w: ("POST", "/retention/dispositions", _disposal(w), None),
    ),
    "listDispositions": (READERS, lambda w: ("GET", "/retention/dispositions", None, None)),
    "getDisposition": (
        READERS,
        lambda w: ("GET", f"/retention/dispositions/{disposition(w)}", None, None),
    ),
    "approveDisposition": (
        DP_ONLY,
        lambda w: ("POST", f"/retention/dispositions/{disposition(w)}/approval", None, None),
    ),
    "rejectDisposition": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/retention/dispositions/{disposition(w)}/rejection",
            {"reason": "keep"},
            None,
        ),
    ),
    "carryOutDisposition": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/retention/dispositions/{disposition(w, approved=True)}/execution",
            {"carried_out_on": "2026-05-01"},
            None,
        ),
    ),
    "placeLegalHold": (DP_ONLY, lambda w: ("POST", "/retention/holds", _hold_body(w), None)),
    "listLegalHolds": (READERS, lambda w: ("GET", "/retention/holds", None, None)),
    "getLegalHold": (READERS, lambda w: ("GET", f"/retention/holds/{hold(w)}", None, None)),
    "extendLegalHold": (
        DP_ONLY,
        lambda w: (
            "POST",
            f"/retention/holds/{hold(w)}/subjects",
            {"subject_ids": [child(w)]},
            None,
        ),
    ),
    "releaseLegalHold": (
        DP_ONLY,
        lambda w: ("POST", f"/retention/holds/{hold(w)}/release", {"reason": "over"}, None),
    ),
}


def _asked(world: World) -> str:
    request_id = foi(world)
    _post(world, f"/foi-requests/{request_id}/clarification-request", {"asked_on": "2020-01-07"})
    return request_id


def _fee(world: World) -> str:
    request_id = foi(world)
    _post(world, f"/foi-requests/{request_id}/fees-notice", {"issued_on": "2020-01-07"})
    return request_id


def _qualified(world: World) -> str:
    request_id = foi(world)
    test = {"favours": "maintain", "reasoning": "candour"}
    body = {"code": "foia:s.36", "reason": "deliberation", "public_interest": test}
    _post(world, f"/foi-requests/{request_id}/exemptions", body)
    return request_id


def _reviewing(world: World) -> str:
    request_id = foi(world, True)
    _post(world, f"/foi-requests/{request_id}/internal-review", {"requested_on": "2020-01-20"})
    return request_id


ALLOWED: dict[str, frozenset[Role]] = {operation: spec[0] for operation, spec in SPECS.items()}
# Operations that take the id of a partnership's resource (every one but creation and lists).
TENANT_SCOPED = [
    operation
    for operation in SPECS
    if not operation.startswith("list")
    and operation
    not in {
        "receiveFoiRequest",
        "receiveSar",
        "openRedactionSet",
        "proposeDisposition",
        "placeLegalHold",
    }
]


def calls(make: Callable[..., Any]) -> dict[str, Callable[[World], Any]]:
    """The matrix's ``CALLS`` entries, built with its ``Call`` class (``make``)."""

    def builder(build: Callable[[World], tuple[str, str, Any, Any]]) -> Callable[[World], Any]:
        def call(world: World) -> Any:
            method, path, body, params = build(world)
            return make(method, path, body, params)

        return call

    return {operation: builder(build) for operation, (_, build) in SPECS.items()}

"""Who may call what: one case per (role, operation) on real PostgreSQL, and tenant isolation.

The information-rights operations' cases live in ``role_matrix_information_rights`` (merged
below). Review commands are authorised per review, by the roles its rule set allows for each
command, and are tested in tests/api/test_review_commands_*.py.

The matrix is the policy (docs/api.md shows it as a table): an allowed role succeeds, any other
role gets 403 and nothing is written; a user of another partnership gets 404 for any id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from adapters.settings import Mode, Settings
from api.app import assemble, create_app, development_issuer
from domain.roles import Role
from tests.api import role_matrix_information_rights as information_rights
from tests.conftest import with_dbname
from tests.examples import notification_json

ALL = frozenset(Role)
OWNER_ROLES = ("chair", "dp-lead", "administrator")
Headers = dict[str, str]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: dict[str, Any] | None = None
    params: dict[str, str] | None = None


class World:
    """A running application on its own database, and a way to make resources in it."""

    def __init__(self, client: TestClient, settings: Settings) -> None:
        self.client = client
        self._issuer = development_issuer(settings)

    def headers(self, *roles: str, partnership: str = "p-north") -> Headers:
        token = self._issuer.issue(user="user-1", partnership=partnership, roles=list(roles))
        return {"Authorization": f"Bearer {token}"}

    def review(self) -> str:
        created = self.client.post(
            "/reviews", json=notification_json(), headers=self.headers(*OWNER_ROLES)
        )
        return str(created.json()["id"])

    def subject(self) -> str:
        body = {"relationship": "child", "name": "Alex Example", "date_of_birth": "2019-04-01"}
        created = self.client.post("/subjects", json=body, headers=self.headers(*OWNER_ROLES))
        return str(created.json()["id"])

    def log_head(self) -> int:
        return int(self.client.app.state.services.db.log_head())  # type: ignore[attr-defined]

    def audited(self) -> int:
        """Record an event and integrate it into the signed audit log; its position."""
        self.review()
        self.client.app.state.services.integrator.integrate()  # type: ignore[attr-defined]
        return self.log_head()

    def send(self, call: Call, headers: Headers) -> Any:
        return self.client.request(
            call.method, call.path, json=call.json, params=call.params, headers=headers
        )


ERASE = {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"}
SUBJECT = {"relationship": "parent", "name": "Sam Example"}


def override() -> dict[str, str]:
    # A fresh reason each time: repeating an override exactly is refused as unchanged.
    return {"day": "2025-07-22", "action": "add", "reason": f"Proclaimed {uuid4().hex[:8]}"}


def audit(path: str, **params: str) -> Callable[[World], Call]:
    def build(world: World) -> Call:
        position = world.audited()
        given = {k: str(position) if v == "{position}" else v for k, v in params.items()}
        return Call("GET", path, params=given or None)

    return build


CLOCK = {"rule": "foia", "start": "2025-07-01"}
OVERRIDES = "/calendars/england-and-wales/overrides"
CALLS: dict[str, Callable[[World], Call]] = {
    "receiveNotification": lambda w: Call("POST", "/reviews", notification_json()),
    "getReview": lambda w: Call("GET", f"/reviews/{w.review()}"),
    "listReviews": lambda w: Call("GET", "/reviews"),
    "registerSubject": lambda w: Call("POST", "/subjects", SUBJECT),
    "searchSubjects": lambda w: Call("GET", "/subjects/search", params={"name": "Alex Example"}),
    "listSubjectEvents": lambda w: Call("GET", f"/subjects/{w.subject()}/events"),
    "exportSubject": lambda w: Call(
        "GET", f"/subjects/{w.subject()}/export", params={"purpose": "SAR 2026/1"}
    ),
    "eraseSubject": lambda w: Call("POST", f"/subjects/{w.subject()}/erasure", ERASE),
    "authoriseNewKey": lambda w: Call(
        "POST", f"/subjects/{w.subject()}/keys", {"reason": "new contact"}
    ),
    "listClockRules": lambda w: Call("GET", "/clocks/rules"),
    "computeClock": lambda w: Call("POST", "/clocks/compute", CLOCK),
    "listCalendarOverrides": lambda w: Call("GET", OVERRIDES),
    "overrideCalendar": lambda w: Call("POST", OVERRIDES, override()),
    "getAuditCheckpoint": audit("/audit/checkpoint"),
    "getInclusionProof": audit("/audit/proofs/inclusion", position="{position}"),
    "getConsistencyProof": audit("/audit/proofs/consistency", **{"from": "1"}),
    "listAccessTrail": lambda w: Call("GET", "/audit/access"),
    "listDeadlines": lambda w: Call("GET", "/dashboards/deadlines"),
    "exportDeadlines": lambda w: Call("GET", "/dashboards/deadlines.csv"),
    "getDecisionTrail": lambda w: Call("GET", f"/reviews/{w.review()}/decision-trail"),
    "listPublications": lambda w: Call("GET", "/publications"),
}

ALLOWED: dict[str, frozenset[Role]] = {
    "receiveNotification": frozenset({Role.CHAIR, Role.ADMINISTRATOR}),
    "getReview": ALL,
    "listReviews": ALL,
    "registerSubject": frozenset(
        {Role.DP_LEAD, Role.CHAIR, Role.ADMINISTRATOR, Role.FAMILY_LIAISON}
    ),
    "searchSubjects": frozenset({Role.DP_LEAD}),
    "listSubjectEvents": frozenset({Role.DP_LEAD}),
    "exportSubject": frozenset({Role.DP_LEAD}),
    "eraseSubject": frozenset({Role.DP_LEAD}),
    "authoriseNewKey": frozenset({Role.DP_LEAD}),
    "listClockRules": ALL,
    "computeClock": ALL,
    "listCalendarOverrides": ALL,
    "overrideCalendar": frozenset({Role.ADMINISTRATOR, Role.DP_LEAD}),
    "getAuditCheckpoint": ALL,
    "getInclusionProof": ALL,
    "getConsistencyProof": ALL,
    "listAccessTrail": frozenset({Role.AUDITOR, Role.GOVERNANCE_OFFICER, Role.DP_LEAD}),
    "listDeadlines": ALL,
    "exportDeadlines": ALL,
    "getDecisionTrail": frozenset(
        {
            Role.AUDITOR,
            Role.GOVERNANCE_OFFICER,
            Role.DP_LEAD,
            Role.CHAIR,
            Role.REVIEWER,
            Role.PANEL_MEMBER,
        }
    ),
    "listPublications": ALL,
}

# Operations that take the id of a partnership's resource (calendars are national, shared).
TENANT_SCOPED = [
    "getReview",
    "listSubjectEvents",
    "exportSubject",
    "eraseSubject",
    "authoriseNewKey",
    "getDecisionTrail",
]
PUBLIC = {"health"}
# Review commands are authorised per review, by the roles its rule set allows for each command
# (``ReviewRules.roles_for``), not by a fixed role: tests/api/test_review_commands_*.py cover them.
PER_RULE_SET = {
    "review intake and decisions",
    "review commissioning",
    "review evidence and learning",
    "review report and action plan",
}

CALLS.update(information_rights.calls(Call))
ALLOWED.update(information_rights.ALLOWED)
TENANT_SCOPED += information_rights.TENANT_SCOPED
CELLS = [(operation, role) for operation in ALLOWED for role in Role]


@pytest.fixture(scope="module")
def world(pg_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One application and database for the whole matrix: each case makes its own resources."""
    name = f"rt_matrix_{uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    var: Path = tmp_path_factory.mktemp("matrix") / "var"
    settings = Settings(
        mode=Mode.TEST,
        var_dir=var,
        pool_size=4,
        database_timeout_seconds=1,
        run_audit_integrator=False,  # the cases integrate in the foreground when they need it
    )
    try:
        with TestClient(create_app(settings, with_dbname(pg_server_url, name))) as client:
            yield World(client, settings)
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.parametrize(("operation", "role"), CELLS, ids=[f"{o}-{r}" for o, r in CELLS])
def test_each_role_may_call_exactly_the_operations_the_matrix_allows(
    world: World, operation: str, role: Role
) -> None:
    call = CALLS[operation](world)
    before = world.log_head()
    response = world.send(call, world.headers(role.value))
    if role in ALLOWED[operation]:
        assert 200 <= response.status_code < 300, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert world.log_head() == before


def commands() -> list[str]:
    """The matrix's operations that answer a command receipt (``CommandAccepted``)."""
    receipt = {"$ref": "#/components/schemas/CommandAccepted"}
    return sorted(
        operation["operationId"]
        for methods in assemble().openapi()["paths"].values()
        for operation in methods.values()
        if operation["operationId"] in ALLOWED
        and any(
            response.get("content", {}).get("application/json", {}).get("schema") == receipt
            for status, response in operation["responses"].items()
            if status in ("200", "201")
        )
    )


@pytest.mark.parametrize("operation", commands())
def test_every_command_answers_its_new_version_as_etag(world: World, operation: str) -> None:
    call = CALLS[operation](world)
    response = world.send(call, world.headers(sorted(ALLOWED[operation])[0].value))
    assert response.headers["etag"] == f'"{response.json()["version"]}"'


@pytest.mark.parametrize("operation", TENANT_SCOPED)
def test_another_partnership_gets_404_for_any_id_and_writes_nothing(
    world: World, operation: str
) -> None:
    call = CALLS[operation](world)
    role = sorted(ALLOWED[operation])[0]
    before = world.log_head()
    response = world.send(call, world.headers(role.value, partnership="p-south"))
    assert response.status_code == 404, response.text
    assert response.json()["title"] == "Not found"
    assert world.log_head() == before


def test_the_matrix_covers_every_operation_with_a_fixed_role_policy(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    operations = {
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
        if not PER_RULE_SET.intersection(operation["tags"])
    }
    assert operations - PUBLIC == set(ALLOWED) == set(CALLS)

"""The users of a load run: a review team, a data protection lead, a governance officer.

Each runs what a frontend would send for its job, at weights that give roughly one command to
two queries overall: the review team opens reviews and takes each through information,
criteria, recommendation, decision and terms of reference (reading the review and its ETag
between steps); the data protection lead registers people, takes FOI requests and SARs and
searches for subjects; the governance officer reads reviews, decision trails and audit proofs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from adapters.load.bodies import CASES, STEPS, step_body
from adapters.load.session import Action, Session

NAMES = ("Alex", "Sam", "Jordan", "Riley", "Morgan", "Casey", "Jamie", "Robin", "Ellis", "Quinn")
NATIONS = ("wales", "scotland", "england")
LIMIT = "limit=20"


@dataclass
class OpenReview:
    """A review the team is working through: its id, last known version and next step."""

    id: str
    version: int
    case: dict[str, Any]
    step: int = 0
    child: str | None = None


class ReviewTeam(Session):
    """A chair running reviews from notification to terms of reference."""

    roles = ("chair",)
    MAX_OPEN = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open: list[OpenReview] = []

    def actions(self) -> list[tuple[float, Action]]:
        working = 1.0 if self.open else 0.0
        return [
            (2.0 if len(self.open) < self.MAX_OPEN else 0.0, self.open_review),
            (6.0 * working, self.advance_review),
            (4.0 * working, self.read_review),
            (2.0, self.list_reviews),
            (1.5, self.deadlines),
            (1.0 * working, self.decision_trail),
        ]

    def open_review(self) -> None:
        case = self.rng.choice(CASES)
        body = {
            "jurisdiction": case["jurisdiction"],
            "review_type": case["review_type"],
            "notifying_agency": "Police Scotland"
            if case["jurisdiction"] == "scotland"
            else "Gwent",
            "summary": "Serious harm to a child known to three agencies.",
            "received_on": "2024-03-01",
        }
        reply = self.command("POST /reviews", "/reviews", body)
        if reply is not None and reply.status == 201:
            self.open.append(OpenReview(reply.body["id"], reply.body["version"], case))
            self.context.shared.add_review(self.partnership, reply.body["id"])

    def advance_review(self) -> None:
        review = self.rng.choice(self.open)
        step = STEPS[review.step]
        if step == "agency-information" and review.child is None:
            review.child = self.register_person("child")
            if review.child is None:
                return
        path = f"/reviews/{review.id}/{step}"
        reply = self.command(
            f"POST /reviews/{{id}}/{step}",
            path,
            step_body(step, review.case, review.child),
            review.version,
        )
        if reply is None:
            return
        if reply.status == 200:
            review.version, review.step = reply.body["version"], review.step + 1
            if review.step == len(STEPS):
                self.open.remove(review)
        elif reply.status in (409, 412):
            self.read_review(review)  # someone else moved it: reload, as a frontend would
        else:
            self.open.remove(review)  # refused: this user gives up on it

    def read_review(self, review: OpenReview | None = None) -> None:
        review = review or self.rng.choice(self.open)
        reply = self.query("GET /reviews/{id}", f"/reviews/{review.id}")
        if reply is not None and reply.status == 200 and "etag" in reply.headers:
            review.version = int(reply.headers["etag"].strip('"'))

    def list_reviews(self) -> None:
        self.query("GET /reviews", f"/reviews?{LIMIT}")

    def deadlines(self) -> None:
        self.query("GET /dashboards/deadlines", f"/dashboards/deadlines?{LIMIT}")

    def decision_trail(self) -> None:
        review = self.rng.choice(self.open)
        self.query("GET /reviews/{id}/decision-trail", f"/reviews/{review.id}/decision-trail")

    def register_person(self, relationship: str) -> str | None:
        body = {"relationship": relationship, "name": f"{self.rng.choice(NAMES)} Example"}
        reply = self.command("POST /subjects", "/subjects", body)
        return str(reply.body["id"]) if reply is not None and reply.status == 201 else None


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    date_of_birth: str


class DataProtection(Session):
    """A data protection lead: people, FOI requests, SARs, subject searches."""

    roles = ("dp-lead",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people: list[Person] = []
        self.sars: list[str] = []

    def actions(self) -> list[tuple[float, Action]]:
        known = 1.0 if self.people else 0.0
        return [
            (3.0, self.register_subject),
            (2.0, self.foi_intake),
            (2.0 * known, self.sar_intake),
            (3.0 * known, self.search),
            (2.0, self.list_foi),
            (2.0 if self.sars else 0.0, self.read_sar),
            (1.0, self.deadlines),
        ]

    def register_subject(self) -> None:
        name = f"{self.rng.choice(NAMES)} {self.rng.choice(NAMES)}son"
        born = (date(1990, 1, 1) + timedelta(days=self.rng.randrange(12_000))).isoformat()
        body = {"relationship": "parent", "name": name, "date_of_birth": born}
        reply = self.command("POST /subjects", "/subjects", body)
        if reply is not None and reply.status == 201:
            self.people = [*self.people[-49:], Person(reply.body["id"], name, born)]

    def foi_intake(self) -> None:
        body = {
            "requester_name": f"{self.rng.choice(NAMES)} Requester",
            "request_text": "Please send the learning review report about Child B.",
            "authority": "Newport City Council",
            "nation": self.rng.choice(NATIONS),
            "received_on": "2026-03-02",
        }
        self.command("POST /foi-requests", "/foi-requests", body, aggregates=2)

    def sar_intake(self) -> None:
        body = {
            "requester_name": f"{self.rng.choice(NAMES)} Parent",
            "data_subject_id": self.rng.choice(self.people).id,
            "relationship": "parent, with parental responsibility",
            "nation": self.rng.choice(NATIONS),
            "received_on": "2026-03-02",
        }
        reply = self.command("POST /sars", "/sars", body, aggregates=2)
        if reply is not None and reply.status == 201:
            self.sars = [*self.sars[-49:], str(reply.body["id"])]

    def search(self) -> None:
        person = self.rng.choice(self.people)
        path = f"/subjects/search?name={quote(person.name)}&date_of_birth={person.date_of_birth}"
        self.query("GET /subjects/search", path)

    def list_foi(self) -> None:
        self.query("GET /foi-requests", f"/foi-requests?{LIMIT}")

    def read_sar(self) -> None:
        self.query("GET /sars/{id}", f"/sars/{self.rng.choice(self.sars)}")

    def deadlines(self) -> None:
        self.query("GET /dashboards/deadlines", f"/dashboards/deadlines?{LIMIT}")


class Governance(Session):
    """A governance officer auditing what the review teams recorded."""

    roles = ("governance-officer",)

    def actions(self) -> list[tuple[float, Action]]:
        return [
            (3.0, self.list_reviews),
            (3.0, self.read_review),
            (3.0, self.decision_trail),
            (2.0, self.checkpoint),
            (2.0, self.inclusion_proof),
            (1.0, self.list_sars),
        ]

    def list_reviews(self) -> None:
        self.query("GET /reviews", f"/reviews?{LIMIT}")

    def read_review(self) -> None:
        review = self.context.shared.review(self.partnership, self.rng)
        if review is None:
            self.list_reviews()
            return
        self.query("GET /reviews/{id}", f"/reviews/{review}")

    def decision_trail(self) -> None:
        review = self.context.shared.review(self.partnership, self.rng)
        if review is None:
            self.list_reviews()
            return
        self.query("GET /reviews/{id}/decision-trail", f"/reviews/{review}/decision-trail")

    def checkpoint(self) -> None:
        self.query("GET /audit/checkpoint", "/audit/checkpoint")

    def inclusion_proof(self) -> None:
        position = self.context.shared.position(self.rng)
        if position is None:
            self.checkpoint()
            return
        self.query("GET /audit/proofs/inclusion", f"/audit/proofs/inclusion?position={position}")

    def list_sars(self) -> None:
        self.query("GET /sars", f"/sars?{LIMIT}")


PERSONAS: tuple[type[Session], ...] = (ReviewTeam, DataProtection, Governance)

"""Parallel proceedings (criminal, fatal accident inquiry, inquest, children's hearing) and
pauses: both stop the rule set's completion clocks until they end."""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import (
    LifecycleEvent,
    ReviewState,
    require_category,
    require_one_of,
    require_text,
    topic,
)

PROCEEDINGS = ("criminal", "fatal-accident-inquiry", "inquest", "childrens-hearing")
# Reasons a hold may be stated as, which name a category and never a person: the deadline
# dashboard shows these; any other stated reason stays in the review and its decision trail.
PAUSE_REASON_CODES = (
    "publication-delayed",
    *PROCEEDINGS,
    "court-order",
    "family-request",
    "awaiting-information",
    "other",
)


class ParallelProceedingsRecorded(LifecycleEvent):
    """Proceedings run alongside the review (numbered from 1 in the order recorded)."""

    TOPIC = topic("ParallelProceedingsRecorded")
    number: int
    kind: str
    body: str
    details: Personal | None
    recorded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.proceedings.append(
            {
                "number": self.number,
                "kind": self.kind,
                "body": self.body,
                "details": self.details,
                "recorded_on": self.recorded_on,
                "concluded_on": None,
                "outcome": None,
            }
        )


class ParallelProceedingsConcluded(LifecycleEvent):
    """Parallel proceedings ended."""

    TOPIC = topic("ParallelProceedingsConcluded")
    number: int
    outcome: str
    concluded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.proceedings[self.number - 1].update(
            concluded_on=self.concluded_on, outcome=self.outcome
        )


class ReviewPaused(LifecycleEvent):
    """The review (and its clocks) was put on hold, for a stated reason."""

    TOPIC = topic("ReviewPaused")
    reason: str
    paused_on: date

    def evolve(self, review: ReviewState) -> None:
        review.pauses.append(
            {"reason": self.reason, "paused_on": self.paused_on, "resumed_on": None}
        )


class ReviewResumed(LifecycleEvent):
    """The review came off hold."""

    TOPIC = topic("ReviewResumed")
    resumed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.pauses[-1]["resumed_on"] = self.resumed_on


class ProceedingsCommands(ReviewState):
    def record_parallel_proceedings(
        self,
        *,
        kind: str,
        body: str,
        recorded_on: date,
        meta: Meta,
        details: Personal | None = None,
    ) -> None:
        """Record proceedings running alongside the review (rule: a known kind; details are
        criminal-offence or narrative data) → ParallelProceedingsRecorded.

        Raises DomainError ``review.unknown-proceedings``, ``review.body-required`` or
        ``review.personal-category``.
        """
        self._require("record_parallel_proceedings")
        require_one_of(kind, PROCEEDINGS, "review.unknown-proceedings")
        require_category(details, (Category.CRIMINAL, Category.NARRATIVE), "the details")
        self._record(
            ParallelProceedingsRecorded,
            number=len(self.proceedings) + 1,
            kind=kind,
            body=require_text(body, "review.body-required", "the body running them"),
            details=details,
            recorded_on=recorded_on,
            meta=meta,
        )

    def conclude_parallel_proceedings(
        self, *, number: int, outcome: str, concluded_on: date, meta: Meta
    ) -> None:
        """Record that proceedings ended (rule: they are open) → ParallelProceedingsConcluded.

        Raises DomainError ``review.proceedings-not-open`` or ``review.outcome-required``.
        """
        self._require("conclude_parallel_proceedings")
        if not 0 < number <= len(self.proceedings) or self.proceedings[number - 1]["concluded_on"]:
            raise DomainError("review.proceedings-not-open", f"proceedings {number} are not open")
        self._record(
            ParallelProceedingsConcluded,
            number=number,
            outcome=require_text(outcome, "review.outcome-required", "the outcome"),
            concluded_on=concluded_on,
            meta=meta,
        )

    def pause(self, *, reason: str, paused_on: date, meta: Meta) -> None:
        """Put the review on hold (rule: not already on hold; reason stated) → ReviewPaused.

        Raises DomainError ``review.already-paused`` or ``review.pause-reason-required``.
        """
        self._require("pause")
        if self.paused:
            raise DomainError("review.already-paused", "the review is already on hold")
        reason = require_text(reason, "review.pause-reason-required", "the reason")
        self._record(ReviewPaused, reason=reason, paused_on=paused_on, meta=meta)

    def resume(self, *, resumed_on: date, meta: Meta) -> None:
        """Take the review off hold (rule: it is on hold, since no later date) → ReviewResumed.

        Raises DomainError ``review.not-paused`` or ``review.resumed-before-paused``.
        """
        self._require("resume")
        if not self.paused:
            raise DomainError("review.not-paused", "the review is not on hold")
        if resumed_on < self.pauses[-1]["paused_on"]:
            raise DomainError("review.resumed-before-paused", "it cannot resume before it paused")
        self._record(ReviewResumed, resumed_on=resumed_on, meta=meta)

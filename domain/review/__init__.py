"""The Review aggregate and its events (``from domain.review import Review, Jurisdiction``)."""

from domain.review.aggregate import SUMMARY_MAX, Review, event_name
from domain.review.base import DEFAULT_REVIEW_TYPE, Jurisdiction, LifecycleEvent, ReviewEvent

__all__ = [
    "DEFAULT_REVIEW_TYPE",
    "SUMMARY_MAX",
    "Jurisdiction",
    "LifecycleEvent",
    "Review",
    "ReviewEvent",
    "event_name",
]

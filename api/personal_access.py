"""Personal values as one reader may see them, and the access-trail record of what was shown.

A route that renders ``Personal`` values builds a ``PersonalView`` for its caller
(``view_for``), renders through it, and then calls ``record_view``: a response that served at
least one decrypted value is recorded as ``PersonalDataViewed`` with the stated purpose before it
is returned (``recording_view`` records it while the route finishes the response); a response
that served only placeholders records nothing. The policy itself is
``domain.access_policy.READABLE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import Query, Request

from api.auth import Principal
from api.deps import Services, meta_for
from domain.access_policy import readable_categories
from domain.meta import Meta
from domain.personal import Category, Personal

PLACEHOLDER = "[personal data]"
Purpose = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="Why you are reading personal data; recorded in the access trail "
        "(must not itself contain personal data)",
    ),
]


@dataclass
class PersonalView:
    """Renders ``Personal`` values for one reader and notes whose decrypted values it served."""

    readable: frozenset[Category]
    subjects: dict[UUID, None] = field(default_factory=dict)
    categories: set[Category] = field(default_factory=set)

    def show(self, value: Any) -> Any:
        """``value`` with every Personal replaced by its JSON form (see ``PersonalOut``)."""
        if isinstance(value, Personal):
            return self._field(value)
        if isinstance(value, dict):
            return {str(k): self.show(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.show(v) for v in value]
        return value

    def serves(self, value: Any) -> None:
        """Count the decrypted values ``show(value)`` would serve, without rendering anything
        (so that the access can be recorded while ``value`` is rendered)."""
        if isinstance(value, Personal):
            if value.category in self.readable:
                self._served(value)
        elif isinstance(value, dict):
            for item in value.values():
                self.serves(item)
        elif isinstance(value, list | tuple):
            for item in value:
                self.serves(item)

    def reveals(self, *values: Personal) -> bool:
        """True when the reader may see every one of ``values``, which then count as served."""
        if any(v.category not in self.readable for v in values):
            return False
        for value in values:
            self._served(value)
        return True

    def _served(self, value: Personal) -> None:
        if value.value is not None:  # a placeholder read back shows nobody's data
            self.subjects[value.subject_id] = None
            self.categories.add(value.category)

    def _field(self, value: Personal) -> dict[str, Any]:
        withheld = value.value is not None and value.category not in self.readable
        if not withheld:
            self._served(value)
        return {
            "subject_id": value.subject_id,
            "category": value.category,
            "value": PLACEHOLDER if withheld else value.display,
            "erased": value.is_erased,
            "withheld": withheld,
        }


def view_for(principal: Principal) -> PersonalView:
    """A view showing ``principal`` the categories their roles may read decrypted."""
    return PersonalView(readable_categories(principal.roles))


_RECORDERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="access-trail")


@contextmanager
def recording_view(
    services: Services,
    request: Request,
    principal: Principal,
    view: PersonalView,
    *,
    record: tuple[str, UUID],
    purpose: str,
) -> Iterator[None]:
    """``record_view`` alongside the block, for a route that still has work to do once it
    knows what it will show (``view.serves``): the access-trail record waits mostly on its
    commit's flush to disk, while the block renders. The block's response must be returned
    only after this exits, which it does once the record is committed, raising the record's
    error if it failed. Whatever the block served beyond what was counted before it is
    recorded too, before exiting. If the block fails, the record is still awaited: it may then
    say more was shown than was, never less."""
    meta = meta_for(request, principal)  # the request is read here, in the request's thread
    subjects, categories = dict(view.subjects), set(view.categories)
    recorded = None
    if subjects:
        recorded = _RECORDERS.submit(_record, services, meta, record, purpose, subjects, categories)
    try:
        yield
    finally:
        if recorded is not None:
            recorded.result()
    if view.subjects.keys() - subjects.keys() or view.categories - categories:
        _record(services, meta, record, purpose, view.subjects, view.categories)


def record_view(
    services: Services,
    request: Request,
    principal: Principal,
    view: PersonalView,
    *,
    record: tuple[str, UUID],
    purpose: str,
) -> None:
    """Record that ``view`` served decrypted values from ``record`` (kind, id); none: nothing."""
    if not view.subjects:
        return
    meta = meta_for(request, principal)
    _record(services, meta, record, purpose, view.subjects, view.categories)


def _record(
    services: Services,
    meta: Meta,
    record: tuple[str, UUID],
    purpose: str,
    subjects: Iterable[UUID],
    categories: Iterable[Category],
) -> None:
    services.app.record_personal_data_view(
        access_id=uuid4(),
        record=record,
        subject_ids=subjects,
        categories=categories,
        purpose=purpose,
        meta=meta,
    )

"""The personal-data access policy (which roles read which categories) and the record of a read."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.access_log import PersonalDataAccess
from domain.access_policy import READABLE, readable_categories
from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category
from domain.roles import Role

META = Meta(actor_id="u-1", actor_role="chair", partnership_id="p-north", correlation_id=uuid4())


def test_every_role_has_a_row_in_the_policy() -> None:
    assert set(READABLE) == set(Role)


def test_an_auditor_may_read_no_category() -> None:
    assert readable_categories([Role.AUDITOR]) == frozenset()


def test_an_administrator_may_read_names_and_contact_details_only() -> None:
    assert readable_categories([Role.ADMINISTRATOR]) == {Category.IDENTITY, Category.CONTACT}


@given(st.sets(st.sampled_from(Role)))
def test_several_roles_may_read_what_any_one_of_them_may(roles: set[Role]) -> None:
    expected = {category for role in roles for category in READABLE[role]}
    assert readable_categories(roles) == expected


def test_a_view_records_each_subject_once_with_its_purpose() -> None:
    child = uuid4()
    access = PersonalDataAccess.record_view(
        access_id=uuid4(),
        record_kind="review",
        record_id=uuid4(),
        subject_ids=[child, child],
        categories=[Category.NARRATIVE],
        purpose=" case analysis ",
        meta=META,
    )
    (viewed,) = access.collect_events()
    assert type(viewed).__name__ == "PersonalDataViewed"
    assert (viewed.subject_ids, viewed.purpose) == ([child], "case analysis")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("purpose", "subjects", "rule"),
    [(" ", [uuid4()], "access.purpose-required"), ("audit", [], "access.nothing-viewed")],
)
def test_a_view_without_a_purpose_or_a_subject_is_refused(
    purpose: str, subjects: list[UUID], rule: str
) -> None:
    with pytest.raises(DomainError) as refused:
        PersonalDataAccess.record_view(
            access_id=uuid4(),
            record_kind="review",
            record_id=uuid4(),
            subject_ids=subjects,
            categories=[],
            purpose=purpose,
            meta=META,
        )
    assert refused.value.rule == rule


def test_the_table_in_the_api_docs_is_the_policy() -> None:
    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    section = text.split("## Personal data by role", 1)[1].split("\n\n| category |", 1)[1]
    table = ("| category |" + section).split("\n\n", 1)[0]
    header, _, *rows = table.splitlines()
    roles = [Role(cell.strip()) for cell in header.strip("|").split("|")[1:]]
    documented: dict[Role, set[Category]] = {role: set() for role in roles}
    for row in rows:
        category, *cells = (cell.strip() for cell in row.strip("|").split("|"))
        for role, cell in zip(roles, cells, strict=True):
            if cell == "✓":
                documented[role].add(Category(category.strip("`")))
    assert documented == READABLE

"""Which roles may read which categories of personal data decrypted: one table, as data.

Every route that renders a ``Personal`` asks this table; a category a reader's roles do not list
is shown as a placeholder (its subject and category, no value). A user holding several roles may
read the union of their categories. Changing who may read what is an edit here and in the table
in docs/api.md ("Personal data by role"), nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from domain.personal import Category
from domain.roles import Role

__all__ = ["READABLE", "readable_categories"]

_ALL = frozenset(Category)
_CASE_TEXT = frozenset({Category.NARRATIVE, Category.OPINION})
_REACHING_PEOPLE = frozenset({Category.IDENTITY, Category.CONTACT})

READABLE: Mapping[Role, frozenset[Category]] = {
    # Those who analyse the case or answer for its data need all of it.
    Role.CHAIR: _ALL,
    Role.REVIEWER: _ALL,
    Role.DP_LEAD: _ALL,
    # Works with the family: who they are, how to reach them, and what was said.
    Role.FAMILY_LIAISON: _REACHING_PEOPLE | _CASE_TEXT,
    # Deliberates on the learning, not on who the people are or their health or records.
    Role.PANEL_MEMBER: _CASE_TEXT,
    # Arranges meetings and letters: names and contact details only.
    Role.ADMINISTRATOR: _REACHING_PEOPLE,
    # Oversee process and integrity; they never need the values themselves.
    Role.GOVERNANCE_OFFICER: frozenset(),
    Role.AUDITOR: frozenset(),
}


def readable_categories(roles: Iterable[Role]) -> frozenset[Category]:
    """The categories a holder of ``roles`` may read decrypted (the union over the roles)."""
    return frozenset().union(*(READABLE.get(role, frozenset()) for role in roles))

"""The roles a user can hold in a partnership (tenant)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHAIR = "chair"
    REVIEWER = "reviewer"
    PANEL_MEMBER = "panel-member"
    ADMINISTRATOR = "administrator"
    FAMILY_LIAISON = "family-liaison"
    GOVERNANCE_OFFICER = "governance-officer"
    DP_LEAD = "dp-lead"
    AUDITOR = "auditor"

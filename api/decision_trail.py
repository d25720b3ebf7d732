"""Decision-trail entries as the API serves them: view rows with their personal fields shown (or
not) for the caller, an inclusion proof of each event against the latest signed checkpoint, and
the same entries as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from adapters.postgres.audit_queries import AuditQueries, InclusionProof
from api.deps import Services
from api.personal_access import PersonalView
from api.schemas.decision_trail import DecisionTrailEntry, PersonalField, TrailProof
from domain.personal import Personal, personal_fields

PLACEHOLDER = "[personal data]"
NOT_INTEGRATED = "the event is not yet integrated into the audit log; ask again shortly"
CSV_COLUMNS = (
    "position",
    "event_type",
    "actor_id",
    "actor_role",
    "recorded_at",
    "summary",
    "personal",
    "leaf_index",
    "tree_size",
    "root_hash",
    "proof",
    "proof_unavailable",
)
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def trail_entries(
    services: Services, view: PersonalView, rows: Sequence[dict[str, Any]]
) -> list[DecisionTrailEntry]:
    """The entries for ``rows`` (decision_trail view rows) as ``view`` (the reader's access
    policy, which notes what it served for the access trail) may see them."""
    proofs = inclusion_proofs(services, [int(row["position"]) for row in rows])
    shown = {
        key: value.display
        for key, value in personal_values(services, rows).items()
        if view.reveals(value)
    }
    return [_entry(row, proofs.get(int(row["position"])), shown) for row in rows]


def inclusion_proofs(services: Services, positions: Sequence[int]) -> dict[int, TrailProof]:
    """A proof per integrated position, all against one tree: the latest signed checkpoint's
    if it holds them all, else the integrated tree's. Positions not integrated after a brief
    wait for the integrator have none."""
    if not positions:
        return {}
    services.integrator.wait_for(max(positions), services.settings.read_your_writes_timeout)
    audit = services.audit
    leaves = {p: leaf for p in positions if (leaf := audit.leaf_at(p)) is not None}
    if not leaves:
        return {}
    size = _tree_size(audit, max(leaf.leaf_index for leaf in leaves.values()) + 1)
    return {p: _proof(audit.inclusion(p, size)) for p in leaves}


def _tree_size(audit: AuditQueries, needed: int) -> int:
    latest = audit.latest_checkpoint()
    if latest is not None and latest.tree_size >= needed:
        return latest.tree_size
    return audit.tree_state().size


def _proof(proof: InclusionProof) -> TrailProof:
    return TrailProof(
        leaf_index=proof.leaf_index,
        leaf_hash=proof.leaf_hash.hex(),
        tree_size=proof.tree_size,
        root_hash=proof.root.hex(),
        proof=[h.hex() for h in proof.proof],
        checkpoint=proof.checkpoint,
    )


def personal_values(
    services: Services, rows: Sequence[dict[str, Any]]
) -> dict[tuple[int, str], Personal]:
    """Each personal field the rows refer to, keyed by (position, path),
    decrypted from the events themselves (the view stores no personal value)."""
    positions = [int(row["position"]) for row in rows if row["personal"]]
    if not positions:
        return {}
    return {
        (position, path): value
        for position, event in services.events.at_positions(positions)
        for path, value in personal_fields(vars(event))
    }


def _entry(
    row: dict[str, Any], proof: TrailProof | None, shown: dict[tuple[int, str], str]
) -> DecisionTrailEntry:
    position = int(row["position"])
    personal = [
        PersonalField(
            field=ref["field"],
            subject_id=ref["subject_id"],
            category=ref["category"],
            display=shown.get((position, ref["field"]), PLACEHOLDER),
        )
        for ref in row["personal"]
    ]
    return DecisionTrailEntry(
        **{key: row[key] for key in ("event_type", "actor_id", "actor_role", "recorded_at")},
        position=position,
        summary=row["summary"],
        personal=personal,
        proof=proof,
        proof_unavailable=None if proof else NOT_INTEGRATED,
    )


def trail_csv(entries: Sequence[DecisionTrailEntry]) -> str:
    """The entries as CSV (``CSV_COLUMNS``): summary and personal fields as JSON, proof hashes
    separated by spaces."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([_cell(value) for value in _csv_row(entry)])
    return out.getvalue()


def _csv_row(entry: DecisionTrailEntry) -> list[Any]:
    proof = entry.proof
    personal = [field.model_dump(mode="json") for field in entry.personal]
    return [
        entry.position,
        entry.event_type,
        entry.actor_id,
        entry.actor_role,
        entry.recorded_at.isoformat(),
        json.dumps(entry.summary, sort_keys=True),
        json.dumps(personal, sort_keys=True),
        proof.leaf_index if proof else "",
        proof.tree_size if proof else "",
        proof.root_hash if proof else "",
        " ".join(proof.proof) if proof else "",
        entry.proof_unavailable or "",
    ]


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value

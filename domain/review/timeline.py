"""Merging single-agency chronologies into one timeline (a pure function of the submissions).

Entries are sorted by date; entries of different agencies on the same day that name the same
event (their ``event`` label, compared without case) are grouped as one event; entries dated
outside the period the agency was asked to cover are flagged. The merged timeline holds
references to entries (agency, submission version, index), so personal data is never copied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

Ref = dict[str, Any]


def merge(chronologies: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The merged groups and the agencies asked for a chronology that have not submitted one."""
    refs: list[tuple[date, str, Ref]] = []
    for agency, chronology in sorted(chronologies.items()):
        if not chronology["submissions"]:
            continue
        version = len(chronology["submissions"])
        for index, entry in enumerate(chronology["submissions"][-1]["entries"]):
            outside = not chronology["period_start"] <= entry["date"] <= chronology["period_end"]
            ref = {"agency": agency, "version": version, "index": index, "outside_period": outside}
            refs.append((entry["date"], _label(entry), ref))
    missing = sorted(a for a, c in chronologies.items() if not c["submissions"])
    return _group(sorted(refs, key=lambda r: (r[0], r[1], r[2]["agency"], r[2]["index"]))), missing


def _label(entry: dict[str, Any]) -> str:
    label = entry.get("event") or ""
    return str(label).strip().casefold()


def _group(refs: list[tuple[date, str, Ref]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for day, label, ref in refs:
        last = groups[-1] if groups else None
        if last is not None and label and (last["date"], last["label"]) == (day, label):
            last["entries"].append(ref)
        else:
            groups.append({"date": day, "label": label, "entries": [ref]})
    return groups


def resolve(
    groups: list[dict[str, Any]], chronologies: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The merged groups with each reference replaced by the entry it points at."""
    return [
        {
            "date": group["date"],
            "event": group["label"] or None,
            "entries": [
                {
                    **chronologies[ref["agency"]]["submissions"][ref["version"] - 1]["entries"][
                        ref["index"]
                    ],
                    "agency": ref["agency"],
                    "outside_period": ref["outside_period"],
                }
                for ref in group["entries"]
            ],
        }
        for group in groups
    ]

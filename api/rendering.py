"""Human-readable renderings of exports (HTML, escaped throughout)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.subject_export import ExportData


def export_html(export: ExportData) -> str:
    """A self-contained HTML page listing each record held about the subject."""
    sections = "\n".join(_event_section(event) for event in export.events)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Subject access export {escape(str(export.subject_id))}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:auto}"
        "dt{font-weight:bold}.withheld{color:#555;font-style:italic}</style></head><body>"
        f"<h1>Personal data held about subject {escape(str(export.subject_id))}</h1>"
        f"<p>{len(export.events)} records. Data about other people is withheld and shown as "
        "<span class='withheld'>[third-party data]</span>.</p>"
        f"{sections}</body></html>"
    )


def _event_section(event: dict[str, Any]) -> str:
    record, when = escape(event["record"]), escape(event["recorded_at"])
    heading = f"{escape(event['event'])} (record {record}, {when})"
    return f"<section><h2>{heading}</h2>{_value(event['data'])}</section>"


def _value(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"category", "value", "own"}:
        css = "" if value["own"] else " class='withheld'"
        return f"<span{css}>{escape(str(value['value']))}</span>"
    if isinstance(value, dict):
        items = "".join(f"<dt>{escape(k)}</dt><dd>{_value(v)}</dd>" for k, v in value.items())
        return f"<dl>{items}</dl>"
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{_value(v)}</li>" for v in value) + "</ul>"
    return escape("" if value is None else str(value))

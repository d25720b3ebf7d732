"""``reviewtrail keys`` and ``reviewtrail subjects``: key rotation and erasure for operators."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

import typer

from adapters.crypto import load_keyring, write_keyfile
from api.app import build_services
from api.cli.common import console, database, load_settings
from domain.meta import Meta
from domain.personal import Category
from domain.roles import Role

keys_app = typer.Typer(no_args_is_help=True, help="key-encryption keys")
subjects_app = typer.Typer(no_args_is_help=True, help="data subjects")


@keys_app.command("rotate-kek")
def rotate_kek() -> None:
    """Add a new current KEK to the key file and re-wrap every data key (events untouched)."""
    settings = load_settings()
    rotated = load_keyring(settings.key_path).rotated()
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            write_keyfile(rotated, settings.key_path, replace=True)
            count = services.keys.rotate_kek(rotated)
        finally:
            services.close()
    console.print(f"KEK version {rotated.current_version} is current; re-wrapped {count} data keys")


@subjects_app.command("erase")
def erase(
    subject_id: Annotated[UUID, typer.Argument(help="the data subject's id")],
    reason: Annotated[str, typer.Option(help="why the data is erased (recorded)")],
    legal_basis: Annotated[str, typer.Option(help="e.g. 'UK GDPR Art. 17(1)(a)'")],
    partnership: Annotated[str, typer.Option(help="the subject's partnership")],
    actor: Annotated[str, typer.Option(help="your user id (recorded)")],
    category: Annotated[Category | None, typer.Option(help="erase one category only")] = None,
) -> None:
    """Crypto-shred a subject's personal data and record SubjectErased."""
    settings = load_settings()
    meta = Meta(actor, Role.DP_LEAD.value, partnership, uuid4(), reason=reason)
    with database(settings) as url:
        services = build_services(settings, url)
        try:
            receipt = services.app.erase_subject(
                subject_id, category=category, reason=reason, legal_basis=legal_basis, meta=meta
            )
        finally:
            services.close()
    console.print(f"erased subject {subject_id}; recorded at log position {receipt.position}")

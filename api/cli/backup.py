"""``reviewtrail backup`` / ``restore``: pg_dump archives, and erasures re-applied after restore.

A backup cannot know the erasures made after it was taken: restoring it would bring those
subjects' data keys back. Every erasure is also appended to the erasure ledger, a file outside the
database (``REVIEWTRAIL_ERASURE_LEDGER_DIR``), and a restore re-applies each entry recorded since
the backup started.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from adapters.erasure_ledger import ErasureLedger
from adapters.keyfile import keyring_for
from adapters.postgres import backup as pg_backup
from adapters.postgres.db import Database
from adapters.postgres.keystore import PostgresKeyStore
from adapters.settings import Settings
from api.cli.common import console, database, fail, load_settings

# An erasure committed while pg_dump was starting may be missing from the archive: re-applying
# one the archive already has is harmless, so entries from shortly before its start count too.
MARGIN = timedelta(minutes=1)


def backup(
    out: Annotated[Path, typer.Option("--out", help="archive file to write (custom format)")],
) -> None:
    """Write a pg_dump custom-format archive of the configured database."""
    settings = load_settings()
    with database(settings) as url:
        try:
            pg_backup.dump(url, out)
        except pg_backup.BackupError as error:
            fail(str(error))
    console.print(f"backed up to {out}; keep the key file and {settings.erasure_ledger_file} too")


def restore(
    archive: Annotated[Path, typer.Argument(help="an archive written by reviewtrail backup")],
    force: Annotated[
        bool, typer.Option("--force", help="replace the objects of a non-empty database")
    ] = False,
) -> None:
    """Restore an archive into the configured database, then re-apply later erasures."""
    settings = load_settings()
    if not archive.is_file():
        fail(f"no such archive: {archive}")
    with database(settings) as url:
        try:
            if not force and not pg_backup.is_empty(url):
                fail("the database is not empty: restore into an empty one, or pass --force")
            taken = pg_backup.created_at(archive, url)
            pg_backup.restore(url, archive, clean=force)
        except pg_backup.BackupError as error:
            fail(str(error))
        count = reapply_erasures(settings, url, ErasureLedger(settings.erasure_ledger_file), taken)
    console.print(f"restored {archive} (taken {taken.isoformat()}); re-applied {count} erasures")


def reapply_erasures(settings: Settings, url: str, ledger: ErasureLedger, taken: datetime) -> int:
    """Erase again every subject the ledger records as erased since the backup was taken."""
    entries = ledger.since(taken - MARGIN)
    if not entries:
        return 0
    db = Database(url, max_size=1, timeout=settings.database_timeout_seconds)
    try:
        keys = PostgresKeyStore(db, keyring_for(settings))
        keys.create_schema()  # an archive taken before the first subject may lack the tables
        for entry in entries:
            keys.erase(entry.subject_id, entry.category)
    finally:
        db.close()
    return len(entries)

"""``reviewtrail loadtest``: simulated users of a national service against ``reviewtrail serve``
over loopback HTTP, bounded in requests and time; also the load the fault tests run under.

``run`` orchestrates; ``personas`` are the users (``bodies``: what the review team sends),
``session`` their plumbing (idempotency keys, ETags, the ledger of commands), ``http`` the
connection, ``server`` the served subprocess and its memory, ``stats`` and ``report`` the figures.
"""

from adapters.load.report import render_markdown, update_section
from adapters.load.run import Load, LoadParameters, Mint, MintFor, run_loadtest
from adapters.load.server import MemorySampler, ServeProcess

__all__ = [
    "Load",
    "LoadParameters",
    "MemorySampler",
    "Mint",
    "MintFor",
    "ServeProcess",
    "render_markdown",
    "run_loadtest",
    "update_section",
]

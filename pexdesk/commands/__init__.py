"""Subcommands of the ``pexdesk`` command line, one module per part of the mission.

Each module exposes ``register(commands)``, adding its subparsers with a ``run``
default that returns the exit code. Exit codes and option names are a public
contract: scripts call these commands.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
from datetime import date
from importlib import import_module
from pathlib import Path

from pexdesk.core.errors import PexdeskError
from pexdesk.core.paths import DEFAULT_BASE_HINT, default_base_path

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_UNUSABLE = 2

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
"""AAAA-MM-JJ and nothing else: Python 3.11's ``date.fromisoformat`` also takes 20260101
and 2026-W01-1, which the command line's contract does not."""


def opening_the_window() -> None:
    """Called first by the commands that open the window: automatic garbage collection is
    off from here on. The window turns it off for good (its collector runs on the UI thread
    only, see ``pexdesk/ui/garbage.py``); turned off only then, it would first have run some
    fifty times over the objects the imports of Qt and pexdesk create, all meant to live
    as long as the process: 5 ms of the first screen.

    The Qt-free part of pexdesk the window opens a base with is imported here too, before
    Qt: PySide, once imported, reads the source of every module an import names, looking
    for its own name (for its ``__feature__`` switches), and the imports among these
    modules and of the standard library they make are then no longer read: 3 ms."""
    gc.disable()
    import_module("pexdesk.core.db.base")


def fail(exc: Exception) -> int:
    """Print the French message of an expected failure and return its exit code: 1 for a
    damaged base or backup, 2 for anything else (the rule of :mod:`pexdesk.cli`)."""
    from pexdesk.core.errors import BaseLockedError, DamagedBackupError, DamagedBaseError

    message = str(exc)
    holder = exc.holder if isinstance(exc, BaseLockedError) else None
    if holder is not None:  # the core's advice (« ouvrez-la ici en lecture seule ») is the app's
        message = (f"La base est ouverte par {holder.describe()} : fermez-la dans cet autre "
                   "pexdesk, puis relancez la commande. Rien n'a été modifié.")
    print(f"Erreur : {message}", file=sys.stderr)
    damaged = isinstance(exc, (DamagedBaseError, DamagedBackupError))
    return EXIT_DAMAGED if damaged else EXIT_UNUSABLE


def db_option(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """``--db`` is accepted before or after the subcommand; a subcommand's own default
    must not erase a value given before it, hence SUPPRESS below the top level."""
    parser.add_argument("--db", type=Path, metavar="CHEMIN",
                        default=None if top_level else argparse.SUPPRESS,
                        help=f"fichier de la base pexdesk (par défaut : {DEFAULT_BASE_HINT})")


def pdf_out_option(parser: argparse.ArgumentParser) -> None:
    """``--out FICHIER.pdf``, required, for the commands that write a PDF."""
    parser.add_argument("--out", type=Path, required=True, metavar="FICHIER.pdf",
                        help="fichier PDF à écrire (le dossier doit exister)")


def base_path(args: argparse.Namespace) -> Path:
    return args.db or default_base_path()


def note_if_not_journaled(path: Path, what: str) -> None:
    """Say on stderr that ``what`` (just done, e.g. « l'export ») is missing from the journal of
    the base at ``path`` when another pexdesk holds it for writing: only that writer records
    in it (:func:`pexdesk.core.safety.journal.record_at`). The command still succeeded."""
    from pexdesk.core.safety.lock import holder_of

    holder = holder_of(path)
    if holder is not None:
        print(f"Note : {what} n'a pas été inscrit au journal de la base, ouverte en écriture "
              f"par {holder.describe()}.", file=sys.stderr)


def period_options(parser: argparse.ArgumentParser, first_help: str, last_help: str) -> None:
    """``--from`` and ``--to``, read back by :func:`period`."""
    parser.add_argument("--from", dest="first", metavar="AAAA-MM-JJ", help=first_help)
    parser.add_argument("--to", dest="last", metavar="AAAA-MM-JJ", help=last_help)


def period(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """The days given with ``--from`` and ``--to`` (None when left out); a French error
    naming the option for a day that is not AAAA-MM-JJ."""
    return parse_day(args.first, "--from"), parse_day(args.last, "--to")


def parse_day(value: str | None, option: str) -> date | None:
    """The day ``value`` given with ``option`` (None when left out); a French error naming
    the option for a day that is not AAAA-MM-JJ."""
    if value is None:
        return None
    day = value.strip()
    if ISO_DAY.fullmatch(day):
        try:
            return date.fromisoformat(day)
        except ValueError:  # 2025-13-01, 2025-02-30
            pass
    raise PexdeskError(f"Date invalide pour {option} : « {value} ». Format attendu : "
                       "AAAA-MM-JJ, par exemple 2025-03-15.")

"""Subcommands of the ``pexdesk`` command line, one module per part of the mission.

Each module exposes ``register(commands)``, adding its subparsers with a ``run``
default that returns the exit code. Exit codes and option names are a public
contract: scripts call these commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pexdesk.core.paths import DEFAULT_BASE_HINT, default_base_path

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_UNUSABLE = 2


def db_option(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """``--db`` is accepted before or after the subcommand; a subcommand's own default
    must not erase a value given before it, hence SUPPRESS below the top level."""
    parser.add_argument("--db", type=Path, metavar="CHEMIN",
                        default=None if top_level else argparse.SUPPRESS,
                        help=f"fichier de la base pexdesk (par défaut : {DEFAULT_BASE_HINT})")


def base_path(args: argparse.Namespace) -> Path:
    return args.db or default_base_path()

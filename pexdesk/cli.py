"""Command line: ``pexdesk`` opens the application; subcommands work on a base without a display.

Exit codes are a public contract (scripts call these commands): 0 success,
1 a damaged base (``check``), 2 unusable input (missing or foreign file, bad option).
Messages are French; no traceback reaches the user for an expected failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from pexdesk import __version__
from pexdesk.commands import (EXIT_OK, EXIT_UNUSABLE, base, db_option, exchange, imports, report,
                              safety, stats)
from pexdesk.core.errors import PexdeskError

COMMAND_MODULES = (base, imports, stats, report, safety, exchange)


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its own messages in French, and exit code 2 on a usage error."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"{self.prog} : erreur : {_translate_argparse(message)}\n")

    def format_usage(self) -> str:
        return _translate_argparse(super().format_usage())

    def format_help(self) -> str:
        return _translate_argparse(super().format_help())


_ARGPARSE_FRENCH = (
    ("usage: ", "utilisation : "),
    ("show this help message and exit", "afficher cette aide et quitter"),
    ("show program's version number and exit", "afficher la version et quitter"),
    ("\noptions:\n", "\noptions :\n"),
    ("sous-commandes:\n", "sous-commandes :\n"),
    ("the following arguments are required:", "arguments obligatoires manquants :"),
    ("unrecognized arguments:", "arguments inconnus :"),
    ("invalid choice", "choix invalide"),
    ("expected one argument", "une valeur est attendue"),
    ("argument", "argument"),
    ("choose from", "valeurs possibles :"),
)


def _translate_argparse(message: str) -> str:
    for english, french in _ARGPARSE_FRENCH:
        message = message.replace(english, french)
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="pexdesk",
        description="pexdesk – Prévention des expulsions : le poste de travail du chargé "
                    "de mission PEX. Sans sous-commande, ouvre l'application.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"pexdesk {__version__}")
    db_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", title="sous-commandes",
                                     parser_class=FrenchArgumentParser)

    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from pexdesk.app import main as gui_main

    return gui_main(args.db)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _run_gui)
    try:
        return run(args)
    except PexdeskError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (« pexdesk stats | head »): no traceback; silence the
        # flush Python attempts at exit on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK

"""Command line: ``pexdesk`` opens the application; subcommands work on a base without a display.

Exit codes are a public contract (scripts call these commands): 0 success,
1 a damaged base (``check``), 2 unusable input (missing or foreign file, bad option).
Messages are French; no traceback reaches the user for an expected failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pexdesk import __version__
from pexdesk.core.errors import PexdeskError
from pexdesk.core.paths import default_base_path

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_UNUSABLE = 2


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its own messages in French, and exit code 2 on a usage error."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"{self.prog} : erreur : {_translate_argparse(message)}\n")


_ARGPARSE_FRENCH = (
    ("the following arguments are required", "arguments obligatoires manquants"),
    ("unrecognized arguments", "arguments inconnus"),
    ("invalid choice", "choix invalide"),
    ("expected one argument", "une valeur est attendue"),
    ("argument", "argument"),
    ("choose from", "valeurs possibles :"),
)


def _translate_argparse(message: str) -> str:
    for english, french in _ARGPARSE_FRENCH:
        message = message.replace(english, french)
    return message


def _db_option(parser: argparse.ArgumentParser, required: bool = False,
               top_level: bool = False) -> None:
    """``--db`` is accepted before or after the subcommand; a subcommand's own default
    must not erase a value given before it, hence SUPPRESS below the top level."""
    parser.add_argument("--db", type=Path, required=required, metavar="CHEMIN",
                        default=None if top_level else argparse.SUPPRESS,
                        help="fichier de la base pexdesk"
                        + ("" if required else f" (par défaut : {default_base_path()})"))


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="pexdesk",
        description="pexdesk – Prévention des expulsions : le poste de travail du chargé "
                    "de mission PEX. Sans sous-commande, ouvre l'application.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"pexdesk {__version__}")
    _db_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", title="sous-commandes",
                                     parser_class=FrenchArgumentParser)

    demo = commands.add_parser("demo", help="créer une base de démonstration (département fictif)")
    _db_option(demo)
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(run=_run_demo)

    check = commands.add_parser("check", help="vérifier l'intégrité d'une base")
    _db_option(check)
    check.set_defaults(run=_run_check)

    smoke = commands.add_parser("smoke", help="ouvrir chaque écran hors affichage et mesurer "
                                              "les temps (contrôle d'installation)")
    _db_option(smoke)
    smoke.set_defaults(run=_run_smoke)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from pexdesk.core.services.demo import write_demo_base

    if args.db is None:
        print("Erreur : indiquez le fichier à créer avec --db CHEMIN.", file=sys.stderr)
        return EXIT_UNUSABLE

    summary = write_demo_base(args.db, seed=args.seed)
    print(f"Base de démonstration créée : {args.db}")
    print(summary.text())
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from pexdesk.core.services.check import check_base

    report = check_base(args.db or default_base_path())
    print(report.text(), file=sys.stdout if report.verdict == 0 else sys.stderr)
    return int(report.verdict)


def _run_smoke(args: argparse.Namespace) -> int:
    from pexdesk.ui.smoke import run_smoke

    report = run_smoke(args.db or default_base_path())
    print("\n".join(report.lines()))
    return EXIT_DAMAGED if report.errors else EXIT_OK


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

"""Command line: ``pexdesk`` opens the application; subcommands work on a base without a display.

Exit codes are a public contract (scripts call these commands): 0 success,
1 a damaged base (or backup), whatever the command, 2 unusable input (missing or foreign file,
bad option).
Messages are French; no traceback reaches the user for an expected failure.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence

from pexdesk import __version__
from pexdesk.commands import EXIT_OK, EXIT_UNUSABLE, db_option, fail, opening_the_window
from pexdesk.core.errors import PexdeskError

COMMANDS = {
    "demo": "base", "check": "base", "smoke": "base",
    "import-responses": "imports", "import-partners": "imports", "import-indicators": "imports",
    "stats": "stats",
    "report": "report", "questionnaire": "questionnaire", "releve": "releve",
    "backup": "safety", "restore": "safety", "purge": "safety", "journal": "safety",
    "export": "exchange",
}
"""Each subcommand and the module of :mod:`pexdesk.commands` that registers it: a command
line builds only the parser it needs (all of them take 8 ms, paid at every start of the
application otherwise)."""


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its own messages in French, and exit code 2 on a usage error."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"{self.prog} : erreur : {_translate_argparse(message)}\n")

    def format_usage(self) -> str:
        return _translate_argparse(super().format_usage())

    def format_help(self) -> str:
        return _translate_argparse(super().format_help())


def _choices(match: re.Match) -> str:
    return re.sub(r"'([^']*)'", r"\1", match["choices"])


_ARGPARSE_FRENCH: tuple[tuple[str, str | Callable[[re.Match], str]], ...] = (
    (r"usage: ", "utilisation : "),
    (r"show this help message and exit", "afficher cette aide et quitter"),
    (r"show program's version number and exit", "afficher la version et quitter"),
    (r"\npositional arguments:\n", "\narguments :\n"),
    (r"\noptions:\n", "\noptions :\n"),
    (r"sous-commandes:\n", "sous-commandes :\n"),
    (r"argument command: invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)",
     lambda m: f"sous-commande inconnue : « {m['value']} » (sous-commandes : {_choices(m)})"),
    (r"invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)",
     lambda m: f"choix invalide : « {m['value']} » (valeurs possibles : {_choices(m)})"),
    (r"invalid int value: '(?P<value>.*)'", r"« \g<value> » n'est pas un nombre entier"),
    (r"invalid \w+ value: '(?P<value>.*)'", r"valeur invalide : « \g<value> »"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
     r"option ambiguë : \g<option> peut désigner \g<matches>"),
    (r"argument (?P<name>\S+): ", r"argument \g<name> : "),
    (r"the following arguments are required:", "arguments obligatoires manquants :"),
    (r"unrecognized arguments:", "arguments inconnus :"),
    (r"one of the arguments (?P<names>.*) is required",
     r"l'un des arguments \g<names> est obligatoire"),
    (r"not allowed with argument", "incompatible avec l'argument"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected at most one argument", "une valeur au plus est attendue"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"ignored explicit argument '(?P<value>.*)'", r"valeur inattendue : « \g<value> »"),
)
"""argparse's own English (Python 3.11's wording), as regular expressions, in French with a
space before « : ». Order matters: a whole message before the pieces it contains."""


def _translate_argparse(message: str) -> str:
    for english, french in _ARGPARSE_FRENCH:
        message = re.sub(english, french, message)
    return message


def build_parser(modules: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands of ``modules`` (names in :data:`COMMANDS`), all of
    them by default."""
    parser = FrenchArgumentParser(
        prog="pexdesk",
        description="pexdesk – Prévention des expulsions : le poste de travail du chargé "
                    "de mission PEX. Sans sous-commande, ouvre l'application.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"pexdesk {__version__}")
    db_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", title="sous-commandes",
                                     parser_class=FrenchArgumentParser)

    for name in dict.fromkeys(COMMANDS.values()) if modules is None else modules:
        importlib.import_module(f"pexdesk.commands.{name}").register(commands)
    return parser


def modules_needed(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The command modules parsing ``argv`` needs: its subcommand's, or none to open the
    application; None (all of them) for anything else (help, an unknown word or option),
    so that every usage message is the one the whole parser gives."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("--db="):
            return (COMMANDS[word],) if word in COMMANDS else None
    return ()


def _run_gui(args: argparse.Namespace) -> int:
    opening_the_window()
    from pexdesk.app import main as gui_main

    return gui_main(args.db)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(modules_needed(argv)).parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _run_gui)
    try:
        return run(args)
    except PexdeskError as exc:
        return fail(exc)
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (« pexdesk stats | head »): no traceback; silence the
        # flush Python attempts at exit on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK

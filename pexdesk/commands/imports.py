"""import-responses: partner-survey responses from a survey tool's export (CSV, XLSX);
import-partners: partners and their contacts from a directory (CSV, XLSX) or a pexdesk export;
import-indicators: monthly indicator values from a table (the DDETS's template, a pexdesk
export).

    pexdesk import-responses FICHIER --db CHEMIN [--campaign NOM] [--dry-run]
        [--skip-invalid] [--category COLONNE] [--department COLONNE]
        [--overall COLONNE] [--comment COLONNE] [--replace] [--drop-vanished]
        [--sheet FEUILLE]
    pexdesk import-partners FICHIER --db CHEMIN [--dry-run] [--skip-invalid]
        [--sheet FEUILLE]
    pexdesk import-indicators FICHIER --db CHEMIN [--dry-run] [--replace] [--sheet FEUILLE]
        [--source TEXTE]

``--sheet`` reads one sheet of a workbook (KoboToolbox puts each repeat group on its own
sheet; an officer's workbook may hold a tab per year); without it the first sheet holding a
table is read, or of tabs named by a year the latest, and the preview, or the import's
summary, names it. A sheet the workbook lacks exits 2 with the list of its sheets (name and
the rows the import would read from each): the command line's way to see them.

``--drop-vanished`` deletes, with the import, the responses imported from an earlier
download of the export that it no longer holds (the line naming them says so instead of
advising to delete them by hand); with ``--dry-run`` that line says what would go.

``import-indicators`` has no ``--skip-invalid``: one invalid value refuses the table, whose
values are read together (a shifted column makes many of them wrong). Its ``--replace``
replaces the values that differ from the base's, otherwise kept and listed.

Exit 0: imported, or nothing new (the same file was imported before), or ``--dry-run``
on an importable file. Exit 2: the file is unusable, or has invalid rows and
``--skip-invalid`` was not given; then nothing is written (the base's file is left
byte for byte as it was: it is read through a read-only connection until the import
is known to be possible).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pexdesk.commands import EXIT_OK, EXIT_UNUSABLE, base_path, db_option

MAX_LISTED_PROBLEMS = 200
SKIP_HINT = "option --skip-invalid"
"""Where, on the command line, one imports the valid rows only (refusal messages say it)."""
CATEGORY_HINT = "option --category COLONNE"
"""Where, on the command line, one designates the category column."""
SCORE_LABEL_HINT = 'option --score-label "LIBELLÉ=NOTE", NOTE : 1 à 5, NC ou vide'
"""Where, on the command line, one translates the labels of score columns into scores."""
VALUES_REPLACE_HINT = "option --replace"
"""Where, on the command line, one replaces the indicator values that differ from the base's."""
REPLACE_HINT = ("Pour importer à nouveau ces lignes avec d'autres choix de colonnes (--overall, "
                "--category…), relancez la commande avec --replace : leurs réponses seront "
                "remplacées.")

_ROLE_OPTIONS = (("category", "CATEGORY", "la catégorie de partenaire du répondant"),
                 ("department", "DEPARTMENT", "son département"),
                 ("overall", "OVERALL", "l'appréciation globale (note de 1 à 5)"),
                 ("comment", "COMMENT", "le commentaire libre"))


def _file_options(parser, skip_invalid: bool = True) -> None:
    """What every importer takes: the file, the base, a preview only, the sheet, and (but
    for the indicators) whether invalid rows block the import."""
    parser.add_argument("file", type=Path, metavar="FICHIER", help="fichier CSV ou XLSX")
    db_option(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="afficher l'aperçu (colonnes, problèmes) sans rien enregistrer")
    if skip_invalid:
        parser.add_argument("--skip-invalid", action="store_true",
                            help="importer les lignes valides et rejeter les autres (par "
                                 "défaut, une seule ligne invalide bloque tout l'import)")
    parser.add_argument("--sheet", metavar="FEUILLE",
                        help="feuille du classeur XLSX à lire, par son nom (par défaut, la "
                             "première qui contient un tableau ; parmi des feuilles nommées "
                             "par une année, la plus récente)")


def register(commands) -> None:
    parser = commands.add_parser(
        "import-responses",
        help="importer les réponses d'une enquête partenaires (LimeSurvey, Google Forms, "
             "Microsoft Forms, CSV/XLSX)",
        description="Importe les réponses d'un export d'enquête (CSV ou XLSX, une ligne par "
                    "répondant) dans une campagne : tout ou rien, un fichier déjà importé "
                    "n'ajoute rien.")
    _file_options(parser)
    parser.add_argument("--campaign", metavar="NOM",
                        help="campagne à compléter (si elle existe) ou à créer ; par défaut, "
                             "une nouvelle campagne nommée d'après le fichier")
    for option, _, meaning in _ROLE_OPTIONS:
        parser.add_argument(f"--{option}", metavar="COLONNE",
                            help=f"colonne qui donne {meaning} (intitulé, ou son début)")
    parser.add_argument("--replace", action="store_true",
                        help="importer à nouveau les lignes déjà importées (après un mauvais "
                             "choix de colonnes) : leurs réponses sont remplacées par celles "
                             "du fichier, en une seule fois")
    parser.add_argument("--drop-vanished", action="store_true",
                        help="supprimer, avec l'import, les réponses importées d'un "
                             "téléchargement précédent de cet export qui n'y figurent plus "
                             "(modifiées ou supprimées dans l'outil d'enquête), pour que la "
                             "campagne corresponde au fichier ; par défaut elles sont "
                             "seulement signalées")
    _score_label_option(parser)
    parser.set_defaults(run=run_import_responses)

    partners = commands.add_parser(
        "import-partners",
        help="importer des partenaires et leurs contacts (annuaire CSV/XLSX, ou export "
             "pexdesk)",
        description="Importe un annuaire de partenaires (CSV ou XLSX : une ligne par contact, "
                    "la structure répétée) : tout ou rien, un fichier déjà importé n'ajoute "
                    "rien ; un partenaire déjà présent (même nom) est complété, pas dupliqué.")
    _file_options(partners)
    partners.set_defaults(run=run_import_partners)

    figures = commands.add_parser(
        "import-indicators",
        help="importer les valeurs mensuelles des indicateurs (tableau CSV/XLSX de la DDETS, "
             "export pexdesk)",
        description="Importe un tableau de valeurs mensuelles d'indicateurs (CSV ou XLSX : "
                    "une ligne par indicateur et une colonne par mois, ou une ligne par "
                    "valeur avec les colonnes Indicateur, Mois, Valeur) : tout ou rien ; les "
                    "valeurs différentes de celles de la base sont gardées et listées, sauf "
                    "avec --replace ; un fichier déjà importé n'ajoute rien.")
    _file_options(figures, skip_invalid=False)
    figures.add_argument("--replace", action="store_true",
                         help="remplacer les valeurs de la base qui diffèrent de celles du "
                              "fichier (par défaut, elles sont gardées et listées)")
    figures.add_argument("--source", metavar="TEXTE", default="",
                         help="source des valeurs pour lesquelles le fichier n'en donne pas "
                              "(par défaut, la source habituelle de l'indicateur)")
    figures.set_defaults(run=run_import_indicators)


def _score_label_option(parser) -> None:
    """``--score-label "LIBELLÉ=NOTE"``, repeatable: the labels of score columns pexdesk does
    not know, translated (shared/survey.md §3: never guessed)."""
    parser.add_argument("--score-label", dest="score_labels", action="append", default=[],
                        metavar="LIBELLÉ=NOTE",
                        help="traduire en note un libellé des colonnes notées que pexdesk ne "
                             "connaît pas (« Très bien=5 ») ; NOTE : 1 à 5, NC (non concerné) "
                             "ou vide (sans réponse) ; vaut pour toutes les colonnes notées ; "
                             "option répétable")


def _with_score_labels(options, args: argparse.Namespace):
    """``options`` with the translations of ``--score-label``; a French error (exit 2,
    before the file or the base is opened) for a value that is not LIBELLÉ=NOTE."""
    from dataclasses import replace

    from pexdesk.core.errors import ImportRefusedError
    from pexdesk.core.services.importing.values import (Invalid, label_score_text,
                                                        parse_label_score, quote)

    translations: dict[str, object] = {}
    for value in args.score_labels:
        label, equals, note = value.rpartition("=")
        label = label.strip()
        if not equals or not label:
            raise ImportRefusedError(
                f"--score-label {quote(value)} : écrivez LIBELLÉ=NOTE, NOTE étant une note de "
                "1 à 5, NC (non concerné) ou vide (sans réponse) ; par exemple "
                '--score-label "Très bien=5".')
        score = parse_label_score(note)
        if isinstance(score, Invalid):
            raise ImportRefusedError(f"--score-label {quote(value)} : {score.message}")
        if translations.get(label, score) != score:
            raise ImportRefusedError(
                f"--score-label : {quote(label)} est traduit deux fois "
                f"({label_score_text(translations[label])} et {label_score_text(score)}) : "
                "gardez une seule traduction.")
        translations[label] = score
    return replace(options, score_labels=translations, score_label_hint=SCORE_LABEL_HINT)


def _sheet_read(sheet) -> list[str]:
    """The line naming the sheet read, before an import's summary (the preview's first line
    names it already): only for a workbook of several sheets."""
    if not sheet.other_sheets:
        return []
    return [f"Fichier : {sheet.file_name} ({sheet.describe()})."]


def _print(lines: list[str], stream) -> None:
    shown = lines
    if len(lines) > MAX_LISTED_PROBLEMS:
        shown = lines[:MAX_LISTED_PROBLEMS - 1] + [
            f"  … et {len(lines) - MAX_LISTED_PROBLEMS + 1} autres lignes (voir l'aperçu "
            "dans l'application)."] + lines[-2:]
    print("\n".join(shown), file=stream)


def run_import_responses(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.errors import ImportRefusedError
    from pexdesk.core.services.importing import (ResponseImportOptions, Role, commit_responses,
                                                 count_response_rows, plan_responses,
                                                 read_file)

    path = base_path(args)
    chosen = [(getattr(args, option), option) for option, _, _ in _ROLE_OPTIONS
              if getattr(args, option)]
    for column, option in chosen:
        others = [f"--{o}" for c, o in chosen if c == column and o != option]
        if others:
            raise ImportRefusedError(f"La colonne « {column} » est donnée à la fois à "
                                     f"--{option} et à {', '.join(others)}.")
    roles = {getattr(args, option): Role(role) for option, role, _ in _ROLE_OPTIONS
             if getattr(args, option)}
    options = ResponseImportOptions(campaign=args.campaign, roles=roles, replace=args.replace,
                                    drop_vanished=args.drop_vanished,
                                    category_hint=CATEGORY_HINT)
    options = _with_score_labels(options, args)
    sheet = read_file(args.file, args.sheet, count_response_rows)
    # Plan through a read-only connection: a refused import leaves the base untouched,
    # not even upgraded to the current schema.
    with Base.open(path, read_only=True) as base:
        plan = plan_responses(base.con, sheet, options)
    hint = [REPLACE_HINT] if plan.previous or plan.already_count else []
    if args.dry_run:
        importable = plan.importable(args.skip_invalid)
        _print(plan.preview_lines(args.skip_invalid, SKIP_HINT) + hint, sys.stdout)
        return EXIT_OK if importable else EXIT_UNUSABLE
    if not plan.importable(args.skip_invalid):
        _print(plan.preview_lines(args.skip_invalid, SKIP_HINT), sys.stderr)
        return EXIT_UNUSABLE
    with Base.open(path) as base:
        result = commit_responses(base.con, plan, skip_invalid=args.skip_invalid)
    _print(_sheet_read(sheet) + result.lines() + hint, sys.stdout)
    return EXIT_OK


def run_import_partners(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.services.importing import read_file
    from pexdesk.core.services.importing.partners import (commit_partners, count_partner_rows,
                                                          plan_partners)

    path = base_path(args)
    sheet = read_file(args.file, args.sheet, count_partner_rows)
    with Base.open(path, read_only=True) as base:  # a refused import leaves the base as it was
        plan = plan_partners(base.con, sheet)
    if args.dry_run:
        _print(plan.preview_lines(args.skip_invalid, SKIP_HINT), sys.stdout)
        return EXIT_OK if plan.importable(args.skip_invalid) else EXIT_UNUSABLE
    if not plan.importable(args.skip_invalid):
        _print(plan.preview_lines(args.skip_invalid, SKIP_HINT), sys.stderr)
        return EXIT_UNUSABLE
    with Base.open(path) as base:
        result = commit_partners(base.con, plan, skip_invalid=args.skip_invalid)
    _print(_sheet_read(sheet) + result.lines(), sys.stdout)
    return EXIT_OK


def run_import_indicators(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.services.importing import read_file
    from pexdesk.core.services.importing.indicators import (IndicatorImportOptions,
                                                            commit_indicators,
                                                            count_indicator_rows,
                                                            plan_indicators)

    path = base_path(args)
    options = IndicatorImportOptions(replace=args.replace, source=args.source)
    sheet = read_file(args.file, args.sheet, count_indicator_rows)
    with Base.open(path, read_only=True) as base:  # a refused import leaves the base as it was
        plan = plan_indicators(base.con, sheet, options)
    if args.dry_run:
        _print(plan.preview_lines(VALUES_REPLACE_HINT), sys.stdout)
        return EXIT_OK if plan.importable() else EXIT_UNUSABLE
    if not plan.importable():
        _print(plan.preview_lines(VALUES_REPLACE_HINT), sys.stderr)
        return EXIT_UNUSABLE
    with Base.open(path) as base:
        result = commit_indicators(base.con, plan)
    _print(_sheet_read(sheet) + result.lines(VALUES_REPLACE_HINT), sys.stdout)
    return EXIT_OK

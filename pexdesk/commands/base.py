"""demo, check, smoke: creating, verifying and exercising a base."""

from __future__ import annotations

import argparse
import sys

from pexdesk.commands import (EXIT_DAMAGED, EXIT_OK, EXIT_UNUSABLE, base_path, db_option,
                              opening_the_window)


def register(commands) -> None:
    demo = commands.add_parser(
        "demo", help="créer une base de démonstration (département fictif)",
        description="Crée une base de démonstration : un département fictif avec deux ans "
                    "d'activité (partenaires, réunions, feuille de route, indicateurs, réponses "
                    "d'enquête). Un fichier existant n'est jamais remplacé.")
    db_option(demo)
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(run=run_demo)

    check = commands.add_parser(
        "check", help="vérifier l'intégrité d'une base",
        description="Vérifie une base sans la modifier : intégrité du fichier, références "
                    "entre les tables, version du schéma. Code de sortie 0 : base saine ; "
                    "1 : base endommagée ou incohérente ; 2 : fichier absent, illisible, qui "
                    "n'est pas une base pexdesk ou créé par une version plus récente.")
    db_option(check)
    check.set_defaults(run=run_check)

    smoke = commands.add_parser(
        "smoke", help="ouvrir chaque écran hors affichage et mesurer les temps (contrôle "
                      "d'installation)",
        description="Contrôle d'installation : ouvre la fenêtre hors affichage sur la base, "
                    "parcourt chaque écran et affiche le temps mis par chacun à montrer ses "
                    "données. Ne modifie ni la base ni son dossier.")
    db_option(smoke)
    smoke.set_defaults(run=run_smoke)


def run_demo(args: argparse.Namespace) -> int:
    from pexdesk.core.services.demo import write_demo_base

    if args.db is None:
        print("Erreur : Indiquez le fichier à créer avec --db CHEMIN.", file=sys.stderr)
        return EXIT_UNUSABLE
    summary = write_demo_base(args.db, seed=args.seed)
    print(f"Base de démonstration créée : {args.db}")
    print(summary.text())
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from pexdesk.core.services.check import check_base

    report = check_base(base_path(args))
    print(report.text(), file=sys.stdout if report.verdict == 0 else sys.stderr)
    return int(report.verdict)


def run_smoke(args: argparse.Namespace) -> int:
    opening_the_window()
    from pexdesk.ui.smoke import run_smoke

    report = run_smoke(base_path(args))
    for line in report.lines():
        print(line)
    for line in report.error_lines():
        print(line, file=sys.stderr)
    return EXIT_DAMAGED if report.errors else EXIT_OK

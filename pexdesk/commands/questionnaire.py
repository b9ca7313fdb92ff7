"""questionnaire: the paper questionnaire of a feedback campaign, as a PDF to print.

    pexdesk questionnaire --db PATH --out FILE.pdf [--campaign NOM]

Exit 0 with the written file's path on standard output; exit 2 with a French message for
an unknown campaign, a base without any campaign, a destination that is not a PDF in an
existing folder, or an unusable base (1 for a damaged one). The base is only read, and
the PDF is written atomically: after a failure nothing is left at FILE. The questionnaire is
then recorded in the base's journal, as a bilan is (a note on standard error when another
pexdesk has the base open for writing).
"""

from __future__ import annotations

import argparse

from pexdesk.commands import (EXIT_OK, base_path, db_option, fail, note_if_not_journaled,
                              pdf_out_option)


def register(commands) -> None:
    questionnaire = commands.add_parser(
        "questionnaire", help="produire le questionnaire papier d'une campagne de retours des "
                              "partenaires (PDF à imprimer)",
        description="Produit le questionnaire d'une campagne de retours des partenaires, à "
                    "imprimer pour les partenaires qui répondent sur papier, dans l'ordre du "
                    "formulaire de saisie de pexdesk. Par défaut : la dernière campagne.")
    db_option(questionnaire)
    pdf_out_option(questionnaire)
    questionnaire.add_argument("--campaign", metavar="NOM",
                               help="campagne dont imprimer le questionnaire (par défaut : "
                                    "la dernière)")
    questionnaire.set_defaults(run=run_questionnaire)


def run_questionnaire(args: argparse.Namespace) -> int:
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.services.reporting.questionnaire import build_questionnaire

    path = base_path(args)
    try:
        written = build_questionnaire(path, args.out, args.campaign)
    except PexdeskError as exc:
        return fail(exc)
    note_if_not_journaled(path, "le questionnaire")
    print(written)
    return EXIT_OK

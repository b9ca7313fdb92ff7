"""export: write a list of the base to a spreadsheet, a calendar or an address book.

    pexdesk export TABLE --db PATH --out FICHIER.xlsx|FICHIER.csv
                   [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--campaign NOM] [--partner NOM]
    pexdesk export meetings --db PATH --out FICHIER.ics [--from AAAA-MM-JJ] [--to AAAA-MM-JJ]
    pexdesk export contacts --db PATH --out FICHIER.vcf [--partner NOM]

TABLE is one of partners, contacts, meetings, actions, indicators, responses (French
names accepted: partenaires, reunions, indicateurs, reponses). The format follows the
extension. Exit 0 with « Export écrit : FICHIER (N lignes) »; exit 2 with a French
message for an unknown table, an extension the table does not export to, a bad date,
an unknown campaign or partner, a missing folder or an unusable base. The file is
written atomically (after a failure, an existing file at FICHIER is left as it was) and
the export is recorded in the base's journal (a note on stderr says when it cannot be:
the base is open for writing in another pexdesk).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pexdesk.commands import (EXIT_OK, base_path, db_option, fail, note_if_not_journaled,
                              period, period_options)

TABLE_NAMES = ("partners", "contacts", "meetings", "actions", "indicators", "responses")


def register(commands) -> None:
    export = commands.add_parser(
        "export", help="exporter une liste (XLSX, CSV ; réunions en .ics, contacts en .vcf)",
        description="Exporte une liste de la base. Le format suit l'extension du fichier : "
                    ".xlsx (Excel) ou .csv (Excel français : « ; », UTF-8) pour toutes les "
                    "listes, .ics (agenda) pour les réunions, .vcf (carnet d'adresses) pour "
                    "les contacts.")
    export.add_argument("table", metavar="TABLE",
                        help=f"liste à exporter : {', '.join(TABLE_NAMES)}")
    db_option(export)
    export.add_argument("--out", type=Path, required=True, metavar="FICHIER",
                        help="fichier à écrire (le dossier doit exister ; un fichier existant "
                             "est remplacé)")
    period_options(export, "réunions ou mois d'indicateurs à partir de ce jour (inclus)",
                   "réunions ou mois d'indicateurs jusqu'à ce jour (inclus)")
    export.add_argument("--campaign", metavar="NOM",
                        help="réponses d'une seule campagne (par défaut : toutes)")
    export.add_argument("--partner", metavar="NOM",
                        help="contacts d'un seul partenaire (par défaut : tous)")
    export.set_defaults(run=run_export)



def run_export(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety import journal
    from pexdesk.core.services import exchange

    path = base_path(args)
    try:
        first, last = period(args)
        options = exchange.Options(first=first, last=last, campaign=args.campaign,
                                   partner=args.partner)
        exchange.check_destination(args.table, args.out)
        exchange.check_options(args.table, options)
        with Base.open(path, read_only=True) as base:
            result = exchange.export(base.con, args.table, args.out, options, record=False)
    except PexdeskError as exc:
        return fail(exc)
    if not journal.record_at(path, "EXPORT", result.summary):
        note_if_not_journaled(path, "l'export")
    print(result.text())
    return EXIT_OK

"""report: build a PDF bilan from a base, without the application.

    pexdesk report --db PATH --out FILE.pdf [--kind activite|satisfaction|mensuel]
                   [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--campaign NOM]

Exit 0 with the written file's path on standard output, the bilan recorded in the base's
journal (and, on standard error, a French warning for a bilan built nearly empty: a
period wholly before the mission's start, a satisfaction bilan without any response);
exit 2 with a French
message for a bad period, an unknown campaign, a kind not available yet, a missing
destination folder or an unusable base.

``--kind satisfaction`` (the ANIL-note format): with ``--campaign`` and no date, the
whole campaign; with dates, the responses dated in the period (of that campaign, or
of every campaign), every département; without anything, the last twelve months. The PDF is written atomically: after a
failure nothing is left at FILE (an existing file there stays as it was).

``--kind mensuel`` (the « Point mensuel » for the DDETS) covers one calendar month: the
month of the day given with ``--from`` (or ``--to``) alone, or ``--from`` its first day
and ``--to`` its last; anything else is refused (exit 2) before the base is read, and
``--campaign`` (it has no feedback part) once it is open, nothing written either way.
Without a date, the month whose end is nearest: on the 3rd, the month
just ended (the note due on it); on the 27th, the month in progress (the note written for
its end); once the mission is over, its last month.
"""

from __future__ import annotations

import argparse
import sys

from pexdesk.commands import (EXIT_OK, base_path, db_option, fail, note_if_not_journaled,
                              pdf_out_option, period, period_options)
from pexdesk.core.services.reporting.catalog import KINDS


def register(commands) -> None:
    report = commands.add_parser(
        "report", help="produire un bilan PDF (bilan d'activité, de satisfaction ou point "
             "mensuel) à partir d'une base",
        description="Produit un bilan PDF de la mission pour une période (par défaut : les "
                    "douze derniers mois de la mission). Bilan de satisfaction d'une campagne "
                    "sans --from ni --to : toute la campagne. Point mensuel (--kind mensuel) : "
                    "un mois civil, désigné par n'importe lequel de ses jours avec --from ; "
                    "sans date, jusqu'au milieu du mois le mois précédent, ensuite le mois "
                    "en cours.")
    db_option(report)
    pdf_out_option(report)
    report.add_argument("--kind", choices=tuple(KINDS), default="activite",
                        help="type de bilan (par défaut : activite)")
    period_options(report, "premier jour de la période (inclus) ; point mensuel : un jour du "
                           "mois voulu",
                   "dernier jour de la période (inclus) ; point mensuel : le dernier jour du "
                   "mois (facultatif)")
    report.add_argument("--campaign", metavar="NOM",
                        help="campagne de retours des partenaires à retenir (bilan de "
                             "satisfaction sans dates : toute la campagne)")
    report.set_defaults(run=run_report)



def _warn(text: str) -> None:
    """Show the core's warning on standard error: standard output is the written path,
    which scripts read."""
    print(text, file=sys.stderr)


def run_report(args: argparse.Namespace) -> int:
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.services.reporting.catalog import check_destination, report_kind
    from pexdesk.core.services.reporting.periods import check_month, check_period_bounds

    path = base_path(args)
    try:
        first, last = period(args)
        if report_kind(args.kind).one_month:
            check_month(first, last)
        else:
            check_period_bounds(first, last)
        check_destination(args.out)
        from pexdesk.core.services.reporting.build import build_report
        written = build_report(path, args.kind, first, last, None, args.out,
                               campaign=args.campaign, warn=_warn)
    except PexdeskError as exc:
        return fail(exc)
    note_if_not_journaled(path, "le bilan")
    print(written)
    return EXIT_OK

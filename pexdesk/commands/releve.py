"""releve: the « relevé de la réunion » of one CCAPEX meeting, as a PDF to send its members.

    pexdesk releve --db PATH --out FILE.pdf --date AAAA-MM-JJ [--kind CODE] [--territory NOM]

The meeting held on that day; when several were, ``--kind`` chooses one, and ``--territory``
one of several of that kind (two sous-CCAPEX the same day). Exit 0 with the written file's
path on standard output; exit 2 with a French message for a day without a meeting (naming
the nearest days with one), a day of several meetings and no ``--kind`` or ``--territory``
(listing them with the option that names each), a destination that is not a PDF in an
existing folder, or an unusable base (1 for a damaged one). The base is only read, and the PDF is written atomically:
after a failure nothing is left at FILE. The relevé is then recorded in the base's journal,
as a bilan is (a note on standard error when another pexdesk has the base open for writing).
"""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date

from pexdesk.commands import (EXIT_OK, base_path, db_option, fail, note_if_not_journaled,
                              parse_day, pdf_out_option)
from pexdesk.core.domain.kinds import MEETING_KIND_LABELS, MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.errors import NotFoundError
from pexdesk.core.formatting import format_date
from pexdesk.core.spellings import spelling_key


def register(commands) -> None:
    releve = commands.add_parser(
        "releve", help="produire le relevé d'une réunion CCAPEX (PDF à envoyer aux membres)",
        description="Produit le relevé d'une réunion (participants, dossiers et avis, notes, "
                    "suites à donner), tel que la base l'enregistre, en PDF à envoyer aux "
                    "membres. La réunion est désignée par sa date ; --kind choisit parmi "
                    "plusieurs réunions du même jour, --territory parmi plusieurs du même "
                    "type.")
    db_option(releve)
    pdf_out_option(releve)
    releve.add_argument("--date", required=True, metavar="AAAA-MM-JJ",
                        help="jour de la réunion")
    codes = ", ".join(f"{kind.value} ({label})" for kind, label in MEETING_KIND_LABELS.items())
    releve.add_argument("--kind", type=str.upper, choices=[kind.value for kind in MeetingKind],
                        metavar="CODE",
                        help=f"type de la réunion, quand plusieurs se sont tenues ce jour-là : "
                             f"{codes}")
    releve.add_argument("--territory", metavar="NOM",
                        help="territoire de la réunion, quand plusieurs du même type se sont "
                             "tenues ce jour-là (sans tenir compte des majuscules ni des "
                             "accents)")
    releve.set_defaults(run=run_releve)


def run_releve(args: argparse.Namespace) -> int:
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.services.reporting.catalog import check_destination
    from pexdesk.core.services.reporting.releve import WHAT, gather_releve, render_releve
    from pexdesk.core.services.reporting.source import DocumentSource

    path = base_path(args)
    try:
        day = parse_day(args.date, "--date")
        check_destination(args.out, WHAT)
        with DocumentSource(path) as source:
            data = gather_releve(source.con, chosen_meeting(source.con, day, args.kind,
                                                            args.territory))
            source.start_check()
            written = render_releve(data, args.out, source.verified)
            source.record(data.summary(written))
    except PexdeskError as exc:
        return fail(exc)
    note_if_not_journaled(path, "le relevé")
    print(written)
    return EXIT_OK


def chosen_meeting(con: sqlite3.Connection, day: date, kind: str | None,
                   territory: str | None = None) -> int:
    """The id of the meeting held on ``day`` (of ``kind`` and in ``territory``, when
    given); NotFoundError with the French message saying which to ask for when there is
    none or several."""
    from pexdesk.core.repositories import meetings

    found = meetings.held_on(con, day, kind)
    of_kind = f" de type {MEETING_KIND_LABELS[kind]}" if kind else ""
    if territory is not None and found:
        wanted = spelling_key(territory)  # « nord-montbrezac » for « Nord – Montbrézac »
        in_territory = [m for m in found if spelling_key(m.territory) == wanted]
        if not in_territory:
            listed = ", ".join(_territory_option(m) for m in found)
            raise NotFoundError(f"Aucune réunion{of_kind} sur le territoire « {territory} » le "
                                f"{format_date(day)} ; ce jour-là : {listed}.")
        found = in_territory
    if len(found) == 1:
        return found[0].id
    if len({m.kind for m in found}) > 1:
        listed = ", ".join(f"{_named(m)} (--kind {m.kind})" for m in found)
        raise NotFoundError(f"{len(found)} réunions se sont tenues le {format_date(day)} : "
                            f"{listed}. Précisez laquelle avec --kind.")
    if found and territory is None and \
            len({spelling_key(m.territory) for m in found}) == len(found):
        listed = ", ".join(_territory_option(m) for m in found)
        raise NotFoundError(f"{len(found)} réunions{of_kind} se sont tenues le "
                            f"{format_date(day)} : {listed}. Précisez laquelle avec "
                            "--territory.")
    if found:  # same kind, same territory, same day: only the list can tell them apart
        listed = ", ".join(m.territory or "territoire non précisé" for m in found)
        raise NotFoundError(
            f"{len(found)} réunions{of_kind} se sont tenues le {format_date(day)} ({listed}) : "
            "la ligne de commande ne peut choisir entre elles. Produisez ce relevé depuis "
            "l'application (Réunions CCAPEX, bouton « Relevé PDF… »).")
    that_day = meetings.held_on(con, day)
    if that_day:
        listed = ", ".join(f"{_named(m)} (--kind {m.kind})" for m in that_day)
        raise NotFoundError(f"Aucune réunion{of_kind} le {format_date(day)} ; ce jour-là : "
                            f"{listed}.")
    nearest = [d for d in meetings.nearest_days(con, day, kind) if d is not None]
    if not nearest:
        raise NotFoundError(f"Aucune réunion{of_kind} n'est enregistrée dans la base.")
    days = " et ".join(f"le {format_date(d)} (--date {d.isoformat()} : "
                       f"{', '.join(_named(m) for m in meetings.held_on(con, d, kind))})"
                       for d in nearest)
    closest = "Réunions les plus proches" if len(nearest) > 1 else "Réunion la plus proche"
    raise NotFoundError(f"Aucune réunion{of_kind} le {format_date(day)}. {closest} : {days}.")


def _territory_option(meeting: Meeting) -> str:
    """« Condom (--territory "Condom") », « territoire non précisé (--territory "") »."""
    return f'{meeting.territory or "territoire non précisé"} (--territory "{meeting.territory}")'


def _named(meeting: Meeting) -> str:
    """« Sous-CCAPEX Nord – Montbrézac », « Commission technique »."""
    return f"{MEETING_KIND_LABELS[meeting.kind]} {meeting.territory}".strip()

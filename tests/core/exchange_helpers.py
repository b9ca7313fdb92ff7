"""Reading exported files back, and what the base holds, for the export tests.

The expected rows are read from the base with SQL of their own, not through the table
definitions under test; every value is then compared with the file's cell, parsed back
by the type the base gives it.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from pexdesk.core.domain.kinds import (ACTION_STATUS_LABELS, MEETING_KIND_LABELS,
                                       MEETING_MODE_LABELS)
from pexdesk.core.reference.breakdowns import DIMENSIONS
from pexdesk.core.services.exchange.cells import restore_text

DEMO_TODAY = date(2025, 6, 16)
"""The day the demo base of these tests pretends to be written: its dates are fixed."""

UNITS = {"nb": "nombre", "%": "%", "€": "€", "j": "jours"}
CHAIRS = {"PRESENT": "présent", "REPRESENTE": "représenté", "ABSENT": "absent"}
"""A co-president's presence as the export writes it (the métropole's agrees: none in the
demo)."""


def read_xlsx(path: Path, sheet: int = 0):
    workbook = load_workbook(path)
    worksheet = workbook.worksheets[sheet]
    rows = [list(row) for row in worksheet.iter_rows()]
    return workbook, worksheet, rows


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def yes_no(flag) -> str:
    return "Oui" if flag else "Non"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _names(con: sqlite3.Connection, sql: str) -> dict[int, str]:
    return {owner: ", ".join(names) for owner, names in _grouped(con.execute(sql)).items()}


def expected_rows(con: sqlite3.Connection, table: str, today: date) -> tuple[list[str], list[list]]:
    """(headers, rows of typed values) the export of ``table`` must hold."""
    return EXPECTED[table](con, today)


def _partners(con, today):
    tags = _names(con, "SELECT pt.partner_id, t.name FROM partner_tag pt JOIN tag t "
                       "ON t.id = pt.tag_id ORDER BY t.name COLLATE NOCASE")
    rows = [[name, label, code, territory, yes_no(signed), _day(signed_on), yes_no(active),
             tags.get(pid, ""), contacts, meetings, notes, uuid]
            for (pid, name, label, code, territory, signed, signed_on, active, contacts, meetings,
                 notes, uuid) in con.execute(
                """SELECT p.id, p.name, c.label, p.category_code, p.territory,
                          p.charter_signatory, p.charter_signed_on, p.active,
                          (SELECT count(*) FROM contact WHERE partner_id = p.id),
                          (SELECT count(*) FROM meeting_attendance WHERE partner_id = p.id),
                          p.notes, p.uuid
                   FROM partner p JOIN partner_category c ON c.code = p.category_code
                   ORDER BY p.name COLLATE NOCASE""")]
    return (["Organisation", "Catégorie", "Code catégorie", "Territoire",
             "Signataire de la charte", "Date de signature de la charte", "Actif", "Étiquettes",
             "Contacts", "Réunions suivies", "Notes", "Identifiant pexdesk"], rows)


def _contacts(con, today):
    rows = [list(row) for row in con.execute(
        """SELECT p.name, c.label, ct.full_name, ct.role, ct.email, ct.phone, ct.uuid, ct.id
           FROM contact ct JOIN partner p ON p.id = ct.partner_id
           JOIN partner_category c ON c.code = p.category_code""")]
    rows.sort(key=lambda r: (r[0].casefold(), r[2].casefold(), r[7]))
    return (["Organisation", "Catégorie", "Nom", "Fonction", "E-mail", "Téléphone",
             "Identifiant pexdesk"], [row[:7] for row in rows])


BREAKDOWN_HEADERS = [f"{prefix} – {label}"
                     for dimension, prefix in zip(DIMENSIONS, ("Origine", "Stade", "Avis"))
                     for label in (*(label for _, label in dimension.categories), "Non ventilé")]
"""One column per category of each breakdown, then its rest, in the reference's order."""


def _breakdown_cells(con, meeting_id: int, dossiers: int, opinions: int) -> list[int]:
    stored = {(dimension, category): count for dimension, category, count in con.execute(
        "SELECT dimension, category, count FROM meeting_breakdown WHERE meeting_id = ?",
        (meeting_id,))}
    cells = []
    for dimension in DIMENSIONS:
        counts = [stored.get((dimension.code, code), 0) for code, _ in dimension.categories]
        total = dossiers if dimension.total == "dossiers_examined" else opinions
        cells += [*counts, total - sum(counts)]
    return cells


def _meetings(con, today):
    present = _names(con, "SELECT a.meeting_id, p.name FROM meeting_attendance a JOIN partner p "
                          "ON p.id = a.partner_id ORDER BY p.name COLLATE NOCASE")
    actions = {mid: " ; ".join(titles) for mid, titles in _grouped(con.execute(
        "SELECT l.meeting_id, x.code || ' – ' || a.title FROM meeting_action l "
        "JOIN action a ON a.id = l.action_id JOIN roadmap_axis x ON x.id = a.axis_id "
        "ORDER BY x.sort_order, a.due_on IS NULL, a.due_on, a.id")).items()}
    by_voice = {voice: _names(con, "SELECT a.meeting_id, p.name FROM meeting_attendance a "
                                   "JOIN partner p ON p.id = a.partner_id WHERE a.voice "
                                   f"{condition} ORDER BY p.name COLLATE NOCASE")
                for voice, condition in (("DELIBERATIVE", "= 'DELIBERATIVE'"),
                                         ("CONSULTATIVE", "= 'CONSULTATIVE'"),
                                         ("INVITE", "= 'INVITE'"), (None, "IS NULL"))}
    rows = [[_day(held_on), MEETING_KIND_LABELS[kind], territory, MEETING_MODE_LABELS[mode],
             place, dossiers, opinions, attendees, present.get(mid, ""), open_followups, notes,
             *_breakdown_cells(con, mid, dossiers, opinions), registered, adjourned,
             actions.get(mid, ""), start, end,
             *[CHAIRS[presence] if presence else None for presence in chairs],
             secretariat or "", *[names.get(mid, "") for names in by_voice.values()], uuid]
            for (mid, held_on, kind, territory, mode, place, dossiers, opinions, attendees,
                 open_followups, notes, registered, adjourned, start, end, *chairs, secretariat,
                 uuid) in con.execute(
                """SELECT m.id, m.held_on, m.kind, m.territory, m.mode, m.place,
                          m.dossiers_examined, m.opinions_issued,
                          (SELECT count(*) FROM meeting_attendance WHERE meeting_id = m.id),
                          (SELECT count(*) FROM meeting_followup
                           WHERE meeting_id = m.id AND NOT done),
                          m.notes, m.dossiers_registered, m.dossiers_adjourned, m.start_time,
                          m.end_time, m.chair_state, m.chair_department, m.chair_metropolis,
                          (SELECT name FROM partner WHERE id = m.secretariat_partner_id), m.uuid
                   FROM meeting m ORDER BY m.held_on, m.id""")]
    return (["Date", "Type de réunion", "Territoire", "Modalité", "Lieu", "Dossiers examinés",
             "Avis et recommandations émis", "Participants", "Partenaires présents",
             "Suites à donner en cours", "Notes", *BREAKDOWN_HEADERS,
             "Dossiers inscrits à l'ordre du jour", "Dossiers ajournés",
             "Actions de la feuille de route abordées", "Heure de début", "Heure de fin",
             "Présidence – État (préfet)", "Présidence – Conseil départemental",
             "Présidence – Métropole", "Secrétariat", "Membres à voix délibérative",
             "Membres à voix consultative", "Invités", "Voix non précisée",
             "Identifiant pexdesk"], rows)


def _grouped(pairs) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for owner, text in pairs:
        found.setdefault(owner, []).append(text)
    return found


def _actions(con, today):
    leads = _names(con, "SELECT l.action_id, p.name FROM action_lead l JOIN partner p "
                        "ON p.id = l.partner_id ORDER BY p.name COLLATE NOCASE")
    rows = []
    for (aid, code, axis, title, status, progress, start_on, due_on, entries, last_entry,
         description, uuid) in con.execute(
            """SELECT a.id, x.code, x.label, a.title, a.status, a.progress, a.start_on, a.due_on,
                      (SELECT count(*) FROM action_journal WHERE action_id = a.id),
                      (SELECT max(entry_on) FROM action_journal WHERE action_id = a.id),
                      a.description, a.uuid
               FROM action a JOIN roadmap_axis x ON x.id = a.axis_id
               ORDER BY x.sort_order, a.due_on IS NULL, a.due_on, a.id"""):
        late = bool(due_on) and date.fromisoformat(due_on) < today and status in ("A_LANCER",
                                                                                "EN_COURS")
        rows.append([code, axis, title, ACTION_STATUS_LABELS[status], progress, _day(start_on),
                     _day(due_on), yes_no(late), leads.get(aid, ""), entries, _day(last_entry),
                     description, uuid])
    return (["Code de l'axe", "Axe", "Action", "Statut", "Avancement (%)", "Date de début",
             "Échéance", "En retard", "Pilotes", "Étapes du journal", "Dernière étape",
             "Description", "Identifiant pexdesk"], rows)


def _indicators(con, today):
    rows = [[code, label, UNITS[unit], department, _day(month), value, source, comment, uuid]
            for code, label, unit, department, month, value, source, comment, uuid in con.execute(
                """SELECT i.code, i.label, i.unit, v.department_code, v.month,
                          coalesce(v.value, 'nd'), v.source, v.comment, v.uuid
                   FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
                   ORDER BY i.sort_order, i.id, v.department_code, v.month""")]
    return (["Code de l'indicateur", "Indicateur", "Unité", "Département", "Mois", "Valeur",
             "Source", "Commentaire", "Identifiant pexdesk"], rows)


def _responses(con, today):
    campaigns = con.execute("SELECT id, name FROM campaign "
                            "ORDER BY period_start IS NULL, period_start, id").fetchall()
    labels: list[str] = []
    for campaign_id, _ in campaigns:
        for (label,) in con.execute("SELECT label FROM campaign_item WHERE campaign_id = ? "
                                    "ORDER BY position, id", (campaign_id,)):
            if label.casefold() not in [known.casefold() for known in labels]:
                labels.append(label)
    rows = []
    for campaign_id, name in campaigns:
        for (rid, responded_on, category, code, department, overall, comment, origin,
             origin_file, origin_row, uuid) in con.execute(
                """SELECT r.id, r.responded_on, c.label, r.category_code, r.department_code,
                          r.overall_score, r.comment, r.origin, r.origin_file, r.origin_row,
                          r.uuid
                   FROM response r JOIN partner_category c ON c.code = r.category_code
                   WHERE r.campaign_id = ? ORDER BY r.id""", (campaign_id,)):
            answers = {label.casefold(): ("NC" if not_concerned else score)
                       for label, score, not_concerned in con.execute(
                           "SELECT i.label, a.score, a.not_concerned FROM answer a "
                           "JOIN campaign_item i ON i.id = a.item_id WHERE a.response_id = ?",
                           (rid,))}
            rows.append([name, _day(responded_on), category, code, department, overall,
                         *(answers.get(label.casefold()) for label in labels), comment,
                         {"SAISIE": "Saisie", "FICHIER": "Fichier importé"}[origin],
                         origin_file.replace("\\", "/").split("/")[-1], origin_row, uuid])
    return (["Campagne", "Date de réponse", "Catégorie de partenaire", "Code catégorie",
             "Département", "Appréciation globale", *labels, "Commentaire", "Origine",
             "Fichier d'origine", "Ligne du fichier d'origine", "Identifiant pexdesk"], rows)


EXPECTED = {"partners": _partners, "contacts": _contacts, "meetings": _meetings,
            "actions": _actions, "indicators": _indicators, "responses": _responses}
TABLES = tuple(EXPECTED)


def xlsx_value(cell, expected):
    """A cell read back as the base's value would be (text restored, dates as dates)."""
    value = cell.value
    if isinstance(expected, str):
        assert cell.data_type == "s" or value is None, (cell.coordinate, value)
        return "" if value is None else restore_text(value)
    if isinstance(expected, date):
        assert isinstance(value, datetime) and cell.is_date, (cell.coordinate, value)
        return value.date()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert cell.data_type == "n" and isinstance(value, (int, float)), (cell.coordinate, value)
    return value


def csv_value(text: str, expected):
    """A CSV cell parsed back by the type of the base's value."""
    if expected is None:
        assert text == ""
        return None
    if isinstance(expected, str):
        return restore_text(text)
    if isinstance(expected, date):
        return datetime.strptime(text, "%d/%m/%Y").date()
    if isinstance(expected, float):
        return float(text.replace(",", "."))
    if isinstance(expected, int):
        return int(text)
    raise AssertionError(f"unexpected type {expected!r}")

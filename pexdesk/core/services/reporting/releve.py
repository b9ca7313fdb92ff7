"""The « relevé de la réunion »: the record of one CCAPEX meeting the chargé(e) de mission
sends its members afterwards, as a PDF.

It holds what the meeting form holds, read from the base: when and where, who chaired it
and held its secretariat, the organisations that attended, grouped by the voice they had
(never a person, let alone a household), the dossiers on the
agenda, examined and postponed and the avis issued, the notes (the form asks for no
household data in them), the roadmap actions the meeting dealt with, and the follow-ups
decided, each with its state on the day the relevé is made. A part
without content says so in a sentence rather than vanish, so that a reader tells « no
follow-up » from « forgotten »; the counts alone are left out for the kinds of meeting
that examine no dossier (a groupe de travail, a comité de pilotage), where zeros would read
as a commission that examined nothing. A sous-CCAPEX's counts stay exact, 1 to 4
included: the members it goes to are bound by the secret professionnel (art. 7-2 loi
90-449), unlike the readers of the bilans, which print them « < 5 » (``core.small_counts``).

A page or two, without a cover: the running header names the ADIL, the footer the day it
was made. The base is only read; the PDF is written atomically, and its caller records it
in the base's journal (:meth:`ReleveData.summary`), as a bilan is.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pexdesk.core.services.reporting.output import write_atomically  # first: see its docstring
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS, MEETING_MODE_LABELS, MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import (agree, format_date, format_date_unbroken, format_number,
                                     format_time, plural)
from pexdesk.core.reference.breakdowns import DIMENSIONS, Breakdown
from pexdesk.core.reference.membership import CO_PRESIDENTS, UNSTATED, VOICE_GROUPS, Voice
from pexdesk.core.repositories import mapper, meetings
from pexdesk.core.repositories.meetings import Attendee
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import (TIGHT, Markup, RoomToStart, TableWithTail,
                                                   data_table, layout_table, letterhead)
from pexdesk.core.services.reporting.catalog import check_destination, report_summary
from pexdesk.core.services.reporting.data import Mission
from pexdesk.core.services.reporting.document import DocumentInfo, Heading, ReportDocument
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.text import escape, french_spacing

TITLE = "Relevé de la réunion"
WHAT = "un relevé de réunion (PDF)"
"""The document, as the refusal of a file name that is not a PDF names it."""
NO_ONE = "—"
"""A follow-up without a partner in charge, or without a due date."""
PRIVACY = "Ce relevé ne contient aucune donnée nominative sur les ménages."

DOSSIER_KINDS = frozenset({MeetingKind.TECHNIQUE, MeetingKind.SOUS_CCAPEX})
"""The kinds of meeting that examine dossiers and issue avis, as the bilan's calendar says
(« commissions techniques et sous-CCAPEX pour l'essentiel »): their counts are shown even
when nought. Another kind shows its counts only when it has some."""

ROOM_TO_START = 50 * mm
"""The room a part needs left on a page to start there when it does not fit whole: its
heading, its sentence and the first rows of its table (see ``blocks.RoomToStart``)."""

FACT_LABEL_WIDTH = 58 * mm
"""The labels' column under « Activité »: « Avis et recommandations émis » on one line."""
LABEL_GAP = 6
"""Points between a label and its value."""

DONE, OPEN, LATE = "faite", "ouverte", "en retard"
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Decision:
    """A follow-up as the relevé shows it."""

    description: str
    owner: str
    """The partner in charge; "" when none is named."""
    due_on: date | None
    done: bool

    def state(self, today: date) -> str:
        """« faite », « ouverte », or « en retard » once due before ``today`` and not done."""
        if self.done:
            return DONE
        return LATE if self.due_on is not None and self.due_on < today else OPEN


@dataclass(frozen=True)
class ReleveData:
    """What the relevé prints, read from the base at once."""

    mission: Mission
    meeting: Meeting
    attendees: tuple[Attendee, ...]
    """By name."""
    secretariat: str
    """The partner holding the secretariat; "" when none is named."""
    decisions: tuple[Decision, ...]
    """In the order they were entered."""
    breakdown: Breakdown
    """Its dossiers by origin and stage, its avis by type, as far as they were entered."""
    actions: tuple[tuple[str, str], ...]
    """(axis code, title) of the roadmap actions it dealt with, in the roadmap's order."""
    today: date
    """The day the relevé is made: the follow-ups' states are those of that day."""

    @property
    def kind_label(self) -> str:
        return MEETING_KIND_LABELS.get(self.meeting.kind, self.meeting.kind)

    @property
    def heading(self) -> str:
        """« Sous-CCAPEX du 16 novembre 2026 »."""
        return f"{self.kind_label} du {format_date(self.meeting.held_on)}"

    def summary(self, out: Path) -> str:
        """The journal's line once written to ``out``: « Relevé de la réunion (Sous-CCAPEX
        du 16 novembre 2026, Condom) vers FICHIER »."""
        where = f", {self.meeting.territory}" if self.meeting.territory else ""
        return report_summary(TITLE, f"{self.heading}{where}", out)

    @property
    def shows_counts(self) -> bool:
        meeting = self.meeting
        return (meeting.kind in DOSSIER_KINDS or meeting.dossiers_examined > 0
                or meeting.opinions_issued > 0 or bool(meeting.dossiers_registered)
                or bool(meeting.dossiers_adjourned))


def gather_releve(con: sqlite3.Connection, meeting_id: int,
                  today: date | None = None) -> ReleveData:
    """The relevé of ``meeting_id``; NotFoundError (French) once it was deleted."""
    meeting = mapper.get(con, Meeting, meeting_id)
    owners = meetings.owner_names(con, meeting_id)
    decisions = tuple(Decision(f.description, owners.get(f.id, ""), f.due_on, f.done)
                      for f in meetings.followups_of(con, meeting_id))
    return ReleveData(Mission.of(mapper.get(con, Profile, 1)), meeting,
                      tuple(meetings.attendees(con, meeting_id)),
                      meetings.partner_name(con, meeting.secretariat_partner_id), decisions,
                      meetings.breakdown_of(con, meeting_id),
                      tuple(meetings.actions_dealt_with(con, meeting_id)), today or date.today())


def render_releve(data: ReleveData, out_path: Path | str,
                  before_replacing: Callable[[], object] | None = None) -> Path:
    """Lay ``data`` out as a PDF at ``out_path`` (atomically, ``before_replacing`` as for
    :func:`output.write_atomically`); returns the absolute path. Uses nothing but the
    snapshot, so it may run on a worker thread."""
    out = check_destination(out_path, WHAT)
    write_atomically(out, lambda temporary: ReportDocument(
        temporary, document_info(data), cover=False).render(story(data)), "le relevé",
        before_replacing)
    return out


def document_info(data: ReleveData) -> DocumentInfo:
    mission, meeting = data.mission, data.meeting
    where = f" ({meeting.territory})" if meeting.territory else ""
    return DocumentInfo(
        title=f"{TITLE} – {data.heading}",
        author=mission.officer_name.strip() or mission.adil_name,
        subject=f"Relevé de la réunion « {data.heading} »{where} : présidence, participants, "
                f"dossiers et avis, notes, actions de la feuille de route abordées et suites à "
                f"donner ; mission de prévention des expulsions locatives, "
                f"{mission.department_label}",
        keywords=f"prévention des expulsions, CCAPEX, relevé, réunion, {data.kind_label}, "
                 f"{mission.department_name}",
        header_left=mission.adil_name,
        header_place=mission.department_label,
        header_right=f"{TITLE} du {format_date(meeting.held_on)}",
        footer_left=f"Établi le {format_date(data.today)} avec pexdesk",
    )


# --- Layout -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    heading: ParagraphStyle
    group: ParagraphStyle
    notes: ParagraphStyle
    empty: ParagraphStyle
    note: ParagraphStyle


def _styles() -> _Styles:
    s = st.styles()
    return _Styles(
        body=s.body_left,
        kicker=ParagraphStyle("ReleveSurtitre", parent=s.cover_label, fontSize=9.5,
                              leading=12, spaceAfter=2),
        title=ParagraphStyle("ReleveTitre", parent=s.title, fontSize=20, leading=24,
                             spaceAfter=0),
        label=ParagraphStyle("ReleveLibelle", parent=s.body_left, textColor=st.MUTED,
                             spaceAfter=0),
        value=ParagraphStyle("ReleveValeur", parent=s.body_left, spaceAfter=0),
        heading=ParagraphStyle("ReleveSection", parent=s.h2, spaceBefore=14),
        group=ParagraphStyle("ReleveGroupe", parent=s.h3, spaceBefore=6, spaceAfter=3),
        notes=ParagraphStyle("ReleveNotes", parent=s.body_left, spaceAfter=6),
        empty=s.empty,
        note=s.note,
    )


def story(data: ReleveData) -> list[Flowable]:
    styles = _styles()
    return [*_title(data, styles), *_attendees(data, styles), *_activity(data, styles),
            *_notes(data, styles), _actions(data, styles), _decisions(data, styles)]


def _heading(key: str, text: str, styles: _Styles) -> Heading:
    return Heading(text, styles.heading, 0, key)


def _part(flowables: list[Flowable]) -> RoomToStart:
    return RoomToStart(flowables, ROOM_TO_START)


def _facts(rows: list[tuple[str, str]], styles: _Styles, label_width: float) -> Flowable:
    """Label and value side by side, a line each; a value is user text unless it is
    ``Markup``. A label that fills its column stays clear of its value."""
    return layout_table(
        [[Paragraph(escape(label), styles.label),
          Paragraph(french_spacing(value if isinstance(value, Markup) else escape(value)),
                    styles.value)] for label, value in rows],
        [label_width, st.FRAME_WIDTH - label_width],
        [*TIGHT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
         ("RIGHTPADDING", (0, 0), (0, -1), LABEL_GAP)])


def _title(data: ReleveData, styles: _Styles) -> list[Flowable]:
    """The ADIL, what the document is, then when, where and how the meeting was held, who
    chaired it and who held its secretariat, as far as entered."""
    meeting = data.meeting
    facts = [("Horaires", _hours(meeting)), ("Territoire", meeting.territory),
             ("Lieu", meeting.place),
             ("Modalité", MEETING_MODE_LABELS.get(meeting.mode, meeting.mode)),
             ("Présidence", _chair(meeting)), ("Secrétariat", data.secretariat)]
    return [letterhead(data.mission, styles.body), Spacer(1, 8 * mm),
            Paragraph(escape(TITLE.upper()), styles.kicker),
            Paragraph(escape(f"{data.kind_label} du {format_date_unbroken(meeting.held_on)}"),
                      styles.title),
            Spacer(1, 5 * mm),
            _facts([(label, value) for label, value in facts if value], styles, 28 * mm)]


def _hours(meeting: Meeting) -> str:
    """« de 9 h 30 à 12 h », « à partir de 14 h », « jusqu'à 12 h »; "" when not entered."""
    start, end = meeting.start_time, meeting.end_time
    if start and end:
        return f"de {format_time(start)} à {format_time(end)}"
    if start or end:
        return f"à partir de {format_time(start)}" if start else f"jusqu'à {format_time(end)}"
    return ""


def _chair(meeting: Meeting) -> str:
    """« État (préfet) : présent ; Conseil départemental : représenté », the co-presidents
    entered only; "" when none is."""
    return " ; ".join(f"{chair.label} : {chair.presence_label(presence)}"
                      for chair in CO_PRESIDENTS
                      if (presence := getattr(meeting, chair.field)) is not None)


VOICE_NOUNS = {Voice.DELIBERATIVE: ("membre à voix délibérative", "membres à voix délibérative"),
               Voice.CONSULTATIVE: ("membre à voix consultative", "membres à voix consultative"),
               Voice.INVITE: ("invité", "invités"), None: ("à voix non précisée",) * 2}


def _attendees(data: ReleveData, styles: _Styles) -> list[Flowable]:
    """The organisations present, grouped by the voice they had (« Membres à voix
    délibérative »…), those whose voice is not stated last; one list when no voice is."""
    heading = _heading("participants", "Participants", styles)
    if not data.attendees:
        return [_part([heading, Paragraph("Aucun participant enregistré.", styles.empty)])]
    represented = plural(len(data.attendees), "structure représentée", "structures représentées")
    groups = {voice: [a for a in data.attendees if a.voice == voice]
              for voice in (*Voice, None)}
    if len(groups[None]) == len(data.attendees):
        return [_part([heading, Paragraph(escape(f"{represented}."), styles.body),
                       _attendee_table(data.attendees)])]
    counts = ", ".join(f"{format_number(len(present))} {agree(len(present), *VOICE_NOUNS[voice])}"
                       for voice, present in groups.items() if present)
    parts = [[Paragraph(escape(f"{VOICE_GROUPS[voice] if voice else UNSTATED} "
                               f"({format_number(len(present))})"), styles.group),
              _attendee_table(present)] for voice, present in groups.items() if present]
    parts[0][:0] = [heading, Paragraph(escape(f"{represented} : {counts}."), styles.body)]
    return [_part(part) for part in parts]


def _attendee_table(attendees: Sequence[Attendee]) -> Flowable:
    return data_table(["Structure", "Catégorie"],
                      [[attendee.name, attendee.category] for attendee in attendees],
                      [st.FRAME_WIDTH * 0.62, st.FRAME_WIDTH * 0.38], "LL")


def _activity(data: ReleveData, styles: _Styles) -> list[Flowable]:
    """The counts, for the kinds that examine dossiers (or any that recorded some), the
    agenda's as far as entered, then each breakdown entered, a line each, which may go
    over to the next page."""
    if not data.shows_counts:
        return []
    meeting = data.meeting
    counts = [(name, getattr(meeting, name)) for name in (
        "dossiers_registered", "dossiers_examined", "dossiers_adjourned", "opinions_issued")]
    story = [_heading("activite", "Activité", styles),
             _facts([(meeting.label(name), format_number(count)) for name, count in counts
                     if count is not None], styles, FACT_LABEL_WIDTH)]
    lines = _breakdown_lines(meeting, data.breakdown)
    if lines:
        story.append(_facts(lines, styles, FACT_LABEL_WIDTH))
    return story


def _breakdown_lines(meeting: Meeting, breakdown: Breakdown) -> list[tuple[str, Markup]]:
    """« Signalement de commandement de payer : 6 ; … ; non ventilé : 2 » beside
    « Dossiers examinés par origine de la saisine », the counts in bold, in the
    reference's order; a breakdown not entered at all is left out."""
    lines = []
    for dimension in DIMENSIONS:
        counts = breakdown.get(dimension.code)
        if not counts:
            continue
        parts = [(label, counts[code]) for code, label in dimension.categories
                 if counts.get(code)]
        rest = getattr(meeting, dimension.total) - sum(counts.values())
        if rest:
            parts.append(("non ventilé", rest))
        lines.append((f"{meeting.label(dimension.total)} {dimension.label}",
                      Markup(" ; ".join(f"{escape(label)} : <b>{format_number(count)}</b>"
                                        for label, count in parts))))
    return lines


def _notes(data: ReleveData, styles: _Styles) -> list[Flowable]:
    """The notes as typed: a blank line starts a paragraph, a line break stays one."""
    heading = _heading("notes", "Relevé / notes", styles)
    text = data.meeting.notes.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return [heading, Paragraph("Aucune note enregistrée.", styles.empty)]
    return [heading, *(Paragraph(french_spacing(escape(block)), styles.notes)
                       for block in _BLANK_LINES.split(text))]


def _actions(data: ReleveData, styles: _Styles) -> Flowable:
    """The roadmap actions the meeting dealt with, by axis code and title."""
    heading = _heading("actions", "Actions de la feuille de route abordées", styles)
    if not data.actions:
        return _part([heading, Paragraph("Aucune action abordée.", styles.empty)])
    count = plural(len(data.actions), "action abordée", "actions abordées")
    table = data_table(["Axe", "Action"], [list(action) for action in data.actions],
                       [st.FRAME_WIDTH * 0.22, st.FRAME_WIDTH * 0.78], "LL")
    return _part([heading, Paragraph(escape(f"{count}."), styles.body), table])


def _decisions(data: ReleveData, styles: _Styles) -> Flowable:
    """The follow-ups, then the privacy line that closes the relevé, which never starts a
    page alone."""
    heading = _heading("suites", "Suites à donner", styles)
    privacy = [Spacer(1, 4 * mm), Paragraph(escape(PRIVACY), styles.note)]
    if not data.decisions:
        return _part([heading, Paragraph("Aucune suite à donner.", styles.empty), *privacy])
    states = [decision.state(data.today) for decision in data.decisions]
    rows, late = [], []
    for index, (decision, state) in enumerate(zip(data.decisions, states)):
        due = f"{decision.due_on:%d/%m/%Y}" if decision.due_on else NO_ONE
        rows.append([decision.description, decision.owner or NO_ONE, due, state])
        if state == LATE:
            late.append(index)
    width = st.FRAME_WIDTH
    table = data_table(["Suite", "Responsable", "Échéance", "État"], rows,
                       [width * 0.47, width * 0.29, width * 0.12, width * 0.12], "LLLL",
                       highlight=late, marked=[(3, index) for index in late])
    table.splitInRow = 1  # a long description may run over a page
    sentence = Paragraph(french_spacing(escape(_states_sentence(states, data.today))),
                         styles.body)
    return _part([heading, sentence, TableWithTail(table, privacy)])


def _states_sentence(states: list[str], today: date) -> str:
    """« 3 suites à donner décidées ; état au 3 décembre 2026 : 1 faite, 2 ouvertes, dont 1
    en retard. »"""
    done, late = states.count(DONE), states.count(LATE)
    still_open = len(states) - done
    parts = [plural(done, DONE)] if done else []
    if still_open:
        parts.append(plural(still_open, OPEN) + (f", dont {format_number(late)} {LATE}"
                                                 if late else ""))
    decided = plural(len(states), "suite à donner", "suites à donner")
    return (f"{decided} {agree(len(states), 'décidée', 'décidées')} ; état au "
            f"{format_date_unbroken(today)} : {', '.join(parts)}.")

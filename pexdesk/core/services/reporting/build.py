"""Build a bilan: read the base (read only) into a snapshot, lay it out, write it atomically.

``build_report`` is the one entry point for the CLI; the application can call
:func:`gather_report` on its own thread (a fraction of a second) and
:func:`render_report` on a worker thread with progress and cancellation.
Every bilan written is a ``REPORT`` event of the base's journal, summarised by
:func:`report_summary`: ``build_report`` records it when it opened the base itself;
a caller passing its own (read-only) connection records it on its writing one.

The PDF is written atomically (``output.write_atomically``): a failure or a cancellation
never leaves a half-written file at the destination, and an existing file there
stays intact until the new one is complete. ``output`` is imported first: it tunes
ReportLab before its graphics load.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from pexdesk.core.services.reporting.output import write_atomically  # first: see its docstring
from pexdesk.core.formatting import format_date
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting.activity import ACTIVITY, story
from pexdesk.core.services.reporting.monthly import MONTHLY
from pexdesk.core.services.reporting.monthly_data import MonthlyData, gather_monthly
from pexdesk.core.services.reporting.satisfaction import SATISFACTION
from pexdesk.core.services.reporting.satisfaction_data import (SatisfactionData,
                                                               gather_satisfaction)
from pexdesk.core.services.reporting.source import DocumentSource
from pexdesk.core.services.reporting.blocks import Context, ReportKind
from pexdesk.core.services.reporting.catalog import (ReportCancelled, ReportError,
                                                     check_destination, check_sections,
                                                     report_summary)
from pexdesk.core.services.reporting.data import ReportData, gather
from pexdesk.core.services.reporting.document import (Cancelled, DocumentInfo, Progress,
                                                      ReportDocument)
from pexdesk.core.services.reporting.periods import (Period, check_month, check_period,
                                                     default_month, default_period)
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import mapper

LAID_OUT: dict[str, ReportKind] = {ACTIVITY.key: ACTIVITY, SATISFACTION.key: SATISFACTION,
                                   MONTHLY.key: MONTHLY}
"""The kinds of the catalog with their sections' builders, by command-line name."""

Snapshot = ReportData | SatisfactionData | MonthlyData
SNAPSHOTS: dict[str, type] = {ACTIVITY.key: ReportData, SATISFACTION.key: SatisfactionData,
                              MONTHLY.key: MonthlyData}
"""What each kind is laid out from."""


def report_kind(name: str) -> ReportKind:
    """The kind ``name`` ready to lay out; ReportError (French) for a kind the catalog does
    not build."""
    return LAID_OUT[catalog.report_kind(name).key]


def resolve_period(con: sqlite3.Connection, first: date | None, last: date | None,
                   today: date) -> Period:
    """The period asked for; a missing bound comes from the default period (the mission's
    last twelve months), or twelve months before or after the bound given."""
    if first is None or last is None:
        default = default_period(mapper.get(con, Profile, 1), today)
        if first is None and last is None:
            return default
        if first is None:
            first = _months_before(last)
        else:
            last = max(default.last, first)
    return check_period(first, last)


def _months_before(last: date) -> date:
    index = last.year * 12 + last.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1)


def gather_report(con: sqlite3.Connection, first: date | None = None, last: date | None = None,
                  *, campaign: str | None = None, today: date | None = None,
                  kind: str = "activite") -> Snapshot:
    """The snapshot a bilan of ``kind`` is built from (reads only).

    Activity: the period (default: the mission's last twelve months). Satisfaction: with
    a campaign and no date, the whole campaign; otherwise the responses dated in the
    period, a missing bound filled as for the activity bilan (see satisfaction_data).
    Point mensuel: the calendar month ``first`` or ``last`` falls in, or both bound
    (:func:`periods.check_month`); without a date, :func:`periods.default_month`."""
    today = today or date.today()
    if report_kind(kind) is MONTHLY:
        return gather_monthly(con, resolve_month(con, first, last, today, campaign), today)
    if report_kind(kind) is SATISFACTION:
        period = None
        if campaign is None or first is not None or last is not None:
            period = resolve_period(con, first, last, today)
        return gather_satisfaction(con, period, today, campaign)
    return gather(con, resolve_period(con, first, last, today), today, campaign)


def resolve_month(con: sqlite3.Connection, first: date | None, last: date | None, today: date,
                  campaign: str | None = None) -> Period:
    """The month a « Point mensuel » covers; ReportError (French) for a campaign, which it
    has no part for."""
    if campaign is not None:
        raise ReportError(f"Le {MONTHLY.title.lower()} ne comprend pas de retours des "
                          "partenaires : il ne porte sur aucune campagne.")
    return check_month(first, last) or default_month(mapper.get(con, Profile, 1), today)


KEYWORDS = {SATISFACTION.key: " satisfaction, enquête partenaires,",
            MONTHLY.key: " point mensuel, DDETS,"}


def document_info(data: Snapshot, kind: ReportKind) -> DocumentInfo:
    mission = data.mission
    survey = KEYWORDS.get(kind.key, "")
    return DocumentInfo(
        title=f"{kind.title} – mission de prévention des expulsions – {mission.department_label}",
        author=mission.officer_name.strip() or mission.adil_name,
        subject=f"{kind.title} de la mission PEX portée par {mission.adil_in_text}, "
                f"{data.coverage}",
        keywords=f"prévention des expulsions, CCAPEX, PEX, ADIL, bilan,{survey} "
                 f"{mission.department_name}",
        header_left=mission.adil_name,
        header_place=mission.department_label,
        header_right=f"{kind.title} · {data.coverage_short}",
        footer_left=f"Établi le {format_date(data.generated_on)} avec pexdesk",
    )


def render_report(data: Snapshot, kind: ReportKind | str, out_path: Path | str,
                  sections: Iterable[str] | None = None, progress: Progress | None = None,
                  cancelled: Cancelled | None = None,
                  before_replacing: Callable[[], object] | None = None) -> Path:
    """Lay out ``data`` as a PDF at ``out_path`` (atomically); returns the absolute path.

    Uses nothing but the snapshot: safe on a worker thread. ``cancelled`` is polled
    between flowables; on cancellation :class:`ReportCancelled` is raised and the
    destination is left as it was, as it is when ``before_replacing()`` raises
    (:func:`output.write_atomically`)."""
    kind = report_kind(kind) if isinstance(kind, str) else kind
    if not isinstance(data, SNAPSHOTS[kind.key]):
        raise ReportError(f"Les données lues ne sont pas celles d'un {kind.title.lower()} : "
                          "relisez la base avec gather_report(..., kind=…).")
    chosen = check_sections(kind, sections)
    out = check_destination(out_path)
    if cancelled is not None and cancelled():
        raise ReportCancelled()

    def scaled(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.05 + 0.9 * fraction, message)

    write_atomically(out, lambda temporary: ReportDocument(
        temporary, document_info(data, kind), scaled, cancelled, kind.cover).render(
        (kind.story or story)(Context(data, sections=chosen), kind, chosen)), "le bilan",
        before_replacing)
    if progress is not None:
        progress(1.0, "Bilan enregistré")
    return out


def bilan_warning(data: Snapshot) -> str | None:
    """The French warning for a bilan built all the same but nearly empty: a period (a
    month) wholly before the mission's start (some data may have been typed in
    afterwards), a satisfaction bilan without any response; None otherwise."""
    if isinstance(data, MonthlyData):
        if not data.precedes_mission:
            return None
        return (f"Attention : le mois choisi ({data.coverage}) est antérieur au début de la "
                f"mission ({format_date(data.mission.mission_start)}) : le point mensuel ne "
                "contient presque aucune donnée.")
    if isinstance(data, SatisfactionData):
        if data.responses:
            return None
        if not data.known_campaigns:
            return ("Attention : la base ne contient aucune campagne de retours des "
                    "partenaires : le bilan de satisfaction ne contient aucune réponse.")
        return (f"Attention : aucune réponse de partenaire dans le champ de ce bilan "
                f"({data.coverage}) : le bilan de satisfaction est vide.")
    if not data.precedes_mission:
        return None
    return (f"Attention : la période choisie ({data.period.text}) est antérieure au début de "
            f"la mission ({format_date(data.mission.mission_start)}) : le bilan ne contient "
            "presque aucune donnée.")


def build_report(source: sqlite3.Connection | Path | str, kind: str = "activite",
                 first: date | None = None, last: date | None = None,
                 sections: Iterable[str] | None = None,
                 out_path: Path | str = "bilan.pdf", progress: Progress | None = None,
                 cancelled: Cancelled | None = None, *, campaign: str | None = None,
                 today: date | None = None, warn: Callable[[str], None] | None = None) -> Path:
    """Build a bilan of ``kind`` (« activite », « satisfaction » or « mensuel ») for
    ``first``–``last`` (default: the mission's last twelve months; a satisfaction bilan of
    a ``campaign`` without dates covers the whole campaign; a point mensuel covers one
    calendar month, see :func:`gather_report`) from an open connection or a base file
    (opened read only and checked meanwhile: :class:`DocumentSource`), and write it to
    ``out_path`` atomically. Returns the absolute path written. From a base file, the
    bilan is then recorded in its journal unless another pexdesk has the base open for
    writing (:meth:`DocumentSource.record`). Once it is written, ``warn`` receives the
    :func:`bilan_warning`, if any, for the caller to show.

    Raises a :class:`~pexdesk.core.errors.PexdeskError` with a French message for an
    unknown kind, section or campaign, a bad period (or not one calendar month for a point
    mensuel), a missing folder or an unreadable
    base; :class:`ReportCancelled` when ``cancelled()`` turned true."""
    report = report_kind(kind)
    chosen = check_sections(report, sections)
    check_destination(out_path)
    if progress is not None:
        progress(0.0, "Lecture de la base")
    if isinstance(source, sqlite3.Connection):
        data = gather_report(source, first, last, campaign=campaign, today=today, kind=kind)
        written = render_report(data, report, out_path, chosen, progress, cancelled)
    else:
        with DocumentSource(source) as reading:
            data = gather_report(reading.con, first, last, campaign=campaign, today=today,
                                 kind=kind)
            reading.start_check()
            written = render_report(data, report, out_path, chosen, progress, cancelled,
                                    reading.verified)
            reading.record(report_summary(report.title, data.coverage, written))
    warning = bilan_warning(data)
    if warn is not None and warning is not None:
        warn(warning)
    return written

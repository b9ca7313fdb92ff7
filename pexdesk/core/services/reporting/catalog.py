"""The bilans one can ask for: each kind with its sections (keys and French titles), the
checks a request passes before anything is read, the errors a build raises, and the
journal's line for a bilan written.

Nothing here imports reportlab (0.2 s with its fonts): the « Bilans » screen is built
from this module and ``periods`` on the UI thread, and the PDF machinery (``build``)
loads in the worker thread that lays the bilan out. ``build`` gives each section of a
kind here its builder; the command line checks a request here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pexdesk.core.errors import PexdeskError
from pexdesk.core.safety.files import check_new_file


class ReportError(PexdeskError):
    """A bilan (or a paper questionnaire) cannot be built as asked (French message)."""


class ReportCancelled(PexdeskError):
    """The user cancelled the build."""

    def __init__(self, message: str = "Génération du bilan annulée : aucun fichier n'a été "
                                      "écrit."):
        super().__init__(message)


@dataclass(frozen=True)
class SectionTitle:
    key: str
    """The section's name for ``build_report(sections=…)``."""
    title: str


@dataclass(frozen=True)
class Kind:
    key: str
    """The kind's name on the command line (``--kind``)."""
    title: str
    """« Bilan d'activité »"""
    sections: tuple[SectionTitle, ...]
    """In the bilan's order."""
    takes_campaign: bool = False
    """Whether the kind covers a feedback campaign: the whole campaign when no date is
    given, its responses dated in a period, or every campaign's responses of a period."""
    one_month: bool = False
    """Whether the kind covers one calendar month (``periods.check_month``) rather than
    any period."""
    cover: bool = True
    """False: a note without a cover page, whose title block (the ADIL, who writes) opens
    its first page, under the running header."""

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)


def _sections(*pairs: tuple[str, str]) -> tuple[SectionTitle, ...]:
    return tuple(SectionTitle(key, title) for key, title in pairs)


ACTIVITY = Kind("activite", "Bilan d'activité", _sections(
    ("synthese", "Synthèse"),
    ("contexte", "Contexte de la mission"),
    ("feuille_de_route", "Feuille de route"),
    ("ccapex", "Activité de la CCAPEX"),
    ("partenariat", "Partenariat"),
    ("indicateurs", "Indicateurs de suivi"),
    ("retours", "Retours des partenaires"),
    ("annexe", "Annexes"),
))

SATISFACTION = Kind("satisfaction", "Bilan de satisfaction", _sections(
    ("synthese", "Synthèse"),
    ("methode", "Méthode de l'enquête"),
    ("repondants", "Profil des répondants"),
    ("appreciation", "Appréciation globale de la mission"),
    ("missions", "Appréciation par mission"),
    ("commentaires", "Commentaires des partenaires"),
    ("annexe", "Annexes"),
), takes_campaign=True)

MONTHLY = Kind("mensuel", "Point mensuel", _sections(
    ("chiffres", "Le mois en chiffres"),
    ("feuille_de_route", "Feuille de route"),
    ("indicateurs", "Indicateurs"),
    ("ccapex", "Réunions de la CCAPEX"),
    ("a_venir", "À venir"),
), one_month=True, cover=False)

KINDS: dict[str, Kind] = {ACTIVITY.key: ACTIVITY, SATISFACTION.key: SATISFACTION,
                          MONTHLY.key: MONTHLY}
"""The kinds that can be built, by command-line name."""

PLANNED_KINDS: dict[str, str] = {}
"""Kinds announced but not built yet, with the message to show."""


def report_kind(name: str) -> Kind:
    if name in KINDS:
        return KINDS[name]
    if name in PLANNED_KINDS:
        raise ReportError(PLANNED_KINDS[name])
    known = ", ".join(sorted(KINDS))
    raise ReportError(f"Type de bilan inconnu : « {name} » (types disponibles : {known}).")


def check_sections(kind: Kind, sections: Iterable[str] | None) -> tuple[str, ...] | None:
    if sections is None:
        return None
    chosen = tuple(sections)
    unknown = [s for s in chosen if s not in kind.section_keys]
    if unknown:
        raise ReportError(f"Section inconnue : « {unknown[0]} » (sections du "
                          f"{kind.title.lower()} : {', '.join(kind.section_keys)}).")
    return chosen


def check_destination(out_path: Path | str, content: str = "un bilan (PDF)") -> Path:
    """The destination as an absolute path, after checking it ends in .pdf and its folder
    exists; ``content`` names the document in the message refusing another extension."""
    return check_new_file(out_path, ".pdf", content, ReportError)


def report_summary(title: str, coverage: str, out: Path) -> str:
    """The journal's line for a document written from the base, a ``REPORT`` event (shared/
    domain.md §9: what leaves the ADIL is logged, with its date, type and destination):
    « Bilan d'activité (du … au …) vers FICHIER », « Relevé de la réunion (…) vers … »."""
    return f"{title} ({coverage}) vers {out}"

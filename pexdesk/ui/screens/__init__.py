"""The sections of the workspace, in sidebar order (Ctrl+1 … Ctrl+7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout

from pexdesk.ui.screens.base import Screen
from pexdesk.ui.screens.dashboard import DashboardScreen
from pexdesk.ui.screens.feedback import FeedbackScreen
from pexdesk.ui.screens.indicators import IndicatorsScreen
from pexdesk.ui.screens.meetings import MeetingsScreen
from pexdesk.ui.screens.partners import PartnersScreen
from pexdesk.ui.screens.roadmap import RoadmapScreen
from pexdesk.ui.session import Session


class ScreenSpec(NamedTuple):
    key: str
    title: str
    factory: Callable[[Session, QUndoStack], Screen]


class PendingScreen(Screen):
    """A section whose screen is not written yet says so, rather than showing nothing."""

    def __init__(self, session: Session, undo_stack: QUndoStack, title: str):
        super().__init__(session, undo_stack)
        label = QLabel(self.tr("« {0} » : cet écran sera disponible dans une prochaine "
                               "version de pexdesk.").format(title))
        label.setWordWrap(True)
        QVBoxLayout(self).addWidget(label)

    def refresh(self) -> None:
        self.loaded.emit()


def _pending(title: str) -> Callable[[Session, QUndoStack], Screen]:
    return lambda session, undo: PendingScreen(session, undo, title)


def _tr(text: str) -> str:
    return QCoreApplication.translate("screens", text)


def _spec(key: str, title: str, screen_class: type[Screen] | None = None) -> ScreenSpec:
    factory = screen_class or _pending(_tr(title))
    return ScreenSpec(key, _tr(title), factory)


SCREENS: tuple[ScreenSpec, ...] = (
    _spec("dashboard", "Tableau de bord", DashboardScreen),
    _spec("partners", "Partenaires", PartnersScreen),
    _spec("meetings", "Réunions CCAPEX", MeetingsScreen),
    _spec("roadmap", "Feuille de route", RoadmapScreen),
    _spec("indicators", "Indicateurs", IndicatorsScreen),
    _spec("feedback", "Retours des partenaires", FeedbackScreen),
    _spec("reports", "Bilans"),
)

__all__ = ["SCREENS", "Screen", "ScreenSpec"]

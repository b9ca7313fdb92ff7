"""The sections of the workspace, in sidebar order (Ctrl+1 … Ctrl+7).

A section's module is imported and its widgets built the first time it is shown:
the window appears with only the first screen built, which halves start-up time.
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout

from pexdesk.ui.screens.base import Screen
from pexdesk.ui.session import Session
from pexdesk.ui.widgets import let_combos_shrink


class ScreenSpec(NamedTuple):
    key: str
    title: str
    module: str
    """Module under ``pexdesk.ui.screens`` holding the screen class; "" while none exists."""
    class_name: str = ""

    def build(self, session: Session, undo_stack: QUndoStack) -> Screen:
        if not self.module:
            return PendingScreen(session, undo_stack, self.title)
        screen_class = getattr(import_module(f"pexdesk.ui.screens.{self.module}"), self.class_name)
        screen = screen_class(session, undo_stack)
        let_combos_shrink(screen)  # before Qt measures them: no combo box widens the window
        return screen


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


def _tr(text: str) -> str:
    return QCoreApplication.translate("screens", text)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("dashboard", _tr("Tableau de bord"), "dashboard", "DashboardScreen"),
    ScreenSpec("partners", _tr("Partenaires"), "partners", "PartnersScreen"),
    ScreenSpec("meetings", _tr("Réunions CCAPEX"), "meetings", "MeetingsScreen"),
    ScreenSpec("roadmap", _tr("Feuille de route"), "roadmap", "RoadmapScreen"),
    ScreenSpec("indicators", _tr("Indicateurs"), "indicators", "IndicatorsScreen"),
    ScreenSpec("feedback", _tr("Retours des partenaires"), "feedback", "FeedbackScreen"),
    ScreenSpec("reports", _tr("Bilans"), "reports", "ReportsScreen"),
)

__all__ = ["SCREENS", "Screen", "ScreenSpec"]

"""The main window: welcome page until a base is open, then sidebar + screens.

The window owns the session (the open base), the undo stack and the menus; each
screen only knows the session it is given.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QApplication, QDialog, QFileDialog, QLabel, QListWidget,
                               QListWidgetItem, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from pexdesk.core.db.base import Base
from pexdesk.core.errors import PexdeskError
from pexdesk.core.paths import default_base_path
from pexdesk.core.reference.departments import department_label
from pexdesk.ui.safety_actions import SafetyActions
from pexdesk.ui.screens import SCREENS, Screen
from pexdesk.ui.session import Session
from pexdesk.ui.settings import UiSettings
from pexdesk.ui.typography import typeset
from pexdesk.ui.welcome import WelcomeScreen
from pexdesk.ui.widgets import ButtonChanges, fit_to_screen

if TYPE_CHECKING:  # QCloseEvent brings QEvent's 180 event types: 2.5 ms of start-up
    from PySide6.QtGui import QCloseEvent, QShowEvent

DEMO_BASE_NAME = "pexdesk-demo.db"


class MainWindow(QMainWindow):
    def __init__(self, settings: UiSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or UiSettings()
        self.session: Session | None = None
        self.undo_stack = QUndoStack(self)
        self.screens: dict[str, Screen] = {}
        self.safety = SafetyActions(self)
        self._command_buttons = ButtonChanges(self)
        self._command_buttons.changed.connect(self._update_record_actions)

        self._welcome: WelcomeScreen | None = None

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.screen_stack = QStackedWidget()
        self.workspace = QSplitter()
        self.workspace.addWidget(self.sidebar)
        self.workspace.addWidget(self.screen_stack)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([170, 1000])
        self.workspace.setChildrenCollapsible(False)
        self.sidebar.currentRowChanged.connect(self._show_screen)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.workspace)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.safety.banners)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.base_label = QLabel()
        self.saved_label = QLabel()
        self.statusBar().addWidget(self.base_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        self._update_title()
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        fit_to_screen(self, self.size() if self.settings.geometry is not None
                      else QSize(1200, 760))

    @property
    def welcome(self) -> WelcomeScreen:
        """The first-run page, built the first time it is needed: a window that opens a base
        straight away, the usual start, never pays its 9 ms."""
        if self._welcome is None:
            self._welcome = WelcomeScreen()
            self._welcome.create_requested.connect(self.create_base)
            self._welcome.open_requested.connect(self.choose_and_open_base)
            self._welcome.demo_requested.connect(self.open_demo)
            self.pages.insertWidget(0, self._welcome)
        return self._welcome

    def _show_welcome(self) -> None:
        self.pages.setCurrentWidget(self.welcome)
        self.welcome.setFocus()  # Enter creates a base; the focus moves on once one is open

    def showEvent(self, event: QShowEvent) -> None:
        if self.session is None and self.pages.currentWidget() is not self._welcome:
            self._show_welcome()
        super().showEvent(event)

    # ---- Menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self._action(file_menu, self.tr("&Nouvelle base…"), self.create_base, "Ctrl+Shift+N")
        self._action(file_menu, self.tr("&Ouvrir une base…"), self.choose_and_open_base,
                     QKeySequence.StandardKey.Open)
        self._action(file_menu, self.tr("Ouvrir la base de &démonstration"), self.open_demo)
        self.close_base_action = self._action(file_menu, self.tr("&Fermer la base"),
                                              self.close_base)
        file_menu.addSeparator()
        self.check_action = self._action(file_menu, self.tr("&Vérifier la base"), self.check_base)
        self.profile_action = self._action(file_menu, self.tr("Profil de la &base…"),
                                           self.edit_profile)
        file_menu.addSeparator()
        self.safety.add_menu_actions(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quitter"), self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu(self.tr("É&dition"))
        self.undo_action = self._action(edit_menu, self.tr("&Annuler"), self.undo,
                                        QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit_menu, self.tr("Ré&tablir"), self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        stack = self.undo_stack
        for signal in (stack.canUndoChanged, stack.undoTextChanged, stack.canRedoChanged,
                       stack.redoTextChanged):
            signal.connect(self._update_undo_actions)
        edit_menu.aboutToShow.connect(self._update_undo_actions)
        edit_menu.addSeparator()
        # Window-wide, so they work wherever the focus is; each goes to the current screen.
        self.record_actions = {
            name: self._action(edit_menu, text, lambda n=name: self._on_screen(n), shortcut)
            for name, text, shortcut in (
                ("new_record", self.tr("&Nouveau"), QKeySequence.StandardKey.New),
                ("duplicate_record", self.tr("&Dupliquer"), "Ctrl+D"),
                ("save", self.tr("&Enregistrer"), QKeySequence.StandardKey.Save),
                ("revert", self.tr("Annuler les &modifications"), None),
                ("delete_record", self.tr("&Supprimer…"), QKeySequence.StandardKey.Delete),
                ("focus_search", self.tr("&Rechercher"), QKeySequence.StandardKey.Find),
            )}
        self._delete_text = self.record_actions["delete_record"].text()
        edit_menu.addSeparator()
        self.territories_action = self._action(
            edit_menu, self.tr("&Harmoniser l'orthographe des territoires…"),
            self.harmonise_territories)

        self.view_menu = self.menuBar().addMenu(self.tr("&Affichage"))
        for index, spec in enumerate(SCREENS, start=1):
            self._action(self.view_menu, spec.title, lambda i=index - 1: self.show_screen_at(i),
                         f"Ctrl+{index}")
        self.view_menu.addSeparator()
        # The list header's own menu, for the keyboard: a header never takes the focus.
        self.fit_columns_action = self._action(
            self.view_menu, self.tr("&Largeurs de colonnes automatiques"),
            lambda: self._on_screen("fit_columns_again"))

        help_menu = self.menuBar().addMenu(self.tr("A&ide"))
        self.guide_action = self._action(help_menu, self.tr("&Guide d'utilisation"),
                                         self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self._action(help_menu, self.tr("À &propos de pexdesk"), self.show_about)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False: slot())
        menu.addAction(action)
        return action

    # ---- Opening and closing bases

    def open_base(self, path: Path) -> bool:
        """Open ``path`` (read-only if another pexdesk has it; a damaged base offers its
        latest backup); on failure say why in French and keep the current state."""
        base = self.safety.open_base_file(Path(path))
        if base is None:
            return False
        self._set_session(Session(base, self))
        return True

    def choose_and_open_base(self) -> None:
        start = str(self.settings.folder("bases") or default_base_path().parent)
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Ouvrir une base pexdesk"), start,
            self.tr("Bases pexdesk (*.db);;Tous les fichiers (*)"))
        if name:
            self.settings.set_folder("bases", Path(name).parent)
            self.open_base(Path(name))

    def create_base(self) -> None:
        from pexdesk.ui.new_base_dialog import NewBaseDialog  # first-run only: not at start-up

        dialog = NewBaseDialog(self._free_default_path(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = dialog.chosen_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            base = Base.create(path, dialog.profile())
        except (PexdeskError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Impossible de créer la base"), typeset(exc))
            return
        self._set_session(Session(base, self))

    def open_demo(self) -> None:
        from pexdesk.core.services.demo import write_demo_base

        path = default_base_path().with_name(DEMO_BASE_NAME)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                write_demo_base(path)
            finally:
                QApplication.restoreOverrideCursor()
        self.open_base(path)

    def close_base(self) -> None:
        if self.session is None or not self._screens_allow_leaving():
            return
        self.leave_session()

    def leave_session(self, backup: bool = True) -> None:
        """Close the open base (backed up if it changed) and show the welcome page."""
        self._clear_screens()
        self.safety.close_session(self.session, backup=backup)
        self.session = None
        self.undo_stack.clear()
        self._show_welcome()
        self._update_title()

    def _free_default_path(self) -> Path:
        path = default_base_path()
        counter = 2
        while path.exists():
            path = path.with_name(f"pexdesk-{counter}.db")
            counter += 1
        return path

    def _set_session(self, session: Session) -> None:
        if self.session is not None:
            self._clear_screens()
            self.safety.close_session(self.session)
        self.session = session
        self.undo_stack.clear()
        session.saved.connect(self._show_saved)
        session.changed.connect(self._on_table_changed)
        session.history_forgotten.connect(self._forget_history)
        self.settings.last_base = session.base.path
        for spec in SCREENS:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.sidebar.addItem(item)
        keys = [spec.key for spec in SCREENS]
        last = self.settings.last_screen
        self._fit_sidebar()
        self.sidebar.setCurrentRow(keys.index(last) if last in keys else 0)
        self.pages.setCurrentWidget(self.workspace)
        self._update_title()
        self.safety.session_opened()

    def _fit_sidebar(self) -> None:
        """As wide as its longest section name, no wider: no sideways scrollbar at 150 %."""
        frame = 2 * self.sidebar.frameWidth()
        breathing_room = self.sidebar.fontMetrics().averageCharWidth()
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + frame + breathing_room)

    def _clear_screens(self) -> None:
        self._keep_screen_views()
        self.sidebar.clear()
        for screen in self.screens.values():
            self.screen_stack.removeWidget(screen)
            screen.deleteLater()
        self.screens.clear()

    # ---- Screens

    def show_screen_at(self, index: int) -> None:
        if self.session is not None:
            self.sidebar.setCurrentRow(index)

    def show_screen(self, key: str) -> Screen:
        self.show_screen_at([spec.key for spec in SCREENS].index(key))
        return self.screens[key]

    def _screen(self, key: str) -> Screen:
        """The section's screen, built the first time it is asked for."""
        screen = self.screens.get(key)
        if screen is None:
            spec = next(spec for spec in SCREENS if spec.key == key)
            screen = spec.build(self.session, self.undo_stack)
            screen.restore_view(self.settings)
            screen.view_changed.connect(lambda: screen.keep_view(self.settings))
            screen.navigate.connect(self._navigate)
            for button in screen.command_buttons().values():
                button.installEventFilter(self._command_buttons)
            self.screens[key] = screen
            self.screen_stack.addWidget(screen)
        return screen

    def _keep_screen_views(self) -> None:
        for screen in self.screens.values():
            screen.keep_view(self.settings)

    def _navigate(self, key: str, options: dict) -> None:
        self.show_screen(key).focus_on(options)

    def current_screen(self) -> Screen | None:
        widget = self.screen_stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def _on_screen(self, method: str) -> None:
        handler = getattr(self.current_screen(), method, None)
        if handler is not None:
            handler()

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        key = self.sidebar.item(row).data(Qt.ItemDataRole.UserRole)
        screen = self._screen(key)
        self.screen_stack.setCurrentWidget(screen)
        self._update_record_actions()
        screen.activate()
        self.settings.last_screen = key

    def _update_record_actions(self) -> None:
        """Édition's record commands are enabled only where the screen shown has them (the
        dashboard and the bilans have none), only on a writable base but for search, and
        only while the screen's own button for the command is enabled (no row selected,
        nothing to copy while a new record is typed); the column widths, only on a list.
        On a record not saved yet, Supprimer… says what it does there: it abandons it.
        Called again whenever one of those buttons is enabled or disabled, or its tooltip
        changes (the list's « Supprimer… » keeps its text, its tooltip tells)."""
        screen = self.current_screen()
        writable = self.session is not None and not self.session.base.read_only
        buttons = screen.command_buttons() if screen is not None else {}
        for name, action in self.record_actions.items():
            button = buttons.get(name)
            action.setEnabled(hasattr(screen, name) and (writable or name == "focus_search")
                              and (button is None or button.isEnabled()))
        self.record_actions["delete_record"].setText(
            self.tr("&Abandonner la nouvelle fiche")
            if getattr(screen, "holds_new_record", False) else self._delete_text)
        self.fit_columns_action.setEnabled(hasattr(screen, "fit_columns_again"))
        self._update_undo_actions()

    # ---- Annuler and Rétablir

    def undo(self) -> None:
        """Annuler (Ctrl+Z once the field has no typing of its own to take back). Over a
        form holding unsaved changes of the record the save to undo wrote, those changes are
        the latest thing done and go first, asked about in view: undone under them, the
        record went back in the base while the form kept what was typed, and Enregistrer
        saved that over it again. The next Annuler undoes the save."""
        stack = self.undo_stack
        held = self._held(stack.index() - 1)
        if held is None:
            stack.undo()
            return
        self._show_form_of(held).drop_unsaved_changes(self.tr(
            "Annuler reprend d'abord ce que vous avez modifié sans l'enregistrer ; ce qui est "
            "enregistré ne change pas. Ctrl+Z à nouveau annulera {0}.").format(stack.undoText()),
            self.tr("Abandonner les modifications"))

    def redo(self) -> None:
        """Rétablir (Ctrl+Y): not under unsaved changes of the record it writes either (see
        :meth:`undo`); the user drops them first."""
        stack = self.undo_stack
        held = self._held(stack.index())
        if held is None or self._show_form_of(held).drop_unsaved_changes(self.tr(
                "Rétablir {0} remet dans la base ce que vous aviez annulé, à la place de ce que "
                "vous avez modifié depuis sans l'enregistrer.").format(stack.redoText()),
                self.tr("Abandonner et rétablir")):
            stack.redo()

    def _held(self, index: int):
        """The step at ``index`` of the undo stack when a list's form holds unsaved changes
        of the record it writes (:meth:`ListCommand.held_in_the_form`); None otherwise."""
        stack = self.undo_stack
        step = stack.command(index) if 0 <= index < stack.count() else None
        return step if getattr(step, "held_in_the_form", lambda: False)() else None

    def _show_form_of(self, step):
        """The screen of ``step``, shown (the user may have left it for another)."""
        return self.show_screen(next(key for key, screen in self.screens.items()
                                     if screen is step.screen))

    def _update_undo_actions(self) -> None:
        """Annuler and Rétablir name what they do, as Qt's undo actions (« Annuler la
        modification du partenaire »); over unsaved changes of the record to undo,
        « Annuler la saisie en cours » (see :meth:`undo`)."""
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.undo_action.setText(
            self.tr("&Annuler la saisie en cours") if self._held(stack.index() - 1) is not None
            else _step(self.tr("&Annuler"), stack.undoText()))
        self.redo_action.setEnabled(stack.canRedo())
        self.redo_action.setText(_step(self.tr("Ré&tablir"), stack.redoText()))

    def _screens_allow_leaving(self) -> bool:
        return all(screen.can_leave() for screen in self.screens.values())

    # ---- Status and title

    def _forget_history(self) -> None:
        if self.undo_stack.count():
            self.statusBar().showMessage(self.tr(
                "Historique d'annulation vidé : un import ou une purge ne s'annule pas par "
                "Ctrl+Z, ni ce qui a été fait avant."), 15000)
        self.undo_stack.clear()

    def _show_saved(self, when: datetime) -> None:
        self.saved_label.setText(self.tr("Dernier enregistrement : {0}").format(
            when.strftime("%H:%M:%S")))

    def _update_title(self) -> None:
        has_base = self.session is not None
        self.close_base_action.setEnabled(has_base)
        self.check_action.setEnabled(has_base)
        self.profile_action.setEnabled(has_base)
        self.territories_action.setEnabled(has_base and not self.session.base.read_only)
        self.view_menu.setEnabled(has_base)
        self._update_record_actions()
        self.safety.update_actions()
        if not has_base:
            self.setWindowTitle(self.tr("Prévention des expulsions"))
            self.base_label.setText(self.tr("Aucune base ouverte"))
            self.saved_label.clear()
            return
        self._name_department()
        self.base_label.setText(self.tr("Base : {0}").format(self.session.base.path))
        self.saved_label.setText(self.tr("Aucun enregistrement depuis l'ouverture"))

    def _name_department(self) -> None:
        """The base's département in the title bar: it changes with the profile."""
        where = department_label(self.session.base.profile().department_code)
        # Qt appends « — pexdesk » (the application's display name), as to every dialog's title.
        self.setWindowTitle(where + (self.tr(" (lecture seule)") if self.session.base.read_only
                                     else ""))

    def _on_table_changed(self, table: str) -> None:
        if table == "profile" and self.session is not None:
            self._name_department()

    def edit_profile(self) -> None:
        if self.session is None:
            return
        from pexdesk.ui.profile_dialog import ProfileDialog  # on demand: not at start-up

        ProfileDialog(self.session, self.undo_stack, self).exec()

    def harmonise_territories(self) -> None:
        if self.session is None:
            return
        from pexdesk.ui.territory_dialog import TerritoryDialog  # on demand: not at start-up

        dialog = TerritoryDialog(self.session, self.undo_stack, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage(dialog.summary(), 15000)

    def check_base(self) -> None:
        if self.session is None:
            return
        from pexdesk.core.services.check import Verdict, check_base

        path = self.session.base.path
        report = check_base(path)
        if report.verdict == Verdict.DAMAGED:
            # As when the damage is found on opening: close it (nothing more is written to
            # it) and offer its latest sound backup.
            from pexdesk.core.db.base import damaged

            self.safety.damaged_while_open(self.session, damaged(
                path, outcome=self.tr("pexdesk l'a fermée : rien n'y sera plus écrit."),
                detail="; ".join(report.details)))
            return
        box = QMessageBox.information if report.verdict == Verdict.SOUND else QMessageBox.warning
        box(self, self.tr("Vérification de la base"), typeset(report.text()))

    def show_guide(self) -> None:
        from pexdesk.ui.guide import GuideWindow  # on demand: not at start-up

        if getattr(self, "guide", None) is None:
            self.guide = GuideWindow(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def show_about(self) -> None:
        from pexdesk.ui.about import show_about

        show_about(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and not self._screens_allow_leaving():
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        self._keep_screen_views()
        self.settings.sync()
        if self.session is not None:
            self.safety.close_session(self.session)
            self.session = None
        event.accept()


def _step(verb: str, step: str) -> str:
    """« Annuler la modification du partenaire », or « Annuler » alone when there is none."""
    return f"{verb} {step}" if step else verb

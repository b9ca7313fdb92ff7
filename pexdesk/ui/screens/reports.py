"""Bilans: choose a kind, a period (a month for the point mensuel) and sections, build the
PDF on a worker thread, show it.

The kinds and their sections come from the reporting catalog (``catalog.KINDS``), read
when the screen is built: a kind added there (the satisfaction bilan) appears here
without touching this screen; a kind only announced (``catalog.PLANNED_KINDS``) is
listed but disabled, with a sentence saying why.

The build never runs on the UI thread: a bilan of a busy year takes seconds, and
the window must keep answering (and the « Annuler » button must work) meanwhile.
The PDF machinery (``reporting.build``, reportlab and its fonts: 0.2 s) is imported by
the worker too: the screen needs only the catalog and ``periods``, which do not load it.
The job opens its own read-only connection, because sqlite3 connections belong to
the thread that made them. The PDF is written atomically by the reporting package,
so a failed or cancelled build leaves nothing at the destination.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFrame,
                               QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListView, QMessageBox, QProgressBar, QPushButton,
                               QSizePolicy, QTableView, QTabWidget, QVBoxLayout, QWidget)
from shiboken6 import isValid

from pexdesk.core.db.connection import connect
from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import (format_date_unbroken, format_month, format_number,
                                     format_period)
from pexdesk.core.repositories import feedback
from pexdesk.core.safety import journal
from pexdesk.core.safety.files import safe_file_name
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting.catalog import ReportCancelled
from pexdesk.core.services.reporting.periods import (Period, default_month, month_of,
                                                     months_offered)
from pexdesk.ui.models.table import Column, RowProxyModel, RowTableModel
from pexdesk.ui.output_files import REPORTS_FOLDER, open_with_system, reports_folder
from pexdesk.ui.period_picker import PeriodPicker
from pexdesk.ui.screens.base import Screen
from pexdesk.ui.settings import UiSettings
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import (ErrorLabel, VerticalScrollArea, keyboard_friendly_list,
                                let_combo_shrink, style_as_hint)
from pexdesk.ui.workers import Job, run_in_background

KEY_ROLE = Qt.ItemDataRole.UserRole

ALL_CAMPAIGNS = ""
"""Campaign combo entry: the responses of every campaign dated in the period."""


def proposed_file_name(kind_key: str, first: date | None, last: date | None,
                       campaign: str | None = None) -> str:
    """« Bilan activite 2025-01-01 au 2025-12-31.pdf »: sorts by kind then date in a folder;
    a whole campaign has no dates: « Bilan satisfaction Enquete 2025.pdf »; a kind of one
    month is named by it: « Point mensuel 2026-11.pdf »."""
    kind = catalog.KINDS.get(kind_key)
    if kind is not None and kind.one_month and first is not None:
        return safe_file_name(f"{kind.title} {first:%Y-%m}") + ".pdf"
    parts = ["Bilan", kind_key, *([campaign] if campaign else [])]
    if first is not None and last is not None:
        parts.append(f"{first.isoformat()} au {last.isoformat()}")
    return safe_file_name(" ".join(parts)) + ".pdf"


def pdf_page_count(path: Path) -> int | None:
    """Pages of a PDF written by reportlab, read from its page tree (``/Count N /Kids``).

    The reporting package returns only the path; None when the count cannot be read."""
    try:
        found = re.findall(rb"/Count (\d+) /Kids", path.read_bytes())
    except OSError:
        return None
    return max(int(n) for n in found) if found else None


def pdf_viewer_modules():
    """(QtPdf, QtPdfWidgets) when the installed PySide6 has them (the Addons wheel),
    else None: PySide6-Essentials, which pexdesk depends on, has no PDF module."""
    try:
        return (importlib.import_module("PySide6.QtPdf"),
                importlib.import_module("PySide6.QtPdfWidgets"))
    except ImportError:
        return None


@dataclass(frozen=True)
class KindChoice:
    key: str
    title: str
    sections: tuple[tuple[str, str], ...]
    """(key, title) of each section, in report order."""
    available: bool
    takes_campaign: bool
    one_month: bool = False
    """Chosen with a month rather than a period."""
    cover: bool = True
    """False: a note, whose title block stands for the cover."""


def kind_choices() -> list[KindChoice]:
    """The kinds the catalog builds, then those it only announces (disabled)."""
    choices = [KindChoice(kind.key, kind.title, tuple((s.key, s.title) for s in kind.sections),
                          True, kind.takes_campaign, kind.one_month, kind.cover)
               for kind in catalog.KINDS.values()]
    choices += [KindChoice(key, f"Bilan « {key} »", (), False, False)
                for key in catalog.PLANNED_KINDS if key not in catalog.KINDS]
    return choices


@dataclass(frozen=True)
class Request:
    """Everything a build needs, fixed when « Générer » is pressed."""

    kind: KindChoice
    first: date | None
    last: date | None
    """None for both: the whole campaign."""
    sections: tuple[str, ...]
    campaign: str | None
    out: Path
    coverage: str
    """What the bilan covers, in words, for the history list."""


@dataclass(frozen=True)
class Generated:
    """A bilan written during this session (the history list)."""

    path: Path
    kind_title: str
    coverage: str
    pages: int | None
    seconds: float
    finished_at: datetime
    warning: str | None = None
    """The core's warning for a bilan built nearly empty (see ``build.bilan_warning``)."""


class ReportsScreen(Screen):
    """Produce a bilan while the base stays usable: the build runs on a worker thread,
    with progress and « Annuler », and its result is opened at once."""

    watched_tables = ("campaign", "profile")

    def __init__(self, session, undo_stack, parent: QWidget | None = None):
        super().__init__(session, undo_stack, parent)
        self.kinds = kind_choices()
        self.job: Job | None = None
        self._cancel = threading.Event()
        self._request: Request | None = None
        self._proposed_name = ""
        self._custom_name = False
        self._campaigns: dict[str, object] = {}
        self._refreshed = False
        """The remembered folder lives in the window's settings, reachable only once the
        screen is in the window, and the periods depend on the profile: neither a file
        name nor the periods are proposed before the first refresh."""
        self.last_generated: Generated | None = None
        self._pdf = pdf_viewer_modules()
        self.viewer = None
        self.pdf_document = None

        self._build_kind_box()
        self._build_period_box()
        self._build_sections_box()
        self._build_output_box()
        self._build_cover_box()
        self._build_history()
        self._layout()
        self._kind_chosen()

    # ---- Widgets

    def _build_kind_box(self) -> None:
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Type de bilan"))
        kinds_model = QStandardItemModel(self.kind)
        for choice in self.kinds:
            item = QStandardItem(choice.title if choice.available else self.tr(
                "{0} (pas encore disponible)").format(choice.title))
            item.setData(choice.key, KEY_ROLE)
            if not choice.available:
                item.setEnabled(False)
                item.setToolTip(self._unavailable_text(choice))
            kinds_model.appendRow(item)
        self.kind.setModel(kinds_model)
        self.kind_note = QLabel()
        self.kind_note.setWordWrap(True)
        style_as_hint(self.kind_note)
        self.campaign = QComboBox()
        self.campaign.setAccessibleName(self.tr("Campagne de retours"))
        self.campaign_label = QLabel(self.tr("&Campagne :"))
        self.campaign_label.setBuddy(self.campaign)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.campaign.currentIndexChanged.connect(self._campaign_chosen)

        self.kind_box = QGroupBox(self.tr("Bilan"))
        form = QFormLayout(self.kind_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        kind_label = QLabel(self.tr("&Type :"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, self.kind)
        form.addRow(self.kind_note)
        form.addRow(self.campaign_label, self.campaign)
        self.kind_form = form
        # The kind shown is read whole; a long campaign name must not widen the column
        # over the results: it is cut in the combo, whole in its tooltip and list.
        let_combo_shrink(self.kind, max(len(c.title) for c in self.kinds if c.available))
        let_combo_shrink(self.campaign)

    def _unavailable_text(self, choice: KindChoice) -> str:
        title = choice.title[:1].lower() + choice.title[1:]
        return self.tr("Le {0} n'est pas encore disponible dans cette version de pexdesk : "
                       "il apparaîtra ici dès qu'il le sera.").format(title)

    def _build_period_box(self) -> None:
        """The period picker, or for a kind of one month (the point mensuel) the list of
        months in its place: the box's « Pé&riode » (Alt+R) reaches whichever shows."""
        self.period = PeriodPicker(stacked=True)
        self.period.chosen.connect(self._period_edited)
        self.month = QComboBox()
        self.month.setAccessibleName(self.tr("Mois du point mensuel"))
        self.month.currentIndexChanged.connect(self._period_edited)
        self.month.hide()
        self.period_text = QLabel()
        self.period_text.setWordWrap(True)
        self.period_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.period_box = QGroupBox(self.tr("Pé&riode"))
        column = QVBoxLayout(self.period_box)
        column.addWidget(self.period)
        column.addWidget(self.month)
        column.addWidget(self.period_text)

    def _build_sections_box(self) -> None:
        self.sections = QStandardItemModel(self)
        self.sections_view = QListView()
        keyboard_friendly_list(self.sections_view)
        self.sections_view.setModel(self.sections)
        self.sections_view.setAccessibleName(self.tr("Sections du bilan"))
        self.sections_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections_view.setUniformItemSizes(True)
        self.all_sections = QPushButton(self.tr("Tout cocher"))
        self.no_sections = QPushButton(self.tr("Tout décocher"))
        self.all_sections.clicked.connect(lambda: self._check_all_sections(True))
        self.no_sections.clicked.connect(lambda: self._check_all_sections(False))
        self.sections_errors = ErrorLabel()
        self.sections.itemChanged.connect(lambda _item: self.sections_errors.clear_messages())

        self.sections_box = QGroupBox(self.tr("Sections"))
        column = QVBoxLayout(self.sections_box)
        column.addWidget(self.sections_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_sections)
        buttons.addWidget(self.no_sections)
        buttons.addStretch()
        column.addLayout(buttons)
        column.addWidget(self.sections_errors)

    def _build_output_box(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("Fichier PDF à écrire"))
        self.path_edit.textEdited.connect(self._path_edited)
        self.path_edit.returnPressed.connect(self.generate)
        self.choose_button = QPushButton(self.tr("C&hoisir…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.open_after = QCheckBox(self.tr("Ou&vrir le PDF après génération"))
        self.open_after.setChecked(True)
        self.output_errors = ErrorLabel()

        self.generate_button = QPushButton(self.tr("&Générer le bilan"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Avancement de la génération"))
        self.progress_text = QLabel()
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setToolTip(self.tr("Arrêter la génération (Échap) : aucun fichier "
                                              "n'est écrit"))
        self.cancel_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Cancel))
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress, self.progress_text, self.cancel_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
            widget.hide()

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Résultat de la génération"))
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error = ErrorLabel()
        self.error.setAccessibleName(self.tr("Erreur de génération"))
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.open_pdf_button = QPushButton(self.tr("Ouvrir le &PDF"))
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le d&ossier"))
        self.open_folder_button.clicked.connect(self.open_folder)
        for button in (self.open_pdf_button, self.open_folder_button):
            button.setEnabled(False)

        self.output_box = QGroupBox(self.tr("Fichier"))
        column = QVBoxLayout(self.output_box)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        column.addLayout(path_row)
        column.addWidget(self.output_errors)
        column.addWidget(self.open_after)

        self.run_area = QWidget()
        column = QVBoxLayout(self.run_area)
        column.setContentsMargins(0, 0, 0, 0)
        run_row = QHBoxLayout()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        column.addLayout(run_row)
        column.addWidget(self.progress_text)

        self.result_box = QGroupBox(self.tr("Résultat"))
        column = QVBoxLayout(self.result_box)
        column.addWidget(self.status)
        column.addWidget(self.error)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_pdf_button)
        open_row.addWidget(self.open_folder_button)
        open_row.addStretch()
        column.addLayout(open_row)
        self.status.setText(self.tr(
            "Choisissez le type de bilan, la période et les sections, puis cliquez sur "
            "« Générer le bilan ». Le PDF est produit en arrière-plan : vous pouvez continuer "
            "à travailler pendant ce temps."))

    def _build_cover_box(self) -> None:
        """What the cover will name, from the base's profile, and the way to change it: a
        bilan printed with last year's chargé(e) de mission, or without the ADIL's logo,
        is found out once it is sent."""
        self.cover_text = QLabel()
        self.cover_text.setWordWrap(True)
        self.cover_text.setAccessibleName(self.tr("Couverture du bilan"))
        self.profile_button = QPushButton(self.tr("Profi&l de la base…"))
        self.profile_button.clicked.connect(self.edit_profile)
        self.cover_box = QGroupBox(self.tr("Couverture"))
        column = QVBoxLayout(self.cover_box)
        column.addWidget(self.cover_text)
        row = QHBoxLayout()
        row.addWidget(self.profile_button)
        row.addStretch(1)
        column.addLayout(row)

    def _show_cover(self) -> None:
        profile = self.session.base.profile()
        author = (self.tr("Rédigé par {0}").format(profile.officer_name) if profile.officer_name
                  else self.tr("Chargé(e) de mission non renseigné(e)"))
        logo = self.tr("avec le logo de l'ADIL") if profile.logo else self.tr("sans logo")
        self.cover_text.setText(typeset(f"{profile.adil_name}\n{author} · {logo}"))

    def edit_profile(self) -> None:
        from pexdesk.ui.profile_dialog import ProfileDialog  # on demand: not at start-up

        ProfileDialog(self.session, self.undo_stack, self).exec()

    def _build_history(self) -> None:
        self.history = RowTableModel([
            Column(self.tr("Heure"), lambda g: g.finished_at,
                   text=lambda g: g.finished_at.strftime("%H:%M:%S")),
            Column(self.tr("Bilan"), lambda g: g.kind_title),
            Column(self.tr("Période"), lambda g: g.coverage, tooltip=lambda g: g.coverage),
            Column(self.tr("Pages"), lambda g: g.pages, numeric=True),
            Column(self.tr("Fichier"), lambda g: g.path.name, tooltip=lambda g: str(g.path)),
        ], lambda g: f"{g.kind_title} {g.path}")
        self.history_view = QTableView()
        keyboard_friendly_list(self.history_view)
        self.history_view.setModel(RowProxyModel(self.history))
        self.history_view.setAccessibleName(self.tr("Bilans produits pendant cette session"))
        self.history_view.verticalHeader().hide()
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setWordWrap(False)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for long_text in (2, 4):  # elided, whole in the tooltip
            header.setSectionResizeMode(long_text, QHeaderView.ResizeMode.Stretch)
        self.history_view.doubleClicked.connect(self._open_history_row)
        self.history_view.activated.connect(self._open_history_row)
        self.history_empty = QLabel(self.tr(
            "Aucun bilan produit depuis l'ouverture de pexdesk. Double-cliquez sur un bilan "
            "de cette liste pour l'ouvrir."))
        self.history_empty.setWordWrap(True)
        style_as_hint(self.history_empty)

        if self._pdf is not None:
            qt_pdf, qt_pdf_widgets = self._pdf
            self.pdf_document = qt_pdf.QPdfDocument(self)
            self.viewer = qt_pdf_widgets.QPdfView()
            self.viewer.setDocument(self.pdf_document)
            self.viewer.setPageMode(qt_pdf_widgets.QPdfView.PageMode.MultiPage)
            self.viewer.setZoomMode(qt_pdf_widgets.QPdfView.ZoomMode.FitToWidth)
            self.viewer.setAccessibleName(self.tr("Aperçu du bilan"))

    def _layout(self) -> None:
        title = QLabel(self.tr("Produire un bilan"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)

        # The choices scroll, « Générer le bilan » stays in view under them: at 150 %
        # on a laptop the column was taller than the screen and the button out of reach.
        choices = QWidget()
        choices_column = QVBoxLayout(choices)
        choices_column.setContentsMargins(0, 0, 0, 0)
        for box in (self.kind_box, self.period_box, self.sections_box, self.output_box,
                    self.cover_box):
            choices_column.addWidget(box)
        choices_column.addStretch(1)
        # Up and down only: at 150 % the column's share of the width was narrower than the
        # choices, and the ends of the combo boxes lay behind a sideways scroll bar.
        scroll = VerticalScrollArea(choices)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the choices inside
        settings = QVBoxLayout()
        settings.addWidget(scroll, 1)
        settings.addWidget(self.run_area)

        history_box = QWidget()
        history_column = QVBoxLayout(history_box)
        history_column.setContentsMargins(0, 0, 0, 0)
        history_column.addWidget(self.history_empty)
        history_column.addWidget(self.history_view, 1)
        if self.viewer is not None:
            self.open_after.hide()  # the preview shows every new bilan
            self.results = QTabWidget()
            self.results.addTab(self.viewer, self.tr("Aperçu"))
            self.results.addTab(history_box, self.tr("Bilans de la session"))
        else:
            self.results = QGroupBox(self.tr("Bilans produits pendant cette session"))
            QVBoxLayout(self.results).addWidget(history_box)
        output = QVBoxLayout()
        output.addWidget(self.result_box)
        output.addWidget(self.results, 1)

        columns = QHBoxLayout()
        columns.addLayout(settings, 2)
        columns.addLayout(output, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(title)
        outer.addLayout(columns, 1)

    # ---- Kind

    def current_kind(self) -> KindChoice:
        return self.kinds[max(0, self.kind.currentIndex())]

    def _kind_chosen(self) -> None:
        choice = self.current_kind()
        planned = [self._unavailable_text(c) for c in self.kinds if not c.available]
        self.kind_note.setText("\n".join(planned))
        self.kind_note.setVisible(bool(planned))
        self.kind_form.setRowVisible(self.campaign, choice.takes_campaign)
        self.period.setVisible(not choice.one_month)
        self.month.setVisible(choice.one_month)
        self.cover_box.setTitle(self.tr("Couverture") if choice.cover
                                else self.tr("En-tête de la note"))
        self._fill_sections(choice)
        self.generate_button.setEnabled(choice.available and self.job is None)
        if self._refreshed:  # periods need the profile: filled from the first refresh on
            self._fill_periods(whole_campaign=bool(self.chosen_campaign()))

    def _fill_sections(self, choice: KindChoice) -> None:
        self.sections.clear()
        for key, title in choice.sections:
            item = QStandardItem(title)
            item.setData(key, KEY_ROLE)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.sections.appendRow(item)
        for button in (self.all_sections, self.no_sections):
            button.setEnabled(bool(choice.sections))
        rows = max(3, len(choice.sections))
        row_height = self.sections_view.sizeHintForRow(0) if choice.sections else 0
        if row_height <= 0:
            row_height = self.sections_view.fontMetrics().height() + 4
        self.sections_view.setFixedHeight(rows * row_height + 2 * self.sections_view.frameWidth()
                                          + 4)
        self.sections_errors.clear_messages()

    def _check_all_sections(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.sections.rowCount()):
            self.sections.item(row).setCheckState(state)

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(self.sections.item(row).data(KEY_ROLE)
                     for row in range(self.sections.rowCount())
                     if self.sections.item(row).checkState() == Qt.CheckState.Checked)

    def _fill_campaigns(self) -> None:
        """Most recent campaign first (chosen by default), then « every campaign »."""
        chosen = self.campaign.currentData() if self.campaign.count() else None
        self._campaigns = {c.name: c for c in feedback.campaigns(self.session.con)}
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for name in self._campaigns:
            self.campaign.addItem(name, name)
        self.campaign.addItem(self.tr("Toutes les campagnes (réponses datées de la période)"),
                              ALL_CAMPAIGNS)
        found = self.campaign.findData(chosen) if chosen is not None else -1
        self.campaign.setCurrentIndex(found if found >= 0 else 0)
        self.campaign.blockSignals(False)

    def chosen_campaign(self) -> str | None:
        """The campaign the bilan covers; None: every campaign, or a kind without campaign."""
        if not self.current_kind().takes_campaign:
            return None
        return self.campaign.currentData() or None

    def _campaign_chosen(self) -> None:
        self._fill_periods()

    # ---- Period

    def _fill_periods(self, whole_campaign: bool = False) -> None:
        """The periods depend on the profile, and « Toute la campagne » is offered while a
        campaign is chosen (the first choice when ``whole_campaign``); so do the months."""
        undated = self.tr("Toute la campagne") if self.chosen_campaign() else ""
        profile, today = self.session.base.profile(), date.today()
        self.period.fill(profile, today, undated, whole_campaign)
        self._fill_months(profile, today)
        self._period_edited()

    def _fill_months(self, profile, today: date) -> None:
        """The months of the mission, the latest first, the month chosen staying chosen;
        at first, the one a point mensuel is asked for (``periods.default_month``)."""
        chosen = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        for month in months_offered(profile, today):
            label = format_month(month.first)
            label = label[:1].upper() + label[1:]
            if month.first <= today < month.last:
                label = self.tr("{0} (en cours)").format(label)
            self.month.addItem(label, month.first.isoformat())
        found = self.month.findData(chosen) if chosen is not None else -1
        if found < 0:
            found = max(0, self.month.findData(default_month(profile, today).first.isoformat()))
        self.month.setCurrentIndex(found)
        self.month.blockSignals(False)

    def chosen_period(self) -> tuple[date | None, date | None]:
        """The period the bilan covers: the month chosen for a kind of one month, else the
        period picker's (None, None: the whole campaign)."""
        if self.current_kind().one_month:
            chosen = self.month.currentData()
            if chosen is None:  # not filled before the first refresh
                return None, None
            month = month_of(date.fromisoformat(chosen))
            return month.first, month.last
        return self.period.period()

    def _period_edited(self) -> None:
        self.period_text.setText(self.coverage_text())
        self._propose_file_name()

    def coverage_text(self) -> str:
        """What the bilan will cover, in words (a date never split over two lines)."""
        first, last = self.chosen_period()
        if self.current_kind().one_month and first is not None:
            month = format_month(first)
            month = month[:1].upper() + month[1:]
            today = date.today()
            if first <= today < last:
                return self.tr("{0} (mois en cours : situation au {1})").format(
                    month, format_date_unbroken(today))
            return Period(first, last).heading
        campaign = self.chosen_campaign()
        if first is None:
            found = self._campaigns.get(campaign)
            start, end = ((found.period_start, found.period_end) if found is not None
                          else (None, None))
            if start and end:
                return self.tr("Toutes les réponses de la campagne « {0} » (collecte du {1} "
                               "au {2})").format(campaign, format_date_unbroken(start), format_date_unbroken(end))
            return self.tr("Toutes les réponses de la campagne « {0} »").format(campaign)
        dated = format_period(first, last, format_date_unbroken, single="du")
        if campaign:
            return self.tr("Réponses de la campagne « {0} » datées {1}").format(campaign, dated)
        if self.current_kind().takes_campaign:
            return self.tr("Réponses de toutes les campagnes datées {0}").format(dated)
        return Period(first, last).heading

    # ---- Output file

    def settings(self) -> UiSettings:
        """The window's settings (where the last folder is remembered)."""
        found = getattr(self.window(), "settings", None)
        return found if isinstance(found, UiSettings) else UiSettings()

    def _remembered_folder(self) -> Path:
        return reports_folder(self.settings())

    def _propose_file_name(self) -> None:
        """Follow the kind and the period with the proposed name, unless the user gave one."""
        if not self._refreshed:
            return
        proposal = proposed_file_name(self.current_kind().key, *self.chosen_period(),
                                      self.chosen_campaign())
        self._proposed_name = proposal
        if self._custom_name:
            return
        text = self.path_edit.text().strip()
        folder = Path(text).parent if text else self._remembered_folder()
        self.path_edit.setText(str(folder / proposal))
        self.path_edit.setCursorPosition(0)  # the folder first, not a cut-off tail

    def _path_edited(self, text: str) -> None:
        self._custom_name = Path(text.strip()).name != self._proposed_name
        self.output_errors.clear_messages()

    def choose_file(self) -> None:
        current = self.path_edit.text().strip() or str(self._remembered_folder())
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer le bilan"), current, self.tr("Documents PDF (*.pdf)"),
            "", QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.path_edit.setText(str(path))
        self.path_edit.setCursorPosition(0)
        self._path_edited(str(path))
        self.settings().set_folder(REPORTS_FOLDER, path.parent)

    def output_path(self) -> Path:
        """The destination, ``.pdf`` added if missing; PexdeskError (French) if unusable."""
        text = self.path_edit.text().strip()
        if not text:
            raise PexdeskError(self.tr("Indiquez le fichier PDF à écrire."))
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self._remembered_folder() / path
        if path.suffix.lower() != ".pdf" and not path.is_dir():
            path = path.with_name(path.name + ".pdf")
        return catalog.check_destination(path)

    # ---- Generation

    def _collect(self) -> Request | None:
        """The request from the form, or None after showing what to correct."""
        for label in (self.sections_errors, self.output_errors, self.error):
            label.clear_messages()
        choice = self.current_kind()
        # dates typed without Entrée count: the name follows them
        ok = choice.one_month or self.period.apply()
        first, last = self.chosen_period()
        sections = self.chosen_sections()
        if not sections:
            self.sections_errors.show_messages([self.tr(
                "Cochez au moins une section à faire figurer dans le bilan.")])
            ok = False
        campaign = self.chosen_campaign()
        try:
            out = self.output_path()
        except PexdeskError as exc:
            self.output_errors.show_messages([str(exc)])
            ok = False
        if not ok:
            return None
        return Request(choice, first, last, sections, campaign, out, self.coverage_text())

    def generate(self) -> None:
        """Check the form, ask before replacing a file, then build on a worker thread."""
        if self.job is not None or not self.current_kind().available:
            return
        request = self._collect()
        if request is None:
            return
        if request.out.exists():
            answer = QMessageBox.question(
                self, self.tr("Remplacer le fichier ?"),
                self.tr("Le fichier {0} existe déjà. Le remplacer par le nouveau bilan ?")
                .format(request.out),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.pdf_document is not None:
            self.pdf_document.close()  # Windows cannot replace a file that is open
        self._start(request)

    def _start(self, request: Request) -> None:
        self._request = request
        self._cancel = cancel = threading.Event()
        base_path = self.session.base.path
        self._set_running(True)

        def work(report_progress):
            started = time.perf_counter()
            from pexdesk.core.services.reporting import build  # reportlab: off the UI thread

            warnings: list[str] = []
            con = connect(base_path, read_only=True)  # this thread's own connection
            try:
                written = build.build_report(
                    con, request.kind.key, request.first, request.last,
                    sections=request.sections, out_path=request.out,
                    progress=lambda fraction, message: report_progress(
                        int(round(fraction * 100)), message),
                    cancelled=cancel.is_set, campaign=request.campaign, warn=warnings.append)
            finally:
                con.close()
            seconds = time.perf_counter() - started
            return Generated(written, request.kind.title, request.coverage,
                             pdf_page_count(written), seconds, datetime.now(),
                             warnings[0] if warnings else None)

        self.job = run_in_background(work, self._finished, self._failed, self._progressed)

    def cancel(self) -> None:
        """Ask the running build to stop; it does between two blocks of the layout."""
        if self.job is None:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_text.setText(self.tr("Annulation en cours…"))

    @property
    def running(self) -> bool:
        return self.job is not None

    def _set_running(self, running: bool) -> None:
        for widget in (self.kind_box, self.period_box, self.sections_box, self.path_edit,
                       self.choose_button, self.generate_button):
            widget.setEnabled(not running)
        self.generate_button.setEnabled(not running and self.current_kind().available)
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)
            self.progress_text.setText(self.tr("Préparation du bilan…"))
            self.status.clear()
            self.error.clear_messages()
            self.cancel_button.setFocus()
        else:
            self.job = None

    def _progressed(self, percent: int, message: str) -> None:
        if not isValid(self) or self.job is None:
            return
        self.progress.setValue(percent)
        if not self._cancel.is_set():
            self.progress_text.setText(message)

    def _finished(self, generated: Generated) -> None:
        if not isValid(self):
            return
        self._set_running(False)
        self.last_generated = generated
        self.settings().set_folder(REPORTS_FOLDER, generated.path.parent)
        self.status.setText(typeset(self.tr("Bilan enregistré : {0} ({1}, {2} s)").format(
            generated.path, self._pages_text(generated.pages),
            format_number(generated.seconds, 1))
            + (f"\n{generated.warning}" if generated.warning else "")))
        self.status.setToolTip(str(generated.path))
        for button in (self.open_pdf_button, self.open_folder_button):
            button.setEnabled(True)
        self.history.set_rows([generated, *self.history.all_rows()])
        self.history_empty.setText(self.tr(
            "Double-cliquez sur un bilan de cette liste pour l'ouvrir."))
        if self.pdf_document is not None:
            self.pdf_document.load(str(generated.path))
            self.results.setCurrentWidget(self.viewer)
        elif self.open_after.isChecked():
            self.open_pdf()
        self._record(generated)

    def _record(self, generated: Generated) -> None:
        """The bilan goes into the base's journal, on the session's writing connection (the
        worker read through a read-only one); a base opened read-only is not written."""
        if not self.session.is_open or self.session.base.read_only:
            return
        summary = catalog.report_summary(generated.kind_title, generated.coverage,
                                         generated.path)
        self.session.journal(lambda con: journal.record(con, "REPORT", summary))

    def _pages_text(self, pages: int | None) -> str:
        if pages is None:
            return self.tr("nombre de pages inconnu")
        return self.tr("1 page") if pages == 1 else self.tr("{0} pages").format(pages)

    def _failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        request = self._request
        self._set_running(False)
        if isinstance(error, ReportCancelled):
            self.status.setText(self.tr("Génération annulée : aucun fichier n'a été écrit."))
            return
        if isinstance(error, PexdeskError):
            message = str(error)
            if request is not None and request.out.exists():
                message += self.tr(" Si ce fichier est ouvert dans un lecteur PDF, fermez-le "
                                   "puis recommencez.")
        else:
            detail = f"{type(error).__name__} : {error}"[:200]  # for a support request
            message = self.tr("Le bilan n'a pas pu être produit à cause d'une erreur inattendue "
                              "({0}). Aucun fichier n'a été écrit.").format(detail)
        self.error.show_messages([message])

    # ---- Opening

    def open_pdf(self) -> None:
        if self.last_generated is not None:
            self._open(self.last_generated.path)

    def open_folder(self) -> None:
        if self.last_generated is not None:
            self._open(self.last_generated.path.parent)

    def _open_history_row(self, index) -> None:
        generated = self.history_view.model().row_object(index)
        if generated is not None:
            self._open(generated.path)

    def _open(self, path: Path) -> None:
        problem = open_with_system(path)
        if problem is not None:
            self.error.show_messages([problem])

    # ---- Screen

    def refresh(self) -> None:
        """Periods and the cover depend on the profile, campaigns on the base."""
        self._show_cover()
        self._fill_campaigns()
        self._refreshed = True
        self._fill_periods()
        self.loaded.emit()

    def focus_on(self, options: dict) -> None:
        """``{"kind": "satisfaction"}`` selects that kind when it can be built."""
        key = options.get("kind")
        for index, choice in enumerate(self.kinds):
            if choice.key == key and choice.available:
                self.kind.setCurrentIndex(index)

    def can_leave(self) -> bool:
        """A running build is cancelled (after asking) rather than left writing."""
        if self.job is None:
            return True
        answer = QMessageBox.question(
            self, self.tr("Bilan en cours de génération"),
            self.tr("Un bilan est en cours de génération. L'abandonner ?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.cancel()
        return True

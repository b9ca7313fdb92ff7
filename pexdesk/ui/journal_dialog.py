"""« Journal des modifications… »: what changed in the base, newest first, and its CSV export.

The journal names tables, records and columns, never values: it holds no personal data.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import format_number, plural
from pexdesk.core.safety import journal
from pexdesk.core.safety.files import os_reason
from pexdesk.core.safety.journal import JournalEntry
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import fit_to_screen

SHOWN_LIMIT = 5000


class JournalModel(QAbstractTableModel):
    HEADERS = ("Date et heure", "Action", "Table", "Enregistrement", "Détail")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[JournalEntry] = []

    def set_entries(self, entries: list[JournalEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        return (f"{entry.local_time:%d/%m/%Y %H:%M:%S}", entry.action_label,
                entry.table_label if entry.table_name else "", entry.record_id or "",
                typeset(entry.detail or ""))[index.column()]


class JournalDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Journal des modifications"))
        fit_to_screen(self, QSize(900, 520))  # 150 % on a laptop: 512 px of height
        intro = QLabel(self.tr(
            "Chaque création, modification et suppression, et les sauvegardes, restaurations, "
            "imports, exports, documents PDF (bilans, relevés, questionnaires) et purges. Le "
            "journal nomme les champs modifiés, jamais "
            "leur contenu."))
        intro.setWordWrap(True)
        self.model = JournalModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("Détail de la ligne choisie"))
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.count_label = QLabel()
        self.export_button = QPushButton(self.tr("Exporter en CSV…"))
        self.export_button.clicked.connect(self.export)
        buttons = close_buttons(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        con = self.session.con
        if not journal.has_journal(con):
            self.model.set_entries([])
            self.count_label.setText(self.tr(
                "Cette base n'a pas encore de journal : il commence à sa prochaine ouverture "
                "en écriture."))
            self.export_button.setEnabled(False)
            return
        rows = journal.entries(con, limit=SHOWN_LIMIT, newest_first=True)
        self.model.set_entries(rows)
        if rows:
            self.view.setCurrentIndex(self.model.index(0, 0))
        total = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
        if total > len(rows):
            text = self.tr("Les {0} dernières lignes sur {1} ; l'export CSV contient tout.") \
                .format(format_number(len(rows)), format_number(total))
        else:
            text = plural(total, self.tr("ligne")) + "."
        self.count_label.setText(text)

    def _show_detail(self, current: QModelIndex) -> None:
        """The chosen line whole: the table's « Détail » column shows two lines at most,
        and an import's or an export's says more (its counts, its file's whole path)."""
        if not current.isValid():
            self.detail.clear()
            return
        self.detail.setText(typeset(self.model.entries[current.row()].text()))

    def export(self) -> None:
        settings = self.parent().settings if hasattr(self.parent(), "settings") else None
        start = (settings.folder("exports") if settings else None) or self.session.base.path.parent
        suggested = Path(start) / f"journal-pexdesk-{datetime.now():%Y%m%d}.csv"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Exporter le journal"),
                                              str(suggested), self.tr("Fichier CSV (*.csv)"))
        if not name:
            return
        out = Path(name)
        if not out.suffix:
            out = out.with_suffix(".csv")
        if settings:
            settings.set_folder("exports", out.parent)
        try:
            count = journal.export_csv(self.session.con, out)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), self.tr(
                "Impossible d'écrire {0} ({1}).").format(out, os_reason(exc)))
            return
        except (PexdeskError, sqlite3.Error) as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), typeset(exc))
            return
        self.reload()
        self.count_label.setText(self.tr("Journal exporté : {0} ({1} lignes).").format(out, count))

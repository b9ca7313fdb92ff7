"""The period chooser of the « Tableau de bord » and of the « Bilans »: one widget, so that
both screens offer the same periods, take a typed period the same way, refuse a wrong one
with the same words and answer the same keys."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import format_date
from pexdesk.core.services.reporting.periods import check_period, presets
from pexdesk.ui.forms import DateField
from pexdesk.ui.widgets import ErrorLabel

KEY_ROLE = Qt.ItemDataRole.UserRole
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1

DEFAULT = "default"
CUSTOM = "custom"
UNDATED = "undated"

Span = tuple[date | None, date | None]
"""(first, last) of a period; (None, None) for the choice without dates."""


class PeriodPicker(QWidget):
    """A list of usual periods (see ``periods.presets``), the dates « du … au … » and
    « Appliquer ».

    A period chosen in the list applies at once and shows its dates. Typing a date makes
    the period « personnalisée »; typed dates apply only with Entrée (in either date) or
    « Appliquer », enabled while what is typed is not what applies: applying at each key
    would read the figures of 2002 and of 2020 on the way to « 01/06/2025 » (« 01/06/2 »
    and « 01/06/20 » are dates too). A wrong period is refused under the dates, in French,
    and changes nothing.
    """

    chosen = Signal(object, object)
    """(first, last) of the period that now applies, chosen or typed; (None, None) for the
    choice without dates."""

    def __init__(self, label: str = "", stacked: bool = False, parent: QWidget | None = None):
        """``label`` goes before the list, its buddy (the dashboard's « Période : »; the
        Bilans' group box is titled instead). ``stacked`` puts the dates under the list and
        « Appliquer » under the dates, for a narrow column (the Bilans' choices, where at
        150 % the button beside the dates cut them); otherwise all share one line (the
        dashboard's band under its title, where height is what is short)."""
        super().__init__(parent)
        self._applied: Span = (None, None)
        self._dated: tuple[str, Span] = (DEFAULT, (None, None))
        """The dated choice applied last, and its dates: it comes back when the choice
        without dates goes."""
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Période"))
        self.combo.setModel(QStandardItemModel(self.combo))
        # Wide enough for every label that can be shown (filled later, the list took the
        # width of « 12 derniers mois » and cut « Période personnalisée… »).
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(max(len(text) for text in self._labels().values()))
        self.combo.currentIndexChanged.connect(self._preset_chosen)
        self.first = DateField()
        self.first.setAccessibleName(self.tr("Début de la période"))
        self.last = DateField()
        self.last.setAccessibleName(self.tr("Fin de la période"))
        for field in (self.first, self.last):
            field.setMaximumWidth(110)
            field.textEdited.connect(self._dates_edited)
            field.returnPressed.connect(self.apply)
        self.apply_button = QPushButton(self.tr("Appliquer"))
        self.apply_button.setToolTip(self.tr("Appliquer les dates saisies (Entrée)"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.errors = ErrorLabel()
        self._layout(label, stacked)

    def _layout(self, label: str, stacked: bool) -> None:
        listed = [self.combo]
        if label:
            combo_label = QLabel(label)
            combo_label.setBuddy(self.combo)
            listed.insert(0, combo_label)
        first_label = QLabel(self.tr("du"))  # no mnemonic: Alt+D opens « Édition »
        first_label.setBuddy(self.first)
        last_label = QLabel(self.tr("au"))
        last_label.setBuddy(self.last)
        dates = [first_label, self.first, last_label, self.last]
        rows = ([listed, dates, [self.apply_button]] if stacked
                else [listed + dates + [self.apply_button]])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for widgets in rows:
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            if widgets is not listed:  # stacked, the list takes the column's width
                row.addStretch()
            column.addLayout(row)
        column.addWidget(self.errors)

    # ---- Offered periods

    def fill(self, profile: Profile, today: date, undated: str = "",
             choose_undated: bool = False) -> None:
        """Offer the periods of ``profile`` as of ``today`` (they move with the mission's
        dates and with the day), keeping the choice shown: a period of the list takes its
        new dates, typed dates stay.

        ``undated`` labels a first choice without dates (the Bilans' « Toute la campagne »),
        chosen when ``choose_undated``; when it goes, the dated choice shown before it comes
        back. Emits nothing: the screen that fills reads :meth:`period` itself."""
        key = self.combo.currentData(KEY_ROLE) or DEFAULT
        if undated and choose_undated:
            key = UNDATED
        model: QStandardItemModel = self.combo.model()
        self.combo.blockSignals(True)
        model.clear()
        if undated:
            self._add(UNDATED, undated, "", (None, None))
        for preset in presets(profile, today):
            span = (preset.period.first, preset.period.last) if preset.period else None
            self._add(preset.key, *self._describe(preset.key, profile, span), span)
        self._add(CUSTOM, self._labels()[CUSTOM], "", None)
        found = self._selectable(key)
        if found < 0:
            found = max(0, self._selectable(self._dated[0]))
        self.combo.setCurrentIndex(found)
        self.combo.blockSignals(False)
        key, span = self.combo.currentData(KEY_ROLE), self.combo.currentData(SPAN_ROLE)
        if key == CUSTOM and self._applied[0] is not None:
            self._show_pending()  # what is typed stays, applied or not
            return
        if key == CUSTOM:  # typed over the choice without dates, unapplied: the last dated one
            span = self._dated[1]
        self._show_dates(span)
        self._set_applied(key, span, emit=False)

    def _add(self, key: str, label: str, why: str, span: Span | None) -> None:
        """A choice of the list; ``why`` it cannot be chosen, if it cannot."""
        item = QStandardItem(label)
        item.setData(key, KEY_ROLE)
        item.setData(span, SPAN_ROLE)
        if why:
            item.setEnabled(False)
            item.setToolTip(why)
        self.combo.model().appendRow(item)

    def _labels(self) -> dict[str, str]:
        return {
            DEFAULT: self.tr("12 derniers mois"),
            "current_year": self.tr("Année civile en cours"),
            "previous_year": self.tr("Année précédente"),
            "mission": self.tr("Depuis le début de la mission"),
            CUSTOM: self.tr("Période personnalisée…"),
        }

    def _describe(self, key: str, profile: Profile, span: Span | None) -> tuple[str, str]:
        """The label of a preset, and why it cannot be chosen ("" when it can): only the
        whole mission can be out of reach (see ``periods.Preset``)."""
        start = profile.mission_start
        if span is not None:
            return self._labels()[key], ""
        if start is None:
            return (self.tr("Depuis le début de la mission (date de début non renseignée)"),
                    self.tr("La date de début de la mission n'est pas renseignée : "
                            "indiquez-la dans Fichier → Profil de la base…"))
        return (self.tr("Depuis le début de la mission (pas encore commencée)"),
                self.tr("La mission commence le {0}.").format(format_date(start)))

    def _selectable(self, key: str) -> int:
        """The row of ``key`` if it can be chosen, else -1."""
        row = self.combo.findData(key, KEY_ROLE)
        if row >= 0 and not self.combo.model().item(row).isEnabled():
            return -1
        return row

    # ---- Choosing and typing

    def period(self) -> Span:
        """The period that applies: the one chosen, or the dates typed once applied."""
        return self._applied

    def _preset_chosen(self) -> None:
        self.errors.clear_messages()
        key, span = self.combo.currentData(KEY_ROLE), self.combo.currentData(SPAN_ROLE)
        if key == CUSTOM:  # the dates shown are the custom period's start; the user edits them
            if self._applied[0] is None:
                self._show_dates(self._dated[1])
                self._set_applied(CUSTOM, self._dated[1])
            self.first.setFocus()
            self.first.selectAll()
            return
        self._show_dates(span)
        self._set_applied(key, span)

    def _dates_edited(self) -> None:
        """Typing a date makes the period a custom one (applied by Entrée or « Appliquer »)."""
        custom = self.combo.findData(CUSTOM, KEY_ROLE)
        if self.combo.currentIndex() != custom:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(custom)
            self.combo.blockSignals(False)
        self.errors.clear_messages()
        self._show_pending()

    def apply(self) -> bool:
        """Apply the dates typed; False, with the French reason under the dates and the
        cursor in the date to correct, when they do not make a period (nothing changes)."""
        if not self._pending():
            return True
        try:
            first = self._read(self.first)
            last = self._read(self.last)
            check_period(first, last)
        except PexdeskError as exc:
            self.errors.show_messages([str(exc)])
            return False
        self.errors.clear_messages()
        self._show_dates((first, last))  # « 1/6/25 » reads back as 01/06/2025
        self._set_applied(CUSTOM, (first, last))
        return True

    def _read(self, field: DateField) -> date:
        """The date typed in ``field``; PexdeskError (French) with the cursor put there."""
        try:
            value = field.value()
        except ValueError as exc:
            message = str(exc)
        else:
            if value is not None:
                return value
            message = self.tr("Indiquez la date de début et la date de fin de la période "
                              "(jj/mm/aaaa).")
        field.setFocus()
        field.selectAll()
        raise PexdeskError(message)

    # ---- State

    def _set_applied(self, key: str, span: Span, emit: bool = True) -> None:
        self._applied = span
        if span[0] is not None:
            self._dated = (key, span)
        self._show_pending()
        if emit:
            self.chosen.emit(*span)

    def _show_dates(self, span: Span) -> None:
        self.first.set_value(span[0])
        self.last.set_value(span[1])

    def _pending(self) -> bool:
        """Whether the dates typed are not those that apply."""
        try:
            return (self.first.value(), self.last.value()) != self._applied
        except ValueError:
            return True

    def _show_pending(self) -> None:
        self.apply_button.setEnabled(self._pending())

"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import (QEvent, QModelIndex, QObject, QPoint, QRect, QSize, QStringListModel,
                            Qt, Signal)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox,
                               QLabel, QLayout, QLayoutItem, QLineEdit, QListView,
                               QPushButton, QScrollArea, QStyledItemDelegate, QTableView,
                               QVBoxLayout, QWidget, QWidgetItem)

from pexdesk.ui.columns import SharedColumns
from pexdesk.ui.models.editable import EditableRecordsModel
from pexdesk.ui.typography import typeset


HINT_TEXT_SHARE = 0.65
"""How much of the text colour a hint keeps, the rest being the window's: on Fusion's light
grey it gives #535353, 6.5:1 against the background (WCAG asks 4.5:1; palette(mid), used
before, gave 1.7:1)."""


def style_as_hint(label: QLabel) -> QLabel:
    """Secondary text (keyboard hints, summaries, notes under a field): lighter than the body
    but readable, from the palette, so it follows a dark theme too."""
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    mixed = [HINT_TEXT_SHARE * t + (1 - HINT_TEXT_SHARE) * w
             for t, w in zip(text.getRgbF()[:3], window.getRgbF()[:3])]
    palette.setColor(QPalette.ColorRole.WindowText, QColor.fromRgbF(*mixed))
    label.setPalette(palette)
    return label


ERROR_COLOUR = "#b00020"
"""What is refused or wrong: 7.3:1 on white, 6.4:1 on Fusion's light grey."""


class ErrorLabel(QLabel):
    """Inline French validation messages, hidden while there are none. Most come from the
    core (a record's rules, an error's message), untranslated: they are typeset here."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setAccessibleName(self.tr("Erreurs de saisie"))
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText(typeset("\n".join(messages)))
        self.setVisible(bool(messages))

    def clear_messages(self) -> None:
        self.show_messages([])


WARNING_BACKGROUND = QColor("#fff3cd")
WARNING_COLOURS = f"background: {WARNING_BACKGROUND.name()}; color: #664d03;"
"""Something to check, nothing refused (a read-only base, a figure that looks mistyped):
dark amber on pale yellow, 7.2:1, apart from the errors' red."""
WARNING_MARK = QColor("#8a4500")
"""The corner mark of a cell to check: 7:1 on white and 6.5:1 on the warning's yellow; on
the selection's blue it needs an outline of the base colour."""


class WarningLabel(QLabel):
    """A warning beside a form or a grid, hidden while there is none: what was saved may
    be a mistake, and the user decides."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("warningLabel")
        self.setWordWrap(True)
        self.setStyleSheet(f"QLabel {{ {WARNING_COLOURS} border: 1px solid #e0c36c; "
                           "border-radius: 3px; padding: 1px 6px; }")
        self.hide()

    def show_warning(self, text: str) -> None:
        self.setText(typeset(text))
        self.setVisible(bool(text))


class TabLeavesDelegate(QStyledItemDelegate):
    """Tab in a cell being edited keeps what was typed and goes on to the next cell typed
    in on the row (a follow-up's due date after its text), from the last one to the next
    field of the form; Shift+Tab goes back the same way. Qt's default edits the next cell
    of the next row, and from the last cell the first one again: the keyboard never left
    the table. Leaving it from the first cell instead made the due date cost four keys."""

    typing = Signal()
    """A key typed in a cell, before the cell takes it (once left): the form is modified from
    there, so that Ctrl+S, offered only then, saves what is being typed. Editing a saved
    follow-up's text, Ctrl+S did nothing."""

    def createEditor(self, parent: QWidget, option, index) -> QWidget:
        """The cell's editor is named after its column, for a screen reader."""
        editor = self.new_editor(parent, option, index)
        editor.setAccessibleName(str(index.model().headerData(
            index.column(), Qt.Orientation.Horizontal) or ""))
        typed = editor if isinstance(editor, QLineEdit) else editor.findChild(QLineEdit)
        if typed is not None:
            typed.textEdited.connect(self.typing)
        return editor

    def new_editor(self, parent: QWidget, option, index) -> QWidget:
        """The cell's editor: Qt's own for its value (a line edit for a text)."""
        return super().createEditor(parent, option, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)):
            view = self.parent()
            forward = (event.key() == Qt.Key.Key_Tab
                       and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            cell = _typed_cell_beside(view.currentIndex(), 1 if forward else -1)
            if cell is None:
                view.focusNextPrevChild(forward)
            else:
                view.setCurrentIndex(cell)
                view.edit(cell)
            return True
        return super().eventFilter(editor, event)


def _typed_cell_beside(index: QModelIndex, step: int) -> QModelIndex | None:
    """The nearest cell of ``index``'s row after it (``step`` 1) or before it (-1) that
    takes typing (not a box to tick); None when there is none."""
    column = index.column() + step
    while index.isValid() and 0 <= column < index.model().columnCount():
        cell = index.siblingAtColumn(column)
        if cell.flags() & Qt.ItemFlag.ItemIsEditable:
            return cell
        column += step
    return None


class ButtonChanges(QObject):
    """Emits ``changed`` when a button it watches is enabled or disabled, or its tooltip
    changes (the tooltip tells what a click will do: « Supprimer… » abandoning a record not
    saved yet). Qt tells both by an event, not a signal. Install it with
    ``widget.installEventFilter``."""

    changed = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ToolTipChange):
            self.changed.emit()
        return False


class RecordsTable(QWidget):
    """An editable sub-table with « Ajouter » / « Retirer » buttons, inside a form."""

    changed = Signal()

    def __init__(self, model: EditableRecordsModel, add_text: str, remove_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setMinimumHeight(120)
        self.view.setWordWrap(False)
        SharedColumns(self.view, [column.checkable for column in model.columns])
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.verticalHeader().hide()  # row numbers only took room from the text
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setTabKeyNavigation(False)
        delegate = TabLeavesDelegate(self.view)
        delegate.typing.connect(self.changed)
        self.view.setItemDelegate(delegate)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        model.edited.connect(self.changed.emit)
        self.refusal = ErrorLabel()
        model.refused.connect(lambda message: self.refusal.show_messages([message]))
        model.edited.connect(self.refusal.clear_messages)
        model.modelReset.connect(self.refusal.clear_messages)
        buttons = FlowLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.refusal)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)  # where its label's Alt+letter goes

    def add(self) -> None:
        index = self.model.add_blank()
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove_current(self) -> None:
        self.model.remove(self.view.currentIndex().row())


def commit_typing(view: QAbstractItemView) -> None:
    """What is being typed in a cell of ``view`` goes into it, as when the cell is left:
    Ctrl+S pressed while typing saved the row without it."""
    editor = view.indexWidget(view.currentIndex())
    if editor is not None and view.state() == QAbstractItemView.State.EditingState:
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class VerticalScrollArea(QScrollArea):
    """Scrolls its widget up and down only: it asks for the widget's minimum width (a
    splitter then gives the width to the pane beside it, not a sideways scroll bar that
    hides the ends of the fields)."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        QApplication.instance().focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Keep the field being typed in view: the questionnaire's cursor moves on by
        itself after each score, and at 150 % it went below the visible part."""
        if new is not None and self.widget() is not None and self.widget().isAncestorOf(new):
            self.ensureWidgetVisible(new)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = (self.widget().minimumSizeHint().width() + 2 * self.frameWidth()
                  + self.verticalScrollBar().sizeHint().width())
        return QSize(max(hint.width(), needed), hint.height())


def bring_into_view(whole: QWidget, focused: QWidget) -> None:
    """Scroll the area holding ``whole`` to show all of it where it has room, and in any
    case ``focused``, a part of it: following the focus alone showed a checklist's filter
    without the list under it, a count of the breakdown without its line."""
    area = whole.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(whole, 0, 0)
        area.ensureWidgetVisible(focused)


class LinesView(QListView):
    """A read-only list of lines (a journal, a preview) on a model, not a QListWidget. The
    lines are typeset: most are the core's (a purge plan, an import's summary)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines_model = QStringListModel(self)
        self.setModel(self.lines_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def set_lines(self, lines: list[str]) -> None:
        self.lines_model.setStringList([typeset(line) for line in lines])

    def lines(self) -> list[str]:
        return self.lines_model.stringList()


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new line when the width runs out.

    A row of buttons or filters in a plain QHBoxLayout asks for the sum of its widgets'
    widths: at 150 % scaling on a laptop that pushed the window past the screen's edge.
    Here the narrowest width is the widest single widget."""

    def __init__(self, parent: QWidget | None = None, line_spacing: int | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._line_spacing = line_spacing
        """Between two lines; None: the spacing between two widgets of a line."""

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """Like QBoxLayout.insertWidget: ``widget`` at position ``index``."""
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        visible = self._visible_items()
        width = sum(item.sizeHint().width() for item in visible)
        width += self._gap() * max(0, len(visible) - 1)
        height = max((item.sizeHint().height() for item in visible), default=0)
        return QSize(width, height) + self._margins_size()

    def minimumSize(self) -> QSize:
        """One widget a line: as narrow as the widest widget."""
        size = QSize()
        for item in self._visible_items():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins_size()

    def _visible_items(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _margins_size(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items line by line inside ``rect``; return the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._visible_items():
            size = item.sizeHint().boundedTo(QSize(area.width(), item.sizeHint().height()))
            size = size.expandedTo(item.minimumSize())
            if x > area.x() and x + size.width() > area.right() + 1:
                line_gap = self._gap() if self._line_spacing is None else self._line_spacing
                x, y, line_height = area.x(), y + line_height + line_gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + self._gap()
            line_height = max(line_height, size.height())
        return y + line_height - rect.y() + margins.bottom()


FIRST_ITEM_MAX_CHARACTERS = 24


def let_combo_shrink(combo: QComboBox, characters: int = 12, *,
                     whole_first_item: bool = False) -> None:
    """A combo box as narrow as ``characters`` letters instead of its longest item (or, with
    ``whole_first_item``, as wide as its first item up to 24 letters: a filter's « Toutes
    les catégories », shown until the user picks); the current item's full text stays
    readable in the tooltip (the popup shows it whole)."""
    if whole_first_item and combo.count():
        characters = max(characters, min(len(combo.itemText(0)), FIRST_ITEM_MAX_CHARACTERS))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    # Qt keeps the minimum width it measured before the policy changed; a style change
    # makes it measure again.
    QApplication.sendEvent(combo, QEvent(QEvent.Type.StyleChange))
    combo.installEventFilter(ShrunkComboText(combo))


class ShrunkComboText(QObject):
    """What a narrowed combo box shows of its current text: ended by « … » when it does
    not fit (Qt cut it mid-letter: « Enquête de satisfaction des par »), and whole in the
    tooltip, read when the tooltip shows: screens fill and set their combo boxes with
    signals blocked, so no signal would tell."""

    def eventFilter(self, combo: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            combo.setToolTip(combo.currentText())
        elif event.type() == QEvent.Type.Paint and not combo.isEditable():
            return self._paint_elided(combo)
        return False

    @staticmethod
    def _paint_elided(combo: QComboBox) -> bool:
        """Paint as QComboBox does, the text elided; False (Qt paints) when it fits.

        A text that fits with room for two arrow buttons is left to Qt without measuring
        the text field through QStyle, whose enums PySide builds on first use: 10 ms of
        start-up, for the dashboard's period list that always fits."""
        if combo.fontMetrics().horizontalAdvance(combo.currentText()) \
                <= combo.width() - 2 * combo.height():
            return False
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter
        shown = shown_combo_text(combo)
        if shown == combo.currentText():
            return False
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        option.currentText = shown
        painter = QStylePainter(combo)
        painter.setPen(combo.palette().color(QPalette.ColorRole.Text))
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()
        return True


def shown_combo_text(combo: QComboBox) -> str:
    """The current text of a narrowed combo box as it reads, « … » ending what is cut."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox  # see _paint_elided
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField,
                                        combo).width() - 2  # the label's own margin
    if not option.currentIcon.isNull():
        room -= option.iconSize.width() + 4
    return combo.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                          room)


def let_combos_shrink(root: QWidget) -> None:
    """:func:`let_combo_shrink` every combo box under ``root`` sized to its contents."""
    narrow = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    for combo in root.findChildren(QComboBox):
        if combo.sizeAdjustPolicy() != narrow:
            let_combo_shrink(combo)


def keyboard_friendly_list(view: QAbstractItemView) -> None:
    """Tab leaves the list for the next field (the arrows move within it: Tab going cell by
    cell changed the selected record and never reached the form), and the list shows
    whether it has the focus: a highlighted frame and a strong selection with the focus,
    a pale selection without."""
    view.setTabKeyNavigation(False)
    strong = view.palette().color(QPalette.ColorRole.Highlight)
    view.setStyleSheet(f"QAbstractItemView:focus {{ border: 2px solid {strong.name()}; }}")
    FocusHighlight(view)


class FocusHighlight(QObject):
    """Switches an item view's selection colours as it gains and loses the focus (Qt only
    tells an active window from an inactive one, not a focused view from another)."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        palette = view.palette()
        self.focused = (palette.color(QPalette.ColorRole.Highlight),
                        palette.color(QPalette.ColorRole.HighlightedText))
        strong, base = self.focused[0], palette.color(QPalette.ColorRole.Base)
        pale = QColor.fromRgbF(*(0.3 * s + 0.7 * b for s, b in zip(strong.getRgbF()[:3],
                                                                   base.getRgbF()[:3])))
        self.unfocused = (pale, palette.color(QPalette.ColorRole.Text))
        self._show(view, view.hasFocus())
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._show(watched, event.type() == QEvent.Type.FocusIn)
        return False

    def _show(self, view: QAbstractItemView, focused: bool) -> None:
        highlight, text = self.focused if focused else self.unfocused
        palette = view.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, highlight)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
        view.setPalette(palette)


def show_text_starts(root: QWidget) -> None:
    """Scroll every line edit under ``root`` back to its first letter: after setText() a
    long value (an address, a file path) showed its end, hiding what identifies it."""
    for field in root.findChildren(QLineEdit):
        field.setCursorPosition(0)


def fit_to_screen(window: QWidget, wanted: QSize, share: float = 0.9) -> None:
    """Give ``window`` the size ``wanted``, capped to ``share`` of the screen's available
    area (at 150 % scaling a laptop offers about 910 × 512 logical pixels), and keep it
    on the screen: a fixed size pushed the guide's « Fermer » off the bottom."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    available = screen.availableGeometry()
    cap = QSize(int(available.width() * share), int(available.height() * share))
    window.resize(wanted.boundedTo(cap).expandedTo(window.minimumSizeHint().boundedTo(cap)))
    if window.isWindow() and not available.contains(window.frameGeometry()):
        window.move(available.topLeft())

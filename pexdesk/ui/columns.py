"""Column widths of a list that read well from a 1366-pixel laptop at 150 % (a list of
about 300 logical pixels beside its form) to a wide screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

MAIN_CAP_CHARS = 44
"""The stretch column's natural width, in average characters: a long name does not take
the whole list before the other columns are placed."""
OTHER_CAP_CHARS = 22
STRETCH_FLOOR_CHARS = 12
"""Below this the stretch column would show too little of its text to name a row."""


def spread_widths(natural: list[int], stretch: int, kept: int, available: int,
                  floor: int) -> list[int]:
    """Widths of the columns of a list ``available`` pixels wide.

    ``natural`` widths are the columns' contents (capped). The first ``kept`` columns stay
    in view: the ``stretch`` column (one of them) gives up room down to ``floor``, the
    others keep their natural width, so a date or a figure is never cut. The following
    columns come in, in order, while the stretch column keeps its natural width; those
    left lie beyond the right edge, a sideways scroll away. When every column fits, the
    stretch column takes the spare room."""
    widths = list(natural)
    room = available - sum(natural[c] for c in range(kept) if c != stretch)
    if room <= natural[stretch]:
        widths[stretch] = max(room, min(floor, natural[stretch]))
        return widths
    for column in range(kept, len(natural)):
        if room - natural[column] < natural[stretch]:
            widths[stretch] = room
            return widths
        room -= natural[column]
    widths[stretch] = room
    return widths


class ColumnFitter(QObject):
    """Keeps the columns of ``view`` spread by :func:`spread_widths` as its width
    changes, until the user drags a column's edge (their widths are then left alone,
    and :attr:`user_sized` says so; set it when restoring the widths they chose before)
    or :meth:`refit` gives the sizing back to the fitter.

    :meth:`measure` sizes the columns to their content (Qt samples the header's
    ``resizeContentsPrecision`` rows): call it once the first rows are in.

    ``shares`` caps some columns at a share of the list's width instead of
    :data:`OTHER_CAP_CHARS`: a short text read whole on a wide list (« 10/11/2026 –
    Commission technique »), cut on a narrow one before the stretch column is."""

    def __init__(self, view: QTableView, stretch: int, kept: int,
                 shares: dict[int, float] | None = None):
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.kept = max(kept, stretch + 1)
        self.shares = shares or {}
        self.natural: list[int] = []
        self.user_sized = False
        self._applying = False
        self._pressed = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # the stretch column fills the width
        header.sectionResized.connect(self._section_resized)
        # Kept here: the filter still hears these widgets while the view is being deleted.
        self._viewport = view.viewport()
        self._header_viewport = header.viewport()
        self._header_viewport.installEventFilter(self)
        self._viewport.installEventFilter(self)

    def measure(self) -> None:
        if self.user_sized:
            return
        header = self.view.horizontalHeader()
        average = self.view.fontMetrics().averageCharWidth()
        self._applying = True
        try:
            self.view.resizeColumnsToContents()
        finally:
            self._applying = False
        caps = {self.stretch: average * MAIN_CAP_CHARS,
                **{column: header.sectionSize(column) for column in self.shares}}
        self.natural = [max(min(header.sectionSize(column),
                                caps.get(column, average * OTHER_CAP_CHARS)),
                            header.sectionSizeHint(column))  # the title is never cut
                        for column in range(header.count())]
        self.spread()

    def refit(self) -> None:
        """Forget the widths the user dragged: the columns are sized as on first use."""
        self.user_sized = False
        self.measure()

    def spread(self) -> None:
        header = self.view.horizontalHeader()
        if self.user_sized or not self.natural or len(self.natural) != header.count():
            return
        floor = max(header.sectionSizeHint(self.stretch),
                    self.view.fontMetrics().averageCharWidth() * STRETCH_FLOOR_CHARS)
        available = self.view.viewport().width()
        natural = [max(min(width, int(available * self.shares[column])),
                       header.sectionSizeHint(column)) if column in self.shares else width
                   for column, width in enumerate(self.natural)]
        widths = spread_widths(natural, self.stretch, self.kept, available, floor)
        self._applying = True
        try:
            for column, width in enumerate(widths):
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._applying = False

    def _section_resized(self, *args) -> None:
        if self._pressed and not self._applying:
            self.user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self._viewport:
            self.spread()
        elif watched is self._header_viewport:
            if (kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
                    and event.button() == Qt.MouseButton.LeftButton):
                # The left button only: the menu a right click opens takes the release.
                self._pressed = True
            elif kind == QEvent.Type.MouseButtonRelease:
                self._pressed = False
        return False


def shared_widths(titles: list[int], fixed: list[bool], available: int) -> list[int]:
    """Widths of the columns of a form's small table ``available`` pixels wide: a ``fixed``
    column (a box to tick) as wide as its title, the others sharing the rest equally,
    none narrower than its title (the others then share what is left)."""
    widths = list(titles)
    sharing = [column for column, kept in enumerate(fixed) if not kept]
    room = available - sum(width for width, kept in zip(titles, fixed) if kept)
    while sharing:
        share = room // len(sharing)
        wider = [column for column in sharing if titles[column] > share]
        if not wider:
            for column in sharing:
                widths[column] = share
            widths[sharing[0]] += room - share * len(sharing)
            break
        for column in wider:
            room -= titles[column]
            sharing.remove(column)
    return widths


class SharedColumns(QObject):
    """Keeps the columns of a form's small table (a meeting's follow-ups, a partner's
    contacts) spread by :func:`shared_widths` as its width changes. Every title is read
    whole: narrower, the table scrolls sideways instead of cutting « Téléphone » to
    « éléphon ». Equal shares down to the widest title, as before, put « Fait » out of
    sight beside a follow-up's partner in charge at 150 %."""

    def __init__(self, view: QTableView, fixed: list[bool]):
        super().__init__(view)
        self.view = view
        self.fixed = fixed
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._viewport = view.viewport()  # kept: see ColumnFitter
        self._viewport.installEventFilter(self)

    def spread(self) -> None:
        header = self.view.horizontalHeader()
        titles = [header.sectionSizeFromContents(column).width()
                  for column in range(header.count())]
        widths = shared_widths(titles, self.fixed, self._viewport.width())
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.spread()
        return False

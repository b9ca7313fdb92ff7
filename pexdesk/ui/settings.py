"""Typed access to the UI state kept between runs (QSettings): window geometry,
last screen, last base, last folders, how each list was sorted and sized. Business data
never goes here."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QSettings


class ListHeader(NamedTuple):
    """A list's header as the user left it (``QHeaderView.saveState``: sort, widths)."""

    state: QByteArray
    widths_chosen: bool
    """The user dragged column edges: their widths are kept rather than computed."""


class UiSettings:
    def __init__(self, settings: QSettings | None = None):
        self._s = settings if settings is not None else QSettings()

    def _path(self, key: str) -> Path | None:
        value = self._s.value(key, "", str)
        return Path(value) if value else None

    @property
    def last_base(self) -> Path | None:
        return self._path("base/last")

    @last_base.setter
    def last_base(self, path: Path) -> None:
        self._s.setValue("base/last", str(path))
        self._s.sync()

    @property
    def last_screen(self) -> str:
        return self._s.value("window/screen", "", str)

    @last_screen.setter
    def last_screen(self, key: str) -> None:
        self._s.setValue("window/screen", key)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    def folder(self, purpose: str) -> Path | None:
        return self._path(f"folders/{purpose}")

    def set_folder(self, purpose: str, folder: Path) -> None:
        self._s.setValue(f"folders/{purpose}", str(folder))

    def list_header(self, name: str, columns: list[str]) -> ListHeader | None:
        """The header kept for the list ``name`` when it had these ``columns``; None when
        it had others (a version adding or moving columns would put the widths and the
        sort on the wrong ones)."""
        state = self._s.value(f"lists/{name}/header")
        if (not isinstance(state, QByteArray)
                or self._s.value(f"lists/{name}/columns", "", str) != "\t".join(columns)):
            return None
        return ListHeader(state, self._s.value(f"lists/{name}/widths_chosen", False, bool))

    def set_list_header(self, name: str, columns: list[str], header: ListHeader) -> None:
        self._s.setValue(f"lists/{name}/columns", "\t".join(columns))
        self._s.setValue(f"lists/{name}/header", header.state)
        self._s.setValue(f"lists/{name}/widths_chosen", header.widths_chosen)

    def sync(self) -> None:
        self._s.sync()

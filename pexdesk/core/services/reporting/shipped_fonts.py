"""The fonts shipped in ``resources/fonts``, each family with its version and licence, for
Aide → À propos. They are read from the files present, so a font added there is listed
without anyone having to remember it.

Each family ships as ``Family[-Face].ttf`` files with its licence in ``Family-LICENSE.txt``.
Its name and version come from the font files themselves (their ``name`` table), the
licence's name from a phrase of the licence text shipped.
"""

from __future__ import annotations

import re
import struct
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from pexdesk.resources import resources_dir

LICENCES = (
    ("SIL Open Font License, Version 1.1", "SIL Open Font License 1.1 (OFL-1.1)"),
    ("Bitstream Vera Fonts Copyright", "Bitstream Vera (Bitstream-Vera)"),
)
"""A phrase of each licence text shipped, and the licence's name as the About box gives it."""

_FAMILY, _VERSION, _TYPOGRAPHIC_FAMILY = 1, 5, 16
_WINDOWS_ENGLISH = (3, 1, 0x409)
"""Platform, encoding and language of the name records read: Windows, Unicode, US English
(every font made for Windows has them)."""
_VERSION_NUMBER = re.compile(r"Version\s+([0-9][0-9.]*)")


class ShippedFont(NamedTuple):
    family: str
    version: str
    licence: str
    """The licence's name; ``voir Family-LICENSE.txt`` for a text not in :data:`LICENCES`,
    "" without that file."""
    files: tuple[str, ...]


def _names(path: Path) -> dict[int, str]:
    """The US English strings of a TrueType file's ``name`` table, by name ID; read
    without loading the glyphs (Noto Emoji's file is 900 kB). Empty for a file that is
    not a readable font."""
    try:
        with path.open("rb") as file:
            (tables,) = struct.unpack(">H", file.read(12)[4:6])
            directory = file.read(16 * tables)
            for i in range(tables):
                tag, _checksum, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
                if tag == b"name":
                    file.seek(offset)
                    table = file.read(length)
                    break
            else:
                return {}
        _format, count, strings = struct.unpack_from(">HHH", table)
        names = {}
        for i in range(count):
            *key, name_id, size, start = struct.unpack_from(">6H", table, 6 + 12 * i)
            if tuple(key) == _WINDOWS_ENGLISH:
                names[name_id] = table[strings + start:strings + start + size].decode("utf-16-be")
        return names
    except (OSError, struct.error, UnicodeDecodeError):
        return {}


def _licence(path: Path) -> str:
    try:
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
    except OSError:
        return ""
    return next((name for phrase, name in LICENCES if phrase in text), f"voir {path.name}")


def _family(stem: str, files: list[Path]) -> ShippedFont:
    names = [_names(path) for path in files]
    family = next((n.get(_TYPOGRAPHIC_FAMILY) or n.get(_FAMILY) for n in names
                   if n.get(_FAMILY)), stem)
    versions = sorted({match.group(1) for n in names
                       if (match := _VERSION_NUMBER.search(n.get(_VERSION, "")))})
    return ShippedFont(family, ", ".join(versions),
                       _licence(files[0].with_name(f"{stem}-LICENSE.txt")),
                       tuple(path.name for path in files))


def _stem(path: Path) -> str:
    return path.stem.split("-")[0]


def shipped_fonts(folder: Path | None = None) -> list[ShippedFont]:
    """Every family in ``folder`` (``resources/fonts`` by default), by file name."""
    folder = resources_dir() / "fonts" if folder is None else folder
    files = sorted(folder.glob("*.ttf"), key=lambda path: (_stem(path), path.name))
    return [_family(stem, list(group)) for stem, group in groupby(files, key=_stem)]

"""Creating and opening a pexdesk base file.

A file is recognised by its SQLite header before anything opens it read-write:
SQLite would otherwise rewrite a foreign file's header when switching it to WAL,
and pexdesk must leave a file that is not its own exactly as it found it.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import APPLICATION_ID, SCHEMA_VERSION, schema_version, upgrade
from pexdesk.core.domain.models import Axis, Indicator, Profile
from pexdesk.core.errors import (BaseTooNewError, DamagedBaseError, FieldError,
                                 NotABaseError, ValidationError)
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.reference.departments import departments
from pexdesk.core.reference.indicators import INDICATORS
from pexdesk.core.reference.roadmap import OFFICIAL_AXES
from pexdesk.core.repositories import mapper

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes of a file say about it, read without SQLite."""

    is_sqlite: bool
    user_version: int
    application_id: int

    @property
    def is_pexdesk(self) -> bool:
        return self.is_sqlite and self.application_id == APPLICATION_ID


def read_header(path: Path) -> Header:
    with open(path, "rb") as handle:
        data = handle.read(HEADER_SIZE)
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        return Header(False, 0, 0)
    user_version, = struct.unpack(">i", data[60:64])
    application_id, = struct.unpack(">i", data[68:72])
    return Header(True, user_version, application_id)


class Base:
    """An open base: the file's path and the one connection that writes to it."""

    def __init__(self, path: Path, con: sqlite3.Connection, read_only: bool = False):
        self.path = path
        self.con = con
        self.read_only = read_only

    @classmethod
    def create(cls, path: Path | str, profile: Profile) -> Base:
        """Create a new base for one département; refuses to touch an existing file."""
        path = Path(path).resolve()
        profile.check()
        if path.exists():
            raise ValidationError(FieldError(
                "path", f"Le fichier {path} existe déjà : pexdesk ne l'écrase pas."))
        if not path.parent.is_dir():
            raise ValidationError(FieldError("path", f"Le dossier {path.parent} n'existe pas."))
        con = connect(path)
        try:
            upgrade(con, after_step=_seed)
            mapper.insert(con, profile)
            _checkpoint(con)
        except BaseException:
            con.close()
            remove_base_files(path)
            raise
        return cls(path, con)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, quick_check: bool = True) -> Base:
        """Open an existing base, upgrading its schema if it is older than this version."""
        path = Path(path).resolve()
        if not path.is_file():
            raise NotABaseError(f"Le fichier {path} n'existe pas.")
        try:
            header = read_header(path)
        except OSError as exc:  # permission refused, file locked by another program…
            raise NotABaseError(f"Impossible de lire le fichier {path} ({exc.strerror}).") from exc
        if not header.is_pexdesk:
            raise NotABaseError(f"Le fichier {path} n'est pas une base pexdesk.")
        if header.user_version > SCHEMA_VERSION:
            raise BaseTooNewError(
                f"La base {path.name} a été créée par une version plus récente de pexdesk "
                f"(schéma {header.user_version}, cette version connaît le schéma {SCHEMA_VERSION}). "
                "Mettez pexdesk à jour pour l'ouvrir.")
        try:
            con = connect(path, read_only=read_only)
        except NotABaseError as exc:
            if is_corruption(exc.__cause__):  # pexdesk's header, unreadable body
                raise DamagedBaseError(f"La base {path} est endommagée ({exc.__cause__}).") from exc
            raise
        try:
            if quick_check:
                _quick_check(con, path)
            if not read_only and schema_version(con) < SCHEMA_VERSION:
                upgrade(con, after_step=_seed)
                _checkpoint(con)
        except sqlite3.DatabaseError as exc:
            con.close()
            raise DamagedBaseError(f"La base {path} est endommagée ({exc}).") from exc
        except BaseException:
            con.close()
            raise
        return cls(path, con, read_only)

    def profile(self) -> Profile:
        return mapper.get(self.con, Profile, 1)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Base:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def is_corruption(exc: BaseException | None) -> bool:
    """SQLite found the file's content damaged (not a missing file or a permission)."""
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _quick_check(con: sqlite3.Connection, path: Path) -> None:
    verdict = con.execute("PRAGMA quick_check(1)").fetchone()[0]
    if verdict != "ok":
        raise DamagedBaseError(f"La base {path} est endommagée : {verdict}")


def _checkpoint(con: sqlite3.Connection) -> None:
    """Copy the WAL into the main file, so that its header (application_id, user_version),
    which ``read_header`` reads without SQLite, tells the truth even if the program
    dies before closing the base: a new base would otherwise be refused as foreign."""
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def sidecars(path: Path) -> tuple[Path, Path]:
    """SQLite's companion files of a base in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def remove_base_files(path: Path) -> None:
    """Delete a base and its companion files (only for a base this process just created)."""
    for leftover in (path, *sidecars(path)):
        leftover.unlink(missing_ok=True)


def _seed(con: sqlite3.Connection, version: int) -> None:
    """Reference data that the schema of ``version`` needs before any record."""
    if version != 1:
        return
    con.executemany("INSERT INTO department(code, name) VALUES (?, ?)", departments().items())
    con.executemany(
        "INSERT INTO partner_category(code, label, synonyms, sort_order) VALUES (?, ?, ?, ?)",
        [(c.code, c.label, "|".join(c.synonyms), order) for order, c in enumerate(CATEGORIES)])
    for order, axis in enumerate(OFFICIAL_AXES, start=1):
        mapper.insert(con, Axis(code=axis.code, label_text=axis.label,
                                description=axis.description, official=True, sort_order=order))
    for order, spec in enumerate(INDICATORS, start=1):
        mapper.insert(con, Indicator(code=spec.code, label_text=spec.label, unit=spec.unit,
                                     periodicity=spec.periodicity, source=spec.source,
                                     sort_order=order))

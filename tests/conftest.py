"""Shared fixtures; Qt-free, so the core and CLI tests never load PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # for the UI tests, before any Qt import

import runpy
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Contact, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import meetings, partners

DEPARTMENT = "35"
SURVEYS = Path(__file__).parent / "fixtures" / "surveys"
INDICATOR_TABLES = Path(__file__).parent / "fixtures" / "indicators"
"""Survey-tool exports for the import tests (their quirks: tests/fixtures/surveys/README.md)."""


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    return tmp_path / "pexdesk.db"


@pytest.fixture
def base(base_path: Path):
    """A new, empty (reference data only) base in a temporary folder, closed afterwards."""
    opened = Base.create(base_path, Profile(department_code=DEPARTMENT,
                                            adil_name="ADIL d'Ille-et-Vilaine",
                                            officer_name="Camille Martin"))
    yield opened
    opened.close()


@pytest.fixture
def con(base: Base) -> sqlite3.Connection:
    return base.con


def fill(con: sqlite3.Connection, partner_count: int = 30) -> None:
    """Some ordinary data: partners with contacts, and a meeting they attended."""
    ids = []
    for i in range(partner_count):
        partner = partners.save(
            con, Partner(name=f"Partenaire {i:03d}", category_code="BAILSOC",
                         notes="Notes de suivi. " * 20),
            [Contact(full_name=f"Contact {i} A", email=f"a{i}@exemple.fr"),
             Contact(full_name=f"Contact {i} B", phone="02 99 00 00 00")],
            tags=["bailleur", f"secteur {i % 3}"])
        ids.append(partner.id)
    meetings.save(con, Meeting(held_on=date(2024, 3, 14), kind="PLENIERE",
                               dossiers_examined=42, opinions_issued=17), attendee_ids=ids)


@pytest.fixture
def filled_base_path(base_path: Path) -> Path:
    """A closed base holding some data (several hundred KB): for tests that work on the file."""
    with Base.create(base_path, Profile(department_code=DEPARTMENT, adil_name="ADIL 35")) as b:
        fill(b.con, partner_count=150)
    return base_path


@pytest.fixture
def row_counts() -> Callable[[sqlite3.Connection], dict[str, int]]:
    """Rows per table, to prove that a refused action wrote nothing."""

    def count(con: sqlite3.Connection) -> dict[str, int]:
        tables = [row[0] for row in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in tables}

    return count


@pytest.fixture
def fill_data() -> Callable[..., None]:
    return fill


@pytest.fixture(scope="session")
def microsoft_forms_xlsx(tmp_path_factory) -> Path:
    """The Microsoft Forms export built by tests/fixtures/surveys/make_microsoft_forms.py."""
    build = runpy.run_path(str(SURVEYS / "make_microsoft_forms.py"))["build"]
    return build(tmp_path_factory.mktemp("surveys") / "microsoft_forms.xlsx")


@pytest.fixture(scope="session")
def ddets_template(tmp_path_factory) -> Path:
    """The DDETS's monthly template built by tests/fixtures/indicators/make_ddets_template.py
    (23 values, November 2025 to February 2026). Each test that imports it reads it only."""
    build = runpy.run_path(str(INDICATOR_TABLES / "make_ddets_template.py"))["build"]
    return build(tmp_path_factory.mktemp("indicators") / "tableau_de_bord_ddets.xlsx")

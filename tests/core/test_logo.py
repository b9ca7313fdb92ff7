"""The ADIL's logo in the base: what is refused and why (in French, nothing written), the
round trip of its bytes, the journal's line, undo's snapshot, and schema step 7 on a
version-6 base with data."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from pexdesk.core.db.base import Base, _seed
from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import SCHEMA_VERSION, bundled_steps, schema_version, upgrade
from pexdesk.core.domain.logo import MAX_BYTES, logo_problem, read_logo
from pexdesk.core.domain.models import Profile
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import mapper
from pexdesk.core.safety import journal
from pexdesk.core.services.snapshots import capture, restore
from tests.logo_images import logo_bytes, write_logo


def refusal(path) -> str:
    with pytest.raises(ValidationError) as caught:
        read_logo(path)
    [error] = caught.value.errors
    assert error.field == "logo"
    return error.message.replace("\u202f", " ")


# --- what is refused ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind, transparent", [("PNG", False), ("PNG", True), ("JPEG", False)])
def test_a_png_or_jpeg_is_read_as_its_bytes(tmp_path, kind, transparent):
    path = write_logo(tmp_path / "logo.img", kind=kind, transparent=transparent)
    assert read_logo(path) == path.read_bytes()
    assert logo_problem(path.read_bytes()) is None


def test_a_pdf_named_png_is_refused_by_its_content(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert refusal(path) == ("« logo.png » n'est pas une image PNG ou JPEG : son contenu est "
                             "celui d'un document PDF. Choisissez le logo au format PNG ou "
                             "JPEG.")


def test_a_gif_or_a_text_file_is_refused_and_named(tmp_path):
    gif = tmp_path / "logo.jpg"
    gif.write_bytes(logo_bytes(kind="GIF"))
    assert "son contenu est celui d'une image GIF" in refusal(gif)
    text = tmp_path / "logo.jpeg"
    text.write_text("ADIL 32", encoding="utf-8")
    assert "son contenu est celui d'un autre type de fichier" in refusal(text)


def test_a_truncated_png_is_refused_as_damaged(tmp_path):
    whole = logo_bytes(800, 400)
    path = tmp_path / "coupé.png"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    assert refusal(path) == ("« coupé.png » ne peut pas être lu : l'image PNG est endommagée "
                             "ou incomplète. Enregistrez-la de nouveau depuis le logiciel qui "
                             "l'a créée.")


@pytest.mark.parametrize("size, said", [(MAX_BYTES + 1, "2,1"), (5 * 1024 * 1024, "5")])
def test_a_file_over_2_mo_is_refused_with_its_size(tmp_path, size, said):
    path = tmp_path / "lourd.png"
    path.write_bytes(logo_bytes()[:16] + b"\0" * (size - 16))
    assert refusal(path).startswith(f"« lourd.png » pèse {said} Mo : le logo ne doit pas "
                                    "dépasser 2 Mo.")


def test_an_image_of_more_than_5000_pixels_a_side_is_refused(tmp_path):
    path = write_logo(tmp_path / "bandeau.png", 6000, 300)
    assert refusal(path).startswith("« bandeau.png » mesure 6 000 × 300 pixels : le logo ne "
                                    "doit pas dépasser 5 000 pixels de côté.")


def test_a_missing_file_is_named_in_french(tmp_path):
    assert refusal(tmp_path / "absent.png").startswith(
        "Impossible de lire le fichier « absent.png » (")


def test_a_refused_logo_is_a_problem_of_the_profile_and_nothing_is_written(con, row_counts):
    before, counts = mapper.get(con, Profile, 1), row_counts(con)
    profile = mapper.get(con, Profile, 1)
    profile.logo = b"%PDF-1.7"
    with pytest.raises(ValidationError) as caught:
        mapper.update(con, profile)
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("logo", "Le logo n'est pas une image PNG ou JPEG : son contenu est celui d'un "
                 "document PDF. Choisissez le logo au format PNG ou JPEG.")]
    assert mapper.get(con, Profile, 1) == before and row_counts(con) == counts


def test_the_schema_refuses_what_the_core_would(con):
    """The last line of defence, for SQL that skipped the record's rules."""
    for value in (b"\0" * (MAX_BYTES + 1), "logo.png"):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            con.execute("UPDATE profile SET logo = ?", (value,))


# --- stored, journaled, undone ------------------------------------------------------------------

def test_the_logo_is_kept_byte_for_byte_across_a_reopening(base_path, base):
    data = logo_bytes(kind="JPEG")
    profile = base.profile()
    profile.logo = data
    mapper.update(base.con, profile)
    base.close()
    with Base.open(base_path) as reopened:
        assert reopened.profile().logo == data
        assert reopened.profile().adil_name == "ADIL d'Ille-et-Vilaine"


def test_a_new_logo_is_journaled_as_a_change_of_the_profile_named_logo(con):
    profile = mapper.get(con, Profile, 1)
    profile.logo = logo_bytes()
    mapper.update(con, profile)
    entry = journal.entries(con, table="profile", newest_first=True, limit=1)[0]
    assert (entry.action_label, entry.table_label, entry.detail) == ("modification", "profil",
                                                                      "logo")
    assert entry.text().endswith("modification – profil n° 1 – logo")
    profile.logo = None
    mapper.update(con, profile)
    assert journal.entries(con, table="profile", newest_first=True, limit=1)[0].detail == "logo"


def test_undo_s_snapshot_puts_the_logo_back(con):
    before = capture(con, "profile", 1)
    profile = mapper.get(con, Profile, 1)
    profile.logo = logo_bytes(transparent=True)
    mapper.update(con, profile)
    after = capture(con, "profile", 1)
    restore(con, before)
    assert mapper.get(con, Profile, 1).logo is None
    restore(con, after)
    assert mapper.get(con, Profile, 1).logo == profile.logo


# --- schema step 7 ------------------------------------------------------------------------------

def version_6_base(path, fill_data) -> dict[str, list[tuple]]:
    """A base as pexdesk wrote it before the logo, with data; its tables' contents."""
    with closing(connect(path)) as con:
        assert upgrade(con, steps=bundled_steps()[:6], after_step=_seed) == [1, 2, 3, 4, 5, 6]
        mapper.insert(con, Profile(department_code="32", adil_name="ADIL du Gers",
                                   officer_name="Camille Martin"))
        fill_data(con, partner_count=20)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}")))
                for (table,) in con.execute("SELECT name FROM sqlite_schema WHERE type = "
                                            "'table' AND name NOT LIKE 'sqlite_%'")}


def test_a_version_6_base_with_data_upgrades_to_7_keeps_it_and_takes_a_logo(tmp_path,
                                                                           fill_data):
    path = tmp_path / "version6.db"
    before = version_6_base(path, fill_data)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION == 7
        after = {table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}")))
                 for table in before}
        assert after["profile"] == [(*row, None) for row in before["profile"]]  # no logo yet
        assert {t: rows for t, rows in after.items() if t != "profile"} == {
            t: rows for t, rows in before.items() if t != "profile"}
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        profile = opened.profile()
        assert (profile.officer_name, profile.logo) == ("Camille Martin", None)
        last = journal.last_change(con)
        profile.logo = logo_bytes()
        mapper.update(con, profile)
        assert [(e.table_name, e.detail) for e in journal.entries(con)
                if e.id > last] == [("profile", "logo")]
    backups = sorted((tmp_path / "sauvegardes").iterdir())
    assert [b.name.endswith("-avant-migration.db") for b in backups] == [True]
    with closing(sqlite3.connect(backups[0])) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 6


def test_a_version_6_base_read_as_it_is_has_a_profile_without_logo(tmp_path, fill_data):
    """Read only (the command line's bilan, a base another pexdesk holds), a base is not
    upgraded: its profile reads without the column it lacks."""
    path = tmp_path / "version6.db"
    version_6_base(path, fill_data)
    with Base.open(path, read_only=True) as opened:
        assert schema_version(opened.con) == 6
        profile = opened.profile()
        assert (profile.adil_name, profile.logo) == ("ADIL du Gers", None)

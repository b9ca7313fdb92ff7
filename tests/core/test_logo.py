"""The ADIL's logo in the base: what is refused and why (in French, nothing written), the
round trip of its bytes, the journal's line, undo's snapshot, and schema step 7 on a
version-6 base with data."""

from __future__ import annotations

import io
import os
import sqlite3
from contextlib import closing

import pytest
from PIL import ExifTags, Image, ImageChops

from pexdesk.core.db.base import Base
from pexdesk.core.db.migrate import SCHEMA_VERSION, schema_version
from pexdesk.core.domain.logo import (KEPT_SIDE, MAX_BYTES, MAX_FILE_BYTES, logo_problem,
                                      read_logo)
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import ValidationError
from pexdesk.core.repositories import mapper
from pexdesk.core.safety import journal
from pexdesk.core.services.snapshots import capture, restore
from tests.core.older_bases import as_before, base_at_version, tables_of
from tests.logo_images import (BLUE, RED, logo_bytes, near, png_header, turned_logo_bytes,
                               write_logo)


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


@pytest.mark.parametrize("size, said", [(MAX_FILE_BYTES + 1, "50,1"), (80 * 1024 * 1024, "80")])
def test_a_file_over_50_mo_is_refused_with_its_size(tmp_path, size, said):
    path = tmp_path / "lourd.png"
    with path.open("wb") as file:
        file.write(logo_bytes()[:16])
        file.truncate(size)
    assert refusal(path).startswith(f"« lourd.png » pèse {said} Mo : le fichier d'un logo ne "
                                    "doit pas dépasser 50 Mo.")


def test_a_logo_still_over_2_mo_once_reduced_is_refused(tmp_path):
    """A photograph saved as PNG: noise does not compress."""
    path = tmp_path / "photo.png"
    Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3)).save(path)
    assert refusal(path).startswith("« photo.png » pèserait encore 3,1 Mo dans la base, même "
                                    "réduite à 1 200 pixels de côté : le logo ne doit pas "
                                    "dépasser 2 Mo. Enregistrez l'image au format JPEG")


def test_a_record_over_2_mo_is_refused_with_its_size():
    heavy = logo_bytes()[:16] + b"\0" * MAX_BYTES
    assert logo_problem(heavy).replace("\u202f", " ") == (
        "Le logo pèse 2,1 Mo : il ne doit pas dépasser 2 Mo. Choisissez-le de nouveau : "
        "pexdesk le réduira.")


def test_an_image_of_more_than_5000_pixels_a_side_is_refused(tmp_path):
    path = write_logo(tmp_path / "bandeau.png", 6000, 300)
    assert refusal(path).startswith("« bandeau.png » mesure 6 000 × 300 pixels : le logo ne "
                                    "doit pas dépasser 5 000 pixels de côté.")


@pytest.mark.parametrize("width, height, said", [
    (9000, 9000, "mesure 9 000 × 9 000 pixels : "),
    (40_000, 40_000, "est une image bien trop grande : ")])
def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded(tmp_path, width,
                                                                         height, said):
    """Its few bytes would decode to 81 millions of pixels, or 1.6 billion (Pillow's own
    limit): refused by the size its header gives, not as damaged (its pixels are missing)."""
    path = tmp_path / "bombe.png"
    path.write_bytes(png_header(width, height))
    assert refusal(path) == (f"« bombe.png » {said}le logo ne doit pas dépasser 5 000 pixels "
                             "de côté. Réduisez l'image (1 000 pixels de large suffisent).")


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


# --- what the base keeps: upright, reduced ------------------------------------------------------

@pytest.mark.parametrize("orientation, kind", [(6, "JPEG"), (8, "JPEG"), (3, "JPEG"),
                                               (6, "PNG")])
def test_a_turned_photograph_is_kept_upright(tmp_path, orientation, kind):
    """A phone stores a photograph as its sensor saw it and a tag saying how to turn it."""
    path = tmp_path / "en-tête.jpg"
    path.write_bytes(turned_logo_bytes(orientation, kind=kind))
    kept = Image.open(io.BytesIO(read_logo(path)))
    assert (kept.format, kept.size) == (kind, (600, 300))
    assert near(kept.getpixel((10, 10)), BLUE) and near(kept.getpixel((590, 290)), RED)
    # Nor turned a second time by what reads the tag.
    assert kept.getexif().get(ExifTags.Base.Orientation) is None


def test_an_upright_tag_keeps_the_file_as_it_is(tmp_path):
    path = tmp_path / "logo.jpg"
    path.write_bytes(turned_logo_bytes(1))
    assert read_logo(path) == path.read_bytes()


@pytest.mark.parametrize("kind, transparent", [("PNG", True), ("PNG", False), ("JPEG", False)])
def test_a_5000_pixel_logo_is_kept_at_1200_in_its_format(tmp_path, kind, transparent):
    path = write_logo(tmp_path / "grand", 5000, 2500, kind, transparent)
    kept = Image.open(io.BytesIO(read_logo(path)))
    assert KEPT_SIDE == 1200 and (kept.format, kept.size) == (kind, (1200, 600))
    if transparent:  # transparent around the rounded corners, opaque within
        assert kept.mode == "RGBA"
        assert kept.getpixel((0, 0))[3] == 0 and kept.getpixel((600, 50)) == (*RED, 255)
    else:
        assert near(kept.convert("RGB").getpixel((600, 50)), RED)


def test_a_4_mo_scan_of_the_letterhead_is_accepted_and_kept_reduced(tmp_path):
    letterhead = Image.open(io.BytesIO(logo_bytes(3000, 2000)))
    grain = Image.effect_noise(letterhead.size, 24).convert("RGB")
    path = tmp_path / "scan.jpg"
    ImageChops.add(letterhead, grain, offset=-128).save(path, quality=95)
    assert path.stat().st_size > 3.8 * 1024 * 1024  # « 3,9 Mo »
    kept = read_logo(path)
    assert len(kept) < MAX_BYTES / 4
    assert Image.open(io.BytesIO(kept)).size == (1200, 800)


def test_a_small_png_of_over_2_mo_is_kept_compressed(tmp_path):
    """Saved without compression by some editors: the same pixels, a fraction of the weight."""
    path = tmp_path / "brut.png"
    Image.open(io.BytesIO(logo_bytes(1000, 800))).save(path, compress_level=0)
    assert path.stat().st_size > MAX_BYTES
    kept = read_logo(path)
    assert len(kept) < MAX_BYTES / 10
    assert Image.open(io.BytesIO(kept)).tobytes() == Image.open(path).tobytes()


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

def test_a_version_6_base_with_data_upgrades_to_7_keeps_it_and_takes_a_logo(tmp_path,
                                                                           fill_data):
    path = tmp_path / "version6.db"
    before = base_at_version(path, fill_data, 6)
    with Base.open(path) as opened:
        con = opened.con
        assert schema_version(con) == SCHEMA_VERSION
        assert [row[len(before["profile"][0])] for row in tables_of(con)["profile"]] == [
            None]  # no logo yet
        assert as_before(con, before) == before
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
    base_at_version(path, fill_data, 6)
    with Base.open(path, read_only=True) as opened:
        assert schema_version(opened.con) == 6
        profile = opened.profile()
        assert (profile.adil_name, profile.logo) == ("ADIL du Gers", None)

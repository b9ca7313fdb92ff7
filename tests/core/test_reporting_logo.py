"""The ADIL's logo on the bilans' cover: drawn once, at the top left, in its box whatever
its proportions and never distorted, upright even if kept turned; a bilan without a logo
draws no image at all."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reporting_helpers import image_placements, page_texts

from pexdesk.core.db.base import Base
from pexdesk.core.repositories import mapper
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.build import build_report
from pexdesk.core.domain.logo import KEPT_SIDE, read_logo
from pexdesk.core.services.reporting.logo import LOGO_BOX
from tests.logo_images import BLUE, RED, logo_bytes, near, turned_logo_bytes

TODAY = date.today()
ROOM = 0.01
"""Points of rounding in a content stream."""
COVER_FRAME_TOP = st.PAGE_HEIGHT - 62 * mm
"""Under the cover's band: where the cover's text began before the logo."""


@pytest.fixture(scope="module")
def without_logo(demo_as_of_today, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sans-logo")
    return {kind: build_report(demo_as_of_today, kind, out_path=folder / f"{kind}.pdf", today=TODAY)
            for kind in ("activite", "satisfaction")}


def bilan_with_logo(demo_as_of_today: Path, folder: Path, logo: bytes, kind: str = "activite") -> Path:
    base_path = shutil.copy(demo_as_of_today, folder / "demo.db")
    with Base.open(base_path) as base:
        profile = base.profile()
        profile.logo = logo
        mapper.update(base.con, profile)
    return build_report(base_path, kind, out_path=folder / f"{kind}.pdf", today=TODAY)


def images_per_page(path: Path) -> list[int]:
    return [len(page.images) for page in PdfReader(path).pages]


@pytest.mark.parametrize("kind", ["activite", "satisfaction"])
def test_without_a_logo_no_page_draws_an_image(without_logo, kind):
    assert set(images_per_page(without_logo[kind])) == {0}


SHAPES = {"paysage": (600, 300, "PNG", False), "bandeau": (2000, 200, "PNG", False),
          "vertical": (200, 2000, "PNG", False), "jpeg": (600, 300, "JPEG", False),
          "transparent": (800, 400, "PNG", True)}


@pytest.mark.parametrize("kind, shape", [("activite", "paysage"), ("satisfaction", "paysage"),
                                         *(("activite", s) for s in SHAPES if s != "paysage")])
def test_the_cover_draws_the_logo_once_at_the_top_left_in_its_box_undistorted(
        demo_as_of_today, without_logo, tmp_path, kind, shape):
    width_px, height_px, image_kind, transparent = SHAPES[shape]
    bilan = bilan_with_logo(demo_as_of_today, tmp_path,
                            logo_bytes(width_px, height_px, image_kind, transparent), kind)
    counts = images_per_page(bilan)
    assert counts == [1] + [0] * (len(counts) - 1)
    embedded = PdfReader(bilan).pages[0].images[0].image.size
    assert max(embedded) == min(max(width_px, height_px), KEPT_SIDE)
    [(x, y, width, height)] = image_placements(bilan, 0)
    box_width, box_height = LOGO_BOX
    assert width <= box_width + ROOM and height <= box_height + ROOM
    assert abs(width - box_width) < ROOM or abs(height - box_height) < ROOM  # fills the box
    assert width / height == pytest.approx(width_px / height_px, rel=1e-3)
    assert x == pytest.approx(st.MARGIN_LEFT)
    assert y + height == pytest.approx(COVER_FRAME_TOP, abs=ROOM)
    # The cover says all it said without a logo, on its one page; the pages after it are
    # those of the bilan without a logo.
    assert page_texts(bilan) == page_texts(without_logo[kind])


def test_a_transparent_logo_keeps_its_transparency(demo_as_of_today, tmp_path):
    bilan = bilan_with_logo(demo_as_of_today, tmp_path, logo_bytes(transparent=True))
    [picture] = PdfReader(bilan).pages[0].images
    assert "/SMask" in picture.indirect_reference.get_object()


def test_a_big_logo_is_reduced_before_it_goes_into_the_pdf(demo_as_of_today, tmp_path):
    bilan = bilan_with_logo(demo_as_of_today, tmp_path, logo_bytes(4000, 1000))
    [picture] = PdfReader(bilan).pages[0].images
    assert picture.image.size == (KEPT_SIDE, KEPT_SIDE // 4)


def test_a_logo_kept_turned_by_an_earlier_pexdesk_prints_upright(demo_as_of_today, tmp_path):
    """Kept as the phone stored it (300 × 600 pixels and a tag saying to turn them a
    quarter clockwise), before pexdesk turned logos upright when they are chosen."""
    bilan = bilan_with_logo(demo_as_of_today, tmp_path, turned_logo_bytes(6))
    [picture] = PdfReader(bilan).pages[0].images
    assert picture.image.size == (600, 300)
    assert near(picture.image.getpixel((10, 10)), BLUE)
    assert near(picture.image.getpixel((590, 290)), RED)
    [(_, _, width, height)] = image_placements(bilan, 0)
    assert width / height == pytest.approx(2, rel=1e-3)


def test_a_logo_chosen_now_goes_into_the_pdf_as_the_base_keeps_it(demo_as_of_today,
                                                                   tmp_path):
    """Upright and reduced when chosen: the bilan embeds its bytes without decoding them."""
    chosen = tmp_path / "photo.jpg"
    chosen.write_bytes(turned_logo_bytes(8, 2400, 1200))
    kept = read_logo(chosen)
    bilan = bilan_with_logo(demo_as_of_today, tmp_path, kept)
    [picture] = PdfReader(bilan).pages[0].images
    assert picture.image.size == (KEPT_SIDE, KEPT_SIDE // 2)
    assert picture.indirect_reference.get_object().get_data() == kept

"""The fonts of resources/fonts as Aide → À propos lists them: read from the files."""

from __future__ import annotations

import shutil

from pexdesk.core.services.reporting.shipped_fonts import LICENCES, shipped_fonts
from pexdesk.resources import resources_dir

FONTS = resources_dir() / "fonts"


def test_every_font_file_belongs_to_a_family_with_its_licence():
    fonts = shipped_fonts()
    assert sorted(name for font in fonts for name in font.files) == \
        sorted(path.name for path in FONTS.glob("*.ttf"))
    known = {name for _phrase, name in LICENCES}
    for font in fonts:
        assert font.licence in known and font.version, font
    stems = {name.removesuffix(".ttf").split("-")[0] for font in fonts for name in font.files}
    assert {path.name for path in FONTS.glob("*-LICENSE.txt")} == \
        {f"{stem}-LICENSE.txt" for stem in stems}


def test_families_are_named_by_their_files():
    assert [(font.family, font.version, font.licence, font.files) for font in shipped_fonts()] == [
        ("Carlito", "1.103", "SIL Open Font License 1.1 (OFL-1.1)",
         ("Carlito-Bold.ttf", "Carlito-BoldItalic.ttf", "Carlito-Italic.ttf",
          "Carlito-Regular.ttf")),
        ("DejaVu Sans", "2.37", "Bitstream Vera (Bitstream-Vera)",
         ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")),
        ("Noto Emoji", "3.006", "SIL Open Font License 1.1 (OFL-1.1)",
         ("NotoEmoji-Bold.ttf", "NotoEmoji-Regular.ttf")),
    ]


def test_a_font_added_is_listed_even_with_a_licence_not_known(tmp_path):
    shutil.copy(FONTS / "DejaVuSans.ttf", tmp_path / "Extra-Regular.ttf")
    shutil.copy(FONTS / "DejaVuSans-Bold.ttf", tmp_path / "Extra-Bold.ttf")
    (tmp_path / "Extra-LICENSE.txt").write_text("Licence maison, version 2.\n", encoding="utf-8")
    (tmp_path / "Broken.ttf").write_bytes(b"not a font at all")
    assert [(font.family, font.version, font.licence, font.files)
            for font in shipped_fonts(tmp_path)] == [
        ("Broken", "", "", ("Broken.ttf",)),
        ("DejaVu Sans", "2.37", "voir Extra-LICENSE.txt", ("Extra-Bold.ttf", "Extra-Regular.ttf")),
    ]


def test_no_font_folder_lists_nothing(tmp_path):
    assert shipped_fonts(tmp_path / "absent") == []

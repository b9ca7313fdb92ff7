"""The installer's inputs: icon renders, desktop entry, spec data; the window icon."""

from __future__ import annotations

import configparser
import struct
from pathlib import Path

from pexdesk.resources import resources_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SIZES = (16, 32, 48, 64, 128, 256)


def test_png_renders_have_their_sizes():
    for size in SIZES:
        data = (resources_dir() / "icons" / f"pexdesk-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)


def test_windows_icon_holds_every_size():
    data = (resources_dir() / "icons" / "pexdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == set(SIZES)


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "pexdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == "pexdesk – Prévention des expulsions"
    assert desktop["Icon"] == "pexdesk"
    assert desktop["Exec"].split()[0] == "pexdesk"
    assert desktop["Categories"] == "Office;"
    assert desktop["Comment"]


def test_spec_is_python_and_bundles_resources():
    spec = (PACKAGING / "pexdesk.spec").read_text(encoding="utf-8")
    compile(spec, "pexdesk.spec", "exec")
    assert '"resources"' in spec and "*.sql" in spec and "*.csv" in spec


def test_application_has_the_icon(qapp):
    from pexdesk.app import application_icon

    icon = application_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(SIZES)


def test_reportlab_runs_on_its_c_accelerator():
    """The ``accel`` extra is declared so that bilans measure text in C; a pure-Python
    fallback is silent, so only this test notices an install without it."""
    from reportlab.lib import rl_accel

    assert sorted(rl_accel._py_funcs) == []

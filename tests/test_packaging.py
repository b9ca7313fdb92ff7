"""The installer's inputs: icon renders, desktop entry, spec data; the window icon."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pexdesk.resources import INSTALLED, resources_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SIZES = (16, 32, 48, 64, 128, 256)
BUILD_INPUTS = ("pyproject.toml", "README.md", "pexdesk", "resources")


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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """pexdesk's wheel as ``pip install .`` builds it, from a copy of the sources (a
    ``build/`` folder left in the checkout by an earlier build would lend it its files).
    No network: the build backend is the test environment's setuptools (the ``test``
    extra asks for one that builds wheels by itself). About 4 s."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, ("no wheel built (setuptools ≥ 70.1 from the test extra "
                                   "installed?)\n" + build.stdout + build.stderr)
    [built] = out.glob("pexdesk-*.whl")
    return built


def _source_files(folder: Path, suffixes: tuple[str, ...] | None = None) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
            and (suffixes is None or path.suffix in suffixes)}


def test_wheel_carries_the_resources_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {name.removeprefix(f"pexdesk/{INSTALLED}/") for name in names
               if name.startswith(f"pexdesk/{INSTALLED}/")}
    assert shipped == _source_files(ROOT / "resources")
    assert {"fonts/Carlito-Regular.ttf", "fonts/NotoEmoji-Bold.ttf", "icons/pexdesk-256.png",
            "guide/index.html", "guide/images/bilans.png"} <= shipped
    # Nothing beside the package: a top-level « resources » in site-packages would
    # collide with any other distribution's.
    assert {name.split("/")[0] for name in names} == {"pexdesk", wheel.name.split("-py")[0]
                                                      + ".dist-info"}


def test_wheel_holds_every_module_and_data_file(wheel):
    """pyproject.toml lists the packages by hand: a new one left out would be missing."""
    names = set(zipfile.ZipFile(wheel).namelist())
    code = {f"pexdesk/{name}" for name in _source_files(ROOT / "pexdesk", (".py", ".sql", ".csv"))}
    assert code - names == set()


def test_installed_wheel_finds_its_resources(wheel, tmp_path):
    """Unpacked as pip installs it, away from the checkout: resources_dir() is the copy
    inside the package, and the bilans' eight faces load from it."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("import pexdesk, pexdesk.resources as r, pexdesk.core.services.reporting.fonts as f\n"
             "f.register_fonts(); f.drawable('\u2713 \U0001f44d')\n"
             "print(pexdesk.__file__); print(r.resources_dir())\n"
             "print(r.resource_path('guide', 'index.html'))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(site)})
    assert run.returncode == 0, run.stderr
    package, resources, guide = run.stdout.splitlines()
    assert Path(package) == site / "pexdesk" / "__init__.py"
    assert Path(resources) == site / "pexdesk" / INSTALLED
    assert Path(guide).is_file()

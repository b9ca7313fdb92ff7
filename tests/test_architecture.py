"""The core stays free of Qt: it runs headless (CLI, tests, future services)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pexdesk.core

CORE = Path(pexdesk.core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pexdesk.ui", "pexdesk.app")
CORE_FILES = sorted(CORE.rglob("*.py"))


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(CORE.parent.parent).with_suffix("").parts[:-1])


def imported_modules(source: str, package: str) -> set[str]:
    """Every module ``source`` imports, relative imports resolved against ``package``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_core_files_found():
    assert len(CORE_FILES) > 15
    assert CORE / "db" / "base.py" in CORE_FILES


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_qt_and_no_ui(path):
    modules = imported_modules(path.read_text(encoding="utf-8"), package_of(path))
    assert sorted(m for m in modules if is_forbidden(m)) == []


def test_the_checker_itself_sees_forbidden_imports():
    source = ("from PySide6.QtCore import QDate\n"
              "import shiboken6\n"
              "import pexdesk.ui.main_window\n"
              "from ...ui import widgets\n"
              "from pexdesk import app\n"
              "importlib.import_module('PySide6.QtWidgets')\n"
              "from pexdesk.core.db import base\n")
    modules = imported_modules(source, "pexdesk.core.services")
    assert {m for m in modules if is_forbidden(m)} == {
        "PySide6.QtCore", "PySide6.QtCore.QDate", "shiboken6", "pexdesk.ui.main_window",
        "pexdesk.ui", "pexdesk.ui.widgets", "pexdesk.app", "PySide6.QtWidgets"}
    assert not is_forbidden("pexdesk.core.db.base") and not is_forbidden("pexdesk.application")


def printed_by_a_fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter: which modules an import loads can only be
    seen from a process that has loaded nothing yet."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_the_whole_core_does_not_load_qt():
    modules = sorted(m.name for m in pkgutil.walk_packages(pexdesk.core.__path__, "pexdesk.core."))
    assert "pexdesk.core.services.check" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import pexdesk.cli\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6') or m.startswith('pexdesk.ui') "
        "or m == 'pexdesk.app')\n"
        "print(loaded)\n")
    assert printed_by_a_fresh_python(code) == "[]"


def test_list_screens_do_not_import_the_file_format_libraries():
    """openpyxl, icalendar and vobject take 0.2 s to import: on the UI thread, the first
    visit to a list would freeze for that long. They load when a file is written or read."""
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "import pexdesk.ui.main_window\n"
        "from pexdesk.ui.screens import SCREENS\n"
        "for spec in SCREENS:\n"
        "    if spec.key != 'reports':\n"
        "        __import__(f'pexdesk.ui.screens.{spec.module}')\n"
        "print(sorted(m for m in ('openpyxl', 'icalendar', 'vobject') if m in sys.modules))\n")
    assert printed_by_a_fresh_python(code) == "[]"


def window_on_demo_base(then: str) -> str:
    """A script for a fresh interpreter: the main window open offscreen on a demo base
    (no backup written), then ``then`` (indented code using ``app`` and ``window``)."""
    return textwrap.dedent("""\
        import os, sys, tempfile
        os.environ['QT_QPA_PLATFORM'] = 'offscreen'
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from pexdesk.app import make_application
        from pexdesk.core.services.demo import write_demo_base
        from pexdesk.ui.main_window import MainWindow
        from pexdesk.ui.settings import UiSettings
        app = make_application([])
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder) / 'demo.db'
            write_demo_base(base)
            window = MainWindow(UiSettings(QSettings(str(Path(folder) / 'ui.ini'),
                                                     QSettings.Format.IniFormat)))
            window.safety.automatic_backups = False
            window.open_base(base)
            window.show()
        """) + textwrap.indent(textwrap.dedent(then), " " * 4) + "    window.close()\n"


def test_the_bilans_screen_opens_without_importing_reportlab():
    """reportlab and its fonts take 0.2 s to import: on the UI thread, the first visit to
    « Bilans » would freeze for that long. It loads in the worker thread that builds the PDF."""
    code = window_on_demo_base("""\
        screen = window.show_screen('reports')
        app.processEvents()
        assert screen.isVisible() and screen.kind.count() == 3, screen.kind.count()
        screen.kind.setCurrentIndex(2)  # the point mensuel, with its months
        assert screen.month.isVisible() and screen.month.count(), screen.month.count()
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')[:3])
        """)
    assert printed_by_a_fresh_python(code) == "[]"


def test_retours_opens_without_importing_reportlab():
    """« Questionnaire à imprimer… » lays its PDF out in a worker thread: Retours des
    partenaires, where it sits, must not load reportlab on the UI thread either."""
    code = window_on_demo_base("""\
        screen = window.show_screen('feedback')
        while not screen.shown_data:
            app.processEvents()
        assert screen.questionnaire_button.isEnabled()
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')[:3])
        """)
    assert printed_by_a_fresh_python(code) == "[]"


def test_reunions_opens_without_importing_reportlab():
    """« Relevé PDF… » lays its PDF out in a worker thread: Réunions CCAPEX, where it sits,
    must not load reportlab on the UI thread either."""
    code = window_on_demo_base("""\
        screen = window.show_screen('meetings')
        while not screen.shown_data or screen.editor.record_id is None:
            app.processEvents()
        assert screen.releve_button.isEnabled()
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')[:3])
        """)
    assert printed_by_a_fresh_python(code) == "[]"


@pytest.mark.parametrize("entry", ["build", "questionnaire", "releve"])
def test_reportlab_is_tuned_before_its_graphics_load(entry):
    """``output`` turns shape checking and ASCII85 off (a faster PDF, the same pixels) for
    every way into the PDF machinery: ``reportlab.graphics.shapes`` reads the first setting
    once, when it is imported."""
    code = (f"import pexdesk.core.services.reporting.{entry}\n"
            "from reportlab import rl_config\n"
            "from reportlab.graphics import shapes\n"
            "print(rl_config.shapeChecking, rl_config.useA85, shapes.shapeChecking)\n")
    assert printed_by_a_fresh_python(code) == "0 0 0"


def test_the_first_screen_is_shown_without_building_qstyle():
    """PySide builds every enum of QStyle the first time the class is touched: 10 ms of
    start-up (7 % of a bare PySide window's). The dashboard, shown first, has date fields
    and a combo box whose own code measured them through QStyle; it must not."""
    code = window_on_demo_base("""\
        screen = window.show_screen('dashboard')
        while not screen.shown_data:
            app.processEvents()
        app.processEvents()
        from PySide6 import QtWidgets
        print('QStyle' in QtWidgets.__dict__)
        """)
    assert printed_by_a_fresh_python(code) == "False"

"""Benchmark: start-up and screen times of the real window, and search latency on big lists.

    .venv/bin/python tests/bench/bench_ui.py [--large PATH]

Not collected by pytest. Three measures, each beside a baseline taken in the same run:
- a bare PySide6 process showing one window with one table (the floor for any Qt app
  here) against ``pexdesk smoke`` on the demo base and on the 100,000-response base;
  target: pexdesk's first screen within 2× the bare window. A second bare window, built
  as model/view like every list of pexdesk (a QAbstractTableModel behind a proxy), is
  shown for comparison: its model's roles make PySide6 build the ``Qt`` namespace, 25 ms
  of enums the QStandardItemModel window never pays. Ages are read from the clock of this
  process, passed to each child (finer than /proc's 10 ms ticks);
- per-keystroke search latency on the largest lists (100,000 responses, 10,000
  partners), typed one character at a time into the real search box; target < 100 ms;
- the opening of the largest lists in a fresh window, the base checked and its first
  screen shown: when their first rows show (target < 0.5 s for the 100,000 responses)
  and when they are all listed (target ≤ 1.2 s). ``--opening`` measures only this.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from large_base import LargeBaseSize, build_large_base

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 9
_AGE = """
print(f"{(time.time() - float(os.environ['PEXDESK_LAUNCHED_AT'])) * 1000:.1f}")
"""
BARE_WINDOW = r"""
import os, sys, time
from PySide6.QtGui import QStandardItemModel, QStandardItem
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
model = QStandardItemModel(60, 7)
for row in range(60):
    for column in range(7):
        model.setItem(row, column, QStandardItem(f"{row}-{column}"))
view = QTableView()
view.setModel(model)
window.setCentralWidget(view)
window.show()
app.processEvents()
""" + _AGE
MODEL_VIEW_WINDOW = r"""
import os, sys, time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 60
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row()}-{index.column()}"
        return None
app = QApplication(sys.argv[:1])
window = QMainWindow()
proxy = QSortFilterProxyModel()
proxy.setSourceModel(Model())
view = QTableView()
view.setModel(proxy)
window.setCentralWidget(view)
window.show()
app.processEvents()
""" + _AGE
FIRST_SCREEN = re.compile(r"Premier écran affiché (\d+) ms")
SCREEN_LINE = re.compile(r"^(.+) : (\d+) ms$")


def launched_now() -> dict[str, str]:
    """The environment of a child that measures its age from this clock reading (both the
    bare window and ``pexdesk smoke`` do), taken just before it is started."""
    return {**os.environ, "PEXDESK_LAUNCHED_AT": repr(time.time())}


def bare_window_ms(script: str = BARE_WINDOW) -> float:
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env=launched_now()).stdout
    return float(output.strip().splitlines()[-1])


def smoke(db: Path) -> tuple[float, dict[str, float]]:
    result = subprocess.run([sys.executable, "-m", "pexdesk", "smoke", "--db", str(db)],
                            capture_output=True, text=True, env=launched_now())
    if result.returncode != 0:
        raise SystemExit(f"pexdesk smoke failed on {db}:\n{result.stdout}\n{result.stderr}")
    first = float(FIRST_SCREEN.search(result.stdout).group(1))
    screens = {m.group(1): float(m.group(2)) for m in map(SCREEN_LINE.match,
                                                         result.stdout.splitlines()) if m}
    return first, screens


def median(values: list[float]) -> float:
    return statistics.median(values)


def search_latency(db: Path, key: str, typed: str) -> list[float]:
    """Milliseconds per keystroke typed into the screen's search box, rows filtered and
    the view updated (events processed) before the next key."""
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest

    from pexdesk.app import make_application
    from pexdesk.ui.main_window import MainWindow
    from pexdesk.ui.settings import UiSettings

    app = make_application([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(UiSettings(QSettings(str(Path(folder) / "s.ini"),
                                                 QSettings.Format.IniFormat)))
        window.open_base(db)
        window.show()
        screen = window.show_screen(key)
        while not screen.shown_data:
            app.processEvents()
        times = []
        for char in typed:
            start = time.perf_counter()
            QTest.keyClicks(screen.search, char)
            app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
        rows = screen.proxy.rowCount()
        total = screen.model.total_count()
        window.close()
    print(f"  {key}: {total} lignes, « {typed} » → {rows} lignes ; par frappe : médiane "
          f"{median(times):.1f} ms, max {max(times):.1f} ms")
    return times


def list_opening(db: Path, key: str) -> tuple[float, float]:
    """Milliseconds from asking for the list's screen, in a new process whose window shows
    its first screen and has checked the base, to its first rows painted, and to all of
    them listed (the screen's ``loaded``); each run is a first visit, imports included."""
    output = subprocess.run([sys.executable, __file__, "--open-list", key, str(db)],
                            capture_output=True, text=True, check=True).stdout
    first, full = output.split()[-2:]
    return float(first), float(full)


def _open_list(key: str, db: Path) -> None:
    """The child of :func:`list_opening`. It waits on Qt's events (rows added or reset, the
    screen loaded) rather than polling, which would take the loading thread's turns."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from pexdesk.app import make_application
    from pexdesk.ui.main_window import MainWindow
    from pexdesk.ui.settings import UiSettings

    app = make_application([])
    loop = QEventLoop()

    def wait(done, *signals) -> None:
        for signal in signals:
            signal.connect(loop.quit)
        while not done():
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        for signal in signals:
            signal.disconnect(loop.quit)

    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(UiSettings(QSettings(str(Path(folder) / "s.ini"),
                                                 QSettings.Format.IniFormat)))
        window.safety.automatic_backups = False
        window.open_base(db)
        window.show()
        first_screen = window.screens[next(iter(window.screens))]
        wait(lambda: first_screen.shown_data and not window.safety.backup_pending,
             first_screen.loaded, window.safety.backup_finished)
        start = time.perf_counter()
        screen = window.show_screen(key)
        wait(lambda: screen.proxy.rowCount() > 0, screen.proxy.rowsInserted,
             screen.proxy.modelReset, screen.loaded)
        app.processEvents()  # painted
        first = time.perf_counter()
        wait(lambda: screen.shown_data and not screen.loading, screen.loaded)
        full = time.perf_counter()
        window.close()
    print(f"{(first - start) * 1000:.1f} {(full - start) * 1000:.1f}")


def opening_figures(large: Path) -> None:
    for key, title in (("feedback", "Retours (100 000 réponses)"),
                       ("partners", "Partenaires (10 000)")):
        runs = [list_opening(large, key) for _ in range(RUNS)]
        print(f"  {title} : premières lignes en médiane {median([f for f, _ in runs]):.0f} ms, "
              f"liste complète {median([t for _, t in runs]):.0f} ms ({RUNS} ouvertures)")


def compile_bytecode() -> None:
    """Bytecode for every pexdesk module, as an installed or frozen pexdesk has: where
    ``__pycache__`` cannot be written (PYTHONDONTWRITEBYTECODE), Python would otherwise
    compile ~90 modules at every start, which no user pays (the baseline's PySide6 comes
    compiled by pip)."""
    import compileall

    import pexdesk
    compileall.compile_dir(Path(pexdesk.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=Path,
                        help="reuse a large base built before (one campaign of 100,000 responses)")
    parser.add_argument("--opening", action="store_true",
                        help="only the opening of the largest lists (needs --large)")
    parser.add_argument("--open-list", nargs=2, metavar=("KEY", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_list:
        _open_list(args.open_list[0], Path(args.open_list[1]))
        return
    compile_bytecode()
    if args.opening:
        print("Ouverture des listes :")
        opening_figures(args.large)
        return
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        subprocess.run([sys.executable, "-m", "pexdesk", "demo", "--db", str(demo)],
                       check=True, capture_output=True)
        large = args.large
        if large is None:
            large = Path(folder) / "large.db"
            started = time.perf_counter()
            # One campaign: the responses list then holds all 100,000 rows at once.
            build_large_base(large, LargeBaseSize(campaigns=1))
            print(f"Base volumineuse construite en {time.perf_counter() - started:.1f} s")

        # Interleaved rounds, so that a change in the machine's load hits every figure alike.
        bare, model_view, smokes = [], [], {"démo": [], "100 000 réponses": []}
        for _ in range(RUNS):
            bare.append(bare_window_ms())
            model_view.append(bare_window_ms(MODEL_VIEW_WINDOW))
            for name, db in (("démo", demo), ("100 000 réponses", large)):
                smokes[name].append(smoke(db))
        print(f"Fenêtre PySide6 nue avec une table (QStandardItemModel) : médiane "
              f"{median(bare):.0f} ms (processus → fenêtre affichée, {RUNS} lancements)")
        print(f"Fenêtre nue en modèle/vue (QAbstractTableModel + proxy) : médiane "
              f"{median(model_view):.0f} ms")
        for name, runs in smokes.items():
            first = median([first for first, _ in runs])
            print(f"pexdesk smoke, base {name} : premier écran en médiane {first:.0f} ms "
                  f"= {first / median(bare):.2f} × la fenêtre nue, "
                  f"{first / median(model_view):.2f} × la fenêtre modèle/vue")
            for title in runs[0][1]:
                print(f"  {title} : {median([screens[title] for _, screens in runs]):.0f} ms")
        print("Recherche frappe par frappe :")
        search_latency(large, "feedback", "bailleur social")
        search_latency(large, "partners", "partenaire 0042")
        print("Ouverture des listes :")
        opening_figures(large)


if __name__ == "__main__":
    main()

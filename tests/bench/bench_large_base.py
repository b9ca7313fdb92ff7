"""Benchmark: build a large base, open it, time each dashboard query and the mailing list.

    .venv/bin/python tests/bench/bench_large_base.py [--keep PATH]

Not collected by pytest. Each figure is printed beside baselines measured in the
same run (opening a bare sqlite3 connection, counting the response table from its
smallest index, reading every response row), so that runs on different machines
can be compared.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from large_base import LargeBaseSize, build_large_base
from timing import REPEATS, first_and_best, seconds

from pexdesk.core.db.base import Base
from pexdesk.core.services import dashboard, mailing


def _show(label: str, first: float, best: float | None = None) -> None:
    best_text = f"{best * 1000:10.2f} ms" if best is not None else ""
    print(f"  {label:<52}{first * 1000:10.2f} ms{best_text}")


def _bare_connection(path: Path) -> None:
    sqlite3.connect(path).close()


def run(path: Path) -> None:
    size = LargeBaseSize()
    today = date.today()
    build = seconds(lambda: build_large_base(path, size, today=today))
    megabytes = path.stat().st_size / 1e6
    print(f"Large base: {size.partners:,} partners, {size.meetings:,} meetings, "
          f"{size.responses:,} responses over {size.years} years; {megabytes:.1f} MB")
    print(f"  {'build (executemany, one transaction)':<52}{build:10.2f} s")
    print(f"  {'':<52}{'first':>13}{'best of ' + str(REPEATS):>13}")
    _show("baseline: sqlite3.connect() + close()", *first_and_best(lambda: _bare_connection(path)))
    _show("Base.open() incl. quick_check + close()",
          *first_and_best(lambda: Base.open(path).close()))
    with Base.open(path) as base:
        con = base.con
        for sql in ("SELECT count(*) FROM response",
                    "SELECT sum(length(comment)) FROM response"):
            _show(f"baseline: {sql}", *first_and_best(lambda: con.execute(sql).fetchone()))
        periods = {"last 12 months": (today - timedelta(days=365), today),
                   f"all {size.years} years": (today - timedelta(days=365 * size.years), today)}
        for name, (first, last) in periods.items():
            print(f"  dashboard, {name}:")
            queries = {
                "meeting_activity": lambda: dashboard.meeting_activity(con, first, last),
                "roadmap_progress": lambda: dashboard.roadmap_progress(con, today),
                "indicator_trends": lambda: dashboard.indicator_trends(con, first, last),
                "satisfaction": lambda: dashboard.satisfaction(con, first, last),
                "dashboard (all four)": lambda: dashboard.dashboard(con, first, last, today),
            }
            for label, query in queries.items():
                _show(f"  {label}", *first_and_best(query))
        everyone = [row[0] for row in con.execute("SELECT id FROM partner")]
        _show(f"mailing list of all {size.partners:,} partners",
              *first_and_best(lambda: mailing.mailing_list(con, everyone)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, metavar="PATH",
                        help="build the base at PATH (which must not exist) and keep it")
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        parser.error(f"{args.keep} already exists")
    if args.keep:
        run(args.keep)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder) / "large.db")


if __name__ == "__main__":
    main()

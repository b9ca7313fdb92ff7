"""Benchmark: import a table of 20 indicators × 24 months (480 values), as the DDETS's
template lays it out (a title, then one row per indicator and one column per month).

    .venv/bin/python tests/bench/bench_indicator_import.py [--months 24]

Not collected by pytest. Each step is timed (first run, then the best of the next ones on a
copy of the same base) beside baselines measured in the same run: openpyxl or the csv module
alone reading the file, and the indicator repository's ``set_values`` storing the same 480
values. Steps: read, plan against an empty base, commit (480 new), plan and commit the same
file again (480 unchanged: nothing written), plan and commit a corrected file with
``replace`` (480 replaced), and the snapshots the application takes for Ctrl+Z.
Target: read + plan + commit of the XLSX under 1 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import IndicatorValue
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_month_short
from pexdesk.core.repositories import indicators
from pexdesk.core.services.importing import read_bytes
from pexdesk.core.services.importing.indicators import (IndicatorImportOptions, State,
                                                        commit_indicators,
                                                        count_indicator_rows, plan_indicators)
from pexdesk.core.services.snapshots import capture_all
from tests.bench.timing import first_and_best, seconds

TARGET_SECONDS = 1.0
FIRST_MONTH = date(2024, 1, 1)


def months(count: int) -> list[date]:
    return [date(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + n) // 12,
                 (FIRST_MONTH.month - 1 + n) % 12 + 1, 1) for n in range(count)]


def table(con, count: int, shift: int = 0) -> list[list[object]]:
    """A title, a header of months, a row per indicator (its label), figures as numbers
    (percentages with a decimal), a « Total » row."""
    catalogue = indicators.catalogue(con)
    rows: list[list[object]] = [["Prévention des expulsions – tableau de bord mensuel"], [],
                                ["Indicateur", *(format_month_short(m) for m in months(count))]]
    for n, indicator in enumerate(catalogue):
        figure = (lambda k: round(30 + (n * 7 + k) % 60 + 0.5, 1)) if indicator.unit == "%" \
            else (lambda k: 10 + (n * 13 + k * 7) % 90)
        rows.append([indicator.label_text, *(figure(k) + shift for k in range(count))])
    rows.append(["Total", *([0] * count)])
    return rows


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(rows) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(
        [[str(cell).replace(".", ",") for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def show(label: str, first: float, best: float | None = None, note: str = "") -> None:
    best_text = f"{best * 1000:8.1f} ms" if best is not None else " " * 11
    print(f"  {label:<52}{first * 1000:8.1f} ms {best_text}  {note}")


def run(count: int, folder: Path) -> bool:
    empty = folder / "vide.db"
    Base.create(empty, Profile(department_code="35", adil_name="ADIL 35")).close()
    with Base.open(empty, read_only=True) as base:
        rows, corrected = table(base.con, count), table(base.con, count, shift=1)
    values = (len(rows) - 4) * count
    files = {"XLSX": (as_xlsx(rows), as_xlsx(corrected), "tableau.xlsx"),
             "CSV": (as_csv(rows), as_csv(corrected), "tableau.csv")}
    print(f"Import of {len(rows) - 4} indicators × {count} months = {values} values; "
          f"sqlite {sqlite3.sqlite_version}; first run, then best of the next 5")
    ok = True
    for kind, (data, fixed, name) in files.items():
        print(f"{kind}: {len(data) / 1024:.1f} KB")
        if kind == "XLSX":
            import openpyxl

            def baseline():
                workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                                  data_only=True)
                sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
                workbook.close()
            show("baseline: openpyxl read_only iter_rows alone", *first_and_best(baseline))
        else:
            show("baseline: csv.reader over the decoded text", *first_and_best(
                lambda: list(csv.reader(io.StringIO(data.decode("utf-8-sig")),
                                        delimiter=";"))))
        read_first, read_best = first_and_best(
            lambda: read_bytes(data, name, None, count_indicator_rows))
        show("read (zip checks, cells, digest)", read_first, read_best)
        sheet = read_bytes(data, name, None, count_indicator_rows)
        with Base.open(empty, read_only=True) as base:
            plan_first, plan_best = first_and_best(lambda: plan_indicators(base.con, sheet))
            plan = plan_indicators(base.con, sheet)
        show("plan against an empty base", plan_first, plan_best,
             f"{len(plan.in_state(State.NEW))} new, {len(plan.errors)} errors")

        commits = []
        for attempt in range(6):
            path = folder / f"{kind}-{attempt}.db"
            shutil.copy(empty, path)
            with Base.open(path) as base:
                fresh = plan_indicators(base.con, sheet)
                commits.append(seconds(lambda: commit_indicators(base.con, fresh)))
        show("commit: 480 new values, one transaction", commits[0], min(commits[1:]))
        path = folder / f"{kind}-0.db"
        with Base.open(path) as base:
            con = base.con
            stored = indicators.values_between(con, "35", months(count)[0], months(count)[-1])
            again_first, again_best = first_and_best(lambda: plan_indicators(con, sheet))
            again = plan_indicators(con, sheet)
            show("plan the same file again", again_first, again_best,
                 f"{len(again.in_state(State.UNCHANGED))} unchanged")
            show("commit the same file again (nothing written)",
                 seconds(lambda: commit_indicators(con, again)))
            fixed_sheet = read_bytes(fixed, name, None, count_indicator_rows)
            replacing = plan_indicators(con, fixed_sheet, IndicatorImportOptions(replace=True))
            snapshot_s = seconds(lambda: capture_all(con, "indicator_value",
                                                     [value.id for value in stored]))
            replace_s = seconds(lambda: commit_indicators(con, replacing))
            show("commit a corrected file with replace", replace_s,
                 note=f"{len(replacing.in_state(State.DIFFERENT))} replaced")
            show("snapshots for Ctrl+Z (once before, once after)", snapshot_s * 2)
        baselines = []
        for attempt in range(6):
            path = folder / f"{kind}-set-{attempt}.db"
            shutil.copy(empty, path)
            with Base.open(path) as base:
                records = [IndicatorValue(indicator_id=v.indicator_id, department_code="35",
                                          month=v.month, value=v.value) for v in stored]
                baselines.append(seconds(lambda: indicators.set_values(base.con, records)))
        show("baseline: indicators.set_values of the 480 values", baselines[0],
             min(baselines[1:]))
        total = read_first + plan_first + commits[0]
        verdict = "within" if total < TARGET_SECONDS else "OVER"
        show("total read + plan + commit (first runs)", total,
             note=f"{verdict} the {TARGET_SECONDS:.0f} s target")
        ok = ok and total < TARGET_SECONDS
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ok = run(args.months, Path(folder))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

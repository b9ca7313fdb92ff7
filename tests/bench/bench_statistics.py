"""Benchmark: the survey statistics on a 100,000-response base (target: under 0.5 s).

    cd tests/bench && ../../.venv/bin/python bench_statistics.py [--base PATH] [--keep PATH]

Not collected by pytest. Each scope is timed beside baselines measured in the same run
on the same connection (counting the answers from their smallest index, reading every
answer row in SQLite, grouping every answer by item and score), so that runs on
different machines can be compared: the statistics should stay within a small multiple
of the plain full scan.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, timedelta
from pathlib import Path

from large_base import HOME, NEIGHBOURS, LargeBaseSize, build_large_base
from timing import REPEATS, first_and_best, seconds

from pexdesk.core.db.base import Base
from pexdesk.core.services.statistics import Scope, comments, statistics

TARGET_SECONDS = 0.5


def _show(label: str, first: float, best: float, mark: str = "") -> None:
    print(f"  {label:<58}{first * 1000:10.1f} ms{best * 1000:10.1f} ms  {mark}")


def run(path: Path, build: bool) -> bool:
    size = LargeBaseSize()
    if build:
        built_in = seconds(lambda: build_large_base(path, size))
        print(f"Built {path} in {built_in:.1f} s")
    with Base.open(path, read_only=True) as base:
        con = base.con
        responses = con.execute("SELECT count(*) FROM response").fetchone()[0]
        answers = con.execute("SELECT count(*) FROM answer").fetchone()[0]
        campaign = con.execute("SELECT min(id) FROM campaign").fetchone()[0]
        print(f"{responses:,} responses, {answers:,} answers, "
              f"{path.stat().st_size / 1e6:.1f} MB")
        print(f"  {'':<58}{'first':>13}{'best of ' + str(REPEATS):>13}")
        for sql in ("SELECT count(*) FROM answer",
                    "SELECT sum(score) FROM answer NOT INDEXED",
                    "SELECT item_id, score, count(*) FROM answer GROUP BY item_id, score"):
            _show(f"baseline: {sql[:50]}", *first_and_best(
                lambda sql=sql: con.execute(sql).fetchall()))
        today = date.today()
        year_ago = today - timedelta(days=365)
        scopes = {
            "all campaigns, all départements": Scope(),
            f"all campaigns, home département {HOME} (90 %)": Scope(department_code=HOME),
            f"all campaigns, neighbour {NEIGHBOURS[0]} (2.5 %)":
                Scope(department_code=NEIGHBOURS[0]),
            "all campaigns, category CAF (3.5 %)": Scope(category_code="CAF"),
            f"all campaigns, {HOME} + CAF": Scope(department_code=HOME, category_code="CAF"),
            f"one campaign ({campaign})": Scope(campaign_id=campaign),
            f"one campaign, département {HOME}": Scope(campaign_id=campaign,
                                                       department_code=HOME),
            "responses dated in the last twelve months": Scope(first=year_ago, last=today),
            f"last twelve months, département {HOME}":
                Scope(department_code=HOME, first=year_ago, last=today),
        }
        slowest = 0.0
        for label, scope in scopes.items():
            first, best = first_and_best(lambda scope=scope: statistics(con, scope))
            slowest = max(slowest, first, best)
            _show(f"statistics: {label}", first, best,
                  "ok" if max(first, best) < TARGET_SECONDS else "OVER TARGET")
        _show("comments (every comment of 100,000 responses)",
              *first_and_best(lambda: comments(con)))
    verdict = slowest < TARGET_SECONDS
    print(f"slowest statistics run: {slowest * 1000:.1f} ms "
          f"({'within' if verdict else 'OVER'} the {TARGET_SECONDS * 1000:.0f} ms target)")
    return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, metavar="PATH",
                        help="time an existing large base instead of building one")
    parser.add_argument("--keep", type=Path, metavar="PATH",
                        help="build the base at PATH (which must not exist) and keep it")
    args = parser.parse_args()
    if args.base:
        ok = run(args.base, build=False)
    elif args.keep:
        if args.keep.exists():
            parser.error(f"{args.keep} already exists")
        ok = run(args.keep, build=True)
    else:
        with tempfile.TemporaryDirectory() as folder:
            ok = run(Path(folder) / "large.db", build=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

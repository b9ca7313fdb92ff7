"""Benchmark: the « Bilan d'activité », the « Bilan de satisfaction » and the « Point
mensuel » on the demo base and on a large base, each beside reportlab laying out the same
number of plain-text pages in the same run (baseline).

    .venv/bin/python tests/bench/bench_report.py [--skip-large]

Not collected by pytest. Targets: each demo bilan under 1 s, and every bilan under twice
the plain-text baseline. Both lay out in one pass; the bilans' pages are denser (tables,
charts, many short paragraphs). The satisfaction bilan is measured over the default
period (every campaign's responses of the last twelve months) and over one whole
campaign; on the large base every response carries a comment, all of them quoted in the
annex. Both run on reportlab's C accelerator (the ``accel`` extra pyproject.toml asks for).

Three ways of making the same bilan are timed:

- in the application: what the Bilans screen's worker does before the PDF shows, open its
  own read-only connection to the base (the session checked the base when it opened it)
  and ``build_report`` through it: read, lay out, write atomically (flushed to disk); the
  session's writing connection records it in the journal after the PDF is shown;
- from a base file, as the command line does: ``build_report`` opens the base read-only,
  reads it, lays the bilan out, writes it, and records it in the base's journal (a write
  of its own); meanwhile its quick check reads the whole file on a thread of its own (0.2 s
  of the large base's 90 MB: a short bilan of that base waits for it);
- the layout alone, from the base already read.

They are timed in this process, over rounds: a session's case from its second bilan on,
its caches of words' widths and of styles' markup holding what earlier bilans measured.
The command line's is also timed in fresh processes (one bilan, nothing measured before
it; modules imported and fonts registered, for it and for the baseline, before the clock
starts).
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from functools import cache
from pathlib import Path

from large_base import LargeBaseSize, build_large_base
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import connect
from pexdesk.core.services.demo import write_demo_base
from pexdesk.core.services.reporting.build import build_report, gather_report, render_report
from pexdesk.core.services.reporting.styles import styles
from pexdesk.resources import resource_path

REPEATS = {"demo": 9, "large": 3}
"""Rounds per measure: a demo bilan takes a tenth of a second, a large one a second."""
FRESH_PROCESSES = {"demo": 8, "large": 2}
"""Processes per measure in fresh processes, half of them timing the baseline first."""
PLAIN_FONT = "Carlito-reportlab"
TEXT = ("La commission a examiné les situations inscrites à l'ordre du jour et rendu ses avis ; "
        "le relevé de décisions a été diffusé aux membres sous huit jours. ") * 6


def _best(actions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Each action's best time over ``repeats`` rounds, the actions taking turns within a
    round: a virtual machine's speed drifts by half within a minute, and measured one after
    the other, a bilan and its baseline were timed at different speeds (ratios from 1.1 to
    2.3 for the same code). The garbage of the action before is collected first, untimed:
    taking turns, each would otherwise pay for the other's."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: min(measured) for name, measured in times.items()}


@cache
def plain_body_style() -> ParagraphStyle:
    """The bilans' body style in the same font file loaded as reportlab's own TrueType font:
    the bilans draw through :class:`SubsetFont`, pexdesk's faster subclass, which must not
    speed up the baseline it is measured against."""
    font_file = resource_path("fonts", "Carlito-Regular.ttf")
    pdfmetrics.registerFont(TTFont(PLAIN_FONT, str(font_file)))
    return ParagraphStyle("texte", parent=styles().body, fontName=PLAIN_FONT)


def plain_pages(path: Path, pages: int) -> None:
    """``pages`` full A4 pages of justified body text in the same font, one layout pass:
    each page holds as many paragraphs as fit (five, 96 % of its height; the baseline
    once stopped at four, three quarters of the frame, and so measured lighter pages than
    « plain-text pages »)."""
    body = plain_body_style()
    document = SimpleDocTemplate(str(path), pagesize=A4, initialFontName=PLAIN_FONT)
    per_page = paragraphs_per_page(document, body)
    story = []
    for _ in range(pages):
        story += [Paragraph(TEXT, body) for _ in range(per_page)] + [PageBreak()]
    document.build(story[:-1])


def paragraphs_per_page(document: SimpleDocTemplate, body: ParagraphStyle) -> int:
    """How many of the baseline's paragraphs fill the document's frame (its default
    6 pt padding on each side taken off)."""
    frame_width, frame_height = document.width - 12, document.height - 12
    height = Paragraph(TEXT, body).wrap(frame_width, frame_height)[1]
    return int(frame_height // (height + body.spaceBefore + body.spaceAfter))


def measure(label: str, base_path: Path, folder: Path, kind: str = "activite",
            campaign: str | None = None) -> None:
    repeats = REPEATS[label]
    out = folder / f"{label}-{kind}.pdf"
    today = date.today()
    build_report(base_path, kind, None, None, None, out, today=today, campaign=campaign)
    pages = len(PdfReader(out).pages)
    baseline_path = folder / f"{label}-{kind}-texte.pdf"
    with Base.open(base_path, read_only=True) as base:  # closed before build_report runs
        data = gather_report(base.con, today=today, kind=kind, campaign=campaign)
        gather = _best({"gather": lambda: gather_report(base.con, today=today, kind=kind,
                                                        campaign=campaign)}, repeats)["gather"]
    best = _best({
        "render": lambda: render_report(data, kind, out),
        "application": lambda: in_the_application(base_path, kind, out, today, campaign),
        "total": lambda: build_report(base_path, kind, None, None, None, out, today=today,
                                      campaign=campaign),
        "baseline": lambda: plain_pages(baseline_path, pages),
    }, repeats)
    assert len(PdfReader(baseline_path).pages) == pages
    render, application = best["render"], best["application"]
    total, baseline = best["total"], best["baseline"]
    fresh_total, fresh_baseline = in_fresh_processes(label, base_path, folder, kind, campaign,
                                                     pages)
    scope = f", campagne « {campaign} »" if campaign else ""
    print(f"{label} {kind}{scope}: {pages} pages, {out.stat().st_size / 1000:.0f} kB")
    print(f"  {'gather (read the base into the snapshot)':<48}{gather * 1000:9.0f} ms")
    print(f"  {'render (layout in one pass, write)':<48}{render * 1000:9.0f} ms")
    print(f"  {'in the application (connect, gather, render)':<48}"
          f"{application * 1000:9.0f} ms")
    print(f"  {'build_report (open, gather, render, journal)':<48}{total * 1000:9.0f} ms")
    print(f"  {'baseline: ' + str(pages) + ' plain-text pages, one pass':<48}"
          f"{baseline * 1000:9.0f} ms")
    print(f"  {'ratio in the application / baseline':<48}{application / baseline:9.2f} ×")
    print(f"  {'ratio build_report / baseline':<48}{total / baseline:9.2f} ×")
    print(f"  {'ratio render / baseline (the layout alone)':<48}{render / baseline:9.2f} ×")
    print(f"  {'build_report, fresh process':<48}{fresh_total * 1000:9.0f} ms")
    print(f"  {'baseline, fresh process':<48}{fresh_baseline * 1000:9.0f} ms")
    print(f"  {'ratio in fresh processes':<48}{fresh_total / fresh_baseline:9.2f} ×")


def in_the_application(base_path: Path, kind: str, out: Path, today: date,
                       campaign: str | None) -> None:
    """The bilan as the Bilans screen's worker makes it (``ReportsScreen._start``)."""
    with closing(connect(base_path, read_only=True)) as con:
        build_report(con, kind, None, None, None, out, today=today, campaign=campaign)


def in_fresh_processes(label: str, base_path: Path, folder: Path, kind: str,
                       campaign: str | None, pages: int) -> tuple[float, float]:
    """The best times of build_report and of the baseline, each timed once per fresh
    process (:func:`time_once_fresh`)."""
    bilan_best = baseline_best = float("inf")
    for index in range(FRESH_PROCESSES[label]):
        command = [sys.executable, __file__, "--fresh", kind, str(base_path),
                   str(folder / f"{label}-{kind}-fresh.pdf"), str(pages)]
        command += ["--campaign", campaign] if campaign else []
        command += ["--baseline-first"] if index % 2 else []
        bilan, baseline = map(float, subprocess.run(command, capture_output=True, text=True,
                                                    check=True).stdout.split())
        bilan_best, baseline_best = min(bilan_best, bilan), min(baseline_best, baseline)
    return bilan_best, baseline_best


def time_once_fresh(args: argparse.Namespace) -> None:
    """In a process of its own: build_report once and the baseline once, each after the
    fonts both use are registered, and print their times in seconds."""
    styles()
    plain_body_style()
    actions = {
        "bilan": lambda: build_report(args.base, args.kind, None, None, None, args.out,
                                      today=date.today(), campaign=args.campaign),
        "baseline": lambda: plain_pages(args.out.with_name(args.out.stem + "-texte.pdf"),
                                        args.pages),
    }
    order = ["baseline", "bilan"] if args.baseline_first else ["bilan", "baseline"]
    times = {}
    for name in order:
        gc.collect()
        start = time.perf_counter()
        actions[name]()
        times[name] = time.perf_counter() - start
    print(times["bilan"], times["baseline"])


def measure_all(label: str, base_path: Path, folder: Path) -> None:
    with Base.open(base_path, read_only=True) as base:
        latest = base.con.execute("SELECT name FROM campaign ORDER BY coalesce(period_end, "
                                  "period_start) DESC, id DESC").fetchone()[0]
    measure(label, base_path, folder)
    measure(label, base_path, folder, "satisfaction")
    measure(label, base_path, folder, "satisfaction", latest)
    measure(label, base_path, folder, "mensuel")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="only the demo base")
    parser.add_argument("--fresh", nargs=4, metavar=("KIND", "BASE", "OUT", "PAGES"),
                        help="(for the bench itself) time one bilan and its baseline")
    parser.add_argument("--campaign")
    parser.add_argument("--baseline-first", action="store_true")
    args = parser.parse_args()
    if args.fresh:
        kind, base, out, pages = args.fresh
        time_once_fresh(argparse.Namespace(kind=kind, base=Path(base), out=Path(out),
                                           pages=int(pages), campaign=args.campaign,
                                           baseline_first=args.baseline_first))
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_demo_base(folder / "demo.db")
        measure_all("demo", folder / "demo.db", folder)
        if not args.skip_large:
            size = LargeBaseSize()
            start = time.perf_counter()
            build_large_base(folder / "large.db", size)
            print(f"large base: {size.partners:,} partners, {size.meetings:,} meetings, "
                  f"{size.responses:,} responses over {size.years} years "
                  f"(built in {time.perf_counter() - start:.1f} s)")
            measure_all("large", folder / "large.db", folder)


if __name__ == "__main__":
    main()

"""« Résultats » tab of Retours des partenaires: headline, bars, table, comments."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign, Response
from pexdesk.core.repositories import feedback
from pexdesk.core.services.statistics import POOLED_LABEL
from pexdesk.ui.screens.feedback_results import FeedbackResults
from tests.ui.helpers import open_section, read

NNBSP = "\u202f"

# (category, département, overall, Diagnostic, Animation, Sous-CCAPEX, comment)
ANSWERS = [
    ("CAF", "32", 5, 5, 4, 5, "Très utile."),
    ("CAF", "32", 5, 4, 4, 4, ""),
    ("CAF", "32", 4, 4, 3, 2, "Plus de réunions."),
    ("CAF", "35", 4, 4, 5, None, ""),
    ("CAF", "32", 4, 3, None, None, ""),
    ("CAF", "32", 4, 4, None, None, ""),
    ("BAILSOC", "32", 4, 2, 2, None, "Délais trop longs."),
    ("BAILSOC", "32", 4, 5, 4, None, ""),
    ("BAILSOC", "32", 4, 4, NOT_CONCERNED, None, ""),
    ("BAILSOC", "32", 3, 1, None, None, ""),
    ("BAILSOC", "32", 2, 3, None, None, ""),
    ("JUSTICE", "32", 1, 2, None, None, "Seul magistrat du ressort."),
]


@pytest.fixture
def campaign(window):
    con = window.session.con
    created = feedback.create_campaign(
        con, Campaign(name="Enquête 2025"),
        [("DIAG", "Diagnostic"), ("ANIM", "Animation des partenariats"),
         ("SOUS", "Sous-CCAPEX")])
    items = [item.id for item in feedback.items_of(con, created.id)]
    for category, department, overall, *scores, comment in ANSWERS:
        feedback.add_response(con, Response(
            campaign_id=created.id, category_code=category, department_code=department,
            overall_score=overall, comment=comment,
            answers={item: score for item, score in zip(items, scores) if score is not None}))
    return created


def open_results(window, qtbot) -> FeedbackResults:
    screen = open_section(window, qtbot, "feedback")
    tabs = screen.findChild(QTabWidget)
    results = screen.results
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        tabs.setCurrentWidget(results)
    qtbot.waitUntil(lambda: not results.loading and results.results is not None)
    return results


def test_headline_bars_table_and_comments(window, qtbot, campaign):
    results = open_results(window, qtbot)
    assert read(results.headline.text()) == (
        f"75{NNBSP}% (9/12) des répondants attribuent 4 ou 5/5 — IC 95{NNBSP}% : "
        f"47{NNBSP}% à 91{NNBSP}%")  # Wilson 9/12: 0.468–0.911
    assert "n = 12" in results.subline.text()

    rows = {label: (n, bar, note) for label, n, bar, note in results.chart.painted_rows()}
    assert rows["Diagnostic"] == ("n = 12", True, "")
    assert rows["Animation des partenariats"] == (
        "n = 6", True, "à interpréter avec prudence (n < 10)")  # the NC answer is outside n
    assert rows["Sous-CCAPEX"] == ("n = 3", False, "effectif trop faible")
    # Bars drawn from the shared geometry: each covers 100 % of the valid answers.
    for row in results.chart.chart.rows:
        if row.has_bar:
            assert sum(s.width for s in row.segments) == pytest.approx(100)
    chart = results.chart  # as high as its width needs, once the layout ran
    qtbot.waitUntil(lambda: chart.height() >= chart.heightForWidth(chart.width()) > 0)

    model = results.items_model
    table = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(8)]
             for r in range(model.rowCount())}
    assert table["Diagnostic"][1] == "12"
    assert table["Animation des partenariats"][1] == "6"
    assert table["Animation des partenariats"][5] == "1"  # NC
    assert table["Animation des partenariats"][7] == "à interpréter avec prudence (n < 10)"
    assert table["Sous-CCAPEX"][1:5] == ["3", "n < 5", "", ""]  # no %, CI or mean under n = 5
    assert table["Sous-CCAPEX"][7].startswith("effectif trop faible")

    groups = results.comment_groups()
    assert list(groups) == ["CAF", "Bailleur social", POOLED_LABEL]
    assert groups["CAF"] == ["Très utile.", "Plus de réunions."]
    assert groups[POOLED_LABEL] == ["Seul magistrat du ressort."]
    assert sorted(sum(groups.values(), [])) == sorted(
        ["Très utile.", "Plus de réunions.", "Délais trop longs.", "Seul magistrat du ressort."])


def test_filter_by_category_and_small_n(window, qtbot, campaign):
    results = open_results(window, qtbot)
    combo = results.category_filter
    index = combo.findData("CAF")
    assert index > 0 and combo.itemText(index).endswith("(6)")
    combo.setCurrentIndex(index)
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        combo.activated.emit(index)
    text = read(results.headline.text()).replace(NNBSP, " ")
    assert text.startswith("100 % (6/6) des répondants attribuent 4 ou 5/5 — IC 95 % : ")
    assert "prudence" in read(results.subline.text())

    combo.setCurrentIndex(0)
    department = results.department_filter
    index = department.findData("35")
    department.setCurrentIndex(index)
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        department.activated.emit(index)
    assert read(results.headline.text()) == ("Appréciation globale : 1 répondant (1×4) — effectif "
                                             "trop faible pour un pourcentage.")
    assert not any(bar for _, _, bar, _ in results.chart.painted_rows())
    # The « Remarque » column comes last, often out of view: the share's cell says why it
    # is empty, and its tooltip gives the counts.
    model = results.items_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    answered = next(row for row in range(model.rowCount())
                    if model.index(row, titles.index("n")).data() == "1")
    share = model.index(answered, titles.index("% 4 ou 5"))
    assert read(share.data()) == "n < 5"
    assert read(share.data(Qt.ItemDataRole.ToolTipRole)).startswith("effectif trop faible (1×")


def test_results_follow_new_responses(window, qtbot, campaign):
    results = open_results(window, qtbot)
    items = [item.id for item in feedback.items_of(window.session.con, campaign.id)]
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        window.session.write("response", lambda con: feedback.add_response(con, Response(
            campaign_id=campaign.id, category_code="CAF", department_code="32",
            overall_score=5, answers={items[2]: 5})))
    assert "(10/13)" in results.headline.text()
    rows = {label: n for label, n, _, _ in results.chart.painted_rows()}
    assert rows["Sous-CCAPEX"] == "n = 4"


def test_a_caution_and_a_missing_bar_are_whole_in_a_narrow_tab(window, qtbot, campaign):
    window.resize(900, 472)  # a 1366 × 768 laptop at 150 %
    results = open_results(window, qtbot)
    chart = results.chart
    qtbot.waitUntil(lambda: chart.height() >= chart.heightForWidth(chart.width()) > 0)
    plan = chart.plan()
    metrics = chart.fontMetrics()
    for text in plan.texts:
        assert metrics.horizontalAdvance(text.text) <= text.rect.width(), text
        assert 0 <= text.rect.left() and text.rect.right() <= chart.width(), text
    cautions = " ".join(t.text for t in plan.texts if t.kind == "caution")
    assert cautions == "— à interpréter avec prudence (n < 10)"
    assert [t.text for t in plan.texts if t.kind == "note"] == ["effectif trop faible"]
    bars = [place.bar for place in plan.rows]
    texts_above_bars = [t.rect for t in plan.texts if t.kind in ("label", "caution")]
    for bar in bars:  # no label runs into a bar
        assert not any(rect.intersects(bar) for rect in texts_above_bars)

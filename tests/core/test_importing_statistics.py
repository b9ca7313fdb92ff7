"""Each survey tool's export, imported, then analysed: the figures, exactly.

Expected values are worked out by hand from the fixture rows (listed in the comments),
not from the code under test: n leaves out « non concerné » and blanks, the share of 4–5
is over n, the Wilson interval is the survey.md reference where one exists.
"""

from __future__ import annotations

import pytest

from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                             plan_responses, read_file)
from pexdesk.core.services.statistics import resolve_scope, statistics
from tests.conftest import SURVEYS


def analysed(con, path, campaign: str):
    plan = plan_responses(con, read_file(path), ResponseImportOptions(campaign=campaign))
    commit_responses(con, plan)
    return statistics(con, resolve_scope(con, campaign))


def figures(summary) -> tuple:
    return (summary.n, summary.not_concerned, summary.distribution, summary.top2)


def test_google_forms_export(con):
    # Overall 4, 5, 3, 5, 4, 2, 5. Diagnostic 5, 4, 4, 4, 2, 5. Animation 4, 5, 5, 3.
    # Sous-CCAPEX: four « Non concerné », nothing else. Feuille de route 3, 2, 4, 4.
    result = analysed(con, SURVEYS / "google_forms.csv", "Google")
    assert result.responses == 7 and result.departments == 5
    assert figures(result.overall) == (7, 0, (0, 1, 1, 2, 3), 5)
    assert result.overall.mean == pytest.approx(4.0) and result.overall.median == 4
    diag, anim, sous, fdr = result.items
    assert figures(diag) == (6, 0, (0, 1, 0, 3, 2), 5) and diag.no_answer == 1
    assert figures(anim) == (4, 0, (0, 0, 1, 1, 2), 3)
    assert anim.mean == pytest.approx(4.25) and anim.low_n and not anim.shows_percentage
    assert figures(sous) == (0, 4, (0, 0, 0, 0, 0), 0) and sous.mean is None
    assert figures(fdr) == (4, 0, (0, 1, 1, 2, 0), 2) and fdr.median == 3.5


def test_limesurvey_export(con):
    # Submitted rows only. Overall 4, 5, 3, 5, 4. CARTO 5, 4, 2, 5, 3. DIAG 4, 5, 3, 5, 4.
    # ANIM 4, 4, 5 (two blanks). SOUSCCAPEX NC, 3, NC, 4 (one blank).
    result = analysed(con, SURVEYS / "limesurvey_codes.csv", "Lime")
    assert result.responses == 5
    assert figures(result.overall) == (5, 0, (0, 0, 1, 2, 2), 4)
    low, high = result.overall.top2_ci
    assert (round(low, 2), round(high, 2)) == (0.38, 0.96)  # survey.md §4.3: 4/5 → 38–96 %
    carto, diag, anim, sous = result.items
    assert figures(carto) == (5, 0, (0, 1, 1, 1, 2), 3) and carto.mean == pytest.approx(3.8)
    assert figures(diag) == (5, 0, (0, 0, 1, 2, 2), 4) and diag.median == 4
    assert figures(anim) == (3, 0, (0, 0, 0, 2, 1), 3) and anim.no_answer == 2
    assert figures(sous) == (2, 2, (0, 0, 1, 1, 0), 1) and sous.no_answer == 1


def test_microsoft_forms_export(con, microsoft_forms_xlsx):
    # Overall 4, 5, 3, 4, 5. Cartographie 5, 4, NC, 4, 5. Animation 4, 5, 2, 5 (one blank).
    # Sous-CCAPEX: nobody answered, an item with n = 0 all the same.
    result = analysed(con, microsoft_forms_xlsx, "MS")
    assert result.responses == 5 and result.departments == 4
    assert figures(result.overall) == (5, 0, (0, 0, 1, 2, 2), 4)
    assert result.overall.mean == pytest.approx(4.2)
    carto, anim, sous = result.items
    assert figures(carto) == (4, 1, (0, 0, 0, 2, 2), 4) and carto.mean == pytest.approx(4.5)
    assert figures(anim) == (4, 0, (0, 1, 0, 1, 2), 3) and anim.no_answer == 1
    assert figures(sous) == (0, 0, (0, 0, 0, 0, 0), 0) and sous.no_answer == 5

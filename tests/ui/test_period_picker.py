"""The period chooser shared by the « Tableau de bord » and the « Bilans », used with the
keyboard as a chargé(e) de mission would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from pexdesk.core.domain.profile import Profile
from pexdesk.ui.period_picker import PeriodPicker
from tests.ui.helpers import read

TODAY = date(2026, 5, 12)
GERS = Profile(department_code="32", adil_name="ADIL du Gers")


@pytest.fixture
def picker(qtbot) -> PeriodPicker:
    picker = PeriodPicker("Pé&riode :")
    qtbot.addWidget(picker)
    picker.fill(GERS, TODAY)
    picker.show()
    qtbot.waitExposed(picker)
    return picker


@pytest.fixture
def chosen(picker) -> list[tuple]:
    """Every period the picker said it applies."""
    periods = []
    picker.chosen.connect(lambda first, last: periods.append((first, last)))
    return periods


def offered(picker: PeriodPicker) -> list[str]:
    return [picker.combo.itemText(row) for row in range(picker.combo.count())]


def type_date(qtbot, field, text: str) -> None:
    """Replace what ``field`` shows by ``text``, as typed."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_the_usual_periods_are_offered_the_mission_s_last_twelve_months_first(picker):
    assert offered(picker) == [
        "12 derniers mois", "Année civile en cours", "Année précédente",
        "Depuis le début de la mission (date de début non renseignée)",
        "Période personnalisée…"]
    assert picker.period() == (date(2025, 6, 1), TODAY)
    assert (picker.first.text(), picker.last.text()) == ("01/06/2025", "12/05/2026")
    mission = picker.combo.model().item(3)
    assert not mission.isEnabled()
    assert read(mission.toolTip()) == ("La date de début de la mission n'est pas renseignée : "
                                 "indiquez-la dans Fichier → Profil de la base…")
    assert not picker.apply_button.isEnabled()  # nothing typed to apply


def test_a_period_is_chosen_with_the_arrow_keys_and_applies_at_once(picker, chosen, qtbot):
    picker.combo.setFocus()
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    assert picker.combo.currentText() == "Année civile en cours"
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    assert chosen == [(date(2026, 1, 1), TODAY), (date(2025, 1, 1), date(2025, 12, 31))]
    assert (picker.first.text(), picker.last.text()) == ("01/01/2025", "31/12/2025")
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)  # the mission's start is unknown: skipped
    assert picker.combo.currentText() == "Période personnalisée…"
    assert picker.first.hasFocus() and picker.first.selectedText() == "01/01/2025"


def test_the_whole_mission_runs_from_its_start_to_its_end(qtbot, picker, chosen):
    picker.fill(Profile(department_code="32", adil_name="ADIL du Gers",
                        mission_start=date(2024, 9, 1), mission_end=date(2026, 3, 31)), TODAY)
    assert picker.period() == (date(2025, 4, 1), date(2026, 3, 31))  # the last 12 months
    picker.combo.setCurrentIndex(picker.combo.findText("Depuis le début de la mission"))
    assert chosen == [(date(2024, 9, 1), date(2026, 3, 31))]


def test_typed_dates_apply_with_enter_only(picker, chosen, qtbot):
    type_date(qtbot, picker.first, "1/3/26")
    assert picker.combo.currentText() == "Période personnalisée…"
    assert picker.apply_button.isEnabled()
    type_date(qtbot, picker.last, "31/03/2026")
    assert chosen == []  # « 1/3/2 », « 31/03/20 »… were not read
    assert picker.period() == (date(2025, 6, 1), TODAY)
    qtbot.keyClick(picker.last, Qt.Key.Key_Return)
    assert chosen == [(date(2026, 3, 1), date(2026, 3, 31))]
    assert picker.first.text() == "01/03/2026"
    assert not picker.apply_button.isEnabled()


def test_appliquer_applies_the_typed_dates(picker, chosen, qtbot):
    type_date(qtbot, picker.first, "12/05/2026")
    qtbot.mouseClick(picker.apply_button, Qt.MouseButton.LeftButton)
    assert chosen == [(TODAY, TODAY)]


@pytest.mark.parametrize("first, last, message, wrong", [
    ("32/01/2026", "12/05/2026", "« 32/01/2026 » n'est pas une date valide (jj/mm/aaaa).",
     "first"),
    ("01/06/2026", "01/01/2026", "Période invalide : la date de début (1er juin 2026) est "
     "postérieure à la date de fin (1er janvier 2026).", None),
    ("01/06/2026", "", "Indiquez la date de début et la date de fin de la période "
     "(jj/mm/aaaa).", "last"),
    ("01/06/1999", "12/05/2026", "Période invalide : les dates doivent être comprises entre "
     "2000 et 2100.", None),
])
def test_a_wrong_period_is_refused_in_french_and_changes_nothing(picker, chosen, qtbot, first,
                                                                 last, message, wrong):
    type_date(qtbot, picker.first, first)
    type_date(qtbot, picker.last, last)
    qtbot.keyClick(picker.last, Qt.Key.Key_Return)
    assert read(picker.errors.text()) == message
    assert picker.errors.isVisibleTo(picker)
    assert chosen == []
    assert picker.period() == (date(2025, 6, 1), TODAY)
    if wrong:  # the cursor waits in the date to correct
        assert getattr(picker, wrong).hasFocus()
    type_date(qtbot, picker.last, "3")  # correcting clears the message
    assert picker.errors.isHidden()


def test_choosing_a_period_after_a_wrong_one_replaces_it(picker, chosen, qtbot):
    type_date(qtbot, picker.first, "32/01/2026")
    qtbot.keyClick(picker.first, Qt.Key.Key_Return)
    picker.combo.setCurrentIndex(picker.combo.findText("Année précédente"))
    assert picker.errors.isHidden()
    assert picker.first.text() == "01/01/2025"
    assert chosen == [(date(2025, 1, 1), date(2025, 12, 31))]


def test_refilling_keeps_the_choice_and_the_typed_period(picker, chosen, qtbot):
    type_date(qtbot, picker.first, "01/02/2026")
    qtbot.keyClick(picker.first, Qt.Key.Key_Return)
    picker.fill(GERS, date(2026, 6, 1))
    assert picker.combo.currentText() == "Période personnalisée…"
    assert picker.period() == (date(2026, 2, 1), TODAY)
    picker.combo.setCurrentIndex(0)
    picker.fill(GERS, date(2026, 6, 1))  # the next day: the twelve months move on
    assert picker.period() == (date(2025, 7, 1), date(2026, 6, 1))
    assert len(chosen) == 2  # refilling says nothing: the screen reads it


def test_a_choice_without_dates_and_back(picker, chosen, qtbot):
    type_date(qtbot, picker.first, "01/02/2026")
    qtbot.keyClick(picker.first, Qt.Key.Key_Return)
    picker.fill(GERS, TODAY, "Toute la campagne", choose_undated=True)
    assert picker.combo.currentText() == "Toute la campagne"
    assert picker.period() == (None, None)
    assert (picker.first.text(), picker.last.text()) == ("", "")
    assert picker.apply() and picker.period() == (None, None)  # nothing typed: nothing to say

    picker.combo.setCurrentIndex(picker.combo.findText("Période personnalisée…"))
    assert chosen[-1] == (date(2026, 2, 1), TODAY)  # the custom period comes back
    picker.combo.setCurrentIndex(0)
    assert chosen[-1] == (None, None)
    picker.fill(GERS, TODAY)  # the choice without dates goes: the dated one comes back
    assert picker.combo.currentText() == "Période personnalisée…"
    assert picker.period() == (date(2026, 2, 1), TODAY)
    assert picker.first.text() == "01/02/2026"

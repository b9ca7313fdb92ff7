"""French texts: no-break spaces where French typography wants them, Qt's dialogs in French.

pexdesk's own texts are typeset as they are translated; the core's (an import plan's
description, an error's message) where the window shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QFileDialog, QLabel

from pexdesk.app import make_application
from pexdesk.core.errors import PexdeskError
from pexdesk.core.formatting import NARROW_NBSP
from pexdesk.ui.typography import typeset
from tests.conftest import SURVEYS
from tests.ui.helpers import open_section, read
from tests.ui.test_import_wizard import choose_file, next_and_plan, open_wizard
from tests.ui.test_partner_import_ui import open_import, open_partners
from tests.workbooks import NOTES, workbook_bytes

NBSP = "\u00a0"
DETACHED = (" »", " :", " ;", "« ")
"""Ordinary spaces French typography makes no-break: a line could start with « » » or « : »."""


def test_a_wrapped_label_never_starts_with_a_closing_guillemet_or_a_colon(window, qtbot):
    window.safety.actions["purge"].trigger()
    dialog = window.safety.dialog
    qtbot.waitExposed(dialog)
    intro = dialog.findChildren(QLabel)[0].text()
    assert f"cliquiez sur «{NBSP}Purger{NBSP}»." in intro
    assert f"la durée de conservation{NBSP}:" in intro
    assert " »" not in intro and " :" not in intro
    dialog.close()


def test_qt_texts_keep_qt_catalogue_and_get_its_gaps_filled(qtbot):
    make_application()
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "Vue détaillée"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == f"Voir dans{NBSP}:"
    dialog = QFileDialog(None, "Sauvegarder", "/")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels == [f"&Regarder dans{NBSP}:", f"&Nom de fichier{NBSP}:",
                      f"&Type de fichier{NBSP}:"]


# --- the core's texts ---------------------------------------------------------------------------

def test_typeset_takes_any_object_keeps_the_narrow_space_before_percent_and_is_idempotent():
    error = PexdeskError("Taux « logement » : 95 % ; à vérifier !")
    expected = (f"Taux «{NBSP}logement{NBSP}»{NBSP}: 95{NARROW_NBSP}%{NBSP}; "
                f"à vérifier{NBSP}!")
    assert typeset(error) == expected
    assert typeset(expected) == expected


def assert_typeset(text: str) -> None:
    assert not [sign for sign in DETACHED if sign in text], text


def survey_rows(first_category: str) -> tuple[list[str], list[list[str]]]:
    header, *answers = [line.split("\t") for line in
                        (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    answers[0][0] = first_category
    return header, answers


def test_the_import_wizard_typesets_the_core_s_description_and_problems(window, qtbot,
                                                                        monkeypatch, tmp_path):
    """The sheets read and not read, and a generic category « … » followed by « : »."""
    path = tmp_path / "enquetes.xlsx"
    header, answers = survey_rows("Association")
    path.write_bytes(workbook_bytes({"Notes": NOTES, "2023": [header, *answers[:3]],
                                     "2024": [header, *answers]}))
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot, "Enquête 2024")
    next_and_plan(wizard, qtbot)
    page = wizard.preview_page
    source = page.source.text()
    assert (f"feuille «{NBSP}2024{NBSP}» lue{NBSP}; non lues{NBSP}: «{NBSP}Notes{NBSP}», "
            f"«{NBSP}2023{NBSP}»") in source
    assert_typeset(source)
    model = page.problems_model
    [generic] = [model.index(row, 3).data() for row in range(model.rowCount())
                 if "générique" in model.index(row, 3).data()]
    assert f"«{NBSP}Association d'insertion / logement{NBSP}»{NBSP}: à vérifier." in generic
    assert_typeset(generic)
    assert_typeset(model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole))
    wizard.reject()


def test_the_partner_import_preview_typesets_the_core_s_lines(window, qtbot, monkeypatch,
                                                              tmp_path):
    path = tmp_path / "annuaire.xlsx"
    path.write_bytes(workbook_bytes({
        "Lisez-moi": NOTES,
        "Annuaire": [["Structure", "Catégorie", "Nom", "Courriel"],
                     ["Les Amis du Logement", "Association", "Jean Petit", "j.petit@amis.fr"],
                     ["Caf du Gers", "Caf", "Claire Dupont", "claire.dupont@caf32.fr"]],
        "Anciens": [["Structure", "Catégorie"], ["Habitat 35", "OPH"]]}))
    dialog = open_import(open_partners(window, qtbot), qtbot, monkeypatch, path)
    preview = dialog.preview.document().toRawText()  # toPlainText() reads NBSP as spaces
    assert (f"feuille «{NBSP}Annuaire{NBSP}» lue{NBSP}; non lues{NBSP}: "
            f"«{NBSP}Lisez-moi{NBSP}», «{NBSP}Anciens{NBSP}»") in preview
    assert f"«{NBSP}Association d'insertion / logement{NBSP}»{NBSP}: à vérifier." in preview
    assert_typeset(preview)
    dialog.reject()


def test_a_core_validation_message_in_a_form_is_typeset(window, qtbot):
    screen = open_section(window, qtbot, "meetings")
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    qtbot.keyClicks(editor.held_on, "14/03/1999")
    qtbot.keyClick(editor.held_on, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    shown = editor.form._errors["held_on"].text()
    assert shown.startswith(f"«{NBSP}Date de la réunion{NBSP}»{NBSP}: la date ")
    assert_typeset(shown)
    assert window.session.con.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """The lines Qt's line breaking makes of ``text`` (its paragraphs wrapped at word
    boundaries) ``width`` pixels wide, as in a word-wrapped label."""
    lines = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
    return lines


def broken_apart(lines: list[str]) -> list[str]:
    """The lines that start with a sign French keeps with the word before it, or end on an
    opening « »."""
    return [line for line in lines
            if line.lstrip()[:1] in ("»", ":", ";") or line.rstrip().endswith("«")]


def test_the_wizard_s_file_line_no_longer_wraps_before_a_closing_guillemet(
        window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "enquetes.xlsx"
    header, answers = survey_rows("Bailleur social")
    path.write_bytes(workbook_bytes({"Notes": NOTES, "Réponses du premier semestre": [
        header, *answers[:3]], "Réponses de l'année entière": [header, *answers]}))
    _, wizard = open_wizard(window, qtbot, monkeypatch, path)
    choose_file(wizard, qtbot, "Enquête")
    next_and_plan(wizard, qtbot)
    label = wizard.preview_page.source
    text, font = label.text(), label.font()
    # Widths at which the same text with ordinary spaces (as shown before) broke apart.
    widths = [width for width in range(80, 720, 4)
              if broken_apart(wrapped_lines(read(text), font, width))]
    assert len(widths) > 5
    assert not [width for width in widths if broken_apart(wrapped_lines(text, font, width))]
    wizard.reject()

"""Aide → Guide d'utilisation (F1) and Aide → À propos de pexdesk."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from pexdesk.resources import resource_path
from pexdesk.ui.about import DEPENDENCIES, AboutDialog, about_html
from pexdesk.ui.guide import GuideWindow, guide_file, typeset_html
from pexdesk.ui.screens import SCREENS
from tests.ui.helpers import choose_in_menu_bar, read

SECTIONS = ("prise-en-main", "tableau-de-bord", "partenaires", "reunions", "feuille-de-route",
            "indicateurs", "retours", "bilans", "import-annuaire", "import", "produire-bilan",
            "sauvegardes", "raccourcis")


class _Page(HTMLParser):
    """The guide's anchors, links and images; the text after each anchor, up to the next
    one; the rows of its table of directory headers (``class="intitules"``)."""

    def __init__(self):
        super().__init__()
        self.anchors, self.links, self.images = set(), [], []
        self.texts: dict[str, str] = {}
        self.header_rows: list[list[str]] = []
        self._anchor = ""
        self._in_headers = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("name"):
            self.anchors.add(attrs["name"])
            self._anchor = attrs["name"]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "table":
            self._in_headers = attrs.get("class") == "intitules"
        if tag == "tr" and self._in_headers:
            self.header_rows.append([])
        if tag == "td" and self._in_headers:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.header_rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "table":
            self._in_headers = False

    def handle_data(self, data):
        self.texts[self._anchor] = self.texts.get(self._anchor, "") + data
        if self._cell is not None:
            self._cell.append(data)

    def text(self, anchor: str) -> str:
        return " ".join(self.texts.get(anchor, "").split())


@pytest.fixture(scope="module")
def page() -> _Page:
    parser = _Page()
    parser.feed(guide_file().read_text(encoding="utf-8"))
    return parser


def _open_guide(window, qtbot) -> GuideWindow:
    qtbot.waitUntil(lambda: getattr(window, "guide", None) is not None
                    and window.guide.isVisible())
    qtbot.addWidget(window.guide)
    return window.guide


def test_f1_opens_the_guide(window, qtbot):
    assert window.guide_action.shortcut().matches("F1")
    QTest.keyClick(window, Qt.Key.Key_F1)
    guide = _open_guide(window, qtbot)
    text = guide.browser.toPlainText()
    assert "Guide d'utilisation de pexdesk" in text
    assert "Sommaire" in text
    for spec in SCREENS:
        assert spec.title in text


def test_menu_action_opens_the_guide_and_reuses_it(window, qtbot):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "A&ide")
    entry = next(a for a in help_menu.actions() if a.text() == "&Guide d'utilisation")
    entry.trigger()
    guide = _open_guide(window, qtbot)
    entry.trigger()
    assert window.guide is guide


def test_the_guide_opens_without_a_base(qtbot, ui_settings):
    from pexdesk.ui.main_window import MainWindow

    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.guide_action.trigger()
    assert _open_guide(window, qtbot).browser.toPlainText()


def test_table_of_contents_links_to_every_section(page):
    for anchor in ("sommaire", *SECTIONS):
        assert anchor in page.anchors
        assert anchor == "sommaire" or f"#{anchor}" in page.links


def test_every_internal_link_has_its_target(page):
    internal = [link for link in page.links if not re.match(r"[a-z]+:", link)]
    assert internal
    for link in internal:
        assert link.startswith("#"), f"link to another file: {link}"
        assert link[1:] in page.anchors, f"no anchor for {link}"


def test_every_image_exists_and_screens_are_all_shown(page):
    images = resource_path("guide", "images")
    assert page.images
    for src in page.images:
        assert src.startswith("images/")
        assert (images / src.removeprefix("images/")).is_file(), src
    assert len({s for s in page.images}) >= len(SCREENS)
    total = sum(p.stat().st_size for p in images.glob("*.png"))
    assert total < 3_000_000


def test_links_and_images_work_inside_the_browser(qtbot, page):
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    document = guide.browser.document()
    for src in page.images:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
        assert image is not None and not image.isNull(), src
    bar = guide.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    guide.browser.setSource(QUrl("#raccourcis"))
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert "Raccourcis clavier" in guide.browser.toPlainText()  # same page, scrolled
    guide.show_contents()
    assert bar.value() == 0


def test_typeset_html_typesets_the_text_only():
    page = ('<style>p:first-child { color: red; }</style><!-- a : b -->'
            '<p title="Aide : guide">Cliquez sur «\n<b>Enregistrer</b>\n» : <kbd>Ctrl+S</kbd>'
            ' &amp; <code>a ; b</code> !</p><img src="x.png" alt="Écran : partenaires">')
    assert typeset_html(page) == (
        '<style>p:first-child { color: red; }</style><!-- a : b -->'
        '<p title="Aide : guide">Cliquez sur «\u00a0<b>Enregistrer</b>\u00a0»\u00a0: '
        '<kbd>Ctrl+S</kbd> &amp; <code>a ; b</code>\u00a0!</p>'
        '<img src="x.png" alt="Écran : partenaires">')
    assert typeset_html(typeset_html(page)) == typeset_html(page)


def test_the_guide_window_keeps_signs_with_their_words(qtbot):
    """The page is written with ordinary spaces, as a browser shows it; the window shows
    it as every text of pexdesk, so that none of its lines starts with « : » or « » »."""
    guide = GuideWindow()
    qtbot.addWidget(guide)
    shown = guide.browser.document().toRawText()
    plain = QTextDocument()
    plain.setHtml(guide_file().read_text(encoding="utf-8"))
    assert re.findall(r" [:»]", plain.toRawText())  # as a browser shows it
    assert re.findall(r".{0,20}(?: [:;!?»]|« ).{0,20}", shown) == []
    assert shown.replace("\u00a0", " ").replace("\u202f", " ") == plain.toRawText()


def test_the_partner_import_section_names_what_the_screen_shows(window, qtbot, page,
                                                                  tmp_path):
    """The guide sends the user to « Plus » → « Importer un annuaire… » (Alt+P), then to the
    dialog's « Feuille », « Ignorer les lignes invalides » and « Importer »: the names and
    keys the window really has."""
    from pexdesk.ui.partner_import_dialog import PartnerImportDialog

    section = page.text("import-annuaire")
    assert "Plus" in page.text("partenaires") and "#import-annuaire" in page.links
    screen = window.show_screen("partners")
    qtbot.waitUntil(lambda: not screen.loading)
    entry = screen.import_action
    names = [screen.more_button.text(), entry.text(), entry.shortcut().toString()]
    dialog = PartnerImportDialog(window.session, str(tmp_path / "annuaire.csv"), screen)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.planning)
    names += [dialog.skip_invalid.text(), dialog.import_button.text(),
              dialog.close_button.text(), dialog.sheet_picker.findChild(QLabel).text()]
    for name in names:
        assert read(name).replace("&", "").rstrip(" :") in section, name
    assert "Alt+V" in section and "Alt+F" in section  # the dialog's mnemonics
    assert "images/partenaires-import.png" in page.images


def test_every_directory_header_the_guide_lists_is_recognised(page):
    """Every header the guide's table lists is one the import reads, and as what its row
    says: a header listed in another field's row would name a field twice."""
    from pexdesk.core.services.importing.partners import match_header

    rows = [row for row in page.header_rows if row]
    assert len(rows) >= 10
    described = set()
    for information, headers in rows:
        names = [name.strip() for clause in headers.split(";")
                 for name in re.sub(r"\(.*?\)", "", clause).split(",")]
        found = {name: match_header(name) for name in names}
        assert None not in found.values(), (information, found)
        assert not described & set(found.values()), (information, found)  # in its own row
        described |= set(found.values())


def open_about(window, qtbot) -> AboutDialog:
    choose_in_menu_bar(qtbot, window, "Aide", "À propos de pexdesk")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AboutDialog))
    return QApplication.activeModalWidget()


def test_about_lists_versions_and_licences(window, qtbot):
    about = open_about(window, qtbot)
    assert about.windowTitle() == "À propos de pexdesk"
    text = about.text.toPlainText()
    from pexdesk import __version__

    assert f"pexdesk {__version__}" in text
    for word in ("Python", "Qt", "PySide6", "SQLite"):
        assert word in text
    for dependency in DEPENDENCIES:
        assert dependency.label in text
    for licence in ("LGPL-3.0", "BSD", "MIT", "PSF", "Apache", "Open Font License"):
        assert licence in text, licence
    QTest.keyClick(about, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_about_lists_every_font_shipped_with_its_licence(window, qtbot):
    """Each font family of resources/fonts, its version, licence and what it draws in the
    bilans, one row each as the user reads them; « Fermer » closes the box."""
    about = open_about(window, qtbot)
    text = about.text.toPlainText()
    for row in (("Police Carlito 1.103", "SIL Open Font License 1.1 (OFL-1.1)",
                 "texte des bilans PDF"),
                ("Police DejaVu Sans 2.37", "Bitstream Vera (Bitstream-Vera)",
                 "symboles des bilans PDF"),
                ("Police Noto Emoji 3.006", "SIL Open Font License 1.1 (OFL-1.1)",
                 "emoji des bilans PDF")):
        assert "\n".join(row) in text, row
    assert text.count("Police ") == 3
    close = about.buttons.buttons()[0]
    assert close.text() == "Fermer"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_a_font_family_added_is_listed_for_the_bilans(monkeypatch):
    from pexdesk.core.services.reporting.shipped_fonts import ShippedFont

    monkeypatch.setattr("pexdesk.ui.about.shipped_fonts", lambda: [
        ShippedFont("Extra Serif", "1.0", "voir Extra-LICENSE.txt", ("Extra-Regular.ttf",))])
    assert ("<td>Police Extra Serif 1.0</td><td>voir Extra-LICENSE.txt</td>"
            "<td>bilans PDF</td>") in about_html()


def test_licences_come_from_the_installed_metadata():
    from importlib import metadata

    text = about_html()
    assert metadata.version("reportlab") in text
    assert metadata.version("cryptography") in text
    assert "Apache-2.0 OR BSD-3-Clause" in text


def test_the_paper_questionnaire_paragraph_names_what_the_screen_shows(window, qtbot, page):
    """Retours' guide sends the user to « Questionnaire à imprimer… » (Alt+O), then back to
    « Questions… »: the names and keys the screen really has."""
    screen = window.show_screen("feedback")
    section = page.text("retours")
    for button in (screen.questionnaire_button, screen.items_button):
        assert read(button.text()).replace("&", "") in section, button.text()
    assert "Alt+O" in section and "Questi&onnaire" in screen.questionnaire_button.text()
    assert "Alt+O" in page.text("raccourcis")


def test_the_releve_paragraph_names_what_the_screen_shows(window, qtbot, page):
    """Réunions' guide sends the user to « Relevé PDF… » (Alt+V): the name and key the
    screen really has."""
    screen = window.show_screen("meetings")
    section = page.text("reunions")
    assert read(screen.releve_button.text()).replace("&", "") in section
    assert "Alt+V" in section and "Rele&vé" in screen.releve_button.text()
    assert "Alt+V" in page.text("raccourcis")


def test_the_breakdown_paragraph_names_what_the_form_shows(window, qtbot, page):
    """Réunions' guide names the form's « Ventilation » tabs as the form titles them."""
    tabs = window.show_screen("meetings").editor.breakdown.tabs
    section = page.text("reunions")
    for index in range(tabs.count()):
        assert f"« {read(tabs.tabText(index))} »" in section, tabs.tabText(index)
    assert "Ctrl+Tab" in section


def test_the_addresses_paragraph_names_what_the_screen_shows(window, qtbot, page):
    """Partenaires' guide sends the user to « Plus » → « Copier les adresses e-mail des
    partenaires affichés » (Alt+R), and tells the form's own button apart: the names and
    keys the screen really has."""
    screen = window.show_screen("partners")
    section = page.text("partenaires")
    action = screen.copy_addresses_action
    for text in (screen.more_button.text(), action.text(), screen.copy_emails_button.text()):
        assert read(text).replace("&", "") in section, text
    assert f"({action.shortcut().toString()})" in section and "Cci" in section
    assert "Alt+R" in page.text("raccourcis")


def test_the_indicator_import_section_names_what_the_screen_shows(window, qtbot, page,
                                                                    tmp_path):
    """The guide sends the user to « Importer un tableau… » (Alt+T), then to the dialog's
    « Feuille », « Remplacer les valeurs différentes » and « Importer »: the names and keys
    the window really has."""
    from datetime import date

    from pexdesk.ui.indicator_import_dialog import IndicatorImportDialog

    section = page.text("import-indicateurs")
    screen = window.show_screen("indicators")
    qtbot.waitUntil(lambda: screen.shown_data)
    dialog = IndicatorImportDialog(window.session, window.undo_stack,
                                   str(tmp_path / "tableau.csv"), date.today(), screen)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.planning)
    for name in (screen.import_button.text(), dialog.replace_values.text(),
                 dialog.import_button.text(), dialog.sheet_picker.findChild(QLabel).text()):
        assert read(name).replace("&", "").rstrip(" :") in section, name
    assert "Alt+T" in section and "Alt+R" in section and "Alt+F" in section
    assert "Alt+T" in page.text("raccourcis")

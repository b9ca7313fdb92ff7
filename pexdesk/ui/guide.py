"""Aide → Guide d'utilisation (F1): the French user guide of ``resources/guide/``.

One HTML page with a table of contents and anchors, shown in a QTextBrowser: links
between sections are followed inside the window, external ones open in the browser,
and the screenshots load from ``resources/guide/images`` (the page's own folder and
the browser's search path). Its text is typeset as every other text of pexdesk when the
window loads it: the file stays plain HTML, readable in a browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from pexdesk.resources import resource_path
from pexdesk.ui.dialog_buttons import close_buttons
from pexdesk.ui.typography import typeset
from pexdesk.ui.widgets import fit_to_screen

GUIDE_PAGE = "index.html"


def guide_file():
    return resource_path("guide", GUIDE_PAGE)


def typeset_html(page: str) -> str:
    """``page`` with :func:`~pexdesk.ui.typography.typeset` applied to its text: the guide
    is written with ordinary spaces, as a browser shows it. Tags, attributes, comments,
    style and script are copied as they are, and so are key names and code (``<kbd>``,
    ``<code>``, ``<pre>``), which read as typed. Here rather than beside ``typeset``:
    html.parser takes 4 ms to import, and this module loads only when the guide opens."""
    typesetter = _HtmlTypesetter()
    typesetter.feed(page)
    typesetter.close()
    return "".join(typesetter.parts)


_HTML_SPACES_AT_SIGNS = re.compile(r"(?<=«)[ \t\n\r\f]+|[ \t\n\r\f]+(?=[:;!?»%])")
"""HTML's white space (NBSP is not part of it) after « and before : ; ! ? » %, which a page
shows as one space: a line break there too."""


class _HtmlTypesetter(HTMLParser):
    VERBATIM = frozenset({"code", "kbd", "pre", "samp", "script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=False)  # entities are copied, never decoded
        self.parts: list[str] = []
        self._verbatim = 0

    def handle_starttag(self, tag, attrs):
        self._verbatim += tag in self.VERBATIM
        self.parts.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in self.VERBATIM and self._verbatim:
            self._verbatim -= 1
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(
            data if self._verbatim else typeset(_HTML_SPACES_AT_SIGNS.sub(" ", data)))

    def handle_entityref(self, name):
        self.parts.append(f"&{name};")

    def handle_charref(self, name):
        self.parts.append(f"&#{name};")

    def handle_comment(self, data):
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.parts.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.parts.append(f"<![{data}]>")


class _GuideBrowser(QTextBrowser):
    """Typesets the page as Qt loads it, rather than handing it over with ``setHtml``: loaded
    from its file, the page keeps its address, which its anchors and images go by."""

    def loadResource(self, kind: int, name: QUrl) -> object:
        resource = super().loadResource(kind, name)
        if kind == QTextDocument.ResourceType.HtmlResource.value and resource is not None:
            return typeset_html(bytes(resource).decode("utf-8"))
        return resource


class GuideWindow(QDialog):
    """Non-modal: the guide can stay open beside the main window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Guide d'utilisation de pexdesk"))
        self.setModal(False)
        page = guide_file()
        self.browser = _GuideBrowser()
        self.browser.setAccessibleName(self.tr("Guide d'utilisation"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(page.parent), str(page.parent / "images")])
        self.browser.setSource(QUrl.fromLocalFile(str(page)))

        back = QPushButton(self.tr("< &Précédent"))
        back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        back.setEnabled(False)
        back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        contents = QPushButton(self.tr("&Sommaire"))
        contents.clicked.connect(self.show_contents)
        buttons = close_buttons(self.close)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(contents)
        row.addStretch()
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.back_button, self.contents_button = back, contents
        fit_to_screen(self, QSize(900, 700))

    def show_contents(self) -> None:
        self.browser.scrollToAnchor("sommaire")
        self.browser.verticalScrollBar().setValue(0)

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)

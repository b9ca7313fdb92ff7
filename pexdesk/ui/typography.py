"""French texts for everything Qt shows: pexdesk's typography, and the few strings Qt's own
French catalogue lacks."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from pexdesk.core.formatting import NARROW_NBSP, NBSP, keep_signs_attached

QT_CATALOGUE_GAPS = {
    ("QFileDialog", "&Look in:"): "&Regarder dans :",
    ("QFileDialog", "Files of &type:"): "&Type de fichier :",
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
}
"""Strings of Qt's file dialog (used on Linux desktops without a portal) that its
qtbase_fr catalogue leaves in English."""


class FrenchTexts(QTranslator):
    """Every ``tr()`` passes through the installed translators. pexdesk writes its French
    texts with ordinary spaces inside « … » and before : ; ! ? %; this one makes those
    spaces no-break in one place, so that a label never wraps before « » » or « : ».

    Qt's own texts (contexts QFileDialog, QMessageBox…) are left to Qt's catalogue but for
    its gaps: answering None (a null string, unlike "") lets the next translator speak."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context[:1] == "Q" and context[1:2].isupper():
            source = QT_CATALOGUE_GAPS.get((context, source))
            if source is None:
                return None
        # On screen the space before % is the narrow one, as format_percent writes figures
        # (« IC 95 % » beside « 70 % »); the PDF fonts lack it, so the core keeps NBSP.
        return keep_signs_attached(source).replace(NBSP + "%", NARROW_NBSP + "%")

    def isEmpty(self) -> bool:
        return False

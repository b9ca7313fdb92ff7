"""French texts for everything Qt shows: pexdesk's typography, and the few strings Qt's own
French catalogue lacks.

Every ``tr()`` is typeset by :class:`FrenchTexts`. Text the Qt-free core builds (an error's
message, an import plan's description, a validation message) never goes through ``tr()``:
it is inserted into a translated template with ``.format()``, or shown as it is, with its
ordinary spaces (the command line prints it so). :func:`typeset` applies the same
typography where such text reaches the screen: inside the widgets and helpers made to show
it (:class:`~pexdesk.ui.widgets.ErrorLabel`, :class:`~pexdesk.ui.widgets.LinesView`,
:func:`~pexdesk.ui.confirm.confirm`, the banners, the wizard's error line), otherwise around
the whole text given to a label, a message box, a text view or a table cell — the template
and what was put in it at once, since typesetting twice changes nothing. A function rather
than a QLabel subclass, because the same texts reach message boxes, text views and cells
too, and because a label reading back something other than what it was given would surprise.
"""

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


def typeset(text: object) -> str:
    """``text`` (any object, as ``str()`` takes it: an error, a path) as pexdesk shows it:
    the spaces inside « … » and before : ; ! ? % no-break, so that no wrapped line starts
    with « » » or « : ». Applying it twice changes nothing.

    On screen the space before % is the narrow one, as format_percent writes figures
    (« IC 95 % » beside « 70 % »); the PDF fonts lack it, so the core keeps NBSP."""
    return keep_signs_attached(str(text)).replace(NBSP + "%", NARROW_NBSP + "%")


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
        return typeset(source)

    def isEmpty(self) -> bool:
        return False

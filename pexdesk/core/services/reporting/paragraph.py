"""reportlab's ``Paragraph``, its lines broken once per width.

A bilan asks each paragraph its size several times: a table measures its cells for the
row heights, then again to place them when it draws; a frame measures before it adds,
``KeepTogether`` measures its group. reportlab breaks the lines again at every request,
and three requests per paragraph made line breaking a quarter of a bilan's time. The
lines depend only on the width — the text and style do not change once a paragraph is
built — so the last result is kept for as long as the width is the same.

Once parsed, its text is cut where it needs a fallback face for symbols and emoji
(``fonts.with_fallback``), in the weight of the text around them.
"""

from __future__ import annotations

from reportlab.platypus import paragraph

from pexdesk.core.services.reporting.fonts import with_fallback


class Paragraph(paragraph.Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is None:  # parsed from markup, not the lines of a paragraph split in two
            self.frags = with_fallback(self.frags)

    def wrap(self, availWidth, availHeight):
        # ``split`` deletes ``blPara`` when it pushes the paragraph to the next frame:
        # the lines must then be broken again.
        if getattr(self, "_wrapped_at", None) == availWidth and hasattr(self, "blPara"):
            return self._wrapped_size
        self._wrapped_size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self._wrapped_size

"""reportlab's ``Paragraph``, its lines broken once per width.

A bilan asks each paragraph its size several times: a table measures its cells for the
row heights, then again to place them when it draws; a frame measures before it adds,
``KeepTogether`` measures its group. reportlab breaks the lines again at every request,
and three requests per paragraph made line breaking a quarter of a bilan's time. The
lines depend only on the width — the text and style do not change once a paragraph is
built — so the last result is kept for as long as the width is the same.
"""

from __future__ import annotations

from reportlab.platypus import paragraph


class Paragraph(paragraph.Paragraph):
    def wrap(self, availWidth, availHeight):
        # ``split`` deletes ``blPara`` when it pushes the paragraph to the next frame:
        # the lines must then be broken again.
        if getattr(self, "_wrapped_at", None) == availWidth and hasattr(self, "blPara"):
            return self._wrapped_size
        self._wrapped_size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self._wrapped_size

"""User text into reportlab paragraphs, safely (shared/reliability.md §5.3).

``Paragraph`` parses its text as markup: a partner named « Dupont <b>… », a note
holding ``<img src=…>`` or ``</para>`` would restyle the bilan, break the build or
make reportlab open a file or URL. Every user string goes through :func:`escape`;
only this package's own templates add tags (``<b>``, ``<br/>``), and newlines become
``<br/>`` after escaping. The symbols Carlito lacks are set in the fallback faces by the
paragraph itself (``paragraph``), once it knows whether they are bold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape as _html_escape

from reportlab.lib.styles import ParagraphStyle

from pexdesk.core.formatting import NBSP, keep_signs_attached
from pexdesk.core.services.reporting.fonts import drawable
from pexdesk.core.services.reporting.paragraph import Paragraph

# Characters XML cannot carry (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/FFFF): pasted from another program, they would break the paragraph parser.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


_TAG = re.compile(r"(<[^>]*>)")
_SPACED_IN_TAG = re.compile("<[^>]*(?:\u202f|« | [:;!?»%])[^>]*>")
"""A tag holding what :func:`french_spacing` changes in text."""


def escape(text: object) -> str:
    """``text`` as literal paragraph content: ``&``, ``<`` and ``>`` escaped,
    unprintable characters dropped, characters no font can draw shown as « □ », line
    breaks kept as ``<br/>``.

    reportlab's line breaker treats the narrow no-break space (U+202F) of French
    formatting (« 70 % », « 1 234 ») as a breaking space and draws it as a plain one;
    inside paragraphs it becomes a no-break space (U+00A0), which reportlab keeps
    together. Table cells, headers and charts draw U+202F itself."""
    clean = drawable(_UNPRINTABLE.sub("", str(text))).replace("\u202f", NBSP)
    escaped = _html_escape(clean, quote=False).strip("\n\r")
    return _NEWLINES.sub("<br/>", escaped) if "\n" in escaped or "\r" in escaped else escaped


def french_spacing(markup: str) -> str:
    """No line break inside « … » nor before : ; ! ? % (outside tags only).

    What it changes is one or two characters that never straddle a tag's edge (none
    starts with « > » or ends with « < »): when no tag holds any, the markup is changed
    whole, as its text would be piece by piece, without cutting it at its tags (a
    bilan's markup holds a few tags, none such)."""
    if _SPACED_IN_TAG.search(markup) is None:
        return keep_signs_attached(markup.replace("\u202f", NBSP))
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):
        parts[index] = keep_signs_attached(parts[index].replace("\u202f", NBSP))
    return "".join(parts)


def user_para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph showing user text literally."""
    return Paragraph(escape(text), style)


def markup_para(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A paragraph from one of pexdesk's own templates (which may hold tags), every
    ``{value}`` escaped: ``markup_para("<b>{name}</b>", s, name=partner.name)``."""
    return Paragraph(template.format(**{k: escape(v) for k, v in values.items()}), style)


def join(parts: Iterable[object], separator: str = ", ") -> str:
    """Escaped parts joined by an (already safe) separator."""
    return separator.join(escape(part) for part in parts)

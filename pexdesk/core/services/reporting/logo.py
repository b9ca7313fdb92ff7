"""The ADIL's logo on the cover of a bilan.

Drawn once, at the top left of the cover: in the running header, at the few millimetres
it has there, a logo's lettering could not be read, a banner pushed the ADIL's name out
and an upright seal came out as a stripe — the header names the ADIL in words instead.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Image

from pexdesk.core.domain.logo import kept_logo

LOGO_BOX = (45 * mm, 25 * mm)
"""The most room the logo takes on the cover: width, height."""


def cover_logo(data: bytes) -> Image:
    """The logo scaled up or down to fit :data:`LOGO_BOX` whatever its proportions (a
    banner comes out as wide as the box, an upright seal as tall), never distorted.

    Chosen now, a logo is kept upright and reduced; one kept before that was not, and is
    turned and reduced here, at every bilan. A logo already so goes into the PDF as it is
    (a JPEG without being decoded)."""
    width, height = LOGO_BOX
    return Image(io.BytesIO(kept_logo(data)), width, height, kind="proportional",
                 hAlign="LEFT")

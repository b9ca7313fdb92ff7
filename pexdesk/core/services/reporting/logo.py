"""The ADIL's logo on the cover of a bilan.

Drawn once, at the top left of the cover: in the running header, at the few millimetres
it has there, a logo's lettering could not be read, a banner pushed the ADIL's name out
and an upright seal came out as a stripe — the header names the ADIL in words instead.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Image

LOGO_BOX = (45 * mm, 25 * mm)
"""The most room the logo takes on the cover: width, height."""
PRINTED_PIXELS = 1500
"""The longest side the PDF holds: the box's width at 850 dpi, sharper than any printer.
A bigger image (up to 5,000 pixels are accepted) is reduced first: as chosen, it made the
bilan a second and a half slower to build and took 400 Mo to embed."""


def cover_logo(data: bytes) -> Image:
    """The logo scaled up or down to fit :data:`LOGO_BOX` whatever its proportions (a
    banner comes out as wide as the box, an upright seal as tall), never distorted."""
    width, height = LOGO_BOX
    return Image(io.BytesIO(_reduced(data)), width, height, kind="proportional",
                 hAlign="LEFT")


def _reduced(data: bytes) -> bytes:
    """``data``, or a PNG of the image reduced to :data:`PRINTED_PIXELS` (transparency
    kept) when it is bigger. A small JPEG goes into the PDF as it is, without decoding."""
    from PIL import Image as Picture

    picture = Picture.open(io.BytesIO(data))
    if max(picture.size) <= PRINTED_PIXELS:
        return data
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA")  # a palette would be reduced pixel by pixel
    picture.thumbnail((PRINTED_PIXELS, PRINTED_PIXELS), Picture.Resampling.LANCZOS)
    reduced = io.BytesIO()
    picture.save(reduced, "PNG")
    return reduced.getvalue()

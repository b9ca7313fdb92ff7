"""The ADIL's logo: what an image file must be for the base to keep it and a bilan to print it.

The base keeps the file's bytes as they were chosen. They are checked by their content,
never by the file's name (a PDF renamed « logo.png » is refused), and decoded once, by the
library that will draw them on the bilan: an image it cannot draw is refused when it is
chosen, not when a bilan fails months later. ReportLab and Pillow load only when a logo is
checked: the application starts without them.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from functools import lru_cache
from pathlib import Path

from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.formatting import format_figure, format_number
from pexdesk.core.safety.files import os_reason

MAX_BYTES = 2 * 1024 * 1024
"""2 Mo, as the file explorer counts them; the schema's CHECK repeats it."""
MAX_SIDE = 5000
"""Pixels on either side: ten times what the cover prints at 300 dpi. Beyond, the image
would take hundreds of megabytes once decoded, for nothing a page can show."""

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))
_OTHER_KINDS = ((b"%PDF", "un document PDF"), (b"GIF8", "une image GIF"),
                (b"BM", "une image BMP"), (b"II*\x00", "une image TIFF"),
                (b"MM\x00*", "une image TIFF"))
"""Files a logo is often found in, named in the refusal so that the user knows what the
file is (the name it bears may say otherwise)."""


def logo_problem(data: bytes, name: str = "") -> str | None:
    """Why ``data`` cannot be the logo, in French, the file named ``name`` if given; None
    when a bilan can print it."""
    subject = f"« {name} »" if name else "Le logo"
    if len(data) > MAX_BYTES:
        return _too_heavy(subject, len(data))
    kind = next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), None)
    if kind is None:
        what = next((label for signature, label in _OTHER_KINDS if data.startswith(signature)),
                    "un autre type de fichier")
        return (f"{subject} n'est pas une image PNG ou JPEG : son contenu est celui d'{what}. "
                "Choisissez le logo au format PNG ou JPEG.")
    problem = _decoding_problem(data)
    return problem.format(subject=subject, kind=kind) if problem else None


def read_logo(path: Path | str) -> bytes:
    """The bytes of the image file at ``path``, checked as :func:`logo_problem` checks them;
    ValidationError on the field ``logo`` otherwise (a file too big is refused unread)."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        raise ValidationError(FieldError(
            "logo", f"Impossible de lire le fichier « {path.name} » ({os_reason(exc)}).")) from exc
    problem = (_too_heavy(f"« {path.name} »", size) if len(data) > MAX_BYTES
               else logo_problem(data, path.name))
    if problem:
        raise ValidationError(FieldError("logo", problem))
    return data


def _too_heavy(subject: str, size: int) -> str:
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10  # never « 2 Mo » for a byte over
    return (f"{subject} pèse {format_figure(megabytes)} Mo : le logo ne doit pas dépasser "
            f"{MAX_BYTES // (1024 * 1024)} Mo. Enregistrez l'image en plus petit (1 000 pixels "
            "de large suffisent).")


@lru_cache(maxsize=4)
def _decoding_problem(data: bytes) -> str | None:
    """Decode the image as a bilan will; why it cannot be the logo (a French sentence with
    ``{subject}`` and ``{kind}`` to fill), or None. Cached: the dialog checks the logo when
    it is chosen, the record again when it is saved."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    limit = (f"le logo ne doit pas dépasser {format_number(MAX_SIDE)} pixels de côté. "
             "Réduisez l'image (1 000 pixels de large suffisent).")
    damaged = ("{subject} ne peut pas être lu : l'image {kind} est endommagée ou incomplète. "
               "Enregistrez-la de nouveau depuis le logiciel qui l'a créée.")
    with warnings.catch_warnings():
        # Pillow warns of, then refuses, images of more pixels than it deems safe to decode.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            reader = ImageReader(io.BytesIO(data))
            width, height = reader.getSize()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return "{subject} est une image bien trop grande : " + limit
        except Exception:  # a damaged file fails in any of Pillow's decoders, in any way
            return damaged
    if max(width, height) > MAX_SIDE:
        return (f"{{subject}} mesure {format_number(width)} × {format_number(height)} pixels : "
                + limit)
    try:
        reader.getRGBData()
    except Exception:  # as above: the pixels themselves are damaged or cut short
        return damaged
    return None

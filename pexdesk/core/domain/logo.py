"""The ADIL's logo: what an image file must be for the base to keep it, and the image the
base keeps of it.

A file is checked by its content, never by its name (a PDF renamed « logo.png » is refused).
The base keeps the image as the cover prints it (:func:`kept_logo`): a phone's photograph of
the letterhead comes out upright, a scan of 4,000 pixels at the size print needs, and a
logo already so is kept byte for byte. What the base keeps is decoded once more, by the
library that will draw it on the bilan: an image it cannot draw is refused when it is
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
from typing import TYPE_CHECKING

from pexdesk.core.errors import FieldError, ValidationError
from pexdesk.core.formatting import format_figure, format_number
from pexdesk.core.safety.files import os_reason

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_FILE_BYTES = 50 * 1024 * 1024
"""50 Mo: the most a chosen file may weigh. The base keeps it reduced, so the file may be a
scan of the letterhead (one of 4,000 × 2,800 pixels saved as PNG weighs 10 to 20 Mo) or a
photograph; a heavier file is no logo, and is refused unread."""
MAX_BYTES = 2 * 1024 * 1024
"""2 Mo, as the file explorer counts them: the most the base keeps of a logo (the schema's
CHECK repeats it). Reduced, a scan weighs about 1 Mo as PNG, a drawn logo some tens of Ko."""
MAX_SIDE = 5000
"""Pixels on either side of a chosen image, checked before its pixels are decoded: decoded,
5,000 × 5,000 pixels take 100 Mo; beyond, hundreds, for nothing a page can show."""
KEPT_SIDE = 1200
"""Pixels on the longest side of the image the base keeps. The cover prints the logo within
45 × 25 mm, where 300 dpi (what print shops ask) needs 530 pixels across a banner and 300
up a seal: 1,200 is more than twice that, sharp on a 600 dpi printer and with room should
the box grow. Such an image adds some tens of milliseconds to a bilan; one of 5,000 pixels
added half a second or more and 140 Mo, to every bilan."""
JPEG_QUALITY = 90
"""The quality a turned or reduced JPEG is saved at: its lettering without the ringing
Pillow's default (75) leaves around it, in some tens to a few hundred Ko."""

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))
_OTHER_KINDS = ((b"%PDF", "un document PDF"), (b"GIF8", "une image GIF"),
                (b"BM", "une image BMP"), (b"II*\x00", "une image TIFF"),
                (b"MM\x00*", "une image TIFF"))
"""Files a logo is often found in, named in the refusal so that the user knows what the
file is (the name it bears may say otherwise)."""
_SIDE_LIMIT = (f"le logo ne doit pas dépasser {format_number(MAX_SIDE)} pixels de côté. "
               "Réduisez l'image (1 000 pixels de large suffisent).")
_DAMAGED = ("{subject} ne peut pas être lu : l'image {kind} est endommagée ou incomplète. "
            "Enregistrez-la de nouveau depuis le logiciel qui l'a créée.")


class _Unusable(Exception):
    """An image Pillow cannot decode or that is too big to: the French sentence that says
    so, with ``{subject}`` and ``{kind}`` to fill."""


def logo_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be the logo the base keeps, in French; None when a bilan can
    print it."""
    if len(data) > MAX_BYTES:
        return (f"Le logo pèse {_megabytes(len(data))} Mo : il ne doit pas dépasser "
                f"{_megabytes(MAX_BYTES)} Mo. Choisissez-le de nouveau : pexdesk le réduira.")
    return _image_problem(data, "Le logo")


def read_logo(path: Path | str) -> bytes:
    """The logo the base keeps of the image file at ``path`` (:func:`kept_logo`), checked
    as :func:`logo_problem` checks it; ValidationError on the field ``logo`` otherwise. A
    file too heavy is refused unread, an image too big in pixels before it is decoded."""
    path = Path(path)
    subject = f"« {path.name} »"
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        raise _refused(f"Impossible de lire le fichier {subject} ({os_reason(exc)}).") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _refused(f"{subject} pèse {_megabytes(size)} Mo : le fichier d'un logo ne doit "
                       f"pas dépasser {_megabytes(MAX_FILE_BYTES)} Mo. Enregistrez l'image en "
                       "plus petit (1 000 pixels de large suffisent).")
    if problem := _kind_problem(data, subject):
        raise _refused(problem)
    try:
        kept = kept_logo(data)
    except _Unusable as refusal:
        raise _refused(str(refusal).format(subject=subject, kind=_kind(data))) from refusal
    if len(kept) > MAX_BYTES:
        raise _refused(f"{subject} pèserait encore {_megabytes(len(kept))} Mo dans la base, "
                       f"même réduite à {format_number(KEPT_SIDE)} pixels de côté : le logo ne "
                       f"doit pas dépasser {_megabytes(MAX_BYTES)} Mo. Enregistrez l'image au "
                       "format JPEG, qui convient mieux aux photographies.")
    if problem := _image_problem(kept, subject):
        raise _refused(problem)
    return kept


def kept_logo(data: bytes) -> bytes:
    """The image the base keeps of the PNG or JPEG ``data``: turned upright as its EXIF
    orientation says (a phone's photograph, a logo saved by some editors: drawn as stored,
    it came out on its side), and reduced by Pillow to :data:`KEPT_SIDE` pixels at most.
    It stays in its format: a PNG keeps its transparency and lossless edges; a JPEG is a
    photograph or a scan, or was made lossy already, and as a PNG it would weigh five to
    ten times more for nothing the cover shows. ``data`` itself, byte for byte, when
    already upright, small enough and within :data:`MAX_BYTES`.

    The bilans' cover calls it too: a logo the base kept before it existed prints upright
    and reduced."""
    from PIL import ExifTags, ImageOps
    from PIL.Image import Resampling

    picture = _opened(data)
    try:
        upright = picture.getexif().get(ExifTags.Base.Orientation, 1) not in range(2, 9)
        if upright and max(picture.size) <= KEPT_SIDE and len(data) <= MAX_BYTES:
            return data
        png = picture.format == "PNG"
        if picture.mode not in (("RGB", "RGBA", "L", "LA") if png else ("RGB", "L", "CMYK")):
            # A palette would be reduced pixel by pixel; 16-bit and bilevel images not at all.
            picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
        # Reduced first, then turned: a JPEG decodes at half or a quarter of its size.
        picture.thumbnail((KEPT_SIDE, KEPT_SIDE), Resampling.LANCZOS)
        picture = ImageOps.exif_transpose(picture)
        kept = io.BytesIO()
        icc_profile = picture.info.get("icc_profile")
        if png:
            picture.save(kept, "PNG", icc_profile=icc_profile)
        else:
            # Without subsampling: at half resolution, coloured lettering bleeds.
            picture.save(kept, "JPEG", quality=JPEG_QUALITY, subsampling=0,
                         icc_profile=icc_profile)
    except Exception as exc:  # a damaged file fails in any of Pillow's decoders, in any way
        raise _Unusable(_DAMAGED) from exc
    return kept.getvalue()


def _opened(data: bytes) -> Image:
    """``data`` opened by Pillow, its pixels not yet decoded; _Unusable when it cannot be,
    or has more than :data:`MAX_SIDE` pixels a side."""
    from PIL import Image as Pillow

    with warnings.catch_warnings():
        # Pillow warns of, then refuses, images of more pixels than it deems safe to decode.
        warnings.simplefilter("error", Pillow.DecompressionBombWarning)
        try:
            picture = Pillow.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        except (Pillow.DecompressionBombWarning, Pillow.DecompressionBombError) as exc:
            raise _Unusable("{subject} est une image bien trop grande : " + _SIDE_LIMIT) from exc
        except Exception as exc:  # as in kept_logo()
            raise _Unusable(_DAMAGED) from exc
    width, height = picture.size
    if max(width, height) > MAX_SIDE:
        raise _Unusable(f"{{subject}} mesure {format_number(width)} × {format_number(height)} "
                        "pixels : " + _SIDE_LIMIT)
    return picture


def _kind(data: bytes) -> str | None:
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), None)


def _kind_problem(data: bytes, subject: str) -> str | None:
    if _kind(data):
        return None
    what = next((label for signature, label in _OTHER_KINDS if data.startswith(signature)),
                "un autre type de fichier")
    return (f"{subject} n'est pas une image PNG ou JPEG : son contenu est celui d'{what}. "
            "Choisissez le logo au format PNG ou JPEG.")


def _image_problem(data: bytes, subject: str) -> str | None:
    if problem := _kind_problem(data, subject):
        return problem
    problem = _decoding_problem(data)
    return problem.format(subject=subject, kind=_kind(data)) if problem else None


def _refused(problem: str) -> ValidationError:
    return ValidationError(FieldError("logo", problem))


@lru_cache(maxsize=4)
def _decoding_problem(data: bytes) -> str | None:
    """Decode the image as a bilan will; why it cannot be the logo (a French sentence with
    ``{subject}`` and ``{kind}`` to fill), or None. Cached: the dialog checks the logo when
    it is chosen, the record again when it is saved."""
    from reportlab.lib.utils import ImageReader

    try:
        ImageReader(_opened(data)).getRGBData()
    except _Unusable as refusal:
        return str(refusal)
    except Exception:  # as in kept_logo(): the pixels themselves are damaged or cut short
        return _DAMAGED
    return None


def _megabytes(size: int) -> str:
    """Rounded up to a tenth: never « 2 Mo » for a byte over."""
    return format_figure(math.ceil(size * 10 / (1024 * 1024)) / 10)

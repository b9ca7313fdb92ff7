"""Logo files for the tests, written with Pillow: the ADIL's coloured block lettered
« ADIL 32 », in any size, as PNG (opaque or transparent around rounded corners) or JPEG,
stored upright or turned as a phone stores its photographs; and a decompression bomb."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

RED = (196, 30, 58)


def logo_bytes(width: int = 600, height: int = 300, kind: str = "PNG",
               transparent: bool = False) -> bytes:
    picture = Image.new("RGBA" if transparent else "RGB", (width, height),
                        (0, 0, 0, 0) if transparent else RED)
    draw = ImageDraw.Draw(picture)
    if transparent:
        draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=min(width, height) // 5,
                               fill=RED)
    size = max(8, min(width, height) // 4)
    draw.text((width / 2, height / 2), "ADIL 32", fill="white", anchor="mm",
              font_size=size)
    written = io.BytesIO()
    picture.save(written, kind)
    return written.getvalue()


def write_logo(path: Path, width: int = 600, height: int = 300, kind: str = "PNG",
               transparent: bool = False) -> Path:
    path.write_bytes(logo_bytes(width, height, kind, transparent))
    return path


BLUE = (30, 60, 200)
TURNED = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
          8: Image.Transpose.ROTATE_270}
"""How a camera stores the pixels of an image its EXIF orientation tag says to turn by 180°,
90° clockwise (6: a phone held upright) or 90° anticlockwise (8) to show it upright."""


def near(colour: tuple[int, ...], expected: tuple[int, ...], room: int = 12) -> bool:
    """Whether a pixel is of the ``expected`` colour as a JPEG keeps it: near, not equal."""
    return all(abs(a - b) <= room for a, b in zip(colour, expected))


def turned_logo_bytes(orientation: int, width: int = 600, height: int = 300,
                      kind: str = "JPEG") -> bytes:
    """A logo of ``width`` × ``height`` once upright, with a blue square in its top left
    corner, stored turned as a phone would, with the EXIF tag that says how to show it."""
    upright = Image.open(io.BytesIO(logo_bytes(width, height)))
    ImageDraw.Draw(upright).rectangle((0, 0, height // 4, height // 4), fill=BLUE)
    stored = upright.transpose(TURNED[orientation]) if orientation in TURNED else upright
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    written = io.BytesIO()
    stored.save(written, kind, exif=exif)
    return written.getvalue()


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG of ``width`` × ``height`` grey pixels, none of them written: a
    decompression bomb's few bytes, or a file cut short."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)))

"""Logo files for the tests, written with Pillow: the ADIL's coloured block lettered
« ADIL 32 », in any size, as PNG (opaque or transparent around rounded corners) or JPEG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

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

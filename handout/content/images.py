"""What a figure or a clinic logo may be: a drawing-only SVG or a PNG of bounded size.

Both are checked where they are named (guide.yaml, clinic.yaml), before any
renderer sees them, so a picture that cannot be drawn fails with the line that names
it instead of leaving a hole in a published handout.
"""

from __future__ import annotations

import io
import struct
import zlib

from ..content.svgsafe import SvgProblem, sanitize
from ..limits import IMAGE_PIXELS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageProblem(ValueError):
    """Why a picture is refused."""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR), without decoding anything."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageProblem("is not a PNG image (it does not start with the PNG signature)")
    if len(data) < 33:
        raise ImageProblem("is a truncated PNG (no complete header)")
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        raise ImageProblem("is not a valid PNG (the first chunk is not its header)")
    header = data[16:29]
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(data[12:29]) != crc:
        raise ImageProblem("is a damaged PNG (header checksum)")
    width, height = struct.unpack(">II", header[:8])
    if width == 0 or height == 0:
        raise ImageProblem("is a PNG of zero width or height")
    return width, height


def check_png(data: bytes) -> tuple[int, int]:
    """Refuse a PNG that is not one, declares too many pixels, or is damaged."""
    width, height = png_size(data)
    if width * height > IMAGE_PIXELS:
        raise ImageProblem(f"is {width:,} x {height:,} pixels ({width * height:,}), more "
                           f"than the {IMAGE_PIXELS:,} allowed (IMAGE_PIXELS)")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()          # every chunk and checksum, without decoding pixels
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for bad data
        raise ImageProblem(f"is a damaged PNG ({type(exc).__name__}: {exc})") from None
    return width, height


def check_image(data: bytes, suffix: str) -> None:
    """Check a figure or logo by its file type (.svg or .png); raise ImageProblem."""
    if suffix.lower() == ".svg":
        try:
            sanitize(data)
        except SvgProblem as exc:
            raise ImageProblem(exc.describe()) from None
    else:
        check_png(data)

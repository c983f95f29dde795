#!/usr/bin/env python3
"""Contact sheets: every page of each handout as one PNG, to look at a build by eye.

    .venv/bin/python tools/contact_sheets.py output/ --out output/sheets

Renders pages with poppler's pdftoppm and tiles them with Pillow, numbered, with the
page's outline drawn so half-empty pages and stray marks near the edge stand out.
Reading the sheets is the check that catches what no rule yet encodes; every defect
found this way should become a rule in ``handout.verify``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

COLUMNS = 6
THUMB_WIDTH = 300


def sheet(pdf: Path, target: Path, columns: int = COLUMNS, width: int = THUMB_WIDTH) -> Path:
    """Write one contact sheet for ``pdf``; return its path."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-png", "-scale-to-x", str(width), "-scale-to-y", "-1",
                        str(pdf), f"{folder}/page"], check=True)
        pages = sorted(Path(folder).glob("page-*.png"),
                       key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        images = [Image.open(p).convert("RGB") for p in pages]
    if not images:
        raise SystemExit(f"{pdf}: no pages")
    cell_w = max(i.width for i in images) + 12
    cell_h = max(i.height for i in images) + 30
    rows = (len(images) + columns - 1) // columns
    canvas = Image.new("RGB", (cell_w * min(columns, len(images)), cell_h * rows + 24),
                       "#bbbbbb")
    draw = ImageDraw.Draw(canvas)
    draw.text((6, 4), f"{pdf.name}: {len(images)} pages", fill="#000000")
    for index, image in enumerate(images):
        x = (index % columns) * cell_w + 6
        y = (index // columns) * cell_h + 24
        canvas.paste(image, (x, y))
        draw.rectangle((x - 1, y - 1, x + image.width, y + image.height), outline="#000000")
        draw.text((x, y + image.height + 4), f"p{index + 1}", fill="#000000")
    target.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(target, optimize=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="PDFs or folders of PDFs")
    parser.add_argument("--out", type=Path, default=Path("output/sheets"))
    parser.add_argument("--columns", type=int, default=COLUMNS)
    parser.add_argument("--width", type=int, default=THUMB_WIDTH)
    args = parser.parse_args(argv)
    pdfs = [p for path in args.paths
            for p in (sorted(path.rglob("*.pdf")) if path.is_dir() else [path])]
    for pdf in pdfs:
        print(sheet(pdf, args.out / f"{pdf.stem}.png", args.columns, args.width))
    return 0


if __name__ == "__main__":
    sys.exit(main())

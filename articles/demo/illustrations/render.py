"""Draw the demo's illustrations: each SVG in this folder becomes the WebP picture the demo loads.

    .venv/bin/python articles/demo/illustrations/render.py [name ...]

Chromium (through Playwright, as the browser tests use it) draws each SVG at 1200 x 675; Pillow
saves it as a WebP of the same name in ../articles/, where the articles name their pictures.
Run it again after changing an SVG and commit both files.
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "articles"
SIZE = {"width": 1200, "height": 675}
CHROMIUM = os.environ.get("SMALLBIZ_CHROMIUM", "/usr/bin/chromium")
# Flat colours: WebP keeps their edges clean at about half the bytes of a JPEG.
WEBP_OPTIONS = {"quality": 80, "method": 6}


def render(page, svg):
    """Return the WebP bytes of one SVG drawn at SIZE."""
    page.goto(svg.as_uri())
    png = page.screenshot(clip={"x": 0, "y": 0, **SIZE})
    output = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(output, "WEBP", **WEBP_OPTIONS)
    return output.getvalue()


def main(names):
    svgs = [HERE / f"{name}.svg" for name in names] or sorted(HERE.glob("*.svg"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=SIZE)
        for svg in svgs:
            target = OUTPUT / f"{svg.stem}.webp"
            target.write_bytes(render(page, svg))
            sys.stdout.write(f"{target.relative_to(HERE.parent)}: {target.stat().st_size} bytes\n")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

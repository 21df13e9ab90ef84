"""Page templates are ready for a strict Content-Security-Policy: no inline styles or scripts.

Only the HTML emails may (and must) use inline styles.
"""

import gzip
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_TEMPLATES = sorted(
    path
    for folder in ["templates", "articles/templates", "newsletter/templates/newsletter"]
    for path in (ROOT / folder).rglob("*.html")
    if "email" not in path.parts
)
INLINE = re.compile(r"\sstyle=|<style|<script|\son[a-z]+=", re.IGNORECASE)


def test_there_are_page_templates_to_check():
    assert len(PAGE_TEMPLATES) > 10


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_page_template_has_no_inline_style_or_script(path):
    assert not INLINE.search(path.read_text())


def test_stylesheet_stays_small():
    # What a visitor downloads: WhiteNoise serves it gzip-compressed.
    stylesheet = (ROOT / "static/css/site.css").read_bytes()
    assert len(gzip.compress(stylesheet)) < 8_000

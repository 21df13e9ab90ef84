"""An article with its pictures stays light: at most 60 KB over the wire, and no JavaScript.

The demo's articles are measured as a browser loads them, on a phone and on a desktop: the
page, its stylesheet, fonts and the pictures it loads before any scrolling (pictures further
down load lazily, when the reader gets to them). Text is counted gzip-compressed, as the
server sends it in production (the page by the project's compression, static files by
WhiteNoise); fonts and pictures are compressed already and counted as they are.
"""

import gzip

import pytest
from django.core.management import call_command

from articles.models import Article

BUDGET = 60 * 1024
TEXT_TYPES = ("text/", "application/xml", "image/svg+xml")
WINDOWS = {
    # The phone Lighthouse emulates, and a laptop.
    "phone": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75},
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}


def transferred(response):
    """Return how many bytes a response costs in production: text gzip-compressed."""
    body = response.body()
    kind = response.headers.get("content-type", "")
    return len(gzip.compress(body)) if kind.startswith(TEXT_TYPES) else len(body)


def page_weight(new_context, window, address):
    """Load the address in a fresh browser window (nothing cached) and return
    ({url: bytes}, [kinds of resource loaded])."""
    page = new_context(**WINDOWS[window]).new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(address, wait_until="networkidle")
    sizes = {response.url: transferred(response) for response in responses if response.ok}
    return sizes, [response.request.resource_type for response in responses]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    return Article.objects.published().exclude(hero_image="").select_related("category")


@pytest.mark.parametrize("window", WINDOWS)
def test_every_demo_article_with_its_pictures_is_at_most_60_kb(new_context, demo, window):
    too_heavy = []
    for article in demo:
        sizes, kinds = page_weight(new_context, window, article.get_absolute_url())
        assert "script" not in kinds, article
        assert any(url.endswith(".woff2") for url in sizes), "the fonts were not loaded"
        if sum(sizes.values()) > BUDGET:
            listing = "\n".join(f"  {size:>7,} {url}" for url, size in sizes.items())
            too_heavy.append(f"{article.slug}: {sum(sizes.values()):,} bytes\n{listing}")

    assert demo.exists()
    assert not too_heavy, "\n".join(too_heavy)

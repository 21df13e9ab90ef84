"""In Chromium: the feeds read as a page under our CSP, pages arrive compressed, and the 404
page offers a search and suggestions. Screenshots go to test-artifacts/screenshots/."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_html_validity import check_html

FEEDS = {"rss": "/feed/", "atom": "/feed/atom/", "category": "/marketing/feed/"}


@pytest.fixture
def csp_violations(page):
    """Collect the Content-Security-Policy violations the page reports, but the browser's own.

    Chromium puts a notice about XSLT's coming removal on the page; its inline style and
    handler are the browser's, and our policy blocking them changes nothing of ours.
    """
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    yield lambda: [
        text
        for text in messages
        if "Content Security Policy" in text
        and "Applying inline style" not in text
        and "inline event handler" not in text
    ]


def test_feeds_open_as_a_readable_page_under_the_sites_csp(page, site, csp_violations, artifacts):
    for name, address in FEEDS.items():
        response = page.goto(address)

        assert "default-src 'self'" in response.headers["content-security-policy"]
        expect(page.get_by_role("heading", level=1)).to_contain_text("new articles")
        expect(
            page.get_by_role("heading", name="This page is a feed: what is that?")
        ).to_be_visible()
        expect(page.get_by_role("link", name=site.article.title)).to_be_visible()
        # The stylesheet loaded: the cards have feed.css's white background.
        card = page.locator(".feed-item").first
        assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
        page.screenshot(path=artifacts / f"feed-{name}-desktop.png", full_page=True)
    assert csp_violations() == []


def test_feed_page_looks_like_the_site_with_its_name_fonts_and_dates(page, site):
    published = format_date(timezone.localtime(site.article.published_at), "j F Y")
    for name, address in FEEDS.items():
        page.goto(address)

        home = page.get_by_role("banner").get_by_role("link", name=settings.SITE_NAME)
        expect(home).to_have_attribute("href", "/")
        item = page.locator(".feed-item").filter(
            has=page.get_by_role("link", name=site.article.title)
        )
        expect(item.locator("time")).to_have_text(published)
        heading = page.get_by_role("heading", level=1)
        assert "Source Serif 4" in heading.evaluate("e => getComputedStyle(e).fontFamily")
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.includes('Source Serif 4')"
            " && f.status === 'loaded')"
        ), name

    home.click()
    assert urlsplit(page.url).path == "/"


def test_feed_page_fits_a_phone_and_has_no_accessibility_problems(phone, site, artifacts):
    for name, address in FEEDS.items():
        phone.goto(address)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        # Chromium's own notice about XSLT is not ours to check.
        phone.evaluate("document.querySelector('xslt-warning-banner')?.remove()")

        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, name
        assert axe_violations(phone) == "", name
        phone.screenshot(path=artifacts / f"feed-{name}-phone.png", full_page=True)


def test_chromium_gets_pages_compressed_and_shows_them(page, site):
    response = page.goto(site.article.get_absolute_url())

    assert response.headers["content-encoding"] in {"br", "gzip"}
    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)


def test_not_found_page_offers_a_search_and_articles(page, phone, site, artifacts):
    page.goto("/marketing/follow-up-emails-old.html")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, we can’t find that page")
    search = page.get_by_role("search", name="Search the articles")
    expect(search.get_by_label("Search the articles")).to_have_value("follow emails old marketing")
    expect(page.get_by_role("region", name="You may be looking for")).to_be_visible()
    page.screenshot(path=artifacts / "not-found-desktop.png", full_page=True)
    phone.goto("/marketing/follow-up-emails-old.html")
    phone.screenshot(path=artifacts / "not-found-phone.png", full_page=True)

    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")


def test_check_your_inbox_with_the_address_has_no_accessibility_problems(
    page, phone, site, artifacts
):
    for window, browser_page in [("desktop", page), ("phone", phone)]:
        browser_page.goto(site.article.get_absolute_url())
        box = browser_page.get_by_role("region", name="Get the free monthly e-zine")
        box.get_by_label("Your e-mail address").fill(f"sam.{window}@example.com")
        box.get_by_role("button", name="Subscribe").click()

        expect(browser_page.get_by_text(f"sam.{window}@example.com")).to_be_visible()
        assert axe_violations(browser_page) == "", window
        assert (
            browser_page.evaluate("document.documentElement.scrollWidth")
            <= (browser_page.viewport_size["width"])
        )
        browser_page.screenshot(path=artifacts / f"check-your-inbox-{window}.png", full_page=True)


def test_subscribe_to_this_site_box_leads_to_the_feed_page(page, site, artifacts):
    page.goto(site.article.get_absolute_url())
    box = page.get_by_role("complementary", name="Subscribe to this site")
    box.screenshot(path=artifacts / "feeds-box.png")

    box.get_by_role("link", name="see what a feed is and how to follow ours").click()

    expect(page.get_by_role("heading", name="This page is a feed: what is that?")).to_be_visible()


def test_feed_page_is_valid_html(page, site, vnu_jar, tmp_path):
    files = []
    for name, address in FEEDS.items():
        page.goto(address)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # The page as the stylesheet made it, without the browser's own notice.
        page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
        html = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")
        files.append(tmp_path / f"feed-{name}.html")
        files[-1].write_text(html)

    assert check_html(vnu_jar, files) == []

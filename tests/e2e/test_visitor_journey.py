"""A visitor reads their way around the site in Chromium, the way a person would.

Each step is a small helper named after what the visitor does, so the journey reads as a story.
"""

import re
from xml.etree import ElementTree

from playwright.sync_api import expect


def open_home(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")


def open_category_from_menu(page, name):
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(menu.get_by_role("link", name=name)).to_have_attribute("aria-current", "page")


def open_article(page, title):
    page.get_by_role("main").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def jump_to_section(page, heading):
    section_heading = page.get_by_role("heading", name=heading)
    expect(section_heading).not_to_be_in_viewport()
    page.get_by_role("navigation", name="On this page").get_by_role("link", name=heading).click()
    expect(page).to_have_url(re.compile(f"#{section_heading.get_attribute('id')}$"))
    expect(section_heading).to_be_in_viewport()


def follow_read_more(page, title):
    page.get_by_role("complementary", name="Read More").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def open_site_index(page):
    page.get_by_role("navigation", name="Footer").get_by_role("link", name="Site Index").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Site Index")


def search_from_header(page, words):
    """Search from the box in the page header; return the results' links."""
    header = page.get_by_role("banner")
    header.get_by_role("searchbox", name="Search this site").fill(words)
    header.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value(words)
    return page.locator(".search-results").get_by_role("heading").get_by_role("link")


def find_feed_link(page):
    """Find the site's RSS feed as a feed reader would and as a person would: both the same."""
    autodiscovery = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    feed_url = autodiscovery.first.get_attribute("href")
    block = page.get_by_role("complementary", name="Subscribe to this site")
    expect(block).to_be_visible()
    expect(block.get_by_role("link", name="All new articles (RSS)")).to_have_attribute(
        "href", feed_url
    )
    return feed_url


def read_feed(page, feed_url):
    """Fetch a feed as a feed reader does; return its items' titles."""
    response = page.request.get(feed_url)
    assert response.ok, response.status
    # application/xml, not rss+xml, so that browsers apply the feed's stylesheet.
    assert response.headers["content-type"].startswith("application/xml")
    feed = ElementTree.fromstring(response.body())
    assert feed.tag == "rss"
    return [item.findtext("title") for item in feed.iter("item")]


def test_visitor_reads_from_home_to_the_site_index_then_searches_and_finds_the_feed(page, site):
    open_home(page)
    open_category_from_menu(page, "Marketing")
    expect(page.get_by_role("link", name=site.draft.title)).to_have_count(0)
    open_article(page, "Pricing Your First Job")
    jump_to_section(page, "Say the price with confidence")
    follow_read_more(page, "Following Up a Quote")
    open_site_index(page)

    index = page.get_by_role("main")
    for article in [site.article, site.related]:
        expect(index.get_by_role("link", name=article.title)).to_have_attribute(
            "href", article.get_absolute_url()
        )
    expect(index.get_by_role("link", name=site.draft.title)).to_have_count(0)

    results = search_from_header(page, "confidence")
    expect(results).to_have_text([site.article.title])
    results.first.click()
    expect(page).to_have_url(re.compile(re.escape(site.article.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)

    feed_url = find_feed_link(page)
    assert feed_url == "/feed/"
    titles = read_feed(page, feed_url)
    assert site.article.title in titles
    assert site.draft.title not in titles

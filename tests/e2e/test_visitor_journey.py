"""A visitor reads their way around the site in Chromium, the way a person would.

Each step is a small helper named after what the visitor does, so the journey reads as a story.
Searching for a word and finding the feed link join it when /search/ and /feed/ exist (issue 6).
"""

import re

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


def test_visitor_reads_from_home_to_the_site_index(page, site):
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

"""An editor writes, reorders, previews and publishes an article in the admin, in Chromium.

Adding the article to search results joins this journey when /search/ exists (issue 6).
"""

import re

from playwright.sync_api import expect

from tests.factories import image_upload, make_category, make_editor

SECTIONS = [
    ("Pick one reader", "Write to one customer you know by name."),
    ("Keep a rhythm", "Send it on the same day every month."),
    ("Say one thing", "Each issue makes one point, well."),
]


def log_in_to_admin(page, username, password):
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Write and publish")).to_be_visible()


def fill_section(page, index, position, heading, body):
    """Fill the index-th section form of the article page's inline."""
    form = page.locator(f"#sections-{index}")
    form.get_by_label("Position").fill(str(position))
    form.get_by_label("Heading").fill(heading)
    form.get_by_label("Body").fill(body)


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def on_this_page(page):
    """The section headings listed in an article's "On this page" box, in order."""
    return page.get_by_role("navigation", name="On this page").get_by_role("link")


def test_editor_writes_reorders_previews_and_publishes_an_article(page, new_context):
    make_category(name="Marketing", slug="marketing")
    make_editor(username="editor")
    visitor = new_context().new_page()

    log_in_to_admin(page, "editor", "pw")
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Title").fill("Writing Your First Newsletter")
    page.get_by_label("Title").blur()
    expect(page.get_by_label("Slug")).to_have_value("writing-your-first-newsletter")
    page.get_by_label("Category").select_option(label="Marketing")
    page.get_by_label("Summary").fill("Short, useful and regular beats long and clever.")
    hero = image_upload("hero.png", size=(1200, 600), color="teal")
    page.locator("input[name=hero_image]").set_input_files(
        files=[{"name": hero.name, "mimeType": hero.content_type, "buffer": hero.read()}]
    )
    page.get_by_label("Hero image alt text").fill("A teal banner")
    fill_section(page, 0, 1, *SECTIONS[0])
    for index, section in enumerate(SECTIONS[1:], start=1):
        page.get_by_role("button", name="Add another Section").click()
        fill_section(page, index, index + 1, *section)
    save_and_continue(page)

    # Swap the first two sections, as an editor does: by swapping their positions.
    page.locator("#sections-0").get_by_label("Position").fill("2")
    page.locator("#sections-1").get_by_label("Position").fill("1")
    save_and_continue(page)

    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_text("Preview — this article is not public yet.")).to_be_visible()
    article_url = page.url
    expect(on_this_page(page)).to_have_text(["Keep a rhythm", "Pick one reader", "Say one thing"])
    hero_image = page.get_by_role("img", name="A teal banner")
    expect(hero_image).to_have_js_property("complete", True)
    assert hero_image.evaluate("image => image.naturalWidth") > 0
    assert visitor.goto(article_url).status == 404

    page.go_back()
    page.get_by_label("Status").select_option(label="Published")
    save_and_continue(page)

    visitor.goto("/")
    visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Marketing").click()
    visitor.get_by_role("link", name="Writing Your First Newsletter").click()
    expect(visitor).to_have_url(article_url)
    expect(visitor.get_by_text("not public yet")).to_have_count(0)
    visitor.goto("/site-index/")
    expect(visitor.get_by_role("link", name="Writing Your First Newsletter")).to_have_attribute(
        "href", re.compile(r"/marketing/writing-your-first-newsletter/$")
    )

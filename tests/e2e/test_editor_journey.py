"""An editor publishes an article and sends it out in the e-zine, in the admin, in Chromium.

The issue goes out through the task backend of the test settings, which runs the sending at
once, in the live server's thread; its emails land in the test mail outbox.
"""

import re
import time

from playwright.sync_api import expect

from tests.e2e.test_visitor_journey import search_from_header
from tests.factories import image_upload, make_category, make_editor, make_subscriber

# How long the editor keeps reloading the page for its progress to reach "sent".
SENDING_TIMEOUT = 10

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


def fill_section(page, index, heading, body):
    """Fill the index-th section form of the article page's inline."""
    form = page.locator(f"#sections-{index}")
    form.get_by_label("Heading").fill(heading)
    form.get_by_label("Body").fill(body)


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def on_this_page(page):
    """The section headings listed in an article's "On this page" box, in order."""
    return page.get_by_role("navigation", name="On this page").get_by_role("link")


def reload_until_sent(page):
    """Reload the issue's admin page until its status says it has been sent."""
    status = page.locator(".field-status .readonly")
    deadline = time.monotonic() + SENDING_TIMEOUT
    while status.inner_text() != "Sent" and time.monotonic() < deadline:
        time.sleep(0.2)
        page.reload()
    expect(status).to_have_text("Sent")


def test_editor_publishes_an_article_and_sends_it_in_the_e_zine(page, new_context, mailoutbox):
    make_category(name="Marketing", slug="marketing")
    make_editor(username="editor")
    readers = [make_subscriber(email=f"reader{number}@example.com") for number in (1, 2)]
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
    # The add form starts with four sections; the fourth is left blank, and is not saved.
    for index, section in enumerate(SECTIONS):
        fill_section(page, index, *section)
    save_and_continue(page)

    # Swap the first two sections, as an editor does: by moving the second one up.
    page.locator("#sections-1").get_by_role("button", name="Move up").click()
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
    page.get_by_label("Published", exact=True).check()
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

    results = search_from_header(visitor, "rhythm")
    expect(results).to_have_text(["Writing Your First Newsletter"])
    results.first.click()
    expect(visitor).to_have_url(article_url)

    # Compose this month's issue: it starts with the articles published since the last one.
    page.goto("/admin/")
    page.get_by_role("link", name="Issues", exact=True).click()
    page.get_by_role("link", name="Add issue").click()
    expect(page.get_by_label("Subject")).to_have_value(re.compile(r"e-zine, \w+ \d{4}$"))
    expect(page.locator("select[name=articles] option:checked")).to_have_text(
        ["Writing Your First Newsletter"]
    )
    page.get_by_label("Subject").fill("Newsletters that get read")
    page.get_by_label("Body").fill("This month: how to write **your own** newsletter.")
    save_and_continue(page)
    expect(page.locator(".field-progress .readonly")).to_have_text("Not sent yet")

    page.get_by_role("link", name="Send to subscribers…").click()
    expect(page.get_by_text("to 2 confirmed subscribers now?")).to_be_visible()
    page.get_by_role("button", name="Send to subscribers").click()
    expect(page.locator(".messagelist")).to_contain_text("going out to 2 subscribers")
    reload_until_sent(page)
    expect(page.locator(".field-progress .readonly")).to_have_text("2 sent / 0 failed / 2 total")

    sent = [message for message in mailoutbox if message.subject == "Newsletters that get read"]
    assert sorted(message.to[0] for message in sent) == [reader.email for reader in readers]
    assert all("Writing Your First Newsletter" in message.body for message in sent)

"""An editor changes an article, compares its revisions and restores the first, in Chromium."""

from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_editor_journey import log_in_to_admin, on_this_page
from tests.e2e.test_screenshots import save_screenshot
from tests.factories import make_editor


def publish_changes(page):
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("visitors see them now")


def test_an_editor_compares_two_revisions_and_restores_the_first(page, phone, site, artifacts):
    make_editor(username="editor")
    article = site.article
    log_in_to_admin(page, "editor", "pw")
    page.goto(f"/admin/articles/article/{article.pk}/change/")

    page.get_by_label("Summary").fill("Work out a fair price, then say it without apologising.")
    page.locator("#sections-1").get_by_label("Heading").fill("Check what rivals charge")
    page.locator("#sections-2").get_by_label("Delete").check()
    page.get_by_label("Revision note").fill("Shorter, friendlier sections")
    page.locator("fieldset", has=page.get_by_label("Revision note")).screenshot(
        path=artifacts / "revisions-note-desktop.png"
    )
    publish_changes(page)

    page.get_by_role("link", name="History").click()
    revisions = page.get_by_role("region", name="Revisions").get_by_role("row")
    expect(revisions).to_have_count(3)  # the heading row, the edit, the article as it was
    expect(revisions.nth(1)).to_contain_text("Shorter, friendlier sections")
    expect(revisions.nth(1)).to_contain_text("editor")
    save_screenshot(page, artifacts / "revisions-history-desktop.png")
    history = page.url

    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare revisions")).to_be_visible()
    expect(page.locator("ins").filter(has_text="fair")).to_have_count(1)
    expect(page.get_by_role("table", name="Section 3 of the older revision")).to_contain_text(
        "removed"
    )
    save_screenshot(page, artifacts / "revisions-compare-desktop.png")
    compare = page.url

    reports = []
    for window, browser_page in [("desktop", page), ("phone", phone)]:
        if browser_page is phone:
            log_in_to_admin(phone, "editor", "pw")
        for name, address in [("history", history), ("compare", compare)]:
            browser_page.goto(address)
            report = axe_violations(browser_page)
            if report:
                reports.append(f"{name} ({window}): {report}")
    save_screenshot(phone, artifacts / "revisions-compare-phone.png")
    assert not reports, "\n\n".join(reports)

    page.goto(history)
    page.get_by_role("link", name="Restore the revision of").last.click()
    expect(page.get_by_role("button", name="Yes, restore this revision")).to_be_visible()
    save_screenshot(page, artifacts / "revisions-restore-desktop.png")
    page.get_by_role("button", name="Yes, restore this revision").click()
    # The article is published: the revision comes back as its unpublished changes.
    expect(page.locator(".messagelist .success")).to_contain_text("unpublished changes")
    page.screenshot(path=artifacts / "revisions-restored-desktop.png")
    publish_changes(page)

    page.goto(article.get_absolute_url())
    expect(on_this_page(page)).to_have_text(
        ["Know your costs", "Check what others charge", "Say the price with confidence"]
    )

"""An editor changes a published article, in Chromium: visitors see nothing until Publish."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_editor_journey import log_in_to_admin, on_this_page, save_and_continue
from tests.e2e.test_screenshots import save_screenshot
from tests.e2e.test_sections import axe_violations
from tests.factories import make_editor

SECTIONS = ["Know your costs", "Check what others charge", "Say the price with confidence"]


@pytest.fixture
def cached_pages(settings):
    """Visitors' pages come from the page cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 600


def test_changes_stay_off_the_site_until_the_editor_publishes_them(
    page, new_context, site, cached_pages, artifacts
):
    article = site.article
    visitor = new_context().new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Pricing Your First Job")
    make_editor(username="editor")
    log_in_to_admin(page, "editor", "pw")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    state = page.locator(".article-state")
    expect(state).to_contain_text("Published since")
    reports = [f"published: {axe_violations(page)}"]

    page.get_by_label("Title").fill("Pricing Any Job")
    page.locator("#sections-2").get_by_role("button", name="Move up").click()
    save_and_continue(page)

    expect(page.locator(".messagelist .success")).to_contain_text("saved but not published")
    expect(state).to_contain_text("Published, with unpublished changes.")
    expect(state).to_contain_text("by editor are not on the site yet")
    expect(page.get_by_label("Title")).to_have_value("Pricing Any Job")
    state.screenshot(path=artifacts / "drafts-state-desktop.png")
    page.locator(".publish-changes").screenshot(path=artifacts / "drafts-publish-desktop.png")
    reports.append(f"with unpublished changes: {axe_violations(page)}")
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Pricing Your First Job")
    expect(on_this_page(visitor)).to_have_text(SECTIONS)

    page.get_by_role("link", name="Preview the changes on the site").click()
    expect(page.get_by_text("Preview — these changes are not public yet.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pricing Any Job")
    save_screenshot(page, artifacts / "drafts-preview-desktop.png")
    page.go_back()

    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("visitors see them now")
    expect(state).to_contain_text("Published since")
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Pricing Any Job")
    expect(on_this_page(visitor)).to_have_text([SECTIONS[0], SECTIONS[2], SECTIONS[1]])
    picture = visitor.get_by_role("img", name="A navy sign saying thank you")
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("image => image.naturalWidth") > 0

    page.get_by_label("Summary").fill("A summary nobody should see.")
    save_and_continue(page)
    page.get_by_role("link", name="Discard the changes…").first.click()
    reports.append(f"discard: {axe_violations(page)}")
    page.get_by_role("button", name="Yes, discard the changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("are discarded")
    expect(page.get_by_label("Summary")).not_to_have_value("A summary nobody should see.")

    failures = [report for report in reports if not report.endswith(": ")]
    assert not failures, "\n\n".join(failures)

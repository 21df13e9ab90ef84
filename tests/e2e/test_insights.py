"""An editor opens the Insights page from the admin home, on a desktop and on a phone.

axe finds no WCAG A or AA violation on it, with its tables of numbers open too; on a phone
375 CSS pixels wide nothing scrolls sideways. The test leaves full-page screenshots in
test-artifacts/ and takes the one docs/editor-guide.md shows ("Insights"): into
test-artifacts/ unless SMALLBIZ_GUIDE_SCREENSHOTS names a folder, as in
`SMALLBIZ_GUIDE_SCREENSHOTS=docs/editor-guide/`, which regenerates the guide's.
"""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_editor_journey import log_in_to_admin
from tests.e2e.test_first_article import save_small, screenshot_folder
from tests.e2e.test_html_validity import check_html
from tests.e2e.test_screenshots import save_screenshot
from tests.factories import make_editor

GUIDE_WINDOW = {"width": 1280, "height": 1000}


def test_an_editor_reads_the_insights_page_on_a_desktop_and_a_phone(page, phone, site, artifacts):
    with override_settings(DEBUG=True):
        call_command("insights_demo_data", days=90, stdout=StringIO())
    make_editor(username="editor")
    reports = []

    for window, browser_page in [("desktop", page), ("phone", phone)]:
        log_in_to_admin(browser_page, "editor", "pw")
        browser_page.get_by_role("link", name="Insights: what is read").click()
        expect(
            browser_page.get_by_role("heading", name="Views and visitors per day")
        ).to_be_visible()
        expect(browser_page.get_by_role("link", name="Last 30 days")).to_have_attribute(
            "aria-current", "page"
        )
        expect(browser_page.get_by_role("img", name="Chart of views")).to_be_visible()
        save_screenshot(browser_page, artifacts / f"admin-insights-{window}.png")
        reports.append((window, axe_violations(browser_page)))
        if window == "phone":
            assert browser_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # The chart's numbers, and an issue's clicks per link, opened.
        for summary in browser_page.locator("summary").all():
            summary.click()
        expect(browser_page.get_by_role("table", name="Views and visitors per day")).to_be_visible()
        reports.append((f"{window}, tables open", axe_violations(browser_page)))
        if window == "phone":
            assert browser_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    failures = [f"Insights ({window}): {report}" for window, report in reports if report]
    assert not failures, "\n\n".join(failures)


def test_the_guides_screenshot_of_the_insights_page(page, site):
    with override_settings(DEBUG=True):
        call_command("insights_demo_data", days=90, stdout=StringIO())
    make_editor(username="editor")
    page.set_viewport_size(GUIDE_WINDOW)
    log_in_to_admin(page, "editor", "pw")

    page.goto("/admin/insights/?days=30")

    expect(page.get_by_role("heading", name="Top articles")).to_be_visible()
    folder = screenshot_folder()
    folder.mkdir(parents=True, exist_ok=True)
    save_small(page.screenshot(), folder / "insights.png")


def test_bad_dates_in_the_period_picker_say_what_is_wrong(page, site):
    make_editor(username="editor")
    log_in_to_admin(page, "editor", "pw")
    page.goto("/admin/insights/")

    page.get_by_label("From:").fill("2026-11-30")
    page.get_by_label("To:").fill("2026-11-01")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_text("The first day comes after the last.")).to_be_visible()
    expect(page.get_by_role("link", name="Last 30 days")).to_be_visible()


def test_the_insights_page_is_valid_html(client, site, vnu_jar, tmp_path):
    with override_settings(DEBUG=True):
        call_command("insights_demo_data", days=30, stdout=StringIO())
    client.force_login(make_editor(username="editor"))
    file = tmp_path / "insights.html"
    file.write_bytes(client.get("/admin/insights/").content)

    errors = check_html(vnu_jar, [file])

    assert errors == [], "\n".join(
        f"{e.get('lastLine')}: {e['message']} [{e.get('extract', '').strip()}]" for e in errors
    )

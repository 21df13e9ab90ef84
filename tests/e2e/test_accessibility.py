"""axe-core finds no WCAG 2.1 or 2.2 level A or AA problem on the pages visitors see, nor on
the admin's subscriber import."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_editor_journey import log_in_to_admin
from tests.e2e.test_html_validity import check_html
from tests.e2e.test_screenshots import save_screenshot
from tests.factories import make_user

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_A_AND_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """Run axe-core in the page and return a readable report of its violations, or ""."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_A_AND_AA},
            "resultTypes": ["violations"],
        },
    )
    return results.generate_report() if results.violations_count else ""


def test_pages_have_no_wcag_a_or_aa_violations_on_a_desktop_or_a_phone(page, phone, public_pages):
    reports = []
    for window, browser_page in [("desktop", page), ("phone", phone)]:
        for name, address in public_pages.items():
            browser_page.goto(address)
            report = axe_violations(browser_page)
            if report:
                reports.append(f"{name} ({window}): {report}")

    assert not reports, "\n\n".join(reports)


def test_the_subscriber_import_pages_have_no_violations(
    page, phone, artifacts, settings, tmp_path, vnu_jar
):
    """An administrator uploads an old e-zine's list in the admin and reads the report.

    axe finds nothing in the form (with its errors) or the report, and both are valid HTML.
    """
    settings.NEWSLETTER_IMPORT_REPORTS_DIR = tmp_path / "imports"
    make_user("owner", is_staff=True, is_superuser=True)
    csv_file = tmp_path / "old-list.csv"
    csv_file.write_text(
        "Email Address,First Name,Status\n"
        "ann@example.com,Ann,subscribed\n"
        "not-an-address,Bob,subscribed\n"
        "postmaster@example.org,,subscribed\n"
        "left@example.com,,unsubscribed\n"
    )
    reports = []
    for window, browser_page in [("desktop", page), ("phone", phone)]:
        log_in_to_admin(browser_page, "owner", "pw")
        browser_page.goto("/admin/newsletter/subscriber/")
        browser_page.get_by_role("link", name="Import from CSV…").click()
        expect(browser_page.get_by_role("heading", name="Import subscribers")).to_be_visible()
        browser_page.get_by_role("button", name="Import").click()
        expect(browser_page.locator(".errornote")).to_be_visible()
        save_screenshot(browser_page, artifacts / f"admin-subscriber-import-{window}.png")
        reports.append(("import form with errors", window, axe_violations(browser_page)))
        (tmp_path / f"import-form-{window}.html").write_text(browser_page.content())

        browser_page.get_by_label("CSV file").set_input_files(csv_file)
        browser_page.get_by_label("How the old site obtained consent").fill(
            "double opt-in on the old site's form"
        )
        browser_page.get_by_role("button", name="Import").click()
        expect(browser_page.get_by_role("heading", name=re.compile("rows skipped"))).to_be_visible()
        save_screenshot(browser_page, artifacts / f"admin-subscriber-import-report-{window}.png")
        reports.append(("import report", window, axe_violations(browser_page)))
        (tmp_path / f"import-report-{window}.html").write_text(browser_page.content())

    failures = [f"{name} ({window}): {report}" for name, window, report in reports if report]
    assert not failures, "\n\n".join(failures)
    assert check_html(vnu_jar, sorted(tmp_path.glob("import-*.html"))) == []

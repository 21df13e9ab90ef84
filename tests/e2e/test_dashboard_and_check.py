"""An editor finds waiting work on the admin home and reads an article's pre-publish check.

axe finds no WCAG A or AA violation in the admin home or in the check's panel, on a desktop
and a phone; both pages leave full-page screenshots in test-artifacts/ for people to look at.
The rest of the article form is Django's own markup, which axe faults: its file inputs sit
in a fieldset whose legend is not their label, and the autocomplete's search box has none.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_accessibility import WCAG_A_AND_AA, axe_violations
from tests.e2e.test_editor_journey import log_in_to_admin
from tests.e2e.test_screenshots import save_screenshot
from tests.factories import make_editor


def test_an_editor_goes_from_the_dashboard_to_a_draft_and_its_check(
    page, phone, site, ezine, artifacts
):
    site.draft.intro = "Read [the old price list](/marketing/price-list/) first."
    site.draft.save()
    make_editor(username="editor")
    reports = []

    for window, browser_page in [("desktop", page), ("phone", phone)]:
        log_in_to_admin(browser_page, "editor", "pw")
        drafts = browser_page.get_by_role("region", name="Drafts (1)")
        expect(drafts.get_by_role("link", name="Unfinished Draft")).to_be_visible()
        ezine_panel = browser_page.get_by_role("region", name="E-zine")
        expect(ezine_panel.get_by_role("link", name=ezine.back_issue.subject)).to_be_visible()
        save_screenshot(browser_page, artifacts / f"admin-dashboard-{window}.png")
        reports.append(("admin home", window, axe_violations(browser_page)))

        drafts.get_by_role("link", name="Unfinished Draft").click()
        check = browser_page.get_by_role("region", name="Before you publish")
        problem = check.get_by_role("listitem").filter(has_text="Links to this site work")
        expect(problem.get_by_role("img", name="Problem:")).to_be_visible()
        expect(problem).to_contain_text("No page at /marketing/price-list/")
        save_screenshot(browser_page, artifacts / f"admin-prepublish-check-{window}.png")
        reports.append(("pre-publish panel", window, panel_violations(browser_page)))

    failures = [f"{name} ({window}): {report}" for name, window, report in reports if report]
    assert not failures, "\n\n".join(failures)


def panel_violations(page):
    """Run axe-core on the pre-publish panel only; return a report of its violations, or ""."""
    results = Axe().run(
        page,
        context={"include": [".prepublish"]},
        options={
            "runOnly": {"type": "tag", "values": WCAG_A_AND_AA},
            "resultTypes": ["violations"],
        },
    )
    return results.generate_report() if results.violations_count else ""

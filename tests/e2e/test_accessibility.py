"""axe-core finds no WCAG 2.1 or 2.2 level A or AA problem on the pages visitors see."""

from axe_playwright_python.sync_playwright import Axe

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

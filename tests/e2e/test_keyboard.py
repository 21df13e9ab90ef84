"""Keyboard users reach every link and control with Tab, in order, and can see where they are."""

import pytest
from playwright.sync_api import expect

PAGES = ["home", "category", "article", "site index", "blog", "about page", "not found"]

# Every element Tab can stop at, in document order; kept on window to compare with focus.
LIST_TAB_STOPS = """() => {
    const candidates = document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"
    );
    window.tabStops = Array.from(candidates).filter(
        (element) => element.tabIndex >= 0 && !element.disabled
            && element.checkVisibility({visibilityProperty: true})
    );
    return window.tabStops.map(describe);

    function describe(element) {
        return `<${element.localName}> ${element.textContent.trim().slice(0, 40)}`;
    }
}"""

# Where focus is now, and whether a person could see it there.
DESCRIBE_FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        stop: window.tabStops.indexOf(element),
        element: `<${element.localName}> ${element.textContent.trim().slice(0, 40)}`,
        focusVisible: element.matches(":focus-visible"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== "none",
        onScreen: box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


def tab_through(page):
    """Press Tab once per tab stop and return where focus went each time."""
    stops = page.evaluate(LIST_TAB_STOPS)
    visits = []
    for _ in stops:
        page.keyboard.press("Tab")
        visits.append(page.evaluate(DESCRIBE_FOCUS))
    return stops, visits


@pytest.mark.parametrize("name", PAGES)
def test_tab_reaches_every_link_and_control_in_order_with_a_visible_focus_ring(
    page, public_pages, name
):
    page.goto(public_pages[name])

    stops, visits = tab_through(page)

    assert [visit["stop"] for visit in visits] == list(range(len(stops))), (
        "Tab went to:\n" + "\n".join(visit["element"] for visit in visits)
    )
    assert stops[0] == "<a> Skip to content"
    for visit in visits:
        assert visit["focusVisible"], visit
        assert visit["outline"] or visit["shadow"], f"no focus indicator on {visit['element']}"
        assert visit["onScreen"], f"{visit['element']} has focus but is off screen"


def test_skip_link_takes_keyboard_users_past_the_menu(page, public_pages):
    page.goto(public_pages["article"])

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    expect(page.get_by_role("main").locator(":focus")).to_have_count(1)

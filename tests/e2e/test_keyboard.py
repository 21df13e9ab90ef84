"""Keyboard users reach every link and control with Tab, in order, and can see where they are."""

from playwright.sync_api import expect

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


def keyboard_problems(page):
    """Tab through the page and describe what would trouble someone using a keyboard."""
    stops, visits = tab_through(page)
    problems = []
    if [visit["stop"] for visit in visits] != list(range(len(stops))):
        problems.append(
            "Tab does not follow the page's order. It went to:\n  "
            + "\n  ".join(visit["element"] for visit in visits)
        )
    if stops[0] != "<a> Skip to content":
        problems.append(f"the first Tab goes to {stops[0]}, not the skip link")
    for visit in visits:
        if not (visit["focusVisible"] and (visit["outline"] or visit["shadow"])):
            problems.append(f"no visible focus indicator on {visit['element']}")
        if not visit["onScreen"]:
            problems.append(f"{visit['element']} has focus but is off screen")
    return problems


def test_tab_reaches_every_link_and_control_in_order_with_a_visible_focus_ring(page, public_pages):
    problems = []
    for name, address in public_pages.items():
        page.goto(address)
        problems += [f"{name}: {problem}" for problem in keyboard_problems(page)]

    assert not problems, "\n".join(problems)


def test_skip_link_takes_keyboard_users_past_the_menu(page, public_pages):
    page.goto(public_pages["article"])

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    expect(page.get_by_role("main").locator(":focus")).to_have_count(1)

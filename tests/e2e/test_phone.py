"""On a phone 375 CSS pixels wide the menu works, nothing scrolls sideways and pictures fit."""

import pytest
from playwright.sync_api import expect

# WCAG 2.2's minimum target size (2.5.8, level AA), in CSS pixels.
MIN_TARGET = 24

# Pictures a page hides on phones (the blog's, display: none) are neither loaded nor measured.
MEASURE_PICTURES = """async () => {
    const pictures = Array.from(document.images).filter((picture) => picture.checkVisibility());
    for (const picture of pictures) {
        picture.loading = "eager";
        await picture.decode();
    }
    return pictures.map((picture) => {
        const box = picture.getBoundingClientRect();
        return {
            src: picture.currentSrc,
            left: box.left,
            right: box.right,
            ratio: box.width / box.height,
            naturalRatio: picture.naturalWidth / picture.naturalHeight,
        };
    });
}"""


def test_no_page_scrolls_sideways_on_a_phone_and_pictures_fit(phone, public_pages):
    width = phone.viewport_size["width"]
    assert width == 375
    problems = []
    pictures_checked = 0
    for name, address in public_pages.items():
        phone.goto(address)
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        # A page too wide for a phone also makes the phone's browser zoom out to show it all.
        if page_width > width or phone.evaluate("window.innerWidth") != width:
            problems.append(f"{name}: the page is {page_width}px wide")
        for picture in phone.evaluate(MEASURE_PICTURES):
            pictures_checked += 1
            if picture["left"] < 0 or picture["right"] > width:
                problems.append(f"{name}: {picture['src']} does not fit the screen")
            if picture["ratio"] != pytest.approx(picture["naturalRatio"], rel=0.02):
                problems.append(f"{name}: {picture['src']} is stretched")

    assert not problems, "\n".join(problems)
    assert pictures_checked >= 2, "the article's hero and section pictures were not checked"


def test_menu_links_are_on_screen_big_enough_to_tap_and_work(phone, site):
    phone.goto("/")
    width = phone.viewport_size["width"]
    phone.locator(".site-menu > summary").tap()
    menu = phone.get_by_role("navigation", name="Main")
    links = menu.get_by_role("link")
    expect(links).to_have_text(["Home", "Blog", "Marketing", "Sales", "Networking", "About"])

    for link in links.all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, link
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, link

    menu.get_by_role("link", name="Sales").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sales")

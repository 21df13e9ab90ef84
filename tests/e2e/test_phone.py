"""On a phone 375 CSS pixels wide the menu works, nothing scrolls sideways and pictures fit."""

import pytest
from playwright.sync_api import expect

PAGES = ["home", "category", "article", "site index", "blog", "about page", "not found"]

# Only the article has pictures: its hero and one in a section.
PICTURE_COUNTS = {"article": 2}
# WCAG 2.2's minimum target size (2.5.8, level AA), in CSS pixels.
MIN_TARGET = 24

MEASURE_PICTURES = """async () => {
    const pictures = Array.from(document.images);
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


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_without_sideways_scrolling(phone, public_pages, name):
    phone.goto(public_pages[name])

    width = phone.viewport_size["width"]
    assert width == 375
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    # A page too wide for a phone also makes the phone's browser zoom out to show all of it.
    assert phone.evaluate("window.innerWidth") == width

    pictures = phone.evaluate(MEASURE_PICTURES)
    assert len(pictures) == PICTURE_COUNTS.get(name, 0)
    for picture in pictures:
        assert 0 <= picture["left"] and picture["right"] <= width, picture
        assert picture["ratio"] == pytest.approx(picture["naturalRatio"], rel=0.02), picture


def test_menu_links_are_on_screen_big_enough_to_tap_and_work(phone, site):
    phone.goto("/")
    width = phone.viewport_size["width"]
    menu = phone.get_by_role("navigation", name="Main")
    links = menu.get_by_role("link")
    expect(links).to_have_text(["Home", "Blog", "Marketing", "Sales", "Networking", "About"])

    for link in links.all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, link
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, link

    menu.get_by_role("link", name="Sales").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sales")

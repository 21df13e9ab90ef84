"""Full-page screenshots of the main pages, left in test-artifacts/ for people to look at."""

from PIL import Image

# The subscribe confirmation: the page its email link opens, and the one after its button.
SCREENSHOTS = ["home", "article", "site index", "confirm", "subscribed"]

LOAD_EVERY_PICTURE = """async () => {
    for (const picture of document.images) {
        picture.loading = "eager";
        await picture.decode();
    }
}"""


def save_screenshot(page, path):
    """Save a screenshot of the whole page, below the fold too, with every picture loaded."""
    page.evaluate(LOAD_EVERY_PICTURE)
    page.screenshot(path=path, full_page=True)


def test_full_page_screenshots_of_the_main_pages_and_the_subscribe_confirmation(
    page, phone, public_pages, artifacts
):
    for window, browser_page, scale in [("desktop", page, 1), ("phone", phone, 2)]:
        for name in SCREENSHOTS:
            path = artifacts / f"{name.replace(' ', '-')}-{window}.png"
            path.unlink(missing_ok=True)
            browser_page.goto(public_pages[name])

            save_screenshot(browser_page, path)

            width = browser_page.viewport_size["width"]
            height = browser_page.evaluate("document.documentElement.scrollHeight")
            with Image.open(path) as screenshot:
                assert screenshot.width == width * scale
                assert screenshot.height == height * scale, f"{path} is not full-page"

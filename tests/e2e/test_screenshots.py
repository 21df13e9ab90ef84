"""Full-page screenshots of the main pages, left in test-artifacts/ for people to look at."""

from PIL import Image

SCREENSHOTS = ["home", "article", "site index"]

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


def test_full_page_screenshots_of_home_an_article_and_the_site_index(
    page, phone, public_pages, artifacts
):
    for window, browser_page, scale in [("desktop", page, 1), ("phone", phone, 2)]:
        for name in SCREENSHOTS:
            path = artifacts / f"{name.replace(' ', '-')}-{window}.png"
            path.unlink(missing_ok=True)
            browser_page.goto(public_pages[name])

            save_screenshot(browser_page, path)

            viewport = browser_page.viewport_size
            with Image.open(path) as screenshot:
                assert screenshot.width == viewport["width"] * scale
                assert screenshot.height > viewport["height"] * scale, f"{path} is not full-page"

"""Full-page screenshots of the main pages, left in test-artifacts/ for people to look at."""

import os

from django.conf import settings
from django.core.management import call_command
from PIL import Image

from tests.e2e.conftest import PHONE

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


# The README's pictures: the demo site's home page and an article, on a desktop and a phone.
# SMALLBIZ_UPDATE_SCREENSHOTS=1 writes them into docs/screenshots/, so that they show the
# current code; otherwise they go to test-artifacts/ only.
README_PAGES = {"home": "/", "article": "/planning/one-page-business-plan/"}
README_WINDOWS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}


def test_readme_screenshots_of_the_demo_site(new_context, transactional_db, artifacts):
    call_command("load_demo", verbosity=0)
    folders = [artifacts]
    if os.environ.get("SMALLBIZ_UPDATE_SCREENSHOTS") == "1":
        folders.append(settings.BASE_DIR / "docs/screenshots")
    for window, options in README_WINDOWS.items():
        page = new_context(**options).new_page()
        for name, address in README_PAGES.items():
            page.goto(address)
            page.evaluate(LOAD_EVERY_PICTURE)
            for folder in folders:
                path = folder / f"{name}-{window}.png"
                page.screenshot(path=path)

                with Image.open(path) as screenshot:
                    assert screenshot.width == options["viewport"]["width"] * options.get(
                        "device_scale_factor", 1
                    )

"""The header: one compact row on a phone, with a Menu button that needs no JavaScript; on a
wide screen the menu and search side by side on one row."""

from playwright.sync_api import expect

# The most of a phone's first screen the header may take, in CSS pixels.
PHONE_HEADER_MAX = 80
DESKTOP = {"width": 1280, "height": 800}


def test_the_phone_header_is_one_short_row_on_every_page(phone, public_pages):
    too_tall = []
    for name, address in public_pages.items():
        phone.goto(address)
        height = phone.locator(".site-header").bounding_box()["height"]
        if height > PHONE_HEADER_MAX:
            too_tall.append(f"{name}: {height}px")

    assert not too_tall, "\n".join(too_tall)


def test_on_a_phone_the_menu_and_search_wait_behind_the_menu_button(phone, site):
    phone.goto("/")
    menu = phone.get_by_role("navigation", name="Main")
    search = phone.get_by_role("searchbox", name="Search this site")
    expect(menu).to_be_hidden()
    expect(search).to_be_hidden()

    phone.get_by_text("Menu", exact=True).tap()

    expect(menu).to_be_visible()
    expect(search).to_be_visible()


def test_the_menu_button_opens_from_the_keyboard(phone, site):
    phone.goto("/")
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Tab")  # the site's name
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")

    phone.keyboard.press("Tab")
    expect(phone.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_focused()


def test_the_menu_button_works_without_javascript(new_context, site):
    context = new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sales").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sales")


def test_on_a_wide_screen_menu_and_search_share_one_row(new_context, site):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main")
    search = page.get_by_role("search")
    expect(menu).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()

    menu_box, search_box = menu.bounding_box(), search.bounding_box()

    assert menu_box["x"] + menu_box["width"] <= search_box["x"]
    assert (
        abs((menu_box["y"] + menu_box["height"] / 2) - (search_box["y"] + search_box["height"] / 2))
        < 8
    )

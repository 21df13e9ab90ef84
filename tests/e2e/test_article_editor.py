"""The article form's live preview, autosave, Markdown toolbar and leave-page warning, in
Chromium, as an editor uses them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Autosave, Section
from tests.e2e.test_accessibility import WCAG_A_AND_AA
from tests.e2e.test_editor_journey import log_in_to_admin
from tests.factories import make_article, make_category, make_editor

# A laptop's window: wide enough for the preview to sit beside the form.
LAPTOP = {"width": 1440, "height": 900}
# What the scripts add to the article form. axe is run on these only: the stock admin form
# around them has violations of its own (unlabelled file inputs when an image is set, and
# the autocomplete's search box and list), which are not this feature's.
ADDITIONS = [".sb-editor-bar", ".sb-autosave-notice", "#sb-preview", ".sb-md-editor"]


@pytest.fixture
def editor():
    return make_editor("editor")


@pytest.fixture
def editor_page(new_context, editor):
    """A signed-in editor's tab, wide enough for the preview beside the form."""
    page = new_context(viewport=LAPTOP).new_page()
    log_in_to_admin(page, "editor", "pw")
    return page


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def preview_frame(page):
    """The preview on show (while the text changes, the next one loads hidden behind it)."""
    return page.frame_locator(".sb-preview-frame:not(.sb-loading)")


def section_body(page, index=0):
    return page.locator(f"#sections-{index}").get_by_label("Body")


def intro(page):
    return page.get_by_role("textbox", name="Intro")


def expect_autosaved(page):
    """Wait for the autosave of what the form says: a test that ends with text not yet
    autosaved would have the closing tab send it after the test's database is gone."""
    expect(page.locator(".sb-autosave-status")).to_have_text(re.compile("^Draft autosaved at"))


def test_text_typed_in_a_section_body_shows_in_the_preview_without_being_saved(editor_page):
    article = make_article(title="Pricing Your First Job", sections=1)
    page = editor_page
    page.goto(change_url(article))

    page.get_by_role("button", name="Show preview").click()
    frame = preview_frame(page)
    expect(frame.get_by_role("heading", name="Pricing Your First Job", level=1)).to_be_visible()
    section_body(page).fill("Say the price, then **stop talking**.")

    expect(frame.locator(".article-section strong")).to_have_text("stop talking")
    assert Section.objects.get().body == "Body of section 1."
    assert Article.objects.get().title == "Pricing Your First Job"
    expect_autosaved(page)


def test_an_article_form_left_untouched_keeps_no_autosave_and_offers_none(editor_page):
    page = editor_page
    page.goto(reverse("admin:articles_article_add"))
    # Longer than the autosave delay after the page has numbered its sections.
    page.wait_for_timeout(4000)
    expect(page.locator(".sb-autosave-status")).to_have_text("")

    page.goto(reverse("admin:articles_article_changelist"))
    page.goto(reverse("admin:articles_article_add"))

    expect(page.get_by_label("Title")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.get_by_text("You have unsaved changes")).to_have_count(0)
    assert not Autosave.objects.exists()


def test_the_preview_switches_between_desktop_and_phone_widths(editor_page):
    article = make_article(sections=1)
    page = editor_page
    page.goto(change_url(article))
    page.get_by_role("button", name="Show preview").click()
    frame = page.locator(".sb-preview-frame:not(.sb-loading)")
    expect(preview_frame(page).locator("h1")).to_be_visible()

    assert frame.evaluate("frame => frame.contentWindow.innerWidth") == 1280
    page.get_by_label("Phone (375 px)").check()
    expect(frame).to_have_js_property("clientWidth", 375)
    assert frame.evaluate("frame => frame.contentWindow.innerWidth") == 375


def test_a_preview_that_cannot_load_says_so_and_leaves_the_form_alone(editor_page):
    article = make_article(title="Pricing Your First Job", sections=1)
    page = editor_page
    page.goto(change_url(article))
    page.get_by_role("button", name="Show preview").click()
    expect(preview_frame(page).locator("h1")).to_be_visible()

    page.context.clear_cookies()
    page.get_by_label("Title").fill("Typed after being signed out")

    expect(page.get_by_text("The preview could not be loaded")).to_be_visible()
    expect(page.get_by_text(re.compile("^Autosave failed"))).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Typed after being signed out")
    expect(preview_frame(page).locator("h1")).to_have_text("Pricing Your First Job")


def test_an_autosave_is_offered_back_after_the_tab_is_closed_and_restore_fills_the_form(
    new_context, editor
):
    article = make_article(title="Following Up a Quote", sections=1)
    context = new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in_to_admin(page, "editor", "pw")
    page.goto(change_url(article))
    page.get_by_label("Title").fill("Following Up a Quote Politely")
    section_body(page).fill("Ring after three days.")
    expect(page.get_by_text(re.compile("^Draft autosaved at"))).to_be_visible()
    page.close()

    page = context.new_page()
    page.goto(change_url(article))
    notice = page.get_by_role("region", name="Unsaved changes")
    expect(notice).to_contain_text("You have unsaved changes from")
    expect(page.get_by_label("Title")).to_have_value("Following Up a Quote")
    notice.get_by_role("button", name="Restore them").click()

    expect(page.get_by_label("Title")).to_have_value("Following Up a Quote Politely")
    expect(section_body(page)).to_have_value("Ring after three days.")
    expect(notice).to_contain_text("are back in the form. Save to keep them.")
    assert Article.objects.get().title == "Following Up a Quote"
    expect_autosaved(page)


def test_an_autosave_restores_sections_added_before_the_tab_closed(new_context, editor):
    article = make_article(sections=1)
    Autosave.objects.create(
        user=editor,
        article=article,
        data={
            "sections-TOTAL_FORMS": ["3"],
            "sections-2-heading": ["Added later"],
            "sections-2-body": ["Typed in a new section."],
        },
    )
    page = new_context(viewport=LAPTOP).new_page()
    log_in_to_admin(page, "editor", "pw")
    page.goto(change_url(article))

    page.get_by_role("button", name="Restore them").click()

    expect(page.locator("#sections-2").get_by_label("Heading")).to_have_value("Added later")
    expect(section_body(page, 2)).to_have_value("Typed in a new section.")
    expect(page.locator("#sections-2").get_by_role("button", name="Bold")).to_be_visible()
    expect_autosaved(page)


def test_discard_deletes_the_autosave(editor_page, editor):
    article = make_article(title="Saved title")
    Autosave.objects.create(user=editor, article=article, data={"title": ["Autosaved title"]})
    page = editor_page
    page.goto(change_url(article))

    page.get_by_role("button", name="Discard").click()

    expect(page.get_by_text("were discarded")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Saved title")
    assert not Autosave.objects.exists()


def test_the_bold_button_wraps_the_selected_text_in_double_asterisks(editor_page):
    article = make_article(intro="Charge what the work is worth.")
    page = editor_page
    page.goto(change_url(article))
    intro(page).evaluate("field => field.setSelectionRange(7, 11)")

    page.locator(".field-intro").get_by_role("button", name="Bold").click()

    expect(intro(page)).to_have_value("Charge **what** the work is worth.")
    expect_autosaved(page)


def test_the_toolbar_works_from_the_keyboard(editor_page):
    article = make_article(intro="")
    page = editor_page
    page.goto(change_url(article))
    intro(page).press_sequentially("Pay on time")
    intro(page).press("Shift+Home")

    # The toolbar is one Tab stop before the field; the arrow keys move along it.
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".field-intro").get_by_role("button", name="Bold")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")

    expect(intro(page)).to_have_value("*Pay on time*")
    expect(intro(page)).to_be_focused()
    expect_autosaved(page)


def test_leaving_with_unsaved_changes_asks_first_but_saving_does_not(editor_page):
    # A draft: saving a live article would keep the changes aside (articles.drafts).
    article = make_article(sections=1, status=Article.Status.DRAFT)
    page = editor_page
    page.goto(change_url(article))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Title").press("End")
    page.get_by_label("Title").press_sequentially(" (updated)")

    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(re.compile(r"/change/$"))
    assert asked == ["beforeunload"]

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert asked == ["beforeunload"]
    assert Article.objects.get().title.endswith(" (updated)")


def test_a_form_sent_back_with_errors_is_autosaved_and_leaving_it_asks_first(editor_page):
    article = make_article(sections=1)
    page = editor_page
    page.goto(change_url(article))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    section_body(page).fill("Text worth keeping.")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errornote")).to_be_visible()

    expect_autosaved(page)
    page.get_by_role("link", name="History").click()

    assert asked == ["beforeunload"]
    assert Autosave.objects.get().data["sections-0-body"] == ["Text worth keeping."]


def test_saving_the_article_clears_its_autosave(editor_page):
    article = make_article(sections=1)
    page = editor_page
    page.goto(change_url(article))
    page.get_by_label("Title").fill("Autosaved, then saved")
    expect(page.get_by_text(re.compile("^Draft autosaved at"))).to_be_visible()

    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.get_by_role("region", name="Unsaved changes")).to_have_count(0)
    assert not Autosave.objects.exists()


def test_leaving_a_new_article_untouched_does_not_ask(editor_page):
    page = editor_page
    page.goto(reverse("admin:articles_article_add"))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    # Once the sections' script has numbered the four blank sections.
    expect(page.locator("#sections-3").get_by_role("button", name="Move up")).to_be_visible()

    page.locator(".breadcrumbs").get_by_role("link", name="Articles", exact=True).click()

    expect(page).to_have_url(re.compile(r"/article/$"))
    assert asked == []
    assert not Autosave.objects.exists()


def test_without_javascript_the_form_saves_as_before_with_no_preview(new_context, editor):
    category = make_category(name="Sales")
    page = new_context(viewport=LAPTOP, java_script_enabled=False).new_page()
    log_in_to_admin(page, "editor", "pw")
    page.goto(reverse("admin:articles_article_add"))
    expect(page.get_by_role("button", name="Show preview")).to_have_count(0)

    page.get_by_label("Title").fill("Closing politely")
    page.get_by_label("Slug").fill("closing-politely")
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Summary").fill("Ask for the order, then listen.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.filter(slug="closing-politely").exists()
    assert not Autosave.objects.exists()


def test_the_article_form_with_the_preview_open_has_no_wcag_violations(editor_page, editor):
    article = make_article(title="Pricing Your First Job", sections=2)
    Autosave.objects.create(user=editor, article=article, data={"title": ["Pricing, again"]})
    page = editor_page
    page.goto(change_url(article))
    page.get_by_role("button", name="Show preview").click()
    expect(preview_frame(page).locator("h1")).to_have_text("Pricing Your First Job")
    page.locator(".field-intro").get_by_text("Markdown cheat sheet").click()

    results = Axe().run(
        page,
        context={"include": [[selector] for selector in ADDITIONS]},
        options={"runOnly": {"type": "tag", "values": WCAG_A_AND_AA}},
    )
    assert results.violations_count == 0, results.generate_report()


def test_screenshots_of_the_preview_at_desktop_and_phone_widths(editor_page, phone, artifacts):
    article = make_article(title="Pricing Your First Job", sections=3)
    page = editor_page
    page.goto(change_url(article))
    page.get_by_role("button", name="Show preview").click()
    expect(preview_frame(page).locator("h1")).to_be_visible()
    page.screenshot(path=artifacts / "article-preview-desktop.png")

    page.get_by_label("Phone (375 px)").check()
    page.screenshot(path=artifacts / "article-preview-phone.png")

    # The admin on a phone: the preview sits above the form.
    log_in_to_admin(phone, "editor", "pw")
    phone.goto(change_url(article))
    phone.get_by_role("button", name="Show preview").click()
    expect(preview_frame(phone).locator("h1")).to_be_visible()
    phone.screenshot(path=artifacts / "article-preview-on-a-phone.png")

"""The e-zine editor in Chromium: the preview shows the email as it is sent, styled, at desktop
and phone widths, beside its text version; a test copy goes to the address typed; My account.

axe runs on the whole preview page and My account page. On the issue form it runs on what
this part adds (the greeting fieldset and the save buttons): the rest of that form is
Django's own markup, where axe faults the articles autocomplete's search box, which has no
label (the same stock widget the article form's tests leave out).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.test_accessibility import WCAG_A_AND_AA, axe_violations
from tests.e2e.test_editor_journey import log_in_to_admin
from tests.e2e.test_screenshots import save_screenshot
from tests.factories import make_editor, make_issue

LAPTOP = {"width": 1440, "height": 900}
# The email's colours (newsletter/templates/newsletter/email/): its inline styles apply only
# if the frame's own policy allows them. Without them, headings are black on white.
HEADING_COLOUR = "rgb(11, 47, 63)"
PAGE_COLOUR = "rgb(248, 246, 241)"


@pytest.fixture
def editor():
    editor = make_editor("editor")
    editor.first_name = "Edie"
    editor.save()
    return editor


@pytest.fixture
def editor_page(new_context, editor):
    page = new_context(viewport=LAPTOP).new_page()
    log_in_to_admin(page, "editor", "pw")
    return page


@pytest.fixture
def issue(site, settings, live_server):
    # The email's links lead to the live server, so a link opened from the preview works.
    settings.SITE_URL = live_server.url
    return make_issue(
        subject="Pricing and follow-ups: the June e-zine",
        body="Two articles this month on **getting paid** what the work is worth.",
        articles=[site.article, site.related],
    )


def preview_url(issue):
    return reverse("admin:newsletter_issue_preview", args=[issue.pk])


def email_frame(page):
    return page.frame_locator(".issue-preview-frame")


def computed(locator, prop):
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


def test_the_preview_shows_the_styled_email_at_desktop_and_phone_widths(
    editor_page, issue, artifacts
):
    page = editor_page
    page.goto(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    page.get_by_role("link", name="Preview", exact=True).click()

    heading = email_frame(page).get_by_role("heading", name=issue.subject, level=1)
    expect(heading).to_be_visible()
    expect(email_frame(page).get_by_text("Hello Edie,")).to_be_visible()
    assert computed(heading, "color") == HEADING_COLOUR
    assert computed(email_frame(page).locator("body"), "backgroundColor") == PAGE_COLOUR
    # The email is laid out 800 px wide, zoomed out to fit the panel.
    assert email_frame(page).locator("body").evaluate("body => innerWidth") == 800
    text = page.get_by_role("region", name="Text version")
    expect(text).to_contain_text("Hello Edie,")
    expect(text).to_contain_text("Two articles this month on getting paid")
    save_screenshot(page, artifacts / "ezine-preview-desktop.png")

    page.get_by_label("Phone (375 px)").check()

    expect(page.locator(".issue-preview-viewport")).to_have_attribute("data-width", "phone")
    assert email_frame(page).locator("body").evaluate("body => innerWidth") == 375
    expect(heading).to_be_visible()
    assert computed(heading, "color") == HEADING_COLOUR
    save_screenshot(page, artifacts / "ezine-preview-phone-width.png")


def test_a_link_in_the_previewed_email_opens_in_a_new_tab(editor_page, issue, site):
    page = editor_page
    page.goto(preview_url(issue))
    # Playwright aims clicks inside a zoomed-out frame as if it were not zoomed (a person's
    # click lands right): at the phone's width the frame is shown at full size.
    page.get_by_label("Phone (375 px)").check()

    with page.expect_popup() as popup:
        email_frame(page).get_by_role("link", name=site.article.title).click()

    expect(popup.value).to_have_url(re.compile(re.escape(site.article.get_absolute_url()) + "$"))
    expect(popup.value.get_by_role("heading", level=1)).to_have_text(site.article.title)


def test_the_preview_on_a_phone_starts_at_the_phones_width(phone, editor, issue, artifacts):
    log_in_to_admin(phone, "editor", "pw")
    phone.goto(preview_url(issue))

    expect(phone.get_by_label("Phone (375 px)")).to_be_checked()
    expect(email_frame(phone).get_by_text("Hello Edie,")).to_be_visible()
    save_screenshot(phone, artifacts / "ezine-preview-on-a-phone.png")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_subject_box_spans_the_form_on_a_laptop_and_a_phone(
    new_context, editor, issue, artifacts, width
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    log_in_to_admin(page, "editor", "pw")
    page.goto(reverse("admin:newsletter_issue_change", args=[issue.pk]))

    subject = page.get_by_label("Subject:").bounding_box()
    row = page.locator(".field-subject").bounding_box()
    assert subject["width"] >= row["width"] - 40
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    save_screenshot(page, artifacts / f"ezine-issue-form-{width}.png")


def test_an_editor_sends_a_test_to_an_address_they_type(editor_page, issue, mailoutbox):
    page = editor_page
    page.goto(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    page.get_by_role("link", name="Send a test…").click()

    page.get_by_label("Email address").fill("colleague@example.org")
    page.get_by_role("button", name="Send the test").click()

    expect(page.locator(".messagelist")).to_have_text(
        "A test copy was sent to colleague@example.org."
    )
    [message] = mailoutbox
    assert message.to == ["colleague@example.org"]
    assert message.subject == f"[Test] {issue.subject}"


def test_a_mistyped_test_address_is_refused_in_the_page(editor_page, issue, mailoutbox):
    page = editor_page
    page.goto(preview_url(issue))
    expect(email_frame(page).get_by_text("Hello Edie,")).to_be_visible()

    page.get_by_label("Email address").fill("colleague at example")
    page.get_by_role("button", name="Send the test").click()

    expect(page.locator("#send-test .errornote")).to_have_text("Please correct the error below.")
    expect(page.locator("#send-test .errorlist")).to_have_text("Enter a valid email address.")
    assert mailoutbox == []


def test_an_editor_changes_the_greeting_and_sees_it_in_the_preview(editor_page, issue):
    page = editor_page
    page.goto(reverse("admin:newsletter_issue_change", args=[issue.pk]))

    page.get_by_label("Greeting:", exact=True).fill("Good morning {first name}!")
    page.get_by_role("button", name="Save and preview").click()

    expect(email_frame(page).get_by_text("Good morning Edie!")).to_be_visible()
    expect(page.get_by_role("region", name="Text version")).to_contain_text("Good morning Edie!")


def test_an_editor_sets_their_email_in_my_account_and_tests_go_there(
    editor_page, editor, issue, artifacts
):
    page = editor_page
    page.get_by_role("link", name="My account").click()
    page.get_by_label("Email address").fill("edie@example.com")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_have_text("Your account was saved.")
    assert get_user_model().objects.get(pk=editor.pk).email == "edie@example.com"
    save_screenshot(page, artifacts / "my-account.png")
    page.goto(preview_url(issue))
    expect(page.get_by_label("Email address")).to_have_value("edie@example.com")


def test_the_new_pages_have_no_wcag_violations_on_a_desktop_or_a_phone(
    editor_page, phone, editor, issue
):
    log_in_to_admin(phone, "editor", "pw")
    reports = []
    for window, page in [("desktop", editor_page), ("phone", phone)]:
        page.goto(preview_url(issue))
        expect(email_frame(page).get_by_text("Hello Edie,")).to_be_visible()
        reports.append(("preview", window, axe_violations(page)))

        page.goto(reverse("admin:my_account"))
        reports.append(("my account", window, axe_violations(page)))

        page.goto(reverse("admin:newsletter_issue_change", args=[issue.pk]))
        results = Axe().run(
            page,
            context={
                "include": [[".field-greeting"], [".field-greeting_fallback"], [".submit-row"]]
            },
            options={"runOnly": {"type": "tag", "values": WCAG_A_AND_AA}},
        )
        reports.append(
            ("issue form", window, results.generate_report() if results.violations_count else "")
        )

    failures = [f"{name} ({window}): {report}" for name, window, report in reports if report]
    assert not failures, "\n\n".join(failures)

"""An issue's greeting: the reader's first name filled in, placeholders refused elsewhere."""

import pytest
from django.core.exceptions import ValidationError

from newsletter import emails, greetings
from tests.factories import make_issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["{first name}", "{First Name}", "{first_name}", "{{ first_name }}", "[FNAME]", "*|FNAME|*"],
)
def test_the_ways_editors_write_the_first_name_all_fill_it_in(typed):
    assert greetings.fill(f"Dear {typed},", "Dear reader,", "Pat") == "Dear Pat,"


def test_a_reader_without_a_first_name_gets_the_fallback():
    assert greetings.fill("Hello {first name},", "Hello,", "") == "Hello,"


def test_a_first_name_of_spaces_counts_as_none():
    assert greetings.fill("Hello {first name},", "Hello,", "  ") == "Hello,"


def test_a_greeting_without_the_name_is_the_same_for_everyone():
    assert greetings.fill("Dear readers,", "Hello,", "") == "Dear readers,"
    assert greetings.fill("Dear readers,", "Hello,", "Pat") == "Dear readers,"


def test_a_name_that_looks_like_a_placeholder_is_filled_in_as_it_is():
    assert greetings.fill("Hi {first name},", "Hi,", "{last name} $1") == "Hi {last name} $1,"


@pytest.mark.parametrize(
    "typed", ["Hello {last name},", "Hi {{ email }}", "Hello {% if x %}", "Hi *|LNAME|*"]
)
def test_the_greeting_refuses_placeholders_other_than_the_first_name(typed):
    with pytest.raises(ValidationError) as error:
        greetings.validate_greeting(typed)

    assert error.value.code == "unknown_placeholder"


@pytest.mark.parametrize(
    "typed",
    [
        "Thanks, {first name}, for reading.",
        "Thanks, {{ first_name }}!",
        "Thanks {{first_name}}",
        "See you, [first name].",
        "%%UNSUBSCRIBE_URL%%",
    ],
)
def test_the_note_refuses_any_placeholder(typed):
    with pytest.raises(ValidationError) as error:
        greetings.validate_no_placeholders(typed)

    assert error.value.code == "placeholder"


def test_markdown_links_and_plain_brackets_are_not_placeholders():
    greetings.validate_no_placeholders(
        "Read [the guide](https://example.com/) (or [this one][1]).\n\n[1]: /guide/"
    )


def test_the_fallback_refuses_the_first_name():
    with pytest.raises(ValidationError):
        greetings.validate_fallback("Hello {first name},")


# Rendered once per issue, filled in once per reader


def test_each_reader_gets_the_issues_greeting_with_their_name_in_both_parts():
    issue = make_issue(greeting="Good morning {first name}!", greeting_fallback="Good morning!")
    rendered = emails.render_issue(issue)

    text, html = rendered.for_reader("Pat", "https://example.com/u/1/")

    assert text.startswith("Good morning Pat!\n")
    assert '<p style="margin:0 0 16px;">Good morning Pat!</p>' in html


def test_a_reader_without_a_name_gets_the_fallback_in_both_parts():
    rendered = emails.render_issue(make_issue(greeting_fallback="Hello there,"))

    text, html = rendered.for_reader("", "https://example.com/u/1/")

    assert text.startswith("Hello there,\n")
    assert ">Hello there,</p>" in html


def test_the_name_is_escaped_in_the_html_part_only():
    rendered = emails.render_issue(make_issue())

    text, html = rendered.for_reader('<b>Pat</b> & "Co"', "https://example.com/u/1/")

    assert text.startswith('Hello <b>Pat</b> & "Co",')
    assert "Hello &lt;b&gt;Pat&lt;/b&gt; &amp; &quot;Co&quot;," in html
    assert "<b>Pat</b>" not in html


def test_a_name_holding_a_stand_in_is_not_replaced_by_the_unsubscribe_link():
    rendered = emails.render_issue(make_issue())

    text, _ = rendered.for_reader("%%UNSUBSCRIBE_URL%%", "https://example.com/u/1/")

    assert text.startswith("Hello %%UNSUBSCRIBE_URL%%,")


def test_an_issue_made_without_a_greeting_greets_as_issues_always_did():
    issue = make_issue()
    rendered = emails.render_issue(issue)

    assert (issue.greeting, issue.greeting_fallback) == ("Hello {first name},", "Hello,")
    assert rendered.for_reader("Pat", "u")[0].startswith("Hello Pat,")
    assert rendered.for_reader("", "u")[0].startswith("Hello,")

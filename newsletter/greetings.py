"""The greeting that opens each copy of an issue, and the placeholders editors may type.

An issue's greeting is the one part that differs from reader to reader, besides the
unsubscribe link: "Hello {first name}," becomes "Hello Pat," for Pat and the issue's fallback
("Hello,") for a reader who gave no first name. Editors write placeholders in the ways they
know from other tools, so `{first name}`, `{first_name}`, `{{ first_name }}`, `[FNAME]` and
`*|FNAME|*` all mean the first name in the greeting. Anywhere else (the subject, the note,
the fallback) a placeholder would reach readers as typed, so the validators refuse it.
"""

import re

from django.core.exceptions import ValidationError

FIRST_NAME = "{first name}"

# What editors type for a placeholder: {{ x }}, {% x %}, {x}, *|X|*, %%X%%, and the name
# words in square brackets (other bracketed text is a Markdown link, not a placeholder).
PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<double>[^{}\n]{0,40}?)\s*\}\}"
    r"|\{%[^\n]{0,60}?%\}"
    r"|\{\s*(?P<single>[A-Za-z][\w .-]{0,30}?)\s*\}"
    r"|\*\|\s*(?P<merge>[\w ]{1,30}?)\s*\|\*"
    r"|%%\s*(?P<percent>\w{1,30})\s*%%"
    r"|\[\s*(?P<bracket>first[ _]?name|fname|name)\s*\]",
    re.IGNORECASE,
)
FIRST_NAME_WORDS = {"firstname", "fname", "name"}


def placeholders(text):
    """Return the placeholders typed in `text`, in order, as they were typed."""
    return [match.group(0) for match in PLACEHOLDER.finditer(text)]


def is_first_name(placeholder):
    """Return True if a placeholder, however it is written, stands for the first name."""
    match = PLACEHOLDER.fullmatch(placeholder)
    if match is None:
        return False
    words = next((value for value in match.groupdict().values() if value is not None), "")
    return re.sub(r"[\s_.-]", "", words.lower()) in FIRST_NAME_WORDS


def fill(greeting, fallback, first_name):
    """Return the greeting for a reader: with their first name, or the fallback without one.

    A greeting that names nobody ("Dear readers,") is the same for everyone.
    """
    first_name = first_name.strip()
    if not any(is_first_name(found) for found in placeholders(greeting)):
        return greeting
    if not first_name:
        return fallback
    return PLACEHOLDER.sub(
        lambda match: first_name if is_first_name(match.group(0)) else match.group(0), greeting
    )


def quoted(found):
    return ", ".join(f"“{placeholder}”" for placeholder in dict.fromkeys(found))


def validate_greeting(value):
    """Refuse placeholders other than the first name in the greeting."""
    unknown = [found for found in placeholders(value) if not is_first_name(found)]
    if unknown:
        raise ValidationError(
            "The greeting can only fill in the reader's first name: write %(allowed)s. "
            "%(found)s would be sent as typed.",
            code="unknown_placeholder",
            params={"allowed": FIRST_NAME, "found": quoted(unknown)},
        )


def validate_no_placeholders(value):
    """Refuse placeholders where the text is the same for every reader."""
    found = placeholders(value)
    if found:
        raise ValidationError(
            "This is the same for every reader, so %(found)s would be sent as typed. "
            "The reader's name can only go in the greeting, as %(allowed)s.",
            code="placeholder",
            params={"allowed": FIRST_NAME, "found": quoted(found)},
        )


def validate_fallback(value):
    """Refuse placeholders in the greeting for readers without a first name."""
    found = placeholders(value)
    if found:
        raise ValidationError(
            "This line goes to readers who gave no first name, so %(found)s would reach "
            "them as typed. Write it without a name, such as “Hello,”.",
            code="placeholder",
            params={"found": quoted(found)},
        )

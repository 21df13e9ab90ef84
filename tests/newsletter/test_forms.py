"""The subscribe form accepts real addresses and turns hostile input into form errors."""

import pytest

from newsletter.forms import SubscribeForm
from tests.factories import make_notice

pytestmark = pytest.mark.django_db

VALID = [
    "simple@example.com",
    "user.name+tag+sorting@example.com",
    "o'reilly@example.com",
    "x@example.co.uk",
    "user@xn--bcher-kva.example",
    "a" * 64 + "@example.com",
]

HOSTILE = {
    "empty": "",
    "no at sign": "hello.world",
    "two at signs": "user@@example.com",
    "CR/LF header injection": "victim@example.com\r\nBcc: attacker@evil.example",
    "LF header injection": "victim@example.com\nBcc: attacker@evil.example",
    "CR/LF inside": "victim\r\n@example.com",
    "NUL byte": "user\x00@example.com",
    "NUL in domain": "user@example.com\x00.evil.example",
    "10,000 characters": "a" * 10_000 + "@example.com",
    "100,000 characters": "b" * 100_000,
    "Cyrillic a in the local part": "\u0430dmin@example.com",
    "Cyrillic e in the domain": "admin@\u0435xample.com",
    "full-width at sign": "user\uff20example.com",
    "small at sign": "user\ufe6bexample.com",
    "ideographic full stop": "user@example\u3002com",
    "zero-width space": "user\u200b@example.com",
    "display name": "Joe <user@example.com>",
    "two addresses": "user@example.com,other@example.com",
    "mailto": "mailto:user@example.com",
    "script": "<script>alert(1)</script>@example.com",
    "space inside": "user name@example.com",
    "leading dot": ".user@example.com",
    "doubled dot": "user@example..com",
}


def form(**data):
    data.setdefault("email", "reader@example.com")
    return SubscribeForm(data)


@pytest.mark.parametrize("address", VALID)
def test_real_addresses_are_accepted(address):
    subject = form(email=address)

    assert subject.is_valid(), subject.errors


@pytest.mark.parametrize("address", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_addresses_are_form_errors(address):
    subject = form(email=address)

    assert not subject.is_valid()
    assert subject.errors["email"]


def test_lookalike_domain_gets_a_clear_message():
    subject = form(email="admin@\u0435xample.com")

    assert not subject.is_valid()
    assert subject.has_error("email", code="non_ascii")
    assert "plain letters" in subject.errors["email"][0]


def test_address_is_trimmed_and_its_domain_lowercased():
    subject = form(email="  Jane.Doe@EXAMPLE.Com \n")

    assert subject.is_valid()
    assert subject.cleaned_data["email"] == "Jane.Doe@example.com"


def test_first_name_is_optional_and_may_be_any_script():
    for name in ["", "Zoë", "José", "Şebnem", "明美", "O'Brien"]:
        subject = form(first_name=name)
        assert subject.is_valid(), (name, subject.errors)


def test_hostile_first_names_are_form_errors():
    for name in [
        "Jane\r\nBcc: x@example.com",
        "Jane\x00",
        "Ja\u200bne",
        "x" * 10_000,
        "Visit http://spam.example",
        "www.spam.example",
        "jane@example.com",
    ]:
        subject = form(first_name=name)
        assert not subject.is_valid(), name
        assert subject.errors["first_name"], name


def test_filled_honeypot_marks_a_robot():
    robot = form(website="http://spam.example")
    person = form()

    assert robot.is_valid() and person.is_valid()
    assert robot.is_from_a_robot()
    assert not person.is_from_a_robot()


def test_notice_shown_is_kept_and_unknown_versions_fall_back_to_the_current_one():
    first = make_notice(version=10)
    current = make_notice(version=11)

    for sent, expected in [("10", first), ("11", current), ("99", current), ("x" * 500, current)]:
        subject = form(notice=sent)
        assert subject.is_valid()
        assert subject.cleaned_data["notice"] == expected, sent


def test_source_keeps_only_local_paths():
    cases = {
        "/marketing/newsletters/": "/marketing/newsletters/",
        "https://evil.example/": "",
        "//evil.example/": "",
        "/" + "a" * 300: "",
        "/line\nbreak": "",
    }
    for sent, expected in cases.items():
        subject = form(source=sent)
        assert subject.is_valid()
        assert subject.cleaned_data["source"] == expected, sent

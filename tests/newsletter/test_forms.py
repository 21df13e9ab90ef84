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
    "user@xn--bcher-kva.com",
    "test@xn--hxajbheg2az3al.xn--jxalpdlp",
    "a" * 64 + "@example.com",
    "!#$%&'*+-/=?^_`.{|}~@example.org",
    "user%example.com@example.org",
    "name/surname@example.com",
    "user-@example.org",
    "test@c--n.com",
    "test@iana.co-uk",
    "x@" + "d" * 63 + ".com",
    "x@" + ".".join(["d" * 63] * 3) + "." + "d" * 56 + ".com",  # 254 characters
]

# Addresses the RFCs allow but no mailbox is given, and that mail servers read differently.
NOT_A_MAILBOX = {
    '"john..doe"@example.com': "invalid_local_part",
    '"quoted"@example.com': "invalid_local_part",
    '"a@b"@example.com': "invalid_local_part",
    "john..doe@example.com": "invalid_local_part",
    ".john@example.com": "invalid_local_part",
    "user@@example.com": "two_at_signs",
    "user@example.com@example.com": "two_at_signs",
    "john.@example.com": "invalid_local_part",
    "a" * 65 + "@example.com": "too_long",
    "x@" + ".".join(["d" * 63] * 3) + "." + "d" * 57 + ".com": "too_long",
    "user@[127.0.0.1]": "invalid_domain",
    "user@[IPv6:::1]": "invalid_domain",
    "user@127.0.0.1": "invalid_domain",
    "user@localhost": "invalid_domain",
    "user@intranet": "invalid_domain",
    "user@example.com.": "invalid_domain",
    "user@mail.localhost": "invalid_domain",
    "user@printer.local": "invalid_domain",
    "user@host.internal": "invalid_domain",
    "user@nowhere.invalid": "invalid_domain",
    "user@site.test": "invalid_domain",
    "user@evil.example": "invalid_domain",
    "user@hidden.onion": "invalid_domain",
    "user@router.home.arpa": "invalid_domain",
}

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


@pytest.mark.parametrize("address", NOT_A_MAILBOX, ids=repr)
def test_only_addresses_in_the_form_of_a_mailbox_are_accepted(address):
    subject = form(email=address)

    assert not subject.is_valid()
    assert subject.has_error("email", code=NOT_A_MAILBOX[address])


@pytest.mark.parametrize(
    ("address", "hint"),
    [
        ("jane", "Enter an address like name@example.com."),
        ('"john..doe"@example.com', "Check the part before the @"),
        ("jane@@example.com", "with only one @ in it"),
        ("jane@[127.0.0.1]", "Check the part after the @"),
        ("jane@localhost", "such as gmail.com or example.co.uk"),
        ("a" * 65 + "@example.com", "at most 64 characters before the @"),
    ],
)
def test_a_refused_address_gets_one_message_saying_what_to_check(address, hint):
    [message] = form(email=address).errors["email"]

    assert hint in message


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

"""The SMTP backend's envelope addresses are exactly what Django's own backend would send."""

import pytest
from django.core import mail

ADDRESSES = [
    "reader@example.com",
    "First.Last+tag@mail.example.co.uk",
    "o'brien@example.ie",
    "a!#$%&*/=?^_`{|}~-@x-1.example",
    "smallbiz <ezine@localhost>",
    '"Jane Doe" <jane@example.com>',
    "Zoë <zoe@example.com>",
    "jane@bücher.example",
    '"quoted local"@example.com',
    "localuser",
]


@pytest.fixture
def backends(settings):
    options = {"host": "127.0.0.1"}
    settings.MAILERS = {
        "ours": {"BACKEND": "smallbiz.mail.SMTPBackend", "OPTIONS": options},
        "django": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options},
    }
    return mail.mailers["ours"], mail.mailers["django"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_envelope_address_is_the_one_django_would_send(backends, address):
    ours, django = backends

    assert ours.prep_address(address) == django.prep_address(address)
    assert ours.prep_address(address) == django.prep_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "jane@example.com\r\nBcc: spy@example.com",
        "jane@example.com, spy@example.com",
        "jane..doe@example.com",
        "zoë@example.com",
        "jane@",
    ],
)
def test_an_address_django_refuses_is_still_refused(backends, address):
    ours, _ = backends

    with pytest.raises(ValueError):
        ours.prep_address(address)

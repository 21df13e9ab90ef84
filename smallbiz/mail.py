"""Email backends: Django's SMTP backend with cheaper address checks, and a development one.

`SMTPBackend` is Django's, except that it takes a plain envelope address as it is instead of
running it through the email package's header parser, which cost a fifth of the CPU of
sending a newsletter copy (docs/performance.md).

`ReadableFileBackend` is for development. Django's file backend writes the encoded message,
where quoted-printable line breaks cut long links in two. This one writes the headers and
the plain-text part as they were written (`.txt`), and the HTML part beside it (`.html`, to
open in a browser).
"""

import re
from itertools import count
from pathlib import Path

from django.core.mail import InvalidMailer
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import slugify

# An address that Django's check returns unchanged: a dot-atom (RFC 5322) at an ASCII host.
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
PLAIN_ADDRESS = re.compile(rf"{ATOM}(?:\.{ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")

SHOWN_HEADERS = ["From", "To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post"]

_numbers = count(1)


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, parsing no plain address and no other address twice.

    Any address that is not plain (one with a display name, a quoted local part, a
    non-ASCII domain, a line break) goes through Django's check as before, and the answer is
    kept while the backend is in use: a newsletter's sender is checked once, not once a copy.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.checked = {}

    def prep_address(self, address, force_ascii=True):
        address = force_str(address)
        if PLAIN_ADDRESS.fullmatch(address):
            return address
        if (address, force_ascii) not in self.checked:
            self.checked[address, force_ascii] = super().prep_address(address, force_ascii)
        return self.checked[address, force_ascii]


class ReadableFileBackend(BaseEmailBackend):
    def __init__(self, *, file_path=None, **kwargs):
        super().__init__(**kwargs)
        if not file_path:
            raise InvalidMailer("OPTIONS must define 'file_path'.", alias=self.alias)
        self.file_path = Path(file_path)
        self.file_path.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages):
        for message in email_messages:
            # Building the message checks it as sending it would (bad headers raise here).
            built = message.message()
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{next(_numbers):04d}-{slugify(message.subject)[:40]}"
            headers = "".join(f"{key}: {built[key]}\n" for key in SHOWN_HEADERS if key in built)
            (self.file_path / f"{name}.txt").write_text(headers + "\n" + message.body)
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    (self.file_path / f"{name}.html").write_text(content)
        return len(email_messages)

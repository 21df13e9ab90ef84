"""A development email backend that writes each email where a person can read it.

Django's file backend writes the encoded message, where quoted-printable line breaks cut
long links in two. This one writes the headers and the plain-text part as they were
written (`.txt`), and the HTML part beside it (`.html`, to open in a browser).
"""

from itertools import count
from pathlib import Path

from django.core.mail import InvalidMailer
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.text import slugify

SHOWN_HEADERS = ["From", "To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post"]

_numbers = count(1)


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

"""Serialise an issue's messages quickly: the MIME structure is built once per issue.

Python's email package takes a few milliseconds to build and serialise one message, which
would cap sending at about two hundred messages a second. An issue's messages differ only
in the recipient, three per-message headers and the two bodies. So the email package builds
one template per issue, with markers in those places (doing the careful work: encoding the
subject and sender, the multipart structure, the part headers), and each reader's copy is
the template's bytes with the markers replaced: the bodies encoded as quoted-printable by
binascii (in C), the headers as plain ASCII lines.

The bodies, too, differ only in a few lines (the greeting, the unsubscribe link), and
quoted-printable encodes each line on its own. So the lines of the issue's bodies are
encoded once, and each copy encodes only the lines that are its own.
"""

import binascii
import email.message
import email.policy
import re
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid
from functools import cached_property

from django.core.mail.utils import DNS_NAME
from django.utils.crypto import get_random_string

# Headers whose value is different in each copy. They are written unfolded: Python would
# fold a long List-Unsubscribe URL into RFC 2047 encoded words, which mail providers do not
# decode there (RFC 5322 allows header lines of up to 998 characters).
PER_MESSAGE_HEADERS = ["To", "Date", "Message-ID", "List-Unsubscribe"]
BODIES = ["TEXT", "HTML"]


class MessageTemplate:
    """The bytes of one issue's message, with slots for what differs between readers.

    `bodies` are the issue's text and HTML with stand-ins for the per-reader parts: the
    lines a copy shares with them are encoded only once.
    """

    def __init__(self, *, subject, from_email, headers, bodies=()):
        self.subject = subject
        self.from_email = from_email
        self.headers = headers
        marker = "SLOT" + get_random_string(24)
        msg = email.message.EmailMessage(policy=email.policy.SMTP.clone(refold_source="none"))
        msg["Subject"] = subject
        msg["From"] = from_email
        for name in PER_MESSAGE_HEADERS:
            msg.set_raw(name, f"{marker}{name.replace('-', '')}")
        for name, value in headers.items():
            msg[name] = value
        msg.set_content(f"{marker}TEXT", cte="quoted-printable")
        msg.add_alternative(f"{marker}HTML", subtype="html", cte="quoted-printable")
        # The body markers are followed by the line break that ends each body.
        pieces = re.split(rb"(%s[A-Za-z]+)" % marker.encode(), msg.as_bytes())
        self.pieces = [
            piece.removeprefix(marker.encode()).decode() if n % 2 else piece
            for n, piece in enumerate(pieces)
        ]
        # Encoding whole bodies was most of the work of filling in a copy (docs/performance.md).
        self.encoded_lines = {line: encode_line(line) for body in bodies for line in lines(body)}

    def fill(self, *, to, list_unsubscribe, text, html):
        """Return the bytes of one reader's copy, ready for SMTP."""
        values = {
            "To": to,
            "Date": format_datetime(datetime.now(UTC)),
            "MessageID": make_msgid(domain=DNS_NAME),
            "ListUnsubscribe": list_unsubscribe,
        }
        for name, value in values.items():
            if "\r" in value or "\n" in value or not value.isascii():
                raise ValueError(f"The {name} header must be one line of ASCII.")
        slots = {name: value.encode() for name, value in values.items()}
        slots["TEXT"] = self.quoted_printable(text)
        slots["HTML"] = self.quoted_printable(html)
        return b"".join(slots[piece] if n % 2 else piece for n, piece in enumerate(self.pieces))

    def quoted_printable(self, text):
        """Return text as a quoted-printable body with CRLF line ends, less its last line end."""
        encoded = self.encoded_lines
        return b"\r\n".join(
            [encoded[line] if line in encoded else encode_line(line) for line in lines(text)]
        )


def lines(text):
    """Return the lines of a body, whichever line ends it has, less its last line end."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removesuffix("\n").split("\n")


def encode_line(line):
    """Return one line as quoted-printable, soft-broken into lines of at most 76 characters."""
    return binascii.b2a_qp(line.encode(), istext=True).replace(b"\n", b"\r\n")


class PreparedMessage:
    """A serialised message for Django's mail backends.

    The SMTP backend only asks for its bytes; anything else (the console and file backends
    read headers) is answered from a parsed copy, made on first use.
    """

    def __init__(self, data):
        self.data = data

    def as_bytes(self, *args, **kwargs):
        return self.data

    @cached_property
    def parsed(self):
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def __getitem__(self, name):
        return self.parsed[name]

    def __contains__(self, name):
        return name in self.parsed

    def __getattr__(self, name):
        # Only called for names the instance lacks; never for its own (copying asks early).
        if name.startswith("__") or name in {"data", "parsed"}:
            raise AttributeError(name)
        return getattr(self.parsed, name)

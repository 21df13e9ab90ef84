"""Email backends that misbehave on purpose, for the sending tests."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    """The test backend, counting how often a connection is opened."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


class FailingBackend(EmailBackend):
    """Raise `errors[address]` for some readers: an exception, or a list used one per attempt."""

    errors = {}

    def send_messages(self, messages):
        for message in messages:
            error = self.errors.get(message.to[0])
            if isinstance(error, list):
                error = error.pop(0) if error else None
            if error is not None:
                raise error
        return super().send_messages(messages)


class CrashingBackend(EmailBackend):
    """Deliver `limit` messages, then die in the middle of the next as a killed worker would."""

    limit = 0

    def send_messages(self, messages):
        if len(mail.outbox) >= type(self).limit:
            raise KeyboardInterrupt("worker stopped")
        return super().send_messages(messages)


def refused(address, code):
    return smtplib.SMTPRecipientsRefused({address: (code, f"<{address}> mailbox busy".encode())})

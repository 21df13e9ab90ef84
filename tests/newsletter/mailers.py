"""Email backends that misbehave on purpose, for the sending tests."""

import smtplib
import time

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


class TakenOverBackend(EmailBackend):
    """Deliver every message; with the first, call `take_over()`, as if the server were slow."""

    take_over = None

    def send_messages(self, messages):
        take_over, type(self).take_over = type(self).take_over, None
        if take_over:
            take_over()
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """The test backend, taking a tenth of a second a message, like a slow mail server."""

    def send_messages(self, messages):
        time.sleep(0.1)
        return super().send_messages(messages)


class UnreachableBackend(EmailBackend):
    """A mail server that refuses connections."""

    def open(self):
        raise ConnectionRefusedError("Connection refused")


def refused(address, code):
    return smtplib.SMTPRecipientsRefused({address: (code, f"<{address}> mailbox busy".encode())})

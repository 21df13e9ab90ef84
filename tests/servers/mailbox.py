"""An SMTP sink for the app servers: aiosmtpd in the test process, keeping what it accepts."""

import asyncio
import email
import email.policy
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.servers.hosts import free_port

# Below the servers' SMTP timeout (30 s), so that a sender held back never gives up.
HOLD_SECONDS = 20


@dataclass
class Received:
    connection: tuple  # the sender's (address, port): one per SMTP connection
    recipients: list
    message: EmailMessage


class Mailbox:
    """An aiosmtpd handler that accepts every message and keeps it with its connection.

    `hold_until_two_senders(subject)` makes the mailbox hold back the first connection that
    sends a message with that subject until a second connection sends one too (or until
    HOLD_SECONDS pass), like a slow mail server: it makes two senders overlap for certain.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._received = []
        self._held_subject = None
        self._senders = set()
        self._together = asyncio.Event()

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        return self.controller.port

    def stop(self):
        self.controller.stop()

    def clear(self):
        with self._lock:
            self._received = []
            self._held_subject = None
            self._senders = set()
            self._together = asyncio.Event()

    def received(self):
        with self._lock:
            return list(self._received)

    def hold_until_two_senders(self, subject):
        with self._lock:
            self._held_subject = subject

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if self._held_subject and message["Subject"] == self._held_subject:
            await self._hold(session.peer)
        with self._lock:
            self._received.append(Received(session.peer, envelope.rcpt_tos, message))
        return "250 Message accepted"

    async def _hold(self, connection):
        self._senders.add(connection)
        if len(self._senders) > 1:
            self._together.set()
        try:
            await asyncio.wait_for(self._together.wait(), HOLD_SECONDS)
        except TimeoutError:
            # No second sender came: let this one go on, and the test say so.
            self._together.set()

"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the tests and
the benchmark. It can refuse addresses and answer the next messages with a temporary error."""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The aiosmtpd handler: messages as parsed ``EmailMessage``s, in arrival order."""

    def __init__(self, keep: bool = True):
        self.keep = keep
        self.messages: list = []
        self.count = 0
        self.refuse: set[str] = set()
        self.fail_next = 0
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.fail_next:
                self.fail_next -= 1
                return "421 4.3.0 Try again later"
            self.count += 1
            if self.keep:
                self.messages.append(
                    email.message_from_bytes(envelope.original_content, policy=email.policy.default)
                )
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class LoopbackSmtp:
    def __init__(self, keep: bool = True):
        self.mailbox = Mailbox(keep=keep)
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

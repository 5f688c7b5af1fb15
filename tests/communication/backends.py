"""Mail backends that stand in for a worker dying or an SMTP server refusing, in tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class WorkerDied(Exception):
    """The worker process is gone: nothing after this in the batch runs."""


class DyingBackend(EmailBackend):
    """Takes `LIMIT` mails, then the worker 'dies' while handing over the next."""

    LIMIT = 3
    taken: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            if len(DyingBackend.taken) >= DyingBackend.LIMIT:
                raise WorkerDied
            DyingBackend.taken.extend(message.to)
        return len(messages)


class RefusingBackend(EmailBackend):
    """Refuses addresses starting with 'bad', and cannot connect for those starting 'down'."""

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            if address.startswith("bad"):
                raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 No such user")})
            if address.startswith("down"):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)

"""Email backends for the integration tests' worker processes."""

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class StallingFileBackend(FileBackend):
    """Delivers the message, then hangs before the mail server's answer comes back: the
    moment at which a killed worker leaves a message sent but not recorded as sent."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        self.close()  # flush the message file
        Path(settings.EMAIL_FILE_PATH, "stalled.marker").touch()
        time.sleep(120)
        return sent

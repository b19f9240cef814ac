"""Why an email was not delivered, in a sentence directie can act on.

`Reminder.last_error` keeps the raw error (the mail library's English exception text) for the
log and the admin; the list of undelivered emails shows one translated sentence per kind of
failure instead, never the raw text.
"""

from django.utils.translation import gettext_lazy as _

# Written by the sweep that finds a send whose worker died; recognised again below.
WORKER_STOPPED_BEFORE_HANDOVER = "The worker stopped before handing the message to the mail server."
WORKER_STOPPED_AFTER_HANDOVER = (
    "The worker stopped after handing the message to the mail server; it may have been sent."
)

_STOPPED_BEFORE = _("The sending stopped before the email reached the mail server.")
_STOPPED_AFTER = _(
    "The sending stopped after the email reached the mail server. It may have arrived: ask "
    "the recipient before sending it again."
)
_RECIPIENT_REFUSED = _(
    "The mail server refused the recipient's email address. Check the address of this staff member."
)
_SENDER_REFUSED = _(
    "The mail server refused the sender's address. Ask the administrator to check the email "
    "settings."
)
_LOGIN_REFUSED = _(
    "The mail server refused the app's login. Ask the administrator to check the email settings."
)
_UNREACHABLE = _(
    "The mail server could not be reached. If this keeps happening, ask the administrator to "
    "check the email settings."
)
_MESSAGE_REFUSED = _("The mail server refused the email.")
_UNKNOWN = _("The email could not be sent. The server log has the technical details.")

# By the class name of the exception, which `_send_failed` writes before the colon.
_BY_ERROR = {
    "SMTPRecipientsRefused": _RECIPIENT_REFUSED,
    "SMTPSenderRefused": _SENDER_REFUSED,
    "SMTPAuthenticationError": _LOGIN_REFUSED,
    "SMTPNotSupportedError": _LOGIN_REFUSED,
    "SMTPConnectError": _UNREACHABLE,
    "SMTPServerDisconnected": _UNREACHABLE,
    "ConnectionRefusedError": _UNREACHABLE,
    "ConnectionResetError": _UNREACHABLE,
    "ConnectionAbortedError": _UNREACHABLE,
    "TimeoutError": _UNREACHABLE,
    "timeout": _UNREACHABLE,
    "gaierror": _UNREACHABLE,
    "OSError": _UNREACHABLE,
    "SSLError": _UNREACHABLE,
    "SSLCertVerificationError": _UNREACHABLE,
    "SMTPDataError": _MESSAGE_REFUSED,
    "SMTPHeloError": _MESSAGE_REFUSED,
    "SMTPResponseException": _MESSAGE_REFUSED,
    "SMTPException": _MESSAGE_REFUSED,
}


def delivery_failure_text(last_error: str) -> str:
    """The translated sentence for a stored error; empty when there was none."""
    if not last_error:
        return ""
    if last_error == WORKER_STOPPED_BEFORE_HANDOVER:
        return str(_STOPPED_BEFORE)
    if last_error == WORKER_STOPPED_AFTER_HANDOVER:
        return str(_STOPPED_AFTER)
    name = last_error.partition(":")[0].strip()
    return str(_BY_ERROR.get(name, _UNKNOWN))

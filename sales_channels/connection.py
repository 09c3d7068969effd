"""A channel's connection state in one place: connected, failed with a reason, disconnected, or a warning.

Every path that learns something about a channel's credentials calls these (the connect flows of
an integration, the connection test in `services`, the task runner after an auth failure, the
app-uninstalled webhook), so the status, the redacted reason and the installation time are
written the same way for every vendor. A vendor channel model names its credential fields in
`CREDENTIAL_FIELDS`; `mark_disconnected` clears them. `connected_at` is when the current
installation began: webhooks that predate it (an old uninstall replayed) are ignored.
"""

from django.utils import timezone

from sales_channels.factories.binders import error_text
from sales_channels.models import SalesChannel
from sales_channels.redaction import Redactor

CONNECTED = SalesChannel.ConnectionStatus.CONNECTED
FAILED = SalesChannel.ConnectionStatus.FAILED
DISCONNECTED = SalesChannel.ConnectionStatus.DISCONNECTED
MESSAGE_MAX = 2000


def _redacted(*, channel: SalesChannel, message: str) -> str:
    return Redactor(secrets=channel.secret_values()).text(message)[:MESSAGE_MAX]


def mark_connected(*, channel: SalesChannel, save: bool = False) -> None:
    """The channel is connected with no error, installed now (saved only with `save=True`)."""
    channel.connection_status = CONNECTED
    channel.last_connection_error = ""
    channel.connected_at = timezone.now()
    if save:
        SalesChannel.objects.filter(pk=channel.pk).update(
            connection_status=CONNECTED,
            last_connection_error="",
            connected_at=channel.connected_at,
            updated_at=timezone.now(),
        )


def record_connection_failure(*, channel: SalesChannel, error: BaseException | str) -> str:
    """Store `failed` and the (redacted) reason at once, outside the caller's save; return the message."""
    message = error if isinstance(error, str) else error_text(error)
    message = _redacted(channel=channel, message=message)
    SalesChannel.objects.filter(pk=channel.pk).update(
        connection_status=FAILED, last_connection_error=message, updated_at=timezone.now()
    )
    channel.connection_status = FAILED
    channel.last_connection_error = message
    return message


def record_connection_ok(*, channel: SalesChannel) -> None:
    """A successful check: connected with no error (the installation time is kept)."""
    SalesChannel.objects.filter(pk=channel.pk).update(
        connection_status=CONNECTED, last_connection_error="", updated_at=timezone.now()
    )
    channel.connection_status = CONNECTED
    channel.last_connection_error = ""


def record_connection_warning(*, channel: SalesChannel, message: str) -> None:
    """Store a problem that does not break the connection (a metadata pull failed); the status is kept."""
    message = _redacted(channel=channel, message=message)
    SalesChannel.objects.filter(pk=channel.pk).update(last_connection_error=message, updated_at=timezone.now())
    channel.last_connection_error = message


def mark_disconnected(*, channel: SalesChannel, reason: str) -> None:
    """Forget the channel's credentials (its model's CREDENTIAL_FIELDS) and mark it disconnected; saved."""
    specific = channel.specific
    for name in getattr(type(specific), "CREDENTIAL_FIELDS", ()):
        field = specific._meta.get_field(name)
        setattr(specific, name, None if field.null else "")
    specific.connection_status = DISCONNECTED
    specific.last_connection_error = _redacted(channel=specific, message=reason)
    specific.save()
    if specific is not channel:
        channel.connection_status = DISCONNECTED
        channel.last_connection_error = specific.last_connection_error

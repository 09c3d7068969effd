"""The connection state of a Shopify channel: connected, failed with a reason, or disconnected."""

from django.utils import timezone

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.binders import error_text
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.redaction import Redactor

CONNECTED = ShopifySalesChannel.ConnectionStatus.CONNECTED
FAILED = ShopifySalesChannel.ConnectionStatus.FAILED
DISCONNECTED = ShopifySalesChannel.ConnectionStatus.DISCONNECTED
TOKEN_FIELDS = ("access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at")


def mark_connected(*, channel: ShopifySalesChannel) -> None:
    """Set the channel connected with no error (not saved)."""
    channel.connection_status = CONNECTED
    channel.last_connection_error = ""


def record_connection_failure(*, channel: ShopifySalesChannel, error: SalesChannelError | str) -> str:
    """Store `connection_status=failed` and the (redacted) reason at once, outside the caller's save; return it."""
    message = error if isinstance(error, str) else error_text(error)
    message = Redactor(secrets=channel.secret_values()).text(message)[:2000]
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(
        connection_status=FAILED, last_connection_error=message, updated_at=timezone.now()
    )
    channel.connection_status = FAILED
    channel.last_connection_error = message
    return message


def mark_disconnected(*, channel: ShopifySalesChannel, reason: str) -> None:
    """Forget the channel's tokens and mark it disconnected (the app was uninstalled or revoked)."""
    values = {
        "access_token": "",
        "refresh_token": "",
        "access_token_expires_at": None,
        "refresh_token_expires_at": None,
    }
    for name, value in values.items():
        setattr(channel, name, value)
    channel.connection_status = DISCONNECTED
    channel.last_connection_error = reason
    channel.save()


def record_connection_warning(*, channel: ShopifySalesChannel, message: str) -> None:
    """Store a problem that does not break the connection (a metadata pull failed) without changing the status."""
    message = Redactor(secrets=channel.secret_values()).text(message)[:2000]
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(last_connection_error=message, updated_at=timezone.now())
    channel.last_connection_error = message

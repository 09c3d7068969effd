"""Order polling: an order import for every channel that imports orders, every quarter of an hour.

A channel polls when it is active, connected, has "import orders" switched on and its integration
registers an import processor of kind "orders". Each import resumes from where the channel's last
one stopped (the integration's cursor), so a poll that finds nothing new costs one page. A channel
whose vendor also sends order webhooks still polls: a missed delivery then arrives within the next
poll instead of never. At most one order import per channel is pending or running at a time.
"""

from sales_channels.flows.default import start_import
from sales_channels.models import ImportProcess, ImportStatus, SalesChannel
from sales_channels.registry import find_spec

ORDERS_KIND = "orders"
OPEN_IMPORT_STATUSES = (ImportStatus.PENDING, ImportStatus.RUNNING)


def start_order_import(*, channel: SalesChannel) -> ImportProcess | None:
    """Queue an order import for the channel unless one is pending or running; returns the new process."""
    if ImportProcess.objects.filter(sales_channel=channel, kind=ORDERS_KIND, status__in=OPEN_IMPORT_STATUSES).exists():
        return None
    return start_import(channel=channel, kind=ORDERS_KIND)


def polling_channels() -> list[SalesChannel]:
    """Active, connected channels with order import on whose integration imports orders."""
    channels = SalesChannel.objects.filter(
        active=True, import_orders=True, connection_status=SalesChannel.ConnectionStatus.CONNECTED
    ).order_by("pk")
    found = []
    for channel in channels:
        spec = find_spec(channel.integration)
        if spec is not None and ORDERS_KIND in spec.import_processors:
            found.append(channel)
    return found


def queue_order_imports() -> list[ImportProcess]:
    """An order import for each polling channel that has none pending or running; returns the new processes."""
    started = [start_order_import(channel=channel) for channel in polling_channels()]
    return [process for process in started if process is not None]

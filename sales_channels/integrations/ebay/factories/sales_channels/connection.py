"""The `connection.test` step: one cheap authenticated call (the Identity API's user).

A working connection whose consent ends within 30 days passes, with the reconsent warning in its
detail; the framework's connection test then stores `EbaySalesChannel.connection_warning()` on the
channel (shown as its last connection error and by `sales_channel_status`).
"""

from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.integrations.ebay.models import EbaySalesChannel


class EbayConnectionTestStep(SyncStep):
    """Ask eBay who the seller is; raises the taxonomy's error when the call fails."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        user = self.client.user() or {}
        detail = f"connected as {user.get('username', '?')}"
        warning = self.channel.connection_warning() if isinstance(self.channel, EbaySalesChannel) else ""
        return StepOutcome(kind=UNCHANGED, detail=f"{detail}. {warning}" if warning else detail)

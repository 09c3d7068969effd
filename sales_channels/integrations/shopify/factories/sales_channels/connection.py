"""The `connection.test` step: one cheap authenticated call (the shop's metadata)."""

from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome


class ShopifyConnectionTestStep(SyncStep):
    """Ask the shop for its metadata; raises the taxonomy's error when the call fails."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        data = self.client.execute(document="shop_metadata")
        return StepOutcome(kind=UNCHANGED, detail=f"connected to {(data.get('shop') or {}).get('name', '?')}")

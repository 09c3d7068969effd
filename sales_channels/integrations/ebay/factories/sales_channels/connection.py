"""The `connection.test` step: one cheap authenticated call (the Identity API's user)."""

from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome


class EbayConnectionTestStep(SyncStep):
    """Ask eBay who the seller is; raises the taxonomy's error when the call fails."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        user = self.client.user() or {}
        return StepOutcome(kind=UNCHANGED, detail=f"connected as {user.get('username', '?')}")

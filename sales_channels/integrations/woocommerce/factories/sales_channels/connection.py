"""The `connection.test` step: one cheap authenticated read (`GET /system_status`, the store's environment)."""

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome


class WooCommerceConnectionTestStep(SyncStep):
    """Read the store's system status with the channel's key; raises the taxonomy's error when the call fails."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        status = self.client.system_status()
        if not isinstance(status, dict):
            raise InvalidVendorPayload(f"GET system_status answered {type(status).__name__}, expected an object")
        environment = status.get("environment") or {}
        version = environment.get("version") or "?"
        return StepOutcome(
            kind=UNCHANGED, detail=f"connected to {environment.get('home_url', '?')} (WooCommerce {version})"
        )

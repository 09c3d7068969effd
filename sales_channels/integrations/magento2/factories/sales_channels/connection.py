"""The `connection.test` step: one cheap signed read (`GET /V1/store/storeViews`)."""

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome


class Magento2ConnectionTestStep(SyncStep):
    """List the store views with the channel's credentials; a 401 names the credential Magento refused."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        views = self.client.get("store/storeViews")
        if not isinstance(views, list):
            raise InvalidVendorPayload(f"GET store/storeViews answered {type(views).__name__}, expected a list")
        codes = sorted(
            str(view.get("code")) for view in views if isinstance(view, dict) and view.get("code") != "admin"
        )
        return StepOutcome(kind=UNCHANGED, detail=f"connected: store views {', '.join(codes) or 'none'}")

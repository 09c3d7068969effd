"""The `connection.test` step: one cheap authenticated read (`GET /sellers/v1/marketplaceParticipations`).

It exercises both credentials: Login with Amazon exchanges the refresh token for an access token
(a refused one is `AmazonAuthError`), then SP-API accepts or refuses that token (`AuthExpired`).
"""

from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome


class AmazonConnectionTestStep(SyncStep):
    """List the seller's marketplace participations; raises the taxonomy's error when the call fails."""

    usage = "connection.test"

    def run(self) -> StepOutcome:
        participations = self.client.marketplace_participations()
        ids = sorted(str((row.get("marketplace") or {}).get("id", "?")) for row in participations)
        return StepOutcome(kind=UNCHANGED, detail=f"connected: marketplaces {', '.join(ids) or 'none'}")

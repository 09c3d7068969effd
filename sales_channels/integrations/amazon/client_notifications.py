"""The SP-API Notifications v1 operations: destinations (grantless) and the seller's subscriptions.

`AmazonClient` mixes this in. Destinations belong to the application, not to a seller, so they take
a grantless access token (`client_credentials` with scope `sellingpartnerapi::notifications`), got
through the channel's LWA client on the shared session and kept on the client for its lifetime
(the SDK would keep it in a process-global cache); subscriptions use the seller's token.
"""

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from sp_api.api import Notifications

from sales_channels.exceptions import RemoteObjectMissing
from sales_channels.integrations.amazon.client_support import required

NOTIFICATIONS_SCOPE = "sellingpartnerapi::notifications"
DESTINATIONS = "/notifications/v1/destinations"
SUBSCRIPTIONS = "/notifications/v1/subscriptions"


class NotificationOperations:
    """getDestinations, createDestination (grantless), getSubscription, createSubscription."""

    _grantless_token: str = ""

    def grantless_headers(self, api: Notifications) -> dict[str, str]:
        """The SP-API headers with a grantless access token instead of the seller's."""
        if not self._grantless_token:
            auth = api._auth
            url = auth.scheme + auth.host + auth.path
            answer = auth._request(url, auth.grantless_data(NOTIFICATIONS_SCOPE), auth.headers)
            self._grantless_token = str(answer.get("access_token") or "")
        return {
            "user-agent": api.user_agent,
            "x-amz-access-token": self._grantless_token,
            "x-amz-date": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
            "content-type": "application/json",
        }

    def destinations(self) -> list[dict[str, Any]]:
        api = self.api(Notifications)
        answer = self.call(
            "getDestinations",
            lambda: api._request(DESTINATIONS, params={}, headers=self.grantless_headers(api), add_marketplace=False),
        )
        return list(answer.payload or [])

    def create_destination(self, *, name: str, sqs_arn: str) -> dict[str, Any]:
        api = self.api(Notifications)
        body = {"method": "POST", "name": name, "resourceSpecification": {"sqs": {"arn": sqs_arn}}}
        answer = self.call(
            "createDestination",
            lambda: api._request(
                DESTINATIONS, data=dict(body), headers=self.grantless_headers(api), add_marketplace=False
            ),
        )
        return required(answer, "createDestination", "destinationId")

    def subscription(self, *, notification_type: str) -> dict[str, Any] | None:
        """The seller's subscription to a notification type, or None."""
        api = self.api(Notifications)
        path = f"{SUBSCRIPTIONS}/{quote(notification_type, safe='')}"
        try:
            answer = self.call("getSubscription", lambda: api._request(path, params={}, add_marketplace=False))
        except RemoteObjectMissing:
            return None
        return required(answer, "getSubscription", "subscriptionId")

    def create_subscription(self, *, notification_type: str, destination_id: str, payload_version: str) -> dict:
        api = self.api(Notifications)
        path = f"{SUBSCRIPTIONS}/{quote(notification_type, safe='')}"
        body = {"method": "POST", "destinationId": destination_id, "payloadVersion": payload_version}
        answer = self.call("createSubscription", lambda: api._request(path, data=dict(body), add_marketplace=False))
        return required(answer, "createSubscription", "subscriptionId")

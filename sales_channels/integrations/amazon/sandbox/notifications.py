"""The sandbox's Notifications API v1: destinations (grantless), subscriptions, and the messages a destination gets.

Amazon delivers notifications to an SQS queue or EventBridge, never to an HTTP URL. The sandbox
keeps each destination's queue (`queues[destination_id]`, SQS-shaped messages whose `Body` is the
notification JSON) so a test or the demo can relay them the way a deployment's queue consumer
would. LISTINGS_ITEM_STATUS_CHANGE and LISTINGS_ITEM_ISSUES_CHANGE are queued when a listing is
created, replaced, patched or deleted, for the subscribed types only.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from .listings import Listing, now_iso

STATUS_CHANGE = "LISTINGS_ITEM_STATUS_CHANGE"
ISSUES_CHANGE = "LISTINGS_ITEM_ISSUES_CHANGE"
NOTIFICATION_TYPES = frozenset({STATUS_CHANGE, ISSUES_CHANGE, "ORDER_CHANGE", "FEED_PROCESSING_FINISHED"})


@dataclass
class Subscription:
    """One notification type's subscription of the application for this seller."""

    subscription_id: str
    notification_type: str
    destination_id: str
    payload_version: str

    def as_answer(self) -> dict[str, Any]:
        return {
            "subscriptionId": self.subscription_id,
            "payloadVersion": self.payload_version,
            "destinationId": self.destination_id,
        }


class NotificationsStore:
    """Destinations, subscriptions and each destination's queued messages."""

    def __init__(self, *, seller_id: str, application_id: str) -> None:
        self.lock = threading.RLock()
        self.seller_id = seller_id
        self.application_id = application_id
        self.destinations: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.queues: dict[str, list[dict[str, str]]] = {}

    def create_destination(self, *, name: str, resource: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """(the Destination, "") or (None, why it is refused)."""
        sqs = resource.get("sqs") if isinstance(resource, dict) else None
        if not isinstance(sqs, dict) or not str(sqs.get("arn", "")).startswith("arn:aws:sqs:"):
            return None, "resourceSpecification.sqs.arn must be an SQS queue ARN."
        with self.lock:
            if any(found["resource"]["sqs"]["arn"] == sqs["arn"] for found in self.destinations.values()):
                return None, "A destination for this SQS queue already exists."
            destination = {"destinationId": str(uuid.uuid4()), "name": name, "resource": {"sqs": {"arn": sqs["arn"]}}}
            self.destinations[destination["destinationId"]] = destination
            self.queues[destination["destinationId"]] = []
            return destination, ""

    def subscribe(self, *, notification_type: str, destination_id: str, payload_version: str) -> Subscription:
        with self.lock:
            subscription = Subscription(
                subscription_id=str(uuid.uuid4()),
                notification_type=notification_type,
                destination_id=destination_id,
                payload_version=payload_version,
            )
            self.subscriptions[notification_type] = subscription
            return subscription

    def listing_changed(self, listing: Listing, *, deleted: bool = False) -> None:
        """Queue the status and issues notifications of a changed listing for the subscribed types."""
        payload: dict[str, Any] = {
            "SellerId": self.seller_id,
            "MarketplaceId": listing.marketplace_id,
            "Asin": listing.asin,
            "Sku": listing.sku,
        }
        status = [] if deleted else (["BUYABLE", "DISCOVERABLE"] if "purchasable_offer" in listing.attributes else [])
        severities = sorted({str(issue.get("severity", "ERROR")) for issue in listing.issues})
        self._queue(STATUS_CHANGE, {**payload, "CreatedDate": listing.created, "Status": status})
        self._queue(ISSUES_CHANGE, {**payload, "Severities": severities, "EnforcementActions": []})

    def _queue(self, notification_type: str, payload: dict[str, Any]) -> None:
        with self.lock:
            subscription = self.subscriptions.get(notification_type)
            if subscription is None:
                return
            notification = {
                "NotificationVersion": "1.0",
                "NotificationType": notification_type,
                "PayloadVersion": subscription.payload_version,
                "EventTime": now_iso(),
                "Payload": payload,
                "NotificationMetadata": {
                    "ApplicationId": self.application_id,
                    "SubscriptionId": subscription.subscription_id,
                    "PublishTime": now_iso(),
                    "NotificationId": str(uuid.uuid4()),
                },
            }
            message = {"MessageId": str(uuid.uuid4()), "Body": json.dumps(notification)}
            self.queues.setdefault(subscription.destination_id, []).append(message)

    def order_changed(self, *, order_id: str, marketplace_id: str, status: str) -> None:
        """Queue an ORDER_CHANGE notification (OrderStatusChange) for a subscribed seller."""
        change = {
            "NotificationLevel": "OrderLevel",
            "SellerId": self.seller_id,
            "AmazonOrderId": order_id,
            "OrderChangeType": "OrderStatusChange",
            "OrderChangeTrigger": {"TimeOfOrderChange": now_iso(), "ChangeReason": "Order status changed"},
            "Summary": {
                "MarketplaceId": marketplace_id,
                "OrderStatus": status,
                "PurchaseDate": now_iso(),
                "DestinationPostalCode": "98101",
                "FulfillmentType": "MFN",
                "OrderType": "StandardOrder",
                "OrderItems": [],
            },
        }
        self._queue("ORDER_CHANGE", {"OrderChangeNotification": change})

    def receive(self, destination_id: str) -> list[dict[str, str]]:
        """Take every queued message of a destination (as a queue consumer would, then delete them)."""
        with self.lock:
            messages, self.queues[destination_id] = self.queues.get(destination_id, []), []
            return messages

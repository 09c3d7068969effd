"""Amazon notifications: the subscription set-up, and listing and order changes acted on through the webhook inbox.

Amazon never calls an HTTP URL: it delivers notifications to an SQS queue (or EventBridge) in the
deployment's AWS account. The set-up (`subscribe_notifications`) makes sure the application has a
destination for that queue (grantless `getDestinations` / `createDestination`) and that the seller
is subscribed to each of `NOTIFICATION_TYPES`: LISTINGS_ITEM_STATUS_CHANGE, LISTINGS_ITEM_ISSUES_CHANGE
and ORDER_CHANGE (`getSubscription`, `createSubscription`); run it again at any time, it only adds
what is missing.

The deployment relays each queue message's body unchanged (an SQS consumer, a Lambda on the queue,
or an EventBridge API destination) to the framework's webhook inbox,
`POST /webhooks/amazon/<channel id>/`, with the header `X-OneSila-Notification-Key:
<notification_key(channel)>`. Verification: that key (an HMAC of the channel id under the
server's secret, compared in constant time), then the notification's application and seller must
be the channel's; the event id is `NotificationMetadata.NotificationId` (a redelivered message is a
duplicate), its time `EventTime`. A local install has no queue: `listing_status.refresh_listing_issues`
polls instead.

Handlers: the listing notifications read the listing back (`getListingsItem` summaries and issues)
and store Amazon's current issues on its mirror (a listing Amazon no longer holds loses its remote
id); ORDER_CHANGE queues the channel's orders import (changes since the newest imported order),
once: while one is queued or running, further order changes are acknowledged and left to it.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from sales_channels.flows.default import start_import
from sales_channels.integrations.amazon.client import AmazonClient
from sales_channels.integrations.amazon.factories.listings import vendor_issues
from sales_channels.integrations.amazon.factories.metadata import client_for
from sales_channels.integrations.amazon.factories.orders import KIND as ORDERS_KIND
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.marketplaces.issues import VENDOR, store_issues
from sales_channels.models import ImportProcess, ImportStatus, MirrorStatus, RemoteProduct
from sales_channels.webhooks.spec import STALE, VerifiedDelivery, WebhookIgnored, WebhookRejected, WebhookSpec

STATUS_CHANGE = "LISTINGS_ITEM_STATUS_CHANGE"
ISSUES_CHANGE = "LISTINGS_ITEM_ISSUES_CHANGE"
ORDER_CHANGE = "ORDER_CHANGE"
# notification type -> the payload version subscribed to
NOTIFICATION_TYPES = {STATUS_CHANGE: "1.0", ISSUES_CHANGE: "2023-12-13", ORDER_CHANGE: "1.0"}
OPEN_IMPORT = (ImportStatus.PENDING, ImportStatus.RUNNING)
KEY_HEADER = "X-OneSila-Notification-Key"
MAX_AGE_SECONDS = 4 * 24 * 3600  # SQS keeps a message four days by default: a relay may catch up that late


@dataclass
class NotificationSetup:
    """What the set-up found or created: the destination and one subscription id per notification type."""

    destination_id: str
    destination_created: bool
    subscriptions: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)


def notification_key(channel: AmazonSalesChannel) -> str:
    """The key the relay sends in `X-OneSila-Notification-Key` for this channel (derived, never stored)."""
    message = f"amazon-notifications:{channel.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def inbox_path(channel: AmazonSalesChannel) -> str:
    """Where the relay posts this channel's notifications (append to the public host)."""
    return reverse("webhooks:inbox", kwargs={"integration": channel.integration, "channel_id": channel.pk})


def subscribe_notifications(
    *, channel: AmazonSalesChannel, sqs_arn: str, client: AmazonClient | None = None
) -> NotificationSetup:
    """Make sure the SQS destination exists and the seller is subscribed to every notification type."""
    if not sqs_arn.startswith("arn:aws:sqs:"):
        raise ValueError(f"'{sqs_arn}' is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>).")
    client = client or client_for(channel)
    existing = next(
        (
            found
            for found in client.destinations()
            if (found.get("resource") or {}).get("sqs", {}).get("arn") == sqs_arn
        ),
        None,
    )
    destination = existing or client.create_destination(name=f"onesila-{channel.pk}", sqs_arn=sqs_arn)
    setup = NotificationSetup(destination_id=str(destination["destinationId"]), destination_created=existing is None)
    for notification_type, version in NOTIFICATION_TYPES.items():
        found = client.subscription(notification_type=notification_type)
        if found is None:
            found = client.create_subscription(
                notification_type=notification_type, destination_id=setup.destination_id, payload_version=version
            )
            setup.created.append(notification_type)
        setup.subscriptions[notification_type] = str(found["subscriptionId"])
    return setup


def _event_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def verify_notification(*, channel: AmazonSalesChannel, body: bytes, headers: Mapping[str, str]) -> VerifiedDelivery:
    """The relay's key, then the notification's own application and seller (see the module docstring)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if not hmac.compare_digest(lowered.get(KEY_HEADER.lower(), ""), notification_key(channel)):
        raise WebhookRejected(f"The {KEY_HEADER} header is missing or wrong.")
    try:
        notification = json.loads(body)
    except ValueError as error:
        raise WebhookRejected("The notification is not JSON.", status=400) from error
    if not isinstance(notification, dict):
        raise WebhookRejected("The notification is not a JSON object.", status=400)
    metadata = notification.get("NotificationMetadata") or {}
    payload = notification.get("Payload") or {}
    if channel.application_id and metadata.get("ApplicationId") != channel.application_id:
        raise WebhookRejected("The notification is for another application.")
    seller = payload.get("SellerId") or (payload.get("OrderChangeNotification") or {}).get("SellerId")
    if seller != channel.selling_partner_id:
        raise WebhookRejected("The notification is for another seller.")
    if not metadata.get("NotificationId"):
        raise WebhookRejected("The notification has no NotificationId.", status=400, counter=STALE)
    return VerifiedDelivery(
        topic=str(notification.get("NotificationType") or ""),
        event_id=str(metadata["NotificationId"]),
        triggered_at=_event_time(notification.get("EventTime")),
    )


def listing_changed(*, channel: AmazonSalesChannel, delivery: Any, payload: Any) -> str:
    """Read the notified listing back and store Amazon's current issues on its mirror."""
    found = (payload or {}).get("Payload") or {}
    sku, marketplace_id = str(found.get("Sku") or ""), str(found.get("MarketplaceId") or "")
    mirror = (
        RemoteProduct.objects.filter(sales_channel=channel, view__remote_id=marketplace_id, remote_id=sku)
        .order_by("pk")
        .first()
    )
    if mirror is None:
        raise WebhookIgnored(f"No listing of SKU '{sku}' in marketplace {marketplace_id} is synced from here.")
    item = client_for(channel).get_listing(sku=sku, marketplace_id=marketplace_id, included="summaries,issues")
    if item is None:
        mirror.remote_id, mirror.status = "", MirrorStatus.PENDING
        mirror.save(update_fields=["remote_id", "status", "updated_at"])
        return f"SKU {sku} is no longer on Amazon ({marketplace_id}): it is created again on its next sync"
    issues = vendor_issues(item)
    store_issues(remote_product=mirror, source=VENDOR, issues=issues)
    status = ", ".join(((item.get("summaries") or [{}])[0].get("status")) or []) or "not buyable"
    errors = sum(1 for issue in issues if issue.severity == "error")
    return f"SKU {sku} ({marketplace_id}): {status}; {len(issues)} issue(s), {errors} error(s)"


def order_changed(*, channel: AmazonSalesChannel, delivery: Any, payload: Any) -> str:
    """Queue the channel's orders import (changes since the newest imported order), unless one is already open."""
    order = (((payload or {}).get("Payload") or {}).get("OrderChangeNotification") or {}).get("AmazonOrderId", "")
    waiting = ImportProcess.objects.filter(sales_channel=channel, kind=ORDERS_KIND, status__in=OPEN_IMPORT).first()
    if waiting is not None:
        raise WebhookIgnored(f"Order {order} changed: orders import {waiting.pk} is already queued and will read it.")
    process = start_import(channel=channel, kind=ORDERS_KIND)
    return f"Order {order} changed: orders import {process.pk} queued"


AMAZON_WEBHOOKS = WebhookSpec(verify=verify_notification, max_age_seconds=lambda: MAX_AGE_SECONDS)
AMAZON_WEBHOOKS.handle(STATUS_CHANGE, listing_changed)
AMAZON_WEBHOOKS.handle(ISSUES_CHANGE, listing_changed)
AMAZON_WEBHOOKS.handle(ORDER_CHANGE, order_changed)

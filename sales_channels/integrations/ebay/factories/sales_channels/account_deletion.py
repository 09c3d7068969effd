"""eBay's marketplace account deletion notifications: the endpoint challenge, then the webhook inbox.

eBay validates the endpoint with `GET ?challenge_code=X`, answered with
`sha256_hex(X + verification token + endpoint URL)`. Each notification is POSTed with
`X-EBAY-SIGNATURE`: base64 JSON `{alg: ECDSA, kid, signature, digest: SHA1}`; the signature covers
the raw body and is checked with the public key eBay serves for `kid` (Notification API, with the
application token; cached for an hour).

The endpoint is one per application, not per channel, and a notification concerns any eBay user:
a seller connected here, or a buyer whose orders were imported. `deliver_notification` hands it to
the framework's webhook inbox (`receive_delivery`) of every eBay channel, in any company, that
holds something of that user: connected as the user (`ebay_user_id`), orders from the user
(`Order.customer_name` is the buyer's username), raw records of broken order imports naming the
user, or the same notification already (a retry: the inbox answers it as a duplicate). The inbox
runs `verify_notification` (signature, topic, notification id, event date), stores the delivery
once per notification id, and runs `erase_user_data`: a seller's tokens and eBay identity are
cleared (the channel disconnected); a buyer's name and email on the channel's orders are blanked
(the orders, their lines and totals stay for the books) and broken order records naming the buyer
lose their raw record. The delivery's body (it names the user) is not kept once processed.

A notification of a user with nothing here is still verified (with any eBay channel's keyset: the
public key is the application's), then answered 204 with nothing stored; a bad signature answers
412 whether or not a channel matches, and a forged notification erases nothing.
"""

import base64
import binascii
import hashlib
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.cache import cache
from django.db.models import Q

from orders.models import Order
from sales_channels.connection import mark_disconnected
from sales_channels.exceptions import RemoteObjectMissing, SalesChannelError
from sales_channels.factories.clients import build_client
from sales_channels.integrations.ebay.factories.imports.orders import KIND as ORDERS_KIND
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import ImportItemError, RemoteCallLog, WebhookDelivery
from sales_channels.registry import spec_for_channel
from sales_channels.webhooks.receive import InboxAnswer, receive_delivery
from sales_channels.webhooks.spec import VerifiedDelivery, WebhookIgnored, WebhookRejected, WebhookSpec

logger = logging.getLogger(__name__)

TOPIC = "MARKETPLACE_ACCOUNT_DELETION"
PUBLIC_KEY_TTL_SECONDS = 3600
MAX_AGE_SECONDS = 7 * 86_400  # eBay retries a notification for days: older deliveries are stale
DIGESTS = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256}
PRECONDITION_FAILED = 412  # what eBay expects when a notification cannot be verified
ERASED = "[erased eBay user]"
VERIFIERS_TRIED = 3  # channels whose keyset may fetch eBay's public key when no channel holds the user


def challenge_response(*, challenge_code: str, verification_token: str, endpoint: str) -> str:
    """The hex SHA-256 of challengeCode + verificationToken + endpoint, as eBay checks it."""
    return hashlib.sha256((challenge_code + verification_token + endpoint).encode()).hexdigest()


def _refused(message: str) -> WebhookRejected:
    return WebhookRejected(message, status=PRECONDITION_FAILED)


def parse_signature(header: str) -> dict[str, str]:
    try:
        decoded = json.loads(base64.b64decode(header, validate=True))
    except (ValueError, binascii.Error):
        raise _refused("X-EBAY-SIGNATURE is not base64 JSON") from None
    if not isinstance(decoded, dict) or not all(decoded.get(k) for k in ("kid", "signature")):
        raise _refused("X-EBAY-SIGNATURE lacks kid or signature")
    return {key: str(value) for key, value in decoded.items()}


def public_key_pem(*, channel: EbaySalesChannel, kid: str) -> str:
    """eBay's public key for `kid` (cached), fetched with the channel's application token."""
    cache_key = f"ebay:notification_public_key:{kid}"
    found = cache.get(cache_key)
    if found:
        return found
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    with session:
        try:
            answer = client.public_key(kid=kid) or {}
        except RemoteObjectMissing:
            raise _refused(f"eBay has no public key {kid}") from None
    pem = str(answer.get("key") or "")
    if not pem:
        raise _refused(f"eBay has no public key {kid}")
    cache.set(cache_key, pem, PUBLIC_KEY_TTL_SECONDS)
    return pem


def check_signature(*, body: bytes, signature: dict[str, str], pem: str) -> None:
    digest = DIGESTS.get(signature.get("digest", "SHA1").upper())
    if digest is None:
        raise _refused("unsupported digest")
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise _refused("the public key is not an ECDSA key")
    try:
        key.verify(base64.b64decode(signature["signature"]), body, ec.ECDSA(digest()))
    except (InvalidSignature, ValueError, binascii.Error):
        raise _refused("the signature does not match the body") from None


def notification_of(body: bytes) -> dict[str, Any]:
    """The `notification` object of a body (WebhookRejected when it is not eBay's shape)."""
    try:
        notification = json.loads(body)["notification"]
        str(notification["data"]["userId"])
        str(notification["notificationId"])
    except (ValueError, KeyError, TypeError):
        raise _refused("the notification body is not eBay's shape") from None
    return notification


def verify_notification(*, channel: EbaySalesChannel, body: bytes, headers: Mapping[str, str]) -> VerifiedDelivery:
    """The inbox's verifier: eBay's ECDSA signature over the body, then the notification's id and date."""
    lowered = {name.lower(): value for name, value in headers.items()}
    signature = parse_signature(lowered.get("x-ebay-signature", ""))
    notification = notification_of(body)
    check_signature(body=body, signature=signature, pem=public_key_pem(channel=channel, kid=signature["kid"]))
    try:
        triggered = datetime.strptime(str(notification.get("eventDate")), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        triggered = None
    return VerifiedDelivery(topic=TOPIC, event_id=str(notification["notificationId"]), triggered_at=triggered)


def _user_of(notification: Mapping[str, Any]) -> tuple[str, str]:
    data = notification.get("data") or {}
    return str(data.get("userId") or "").strip(), str(data.get("username") or "").strip()


def _naming(username: str) -> re.Pattern[str]:
    """The username as a whole token (`buyer_1` is not inside `buyer_10`), case-insensitively."""
    return re.compile(rf"(?<![\w.\-]){re.escape(username)}(?![\w.\-])", re.IGNORECASE)


def names_user(value: Any, *, pattern: re.Pattern[str]) -> bool:
    """Whether a raw record (any JSON) names the user in one of its strings or keys."""
    if isinstance(value, str):
        return bool(pattern.search(value))
    if isinstance(value, dict):
        return any(names_user(k, pattern=pattern) or names_user(v, pattern=pattern) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(names_user(item, pattern=pattern) for item in value)
    return False


def record_of_buyer(error: ImportItemError, *, username: str, pattern: re.Pattern[str]) -> bool:
    """Whether a broken order record is the user's: an eBay order by its `buyer.username` (its other strings,
    titles and addresses, may hold the same word without being the user's), any other record by a mention."""
    record = error.raw_record
    if isinstance(record, dict) and isinstance(record.get("buyer"), dict):
        return str(record["buyer"].get("username") or "").strip().casefold() == username.casefold()
    return names_user(record, pattern=pattern) or bool(pattern.search(error.message))


def _ebay_channel_ids() -> Any:
    return EbaySalesChannel.objects.values("pk")


def _buyer_orders(*, username: str, channel_ids: Any) -> Any:
    return Order.objects.filter(sales_channel_id__in=channel_ids, customer_name__iexact=username)


def _broken_order_records(*, username: str, channel_ids: Any) -> Any:
    """Item errors of eBay order imports whose raw record may name the user (a superset: text search)."""
    return ImportItemError.objects.filter(
        import_process__sales_channel_id__in=channel_ids,
        import_process__kind=ORDERS_KIND,
        raw_record__icontains=username,
    )


def erase_buyer_data(*, channel: EbaySalesChannel, username: str) -> tuple[int, int]:
    """Blank the buyer's name and email on the channel's orders; drop broken order records naming them.

    Returns (orders anonymised, broken records erased). The orders stay (lines, totals, status): only
    the buyer's personal data goes. A broken record loses its raw record, and the username is taken
    out of its message. The channel's call log excerpts (order pages name their buyers) lose it too.
    """
    orders = _buyer_orders(username=username, channel_ids=[channel.pk]).update(customer_name="", customer_email="")
    pattern = _naming(username)
    records = 0
    for error in _broken_order_records(username=username, channel_ids=[channel.pk]):
        if not record_of_buyer(error, username=username, pattern=pattern):
            continue
        error.raw_record = None
        error.message = pattern.sub(ERASED, error.message)
        error.save(update_fields=["raw_record", "message"])
        records += 1
    if orders or records:
        scrub_call_logs(channel_id=channel.pk, username=username, pattern=pattern)
    return orders, records


def scrub_call_logs(*, channel_id: int, username: str, pattern: re.Pattern[str]) -> int:
    """The username taken out of the channel's recorded vendor calls (their redacted, truncated excerpts)."""
    logs = RemoteCallLog.objects.filter(sales_channel_id=channel_id).filter(
        Q(response_excerpt__icontains=username) | Q(request_excerpt__icontains=username)
    )
    scrubbed = 0
    for log in logs.only("pk", "request_excerpt", "response_excerpt").iterator():
        request, response = pattern.sub(ERASED, log.request_excerpt), pattern.sub(ERASED, log.response_excerpt)
        if (request, response) != (log.request_excerpt, log.response_excerpt):
            RemoteCallLog.objects.filter(pk=log.pk).update(request_excerpt=request, response_excerpt=response)
            scrubbed += 1
    return scrubbed


def erase_user_data(*, channel: EbaySalesChannel, delivery, payload: Any) -> str:
    """The inbox's handler: forget what the channel holds of the user (as its seller, or as a buyer)."""
    specific = channel.specific
    if not isinstance(specific, EbaySalesChannel):
        raise WebhookIgnored("not an eBay channel")
    user_id, username = _user_of((payload or {}).get("notification") or {})
    done = []
    if user_id and specific.ebay_user_id == user_id:
        mark_disconnected(channel=specific, reason="eBay asked to delete this account's data (account deletion).")
        EbaySalesChannel.objects.filter(pk=channel.pk).update(ebay_user_id="", ebay_username="", oauth_state="")
        done.append("the seller's tokens and identity erased")
    if username:
        orders, records = erase_buyer_data(channel=specific, username=username)
        if orders or records:
            done.append(f"the buyer's data erased from {orders} order(s) and {records} broken order record(s)")
    if not done:
        raise WebhookIgnored("nothing of this eBay user is held on the channel")
    logger.info("eBay account deletion: channel %s: %s", channel.pk, "; ".join(done))
    return "; ".join(done)


def channels_of_user(*, body: bytes) -> list[EbaySalesChannel]:
    """The eBay channels (any company) holding something of the notification's user, or the notification itself.

    As the seller (`ebay_user_id`), as a buyer (orders, broken order records), or a delivery of this
    very notification (a retry: it goes to the inbox again, which answers it as a duplicate).
    """
    notification = notification_of(body)
    user_id, username = _user_of(notification)
    channel_ids = _ebay_channel_ids()
    found = Q(
        pk__in=WebhookDelivery.objects.filter(
            sales_channel_id__in=channel_ids, topic=TOPIC, event_id=str(notification["notificationId"])[:255]
        ).values("sales_channel_id")
    )
    if user_id:
        found |= Q(ebay_user_id=user_id)
    if username:
        found |= Q(pk__in=_buyer_orders(username=username, channel_ids=channel_ids).values("sales_channel_id"))
        found |= Q(
            pk__in=_broken_order_records(username=username, channel_ids=channel_ids).values(
                "import_process__sales_channel_id"
            )
        )
    return list(EbaySalesChannel.objects.filter(found).order_by("pk"))


def verify_unrouted(*, body: bytes, headers: Mapping[str, str]) -> InboxAnswer:
    """Verify a notification no channel takes (the public key fetched with some eBay channel's keyset)."""
    verifiers = EbaySalesChannel.objects.exclude(client_id="").order_by("-active", "pk")[:VERIFIERS_TRIED]
    unreachable = None
    for channel in verifiers:
        try:
            verify_notification(channel=channel, body=body, headers=headers)
        except WebhookRejected as refused:
            logger.warning("eBay account deletion refused (no channel holds the user): %s", refused.message)
            return InboxAnswer(refused.status, refused.message)
        except SalesChannelError as error:  # that keyset cannot fetch the key: try another
            unreachable = error
            continue
        return InboxAnswer(204, "nothing of this eBay user is held here")
    if unreachable is not None:
        return InboxAnswer(503, "eBay's public key could not be fetched; try again later")
    return InboxAnswer(204, "no eBay channel: nothing of this user is held here")


def deliver_notification(*, body: bytes, headers: Mapping[str, str]) -> InboxAnswer:
    """The endpoint's POST: each channel holding the user gets it through its inbox; none: verified, 204."""
    try:
        channels = channels_of_user(body=body)
    except WebhookRejected as refused:
        return InboxAnswer(refused.status, refused.message)
    if not channels:
        return verify_unrouted(body=body, headers=headers)
    for channel in channels:  # each channel's inbox verifies, stores once and erases
        answer = receive_delivery(channel=channel, body=body, headers=dict(headers))
        if answer.status >= 300:
            return answer
    return InboxAnswer(204, "handed to the inbox")


EBAY_WEBHOOKS = WebhookSpec(verify=verify_notification, max_age_seconds=lambda: MAX_AGE_SECONDS)
EBAY_WEBHOOKS.handle(TOPIC, erase_user_data)

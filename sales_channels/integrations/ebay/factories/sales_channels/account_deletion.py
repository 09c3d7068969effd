"""eBay's marketplace account deletion notifications: the endpoint challenge, then the webhook inbox.

eBay validates the endpoint with `GET ?challenge_code=X`, answered with
`sha256_hex(X + verification token + endpoint URL)`. Each notification is POSTed with
`X-EBAY-SIGNATURE`: base64 JSON `{alg: ECDSA, kid, signature, digest: SHA1}`; the signature covers
the raw body and is checked with the public key eBay serves for `kid` (Notification API, with the
application token; cached for an hour).

The endpoint is one per application, not per channel: a notification names the eBay user, and is
handed to the framework's webhook inbox of every channel connected as that user
(`receive_delivery`): the inbox runs `verify_notification` (signature, topic, notification id,
event date), stores the delivery once per notification id (eBay's retries are duplicates), and
runs `erase_user_data`, which clears the channel's tokens and the stored eBay identity. The
delivery's body (it names the user) is not kept once processed. A bad signature answers 412.
"""

import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.cache import cache

from sales_channels.connection import mark_disconnected
from sales_channels.exceptions import RemoteObjectMissing
from sales_channels.factories.clients import build_client
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.registry import spec_for_channel
from sales_channels.webhooks.spec import VerifiedDelivery, WebhookRejected, WebhookSpec

logger = logging.getLogger(__name__)

TOPIC = "MARKETPLACE_ACCOUNT_DELETION"
PUBLIC_KEY_TTL_SECONDS = 3600
MAX_AGE_SECONDS = 7 * 86_400  # eBay retries a notification for days: older deliveries are stale
DIGESTS = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256}
PRECONDITION_FAILED = 412  # what eBay expects when a notification cannot be verified


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


def erase_user_data(*, channel: EbaySalesChannel, delivery, payload: Any) -> str:
    """The inbox's handler: forget the user's tokens and eBay identity on this channel."""
    specific = channel.specific
    mark_disconnected(channel=specific, reason="eBay asked to delete this account's data (account deletion).")
    EbaySalesChannel.objects.filter(pk=channel.pk).update(ebay_user_id="", ebay_username="", oauth_state="")
    logger.info("eBay account deletion: channel %s erased", channel.pk)
    return "the eBay user's tokens and identity erased"


def channels_of_user(*, body: bytes) -> list[EbaySalesChannel]:
    """The channels connected as the notification's eBay user (none: nothing of that user here)."""
    user_id = str(notification_of(body)["data"]["userId"])
    return list(EbaySalesChannel.objects.filter(ebay_user_id=user_id)) if user_id else []


EBAY_WEBHOOKS = WebhookSpec(verify=verify_notification, max_age_seconds=lambda: MAX_AGE_SECONDS)
EBAY_WEBHOOKS.handle(TOPIC, erase_user_data)

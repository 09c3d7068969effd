"""eBay's marketplace account deletion notifications: the endpoint challenge, signature check and erasure.

eBay validates the endpoint with `GET ?challenge_code=X`, answered with
`sha256_hex(X + verification token + endpoint URL)`. Each notification is POSTed with
`X-EBAY-SIGNATURE`: base64 JSON `{alg: ECDSA, kid, signature, digest: SHA1}`; the signature covers
the raw body and is checked with the public key eBay serves for `kid` (Notification API, application
token; cached for an hour). A verified notification erases what OneSila holds of that eBay user:
every channel connected as that user id loses its tokens and the stored eBay identity. A
transient failure while fetching the key answers 500, so eBay delivers the notification again.
"""

import base64
import binascii
import hashlib
import json
import logging
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

logger = logging.getLogger(__name__)

PUBLIC_KEY_TTL_SECONDS = 3600
DIGESTS = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256}


class NotificationRefused(Exception):
    """The notification is not eBay's (bad signature, unknown key) or not readable."""


def challenge_response(*, challenge_code: str, verification_token: str, endpoint: str) -> str:
    """The hex SHA-256 of challengeCode + verificationToken + endpoint, as eBay checks it."""
    return hashlib.sha256((challenge_code + verification_token + endpoint).encode()).hexdigest()


def parse_signature(header: str) -> dict[str, str]:
    try:
        decoded = json.loads(base64.b64decode(header, validate=True))
    except (ValueError, binascii.Error):
        raise NotificationRefused("X-EBAY-SIGNATURE is not base64 JSON") from None
    if not isinstance(decoded, dict) or not all(decoded.get(k) for k in ("kid", "signature")):
        raise NotificationRefused("X-EBAY-SIGNATURE lacks kid or signature")
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
            raise NotificationRefused(f"eBay has no public key {kid}") from None
    pem = str(answer.get("key") or "")
    if not pem:
        raise NotificationRefused(f"eBay has no public key {kid}")
    cache.set(cache_key, pem, PUBLIC_KEY_TTL_SECONDS)
    return pem


def verify(*, body: bytes, signature: dict[str, str], pem: str) -> None:
    digest = DIGESTS.get(signature.get("digest", "SHA1").upper())
    if digest is None:
        raise NotificationRefused("unsupported digest")
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise NotificationRefused("the public key is not an ECDSA key")
    try:
        key.verify(base64.b64decode(signature["signature"]), body, ec.ECDSA(digest()))
    except (InvalidSignature, ValueError, binascii.Error):
        raise NotificationRefused("the signature does not match the body") from None


def handle_notification(*, body: bytes, signature_header: str) -> int:
    """Verify one notification and erase the user's data; returns how many channels were erased."""
    signature = parse_signature(signature_header)
    try:
        payload: Any = json.loads(body)
        data = payload["notification"]["data"]
        user_id = str(data["userId"])
    except (ValueError, KeyError, TypeError):
        raise NotificationRefused("the notification body is not eBay's shape") from None
    channels = list(EbaySalesChannel.objects.filter(ebay_user_id=user_id))
    if not channels:
        return 0  # nothing of that user here: nothing to verify against, nothing to erase
    verify(body=body, signature=signature, pem=public_key_pem(channel=channels[0], kid=signature["kid"]))
    for channel in channels:
        mark_disconnected(channel=channel, reason="eBay asked to delete this account's data (account deletion).")
        EbaySalesChannel.objects.filter(pk=channel.pk).update(ebay_user_id="", ebay_username="", oauth_state="")
        logger.info("eBay account deletion: channel %s erased", channel.pk)
    return len(channels)

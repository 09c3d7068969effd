"""Marketplace account deletion as eBay runs it: the challenge GET, then ECDSA-signed notification POSTs.

eBay first validates the endpoint: `GET <endpoint>?challenge_code=X` must answer
`{"challengeResponse": sha256_hex(X + verificationToken + endpoint)}`. Notifications are then
POSTed with `X-EBAY-SIGNATURE: base64(JSON {"alg": "ECDSA", "kid", "signature", "digest": "SHA1"})`,
the signature an ECDSA (P-256) signature of the body; the public key is served by the
Notification API's `GET /commerce/notification/v1/public_key/{kid}`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

TOPIC = "MARKETPLACE_ACCOUNT_DELETION"


class NotificationSigner:
    """The sandbox's signing key and its public key answer."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.kid = uuid.uuid4().hex

    def public_key_answer(self, kid: str) -> dict[str, Any] | None:
        if kid != self.kid:
            return None
        pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {"algorithm": "ECDSA", "digest": "SHA1", "key": pem.decode()}

    def signature_header(self, body: bytes) -> str:
        signature = self.key.sign(body, ec.ECDSA(hashes.SHA1()))  # noqa: S303 - eBay's notifications use SHA1
        header = {"alg": "ECDSA", "kid": self.kid, "signature": base64.b64encode(signature).decode(), "digest": "SHA1"}
        return base64.b64encode(json.dumps(header).encode()).decode()


def challenge_answer(*, challenge_code: str, verification_token: str, endpoint: str) -> str:
    """What eBay expects back for a challenge."""
    return hashlib.sha256((challenge_code + verification_token + endpoint).encode()).hexdigest()


def deletion_payload(*, username: str, user_id: str) -> dict[str, Any]:
    now = datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "metadata": {"topic": TOPIC, "schemaVersion": "1.0", "deprecated": False},
        "notification": {
            "notificationId": str(uuid.uuid4()),
            "eventDate": now,
            "publishDate": now,
            "publishAttemptCount": 1,
            "data": {"username": username, "userId": user_id, "eiasToken": secrets.token_urlsafe(16)},
        },
    }


def validate_endpoint(*, endpoint: str, verification_token: str, timeout: float = 5.0) -> bool:
    """The challenge GET; True when the endpoint answered the right hash."""
    code = secrets.token_hex(16)
    separator = "&" if "?" in endpoint else "?"
    try:
        with urllib.request.urlopen(
            f"{endpoint}{separator}{urlencode({'challenge_code': code})}", timeout=timeout
        ) as answer:  # noqa: S310 - 127.0.0.1 only
            body = json.loads(answer.read() or b"{}")
    except (urllib.error.URLError, ValueError):
        return False
    expected = challenge_answer(challenge_code=code, verification_token=verification_token, endpoint=endpoint)
    return isinstance(body, dict) and body.get("challengeResponse") == expected


def deliver(*, endpoint: str, body: bytes, signature: str, timeout: float = 5.0) -> int:
    """POST one notification; its HTTP status."""
    request = urllib.request.Request(  # noqa: S310 - the sandbox delivers to 127.0.0.1 only
        endpoint, data=body, method="POST", headers={"Content-Type": "application/json", "X-EBAY-SIGNATURE": signature}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as failed:
        return failed.code

"""AES-GCM encryption for secrets stored in the database (channel tokens, API keys).

The key ring comes from `settings.ONESILA_ENCRYPTION_KEY`: comma-separated `kid:base64(32 bytes)`
entries. The first entry encrypts; every entry can decrypt, so keys rotate by prepending a new one.
Each stored value carries the id of the key that encrypted it:

    enc:v1:<kid>:<urlsafe-base64(nonce || ciphertext+tag)>

Without a configured key (the `local` settings only) a development key is derived from
`SECRET_KEY` with HKDF and a warning is logged once.
"""

import base64
import logging
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

PREFIX = "enc:v1:"
NONCE_BYTES = 12
DEV_KEY_ID = "dev"


class EncryptionKeyError(Exception):
    """A stored secret cannot be decrypted with the configured key ring."""


def _parse_key_ring(raw: str) -> dict[str, bytes]:
    ring: dict[str, bytes] = {}
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        kid, sep, encoded = entry.partition(":")
        if not sep or not kid:
            raise ImproperlyConfigured("ONESILA_ENCRYPTION_KEY entries must look like 'kid:base64key'.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"ONESILA_ENCRYPTION_KEY key '{kid}' is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"ONESILA_ENCRYPTION_KEY key '{kid}' must decode to 32 bytes.")
        ring[kid] = key
    return ring


@lru_cache(maxsize=8)
def _key_ring(raw: str, secret_key: str) -> tuple[str, dict[str, bytes]]:
    if raw:
        ring = _parse_key_ring(raw)
        if ring:
            return next(iter(ring)), ring
    logger.warning("ONESILA_ENCRYPTION_KEY is not set: secrets use a development key derived from SECRET_KEY.")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"onesila-dev-key", info=b"secrets").derive(
        secret_key.encode()
    )
    return DEV_KEY_ID, {DEV_KEY_ID: derived}


def key_ring() -> tuple[str, dict[str, bytes]]:
    """Return (current key id, {key id: key}) from settings."""
    return _key_ring(settings.ONESILA_ENCRYPTION_KEY, settings.SECRET_KEY)


def generate_key(*, kid: str = "k1") -> str:
    """Return a new key-ring entry suitable for ONESILA_ENCRYPTION_KEY."""
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def is_encrypted(value: str) -> bool:
    """True when the value is a stored ciphertext produced by `encrypt`."""
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt with the current key; `context` (e.g. 'app.model.field') is bound as associated data."""
    kid, ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring[kid]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}{kid}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    """Decrypt a value produced by `encrypt`; raise EncryptionKeyError on a wrong or unknown key."""
    kid, sep, encoded = token[len(PREFIX) :].partition(":")
    if not sep:
        raise EncryptionKeyError(f"Stored secret for {context} is malformed.")
    _, ring = key_ring()
    key = ring.get(kid)
    if key is None:
        raise EncryptionKeyError(
            f"Stored secret for {context} was encrypted with key id '{kid}', which is not in ONESILA_ENCRYPTION_KEY."
        )
    blob = base64.urlsafe_b64decode(encoded)
    try:
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
    except InvalidTag as exc:
        raise EncryptionKeyError(
            f"Stored secret for {context} cannot be decrypted with key id '{kid}': wrong key or tampered value."
        ) from exc
    return plain.decode()

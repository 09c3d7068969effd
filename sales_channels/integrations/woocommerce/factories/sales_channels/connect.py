"""Connecting a store: pasted keys (checked with a read call) or the store's key-provisioning flow.

- `connect_with_keys`: a read call (`/system_status`, which also gives the versions) with the
  candidate keys; only an accepted key is stored (encrypted), then the metadata pull runs. A refused
  key (401) or an unsupported version raises `WooCommerceAuthError`; nothing is stored.
- `start_key_provisioning`: a fresh random `user_id` on the channel and the store's
  `/wc-auth/v1/authorize` URL with our `return_url` and `callback_url`; the store POSTs the keys to
  the callback as JSON, `accept_provisioned_keys` finds the channel by that `user_id` (unguessable,
  single use, valid `PROVISIONING_TTL`) and connects with the keys.
- `CONNECT_SPEC`: the admin's add form and flow (keys given: checked at once; else provisioning).
"""

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sales_channels.connection import mark_connected, record_connection_failure, record_connection_warning
from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.integrations.woocommerce.client import WooCommerceClient
from sales_channels.integrations.woocommerce.factories.sales_channels.metadata import (
    StoreMetadata,
    read_metadata,
    store_metadata,
)
from sales_channels.integrations.woocommerce.factories.sales_channels.webhooks import register_webhooks
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.surfaces import ConnectSpec

APP_NAME = "OneSila"
SCOPE = "read_write"
PROVISIONING_TTL = timedelta(minutes=30)
CALLBACK_URL_NAME = "woocommerce-auth-callback"
RETURN_URL_NAME = "woocommerce-auth-return"


class WooCommerceAuthError(SalesChannelError):
    """The store refused the keys, or the provisioning callback does not match a pending connect."""


def client_for(*, channel: WooCommerceSalesChannel, consumer_key: str, consumer_secret: str) -> WooCommerceClient:
    session = build_session(channel=channel)
    session.add_secret(consumer_key)
    session.add_secret(consumer_secret)
    return WooCommerceClient(
        store_url=channel.home_url, consumer_key=consumer_key, consumer_secret=consumer_secret, session=session
    )


def connect_with_keys(
    *, channel: WooCommerceSalesChannel, consumer_key: str, consumer_secret: str, permissions: str = ""
) -> StoreMetadata:
    """Check the keys with a read call, store them encrypted, pull the metadata; raises when refused."""
    consumer_key, consumer_secret = (consumer_key or "").strip(), (consumer_secret or "").strip()
    try:
        if not consumer_key.startswith("ck_") or not consumer_secret.startswith("cs_"):
            raise WooCommerceAuthError("Give the store's REST API consumer key (ck_...) and secret (cs_...).")
        client = client_for(channel=channel, consumer_key=consumer_key, consumer_secret=consumer_secret)
        try:
            metadata = read_metadata(client=client)
        except AuthExpired:
            raise WooCommerceAuthError(
                "The store refused this key (HTTP 401): check the key and secret, and that the key was not revoked."
            ) from None
    except SalesChannelError as error:
        if channel.pk:
            record_connection_failure(channel=channel, error=error)
        raise
    channel.consumer_key, channel.consumer_secret = consumer_key, consumer_secret
    channel.key_permissions = permissions or channel.key_permissions
    channel.auth_user_id, channel.auth_started_at = "", None
    channel.global_attributes = {}  # a (re)connected store may be another one: attribute ids are read again
    if not channel.webhook_secret:
        channel.webhook_secret = secrets.token_urlsafe(32)
    mark_connected(channel=channel)
    channel.save()
    store_metadata(channel=channel, metadata=metadata)
    try:
        register_webhooks(channel=channel, client=client)
    except SalesChannelError as error:  # the connection works; webhooks only speed up order and change news
        record_connection_warning(channel=channel, message=f"Webhooks could not be registered: {error}")
    return metadata


def authorize_url(*, channel: WooCommerceSalesChannel, return_url: str, callback_url: str) -> str:
    """Start the key-provisioning flow: a fresh correlation id on the channel and the store's approval URL."""
    channel.auth_user_id = secrets.token_urlsafe(24)
    channel.auth_started_at = timezone.now()
    channel.save(update_fields=["auth_user_id", "auth_started_at"])
    query = urlencode(
        {
            "app_name": APP_NAME,
            "scope": SCOPE,
            "user_id": channel.auth_user_id,
            "return_url": return_url,
            "callback_url": callback_url,
        }
    )
    return f"{channel.home_url}/wc-auth/v1/authorize?{query}"


def accept_provisioned_keys(*, payload: object) -> WooCommerceSalesChannel:
    """The store's callback: match our `user_id` to a pending connect, then connect with the keys."""
    if not isinstance(payload, dict) or not isinstance(payload.get("user_id"), str) or not payload["user_id"]:
        raise WooCommerceAuthError("The callback carries no user_id.")
    with transaction.atomic():
        channel = (
            WooCommerceSalesChannel.objects.select_for_update()
            .filter(auth_user_id=payload["user_id"], auth_started_at__gte=timezone.now() - PROVISIONING_TTL)
            .first()
        )
        if channel is None:
            raise WooCommerceAuthError("No pending WooCommerce connect matches this callback (expired or unknown).")
        channel.auth_user_id = ""  # single use: a replayed callback finds nothing
        channel.save(update_fields=["auth_user_id"])
    connect_with_keys(
        channel=channel,
        consumer_key=str(payload.get("consumer_key") or ""),
        consumer_secret=str(payload.get("consumer_secret") or ""),
        permissions=str(payload.get("key_permissions") or ""),
    )
    return channel


def public_url(*, request, name: str) -> str:
    base = getattr(settings, "WOOCOMMERCE_PUBLIC_BASE_URL", "")
    path = reverse(name)
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def connect_from_admin(*, channel: WooCommerceSalesChannel, request) -> str | None:
    """Keys given on the form: checked at once (None). Otherwise: the store's approval URL."""
    if channel.consumer_key or channel.consumer_secret:
        key, secret = channel.consumer_key, channel.consumer_secret
        channel.consumer_key = channel.consumer_secret = ""
        connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
        return None
    return authorize_url(
        channel=channel,
        return_url=public_url(request=request, name=RETURN_URL_NAME) + f"?channel={channel.pk}",
        callback_url=public_url(request=request, name=CALLBACK_URL_NAME),
    )


CONNECT_SPEC = ConnectSpec(
    fields=("name", "store_url", "consumer_key", "consumer_secret"),
    connect=connect_from_admin,
    help_text="Paste a REST API key pair (WooCommerce > Settings > Advanced > REST API, Read/Write), "
    "or leave the key empty to approve OneSila on the store itself.",
)

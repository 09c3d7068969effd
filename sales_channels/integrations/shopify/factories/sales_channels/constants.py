"""Shopify connection constants: the access scopes we ask for, the shop-domain rule and time limits.

Every value can be overridden in Django settings under the same name prefixed with `SHOPIFY_`
(e.g. `SHOPIFY_SCOPES`), so an operator can add a scope without a code change.
"""

from django.conf import settings

from sales_channels.integrations.shopify.models.sales_channels import SHOP_DOMAIN

# vendor-facts 1.1: what the integration reads and writes. `read_all_orders` (orders older than
# 60 days) is approval-gated, so it is not asked for by default.
DEFAULT_SCOPES = (
    "read_products",
    "write_products",
    "read_inventory",
    "write_inventory",
    "read_locations",
    "read_publications",
    "write_publications",
    "read_locales",
    "read_markets",
    "read_translations",
    "write_translations",
    "read_files",
    "write_files",
    "read_orders",
)
# Shopify's "security checks": a shop parameter must be a plain *.myshopify.com hostname.
SHOP_DOMAIN_PATTERN = SHOP_DOMAIN
OAUTH_STATE_TTL_SECONDS = 15 * 60  # the merchant has this long to approve the app
WEBHOOK_MAX_AGE_SECONDS = 6 * 3600  # Shopify retries for 4 hours; older deliveries are stale


def scopes() -> tuple[str, ...]:
    """The access scopes requested at authorization (settings.SHOPIFY_SCOPES overrides the default)."""
    return tuple(getattr(settings, "SHOPIFY_SCOPES", DEFAULT_SCOPES))


def oauth_state_ttl() -> int:
    """Seconds a state nonce stays valid."""
    return int(getattr(settings, "SHOPIFY_OAUTH_STATE_TTL_SECONDS", OAUTH_STATE_TTL_SECONDS))


def webhook_max_age() -> int:
    """Seconds after which a webhook delivery (by X-Shopify-Triggered-At) is ignored as stale."""
    return int(getattr(settings, "SHOPIFY_WEBHOOK_MAX_AGE_SECONDS", WEBHOOK_MAX_AGE_SECONDS))


def is_shop_domain(value: str) -> bool:
    """Whether `value` is a valid `<name>.myshopify.com` shop domain."""
    return bool(SHOP_DOMAIN_PATTERN.match(value or ""))


# Where Shopify sends the merchant back after approving: the frontend page that calls
# `validateShopifyAuth` with the callback's query. It must be listed in the app's allowed URLs.
DEFAULT_OAUTH_REDIRECT_URI = "http://localhost:8000/integrations/shopify/callback"


def oauth_redirect_uri() -> str:
    """The default redirect_uri of the authorize URL (settings.SHOPIFY_OAUTH_REDIRECT_URI overrides it)."""
    return str(getattr(settings, "SHOPIFY_OAUTH_REDIRECT_URI", DEFAULT_OAUTH_REDIRECT_URI))

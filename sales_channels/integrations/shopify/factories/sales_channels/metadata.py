"""Metadata pulls right after connect: shop facts, publications -> views, locales -> languages,
currencies -> remote currencies, locations -> the primary location.

Each pull is a `PullStep` (upsert by remote key, so re-running updates and never duplicates).
Languages and currencies only set a local mapping when the row has none: a mapping the merchant
changed is kept. `pull_shopify_metadata(channel=...)` runs them all in order.
"""

from typing import Any

from currencies.models import Currency
from sales_channels.factories.base import StepContext, SyncStep
from sales_channels.factories.clients import build_client
from sales_channels.factories.outcomes import UNCHANGED, UPDATED, StepOutcome
from sales_channels.factories.pull import PullStep
from sales_channels.integrations.shopify.factories.products.listing import ensure_custom_id_definition
from sales_channels.integrations.shopify.factories.sales_channels import metadata_parsers as parsers
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteCurrency, RemoteLanguage, SalesChannelView
from sales_channels.registry import spec_for_channel


def _nodes(*, client, document: str, connection: list[str], variables: dict | None = None) -> list[dict]:
    found: list[dict] = []
    for nodes, _cursor, _more in client.paginate(document=document, connection=connection, variables=variables):
        found.extend(node for node in nodes if node)
    return found


def _shop(context: StepContext) -> dict[str, Any]:
    return context.cached(
        "shopify.shop", lambda: parsers.parse_shop(data=context.client.execute(document="shop_metadata"))
    )


class ShopifyShopPull(SyncStep):
    """Shop name, currency and variant limit onto the channel."""

    usage = "metadata.shop"

    def run(self) -> StepOutcome:
        shop = _shop(self.context)
        channel = self.channel
        for name in ("shop_name", "shop_currency", "max_product_variants"):
            if name in shop:
                setattr(channel, name, shop[name])
        changed = channel.changed_fields() & {"shop_name", "shop_currency", "max_product_variants"}
        channel.save()
        return StepOutcome(kind=UPDATED if changed else UNCHANGED, detail=f"shop {shop['shop_name']}")


class ShopifyViewsPull(PullStep):
    """Publications (Online Store, Point of Sale, ...) -> views; the Online Store is the default."""

    usage = "metadata.views"
    model = SalesChannelView
    deactivate_missing = True

    def fetch(self) -> list[dict[str, Any]]:
        nodes = _nodes(client=self.client, document="publications_page", connection=["publications"])
        return [parsers.parse_publication(node=node) for node in nodes]


def _with_mapped(outcome: StepOutcome, mapped: int) -> StepOutcome:
    return StepOutcome(kind=UPDATED, detail=f"{outcome.detail}, {mapped} mapped") if mapped else outcome


class ShopifyLanguagesPull(PullStep):
    """Shop locales -> remote languages, mapped to company languages by code (or its language prefix)."""

    usage = "metadata.languages"
    model = RemoteLanguage
    key_field = "remote_code"

    def fetch(self) -> list[dict[str, Any]]:
        data = self.client.execute(document="shop_locales", variables={})
        locales = [parsers.parse_locale(node=node) for node in data.get("shopLocales") or []]
        primary = next((locale["locale"] for locale in locales if locale["primary"]), "")
        if primary and primary != self.channel.primary_locale:
            self.channel.primary_locale = primary
            self.channel.save(update_fields=["primary_locale"])
        return [{"remote_code": locale["locale"]} for locale in locales]

    def run(self) -> StepOutcome:
        outcome = super().run()
        languages = list(self.channel.multi_tenant_company.languages or [])
        mapped = 0
        for row in self.model.objects.filter(**self.scope(), local_instance=""):
            row.local_instance = parsers.local_language(locale=row.remote_code, languages=languages)
            if row.local_instance:
                row.save()
                mapped += 1
        return _with_mapped(outcome, mapped)


class ShopifyCurrenciesPull(PullStep):
    """Shop, presentment and market currencies -> remote currencies, mapped to company currencies by ISO code."""

    usage = "metadata.currencies"
    model = RemoteCurrency
    key_field = "remote_code"

    def fetch(self) -> list[dict[str, Any]]:
        shop = _shop(self.context)
        settings_nodes = _nodes(
            client=self.client, document="currency_settings_page", connection=["shop", "currencySettings"]
        )
        market_nodes = _nodes(client=self.client, document="markets_page", connection=["markets"])
        codes = parsers.currency_codes(shop=shop, settings_nodes=settings_nodes, market_nodes=market_nodes)
        return [{"remote_code": code} for code in codes]

    def run(self) -> StepOutcome:
        outcome = super().run()
        by_code = {c.iso_code: c for c in Currency.objects.filter(multi_tenant_company_id=self.context.company_id)}
        mapped = 0
        for row in self.model.objects.filter(**self.scope(), local_instance__isnull=True):
            row.local_instance = by_code.get(row.remote_code.upper())
            if row.local_instance is not None:
                row.save()
                mapped += 1
        return _with_mapped(outcome, mapped)


class ShopifyLocationsPull(SyncStep):
    """Locations -> the channel's primary location (kept while active; else the first active one)."""

    usage = "metadata.locations"

    def run(self) -> StepOutcome:
        nodes = _nodes(client=self.client, document="locations_page", connection=["locations"])
        locations = [parsers.parse_location(node=node) for node in nodes]
        channel = self.channel
        channel.primary_location_id = parsers.primary_location(locations=locations, current=channel.primary_location_id)
        changed = bool(channel.changed_fields() & {"primary_location_id"})
        channel.save()
        return StepOutcome(kind=UPDATED if changed else UNCHANGED, detail=f"{len(locations)} locations")


class ShopifyCustomIdDefinition(SyncStep):
    """The unique product metafield definition listings upsert by (productSet `identifier.customId`)."""

    usage = "metadata.custom_id"

    def run(self) -> StepOutcome:
        before = self.channel.custom_id_ready
        ready = ensure_custom_id_definition(channel=self.channel, client=self.client)
        detail = "custom id definition ready" if ready else "custom id definition refused: listings upsert by handle"
        return StepOutcome(kind=UPDATED if ready and not before else UNCHANGED, detail=detail)


METADATA_PULLS: tuple[type[SyncStep], ...] = (
    ShopifyShopPull,
    ShopifyViewsPull,
    ShopifyLanguagesPull,
    ShopifyCurrenciesPull,
    ShopifyLocationsPull,
    ShopifyCustomIdDefinition,
)


def pull_shopify_metadata(*, channel: ShopifySalesChannel) -> dict[str, StepOutcome]:
    """Run every metadata pull for a connected channel; returns the outcome of each by usage."""
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    context = StepContext(channel=channel, spec=spec, client=client, session=session)
    with session:
        return {step.usage: step(context=context).run() for step in METADATA_PULLS}

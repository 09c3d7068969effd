"""Metadata pulled after connecting: marketplaces as views, and product type schemas (phase 5).

`pull_marketplaces` turns `getMarketplaceParticipations` into the framework's marketplace views
(currency and language per view). `import_product_type` fetches a product type's definition for one
marketplace (`requirements=LISTING`, the view's locale), downloads its JSON Schema only when the
checksum changed, stores it with its attributes (`sales_channels.marketplaces.schemas`) and
auto-maps local properties and select values to attributes and enums.
"""

from dataclasses import dataclass

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.clients import build_session
from sales_channels.integrations.amazon.client import AmazonClient
from sales_channels.integrations.amazon.factories.payloads import PROVIDED_ATTRIBUTES
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.marketplaces.mapping import AutomapResult, automap_attributes, missing_required
from sales_channels.marketplaces.schemas import attributes_from_json_schema, schema_is_current, store_schema
from sales_channels.marketplaces.views import MarketplaceInfo, sync_marketplace_views
from sales_channels.models import MarketplaceSchema, RemoteLanguage, SalesChannelView


def client_for(channel: AmazonSalesChannel) -> AmazonClient:
    """A client on the channel's shared session (throttle and secrets)."""
    return AmazonClient(channel=channel, session=build_session(channel=channel))


def pull_marketplaces(*, channel: AmazonSalesChannel, client: AmazonClient | None = None) -> list[SalesChannelView]:
    """Every marketplace the seller participates in becomes an active view with its currency and language."""
    client = client or client_for(channel)
    infos = []
    for entry in client.marketplace_participations():
        marketplace = entry.get("marketplace") or {}
        participation = entry.get("participation") or {}
        if not marketplace.get("id"):
            raise InvalidVendorPayload("A marketplace participation has no marketplace id.")
        domain = marketplace.get("domainName") or ""
        infos.append(
            MarketplaceInfo(
                remote_id=marketplace["id"],
                name=marketplace.get("name") or marketplace["id"],
                currency=marketplace.get("defaultCurrencyCode") or "",
                language=marketplace.get("defaultLanguageCode") or "",
                url=f"https://{domain}" if domain else "",
                active=bool(participation.get("isParticipating", True)),
            )
        )
    return sync_marketplace_views(channel=channel, marketplaces=infos)


def view_language_tag(view: SalesChannelView) -> str:
    """The marketplace's language tag (en_US), from its remote language."""
    tag = RemoteLanguage.objects.filter(view=view).values_list("remote_code", flat=True).first()
    return tag or "en_US"


@dataclass(frozen=True)
class ProductTypeImport:
    """What one product type import did."""

    schema: MarketplaceSchema
    downloaded: bool
    automap: AutomapResult
    missing: list[str]  # required attributes neither a mapping nor the listing body fills


def import_product_type(
    *, channel: AmazonSalesChannel, view: SalesChannelView, product_type: str, client: AmazonClient | None = None
) -> ProductTypeImport:
    """The product type's definition for this marketplace; its schema downloaded only when its checksum changed."""
    client = client or client_for(channel)
    definition = client.product_type_definition(
        product_type=product_type, marketplace_id=view.remote_id, locale=view_language_tag(view)
    )
    link = (definition.get("schema") or {}).get("link") or {}
    checksum = (definition.get("schema") or {}).get("checksum") or ""
    version = (definition.get("productTypeVersion") or {}).get("version") or ""
    if not link.get("resource"):
        raise InvalidVendorPayload(f"The definition of {product_type} has no schema link.")
    downloaded = not schema_is_current(view=view, remote_type=product_type, checksum=checksum)
    if downloaded:
        document = client.fetch_json(link["resource"])
        if not isinstance(document, dict) or not isinstance(document.get("properties"), dict):
            raise InvalidVendorPayload(f"The schema of {product_type} is not a JSON Schema object.")
        schema, _ = store_schema(
            view=view,
            remote_type=product_type,
            schema=document,
            attributes=attributes_from_json_schema(document),
            name=str(definition.get("displayName") or product_type),
            version=version,
            checksum=checksum,
        )
    else:
        schema = MarketplaceSchema.objects.get(view=view, remote_type=product_type)
    automap = automap_attributes(schema=schema)
    missing = missing_required(schema=schema, provided=set(PROVIDED_ATTRIBUTES))
    return ProductTypeImport(schema=schema, downloaded=downloaded, automap=automap, missing=missing)


def search_product_types(*, channel: AmazonSalesChannel, view: SalesChannelView, keywords: str) -> list[dict]:
    """Amazon product types matching the keywords in this marketplace ({name, displayName})."""
    return client_for(channel).search_product_types(marketplace_id=view.remote_id, keywords=keywords)

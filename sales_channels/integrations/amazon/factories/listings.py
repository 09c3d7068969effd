"""Amazon listing steps: one listing per SKU and marketplace (view), validated against its schema before sending.

`AmazonListingStep` is the framework's `ProductStep` with Amazon's hooks: the product's local
product type picks the Amazon product type mapped for the view (`MarketplaceProductTypeMap`), the
mapped attributes are filled from the product's property values (select values through their enum
maps), the body is checked against the stored JSON Schema (`enforce_schema`: violations land on the
mirror as `ListingIssue`s and nothing is sent), then `putListingsItem` creates or fully replaces
the listing (idempotent by SKU; a pre-existing listing is linked by `getListingsItem`). The answer's
issues are stored on the mirror; `INVALID` fails the listing with Amazon's own messages. `ACCEPTED`
is not "live": the status and issues are read back later (`listing_status.refresh_listing_issues`).

`price.update` / `stock.update` patch only `purchasable_offer` / `fulfillment_availability`.
"""

from decimal import Decimal
from typing import Any, ClassVar

from sales_channels.exceptions import MappingMissing
from sales_channels.factories.lifecycle import CREATE, DELETE, RemoteAnswer
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.data import ProductData
from sales_channels.factories.products.sections import PricesSection, StockSection
from sales_channels.factories.products.steps import ProductStep
from sales_channels.integrations.amazon.factories import payloads
from sales_channels.integrations.amazon.factories.connection import AmazonConnectionTestStep
from sales_channels.integrations.amazon.factories.metadata import view_language_tag
from sales_channels.integrations.amazon.factories.restrictions import check_restrictions
from sales_channels.integrations.amazon.factories.verify import AmazonListingsVerifyStep
from sales_channels.marketplaces.issues import VENDOR, IssueInfo, ListingInvalid, enforce_schema, store_issues
from sales_channels.marketplaces.mapping import product_type_schemas
from sales_channels.models import MarketplaceEnumValueMap, MarketplaceSchema, RemoteProduct

SEVERITIES = {"ERROR": "error", "WARNING": "warning", "INFO": "info"}
VARIATION_ATTRIBUTES = ("color", "size")


def vendor_issues(answer: dict[str, Any]) -> list[IssueInfo]:
    """Amazon's issues of a listings answer (or a feed report) as framework issues."""
    return [
        IssueInfo(
            message=str(issue.get("message", "")),
            severity=SEVERITIES.get(str(issue.get("severity", "ERROR")).upper(), "error"),
            code=str(issue.get("code", "")),
            attribute_names=[str(n) for n in issue.get("attributeNames") or [issue.get("attributeName")] if n],
        )
        for issue in answer.get("issues") or []
    ]


class SchemaCache:
    """What the listings of one view need from the stored schemas, loaded once per run (three queries)."""

    def __init__(self, *, view) -> None:
        self.by_product_type: dict[int, MarketplaceSchema] = product_type_schemas(view=view)
        schema_ids = {schema.pk for schema in self.by_product_type.values()}
        self.attributes: dict[int, list] = {pk: [] for pk in schema_ids}
        maps = MarketplaceEnumValueMap.objects.filter(attribute__schema_id__in=schema_ids)
        self.enum_values = {(row.attribute_id, row.local_select_value_id): row.remote_value for row in maps}
        for schema in self.by_product_type.values():
            self.attributes[schema.pk] = [a for a in schema.attributes.all() if a.local_property_id]
        self.language_tag = view_language_tag(view)


class AmazonListingStep(ProductStep):
    """A listing (or a variation's listing) on one Amazon marketplace."""

    payload_needs = ProductStep.payload_needs | {parts.PRICES, parts.STOCK, parts.IMAGES, parts.PROPERTIES}

    # -- payload ------------------------------------------------------------------------------------

    @property
    def marketplace_id(self) -> str:
        return self.view.remote_id

    def schemas(self) -> SchemaCache:
        return self.context.cached(("amazon_schemas", self.view.pk), lambda: SchemaCache(view=self.view))

    def schema_of(self, data: ProductData) -> MarketplaceSchema:
        cache = self.schemas()
        chosen = self.context.cache.get(("amazon_product_type_of", data.id))
        for value in data.properties:
            if value.property.is_product_type and value.value_select_id:
                chosen = cache.by_product_type.get(value.value_select_id)
                if chosen is None:
                    raise MappingMissing(
                        [f"product type '{value.value_select}' has no Amazon product type in {self.view.name}"]
                    )
        if chosen is None:
            raise MappingMissing([f"product {data.sku} has no product type (needed to pick the Amazon product type)"])
        for variation in data.variations:  # variations list under their parent's product type, with its values
            self.context.cache[("amazon_product_type_of", variation.id)] = chosen
            self.context.cache[("amazon_parent_data", variation.id)] = data
        return chosen

    def mapped_values(self, data: ProductData, schema: MarketplaceSchema, language: str) -> dict[str, Any]:
        cache = self.schemas()
        parent = self.context.cache.get(("amazon_parent_data", data.id))
        values = {value.property_id: value for value in parent.properties} if parent is not None else {}
        values.update({value.property_id: value for value in data.properties})  # a variation's own values win
        mapped: dict[str, payloads.AttributeValue] = {}
        for attribute in cache.attributes[schema.pk]:
            value = values.get(attribute.local_property_id)
            if value is None:
                continue
            found = self._attribute_value(value, attribute, cache, language)
            if found is not None and found != "":
                mapped[attribute.code] = payloads.AttributeValue(value=found, selectors=tuple(attribute.selectors))
        return mapped

    @staticmethod
    def _attribute_value(value, attribute, cache: SchemaCache, language: str) -> Any:
        if value.value_select_id:
            label = cache.enum_values.get((attribute.pk, value.value_select_id))
            return label if label is not None else value.value_select.value(language=language)
        found = value.get_value(language=language)
        if isinstance(found, list):
            return ", ".join(option.value(language=language) for option in found)
        if isinstance(found, Decimal | float | int) and not isinstance(found, bool):
            return found
        return None if found is None else str(found)

    def variation_theme(self, schema: MarketplaceSchema, data: ProductData) -> str:
        mapped = {a.code for a in self.schemas().attributes[schema.pk]}
        themes = next((a.allowed_values for a in schema.attributes.all() if a.code == "variation_theme"), [])
        for option in themes:
            parts_needed = [part.lower() for part in option["value"].split("/")]
            if all(part in mapped for part in parts_needed):
                return option["value"]
        return ""

    def build_payload(self) -> dict:
        data = self.data
        schema = self.schema_of(data)
        cache = self.schemas()
        language = cache.language_tag.split("_")[0]
        translation = data.translations.get(language) or next(iter(data.translations.values()), None)
        currency, price = self._price(data)
        parentage = "parent" if data.product.is_configurable else ("child" if self.parent_mirror is not None else "")
        listing = payloads.ListingInput(
            product_type=schema.remote_type,
            marketplace_id=self.marketplace_id,
            language_tag=cache.language_tag,
            name=translation.name if translation else data.sku,
            description=translation.description if translation else "",
            mapped=self.mapped_values(data, schema, language),
            price=price,
            currency=currency,
            quantity=data.stock,
            image_urls=tuple(link.media.url for link in data.images if link.media.url.startswith("http")),
            ean=data.ean or "",
            parentage=parentage,
            parent_sku=self.parent_mirror.remote_sku if self.parent_mirror is not None else "",
            variation_theme=self.variation_theme(schema, data) if parentage == "parent" else "",
        )
        body = payloads.listing_body(listing)
        enforce_schema(binder=self.binder(), schema=schema.schema, listing=body["attributes"], dry_run=self.dry_run)
        return {"sku": data.sku, "marketplace_id": self.marketplace_id, "body": body}

    def _price(self, data: ProductData) -> tuple[str, Decimal | None]:
        locale = self.context.cache.get(("locale", self.view.pk))
        for currency in locale.currencies if locale else ():
            resolved = data.prices.get(currency.pk)
            if resolved is not None and resolved.price is not None:
                return currency.iso_code, resolved.price
        return "", None

    # -- vendor calls -------------------------------------------------------------------------------

    def find_remote(self, *, payload: dict) -> str | None:
        found = self.client.get_listing(
            sku=payload["sku"], marketplace_id=payload["marketplace_id"], included="summaries"
        )
        if found:
            return payload["sku"]
        check_restrictions(  # a create for an existing ASIN: is this seller allowed to list it?
            client=self.client,
            body=payload["body"],
            marketplace_id=payload["marketplace_id"],
            mirror=self.binder().find(),
            dry_run=self.dry_run,
        )
        return None

    def create_remote(self, *, payload: dict) -> RemoteAnswer:
        return RemoteAnswer(remote_id=payload["sku"], body=self._put(payload))

    def update_remote(self, *, remote_id: str, payload: dict) -> dict:
        return self._put(payload)

    def _put(self, payload: dict) -> dict:
        """Put the listing; Amazon's answer (its issues are stored with the mirror), or ListingInvalid."""
        answer = self.client.put_listing(
            sku=payload["sku"], marketplace_id=payload["marketplace_id"], body=payload["body"]
        )
        if answer.get("status") == "INVALID":
            issues = vendor_issues(answer)
            error = ListingInvalid(issues)
            mirror = self.binder().record_failure(self.binder().find(), error)
            store_issues(remote_product=mirror, source=VENDOR, issues=issues)
            raise error
        return answer

    def bind_answer(self, *, mirror: RemoteProduct, answer: dict | None) -> None:
        if answer is not None:
            store_issues(remote_product=mirror, source=VENDOR, issues=vendor_issues(answer))

    def delete_remote(self, *, remote_id: str) -> None:
        self.client.delete_listing(sku=remote_id, marketplace_id=self.marketplace_id)


class AmazonVariationStep(AmazonListingStep):
    """A child listing of a configurable (parentage child, its parent's SKU)."""


class AmazonProductStep(AmazonListingStep):
    """product.sync: the listing, then its variations' listings."""

    variation_step = AmazonVariationStep


class AmazonProductCreateStep(AmazonProductStep):
    action = CREATE


class AmazonProductDeleteStep(AmazonProductStep):
    action = DELETE


# -- live price and stock: one patchListingsItem per listing ------------------------------------------


class AmazonPricesSection(PricesSection):
    """purchasable_offer in the view's currency, patched on its own."""

    def build_payload(self, *, currency, price) -> dict:
        offer = payloads.offer(
            price=price.price, currency=currency.iso_code, marketplace_id=self.context.view.remote_id
        )
        return {"purchasable_offer": offer}

    def push(self, *, mirror, payload) -> None:
        _patch(self, payload)


class AmazonStockSection(StockSection):
    """fulfillment_availability (merchant fulfilled), patched on its own."""

    def build_payload(self, *, quantity) -> dict:
        return {"fulfillment_availability": payloads.availability(quantity=quantity)}

    def push(self, *, mirror, payload) -> None:
        _patch(self, payload)


def _patch(section, payload: dict) -> None:
    patch_listing(client=section.client, listing=section.remote_product, view=section.context.view, attributes=payload)


def patch_listing(*, client, listing: RemoteProduct, view, attributes: dict) -> None:
    """patchListingsItem of top-level attributes of a bound listing; INVALID stores Amazon's issues and raises."""
    product_type = (listing.last_payload or {}).get("body", {}).get("productType", "PRODUCT")
    body = payloads.patch_body(product_type=product_type, attributes=attributes)
    answer = client.patch_listing(sku=listing.remote_id, marketplace_id=view.remote_id, body=body)
    if answer.get("status") == "INVALID":
        issues = vendor_issues(answer)
        store_issues(remote_product=listing, source=VENDOR, issues=issues)
        raise ListingInvalid(issues)


class AmazonPriceUpdateStep(AmazonProductStep):
    sections: ClassVar = (AmazonPricesSection,)
    only_sections = ("prices",)


class AmazonStockUpdateStep(AmazonProductStep):
    sections: ClassVar = (AmazonStockSection,)
    only_sections = ("stock",)


class AmazonPriceVariationStep(AmazonVariationStep):
    sections: ClassVar = (AmazonPricesSection,)


class AmazonStockVariationStep(AmazonVariationStep):
    sections: ClassVar = (AmazonStockSection,)


AmazonPriceUpdateStep.variation_step = AmazonPriceVariationStep
AmazonStockUpdateStep.variation_step = AmazonStockVariationStep

STEPS = {
    "product.create": AmazonProductCreateStep,
    "product.sync": AmazonProductStep,
    "product.update": AmazonProductStep,
    "product.delete": AmazonProductDeleteStep,
    "price.update": AmazonPriceUpdateStep,
    "stock.update": AmazonStockUpdateStep,
    "connection.test": AmazonConnectionTestStep,
    "remote.verify": AmazonListingsVerifyStep,
}

"""A listing's eBay category in its view, its aspects from the mapped properties, and the check before sending.

- The category: the product's local product type mapped in the view (`MarketplaceProductTypeMap`,
  framework), else the view's default category; a variation lists under its parent's product type
  and carries its parent's values unless it has its own.
- Aspects: every property value by its name in the view's language, except properties mapped to an
  aspect of the category, which are sent under the aspect's name with the select values' mapped
  eBay values. A category whose aspects are not stored yet is imported once (one Taxonomy call).
- The check: the inventory item's aspects against the category's JSON Schema (required aspects,
  SELECTION_ONLY values, SINGLE cardinality, length) through `enforce_schema`; a group may not vary
  by a category aspect whose `aspectEnabledForVariations` is false. Problems are stored as `ListingIssue`s on the
  listing's mirror and nothing is sent (`ListingInvalid`).
"""

from typing import Any

from products.models import ConfigurableVariation
from properties.models import ProductProperty
from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.integrations.ebay.factories.products import context as ebay_context
from sales_channels.integrations.ebay.factories.sales_channels.categories import (
    ANNOTATIONS,
    import_category,
    variation_aspects,
)
from sales_channels.marketplaces.issues import SCHEMA, IssueInfo, ListingInvalid, enforce_schema, store_issues
from sales_channels.marketplaces.mapping import product_type_schemas
from sales_channels.models import (
    ListingIssue,
    MarketplaceEnumValueMap,
    MarketplaceSchema,
    MarketplaceSchemaAttribute,
    MirrorStatus,
)


class CategoryCache:
    """The view's stored categories, their mapped attributes and value maps (loaded once per run)."""

    def __init__(self, *, context: StepContext) -> None:
        self.context = context
        self.view = ebay_context.marketplace(context)
        self.by_product_type = product_type_schemas(view=self.view)
        self.schemas = {row.remote_type: row for row in MarketplaceSchema.objects.filter(view=self.view)}
        for row in self.by_product_type.values():
            self.schemas.setdefault(row.remote_type, row)
        self.names: dict[int, dict[int, str]] = {}  # schema pk -> {property id: aspect name}
        self.labels: dict[int, dict[int, str]] = {}  # schema pk -> {select value id: eBay value}
        self._load(list(self.schemas.values()))

    def _load(self, schemas: list[MarketplaceSchema]) -> None:
        ids = [row.pk for row in schemas]
        attributes = {}
        for schema_id in ids:
            self.names[schema_id], self.labels[schema_id] = {}, {}
        for attribute in MarketplaceSchemaAttribute.objects.filter(schema_id__in=ids, local_property_id__isnull=False):
            self.names[attribute.schema_id][attribute.local_property_id] = attribute.code
            attributes[attribute.pk] = attribute.schema_id
        for row in MarketplaceEnumValueMap.objects.filter(attribute_id__in=list(attributes)):
            self.labels[attributes[row.attribute_id]][row.local_select_value_id] = row.remote_value

    def schema(self, category_id: str) -> MarketplaceSchema:
        """The category's stored schema, imported (one Taxonomy call) when the view has none yet."""
        found = self.schemas.get(category_id)
        if found is None:
            found = import_category(client=self.context.client, view=self.view, category_id=category_id).schema
            self.schemas[category_id] = found
            self._load([found])
        return found


CATEGORIES: CacheKey[CategoryCache] = CacheKey("ebay.categories")


def categories(context: StepContext) -> CategoryCache:
    return context.cached(CATEGORIES.scoped(getattr(context.view, "pk", None)), lambda: CategoryCache(context=context))


def _product_type(data) -> Any:
    return next((v for v in data.properties if v.property.is_product_type and v.value_select_id), None)


def remember_parent(context: StepContext, data) -> None:
    """A configurable's variations list under its product type and carry its values (set when it is planned)."""
    for variation in data.variations:
        context.cache[("ebay.parent_of", variation.id)] = data


def prefetch_parent_types(context: StepContext, datas: list) -> None:
    """For products without a product type of their own: their parent's product type value (two queries a batch)."""
    ids = [
        d.id
        for d in datas
        if d is not None
        and not d.product.is_configurable
        and _product_type(d) is None
        and ("ebay.parent_type_of", d.id) not in context.cache
    ]
    if not ids:
        return
    parents = dict(ConfigurableVariation.objects.filter(variation_id__in=ids).values_list("variation_id", "parent_id"))
    types = {}
    if parents:
        rows = (
            ProductProperty.objects.filter(product_id__in=set(parents.values()), property__is_product_type=True)
            .exclude(value_select_id=None)
            .select_related("value_select", "property")
        )
        types = {row.product_id: row for row in rows}
    for variation_id in ids:
        context.cache[("ebay.parent_type_of", variation_id)] = types.get(parents.get(variation_id))


def _parent_product_type(context: StepContext, data) -> ProductProperty | None:
    key = ("ebay.parent_type_of", data.id)
    if key not in context.cache:
        prefetch_parent_types(context, [data])
    return context.cache.get(key)


def listing_schema(context: StepContext, data) -> MarketplaceSchema:
    """The schema of the category the product lists under in this view (MappingMissing says what to map)."""
    cache = categories(context)
    parent = context.cache.get(("ebay.parent_of", data.id))
    found = _product_type(data) or (_product_type(parent) if parent is not None else None)
    if found is None and not data.product.is_configurable and parent is None:
        found = _parent_product_type(context, data)
    if found is not None and found.value_select_id in cache.by_product_type:
        return cache.by_product_type[found.value_select_id]
    if cache.view.category_id:
        return cache.schema(cache.view.category_id)
    if found is not None:
        reason = f"product type '{found.value_select}' has no eBay category in {cache.view.remote_id}"
    else:
        reason = f"{data.sku} has no product type and {cache.view.remote_id} has no default category"
    raise MappingMissing([f"{reason}: map the product type to a leaf category (or set a default category)"])


def aspect_inputs(context: StepContext, data, schema: MarketplaceSchema) -> tuple[list, dict[int, str], dict[int, str]]:
    """(property values, names, labels) for `payloads.aspects`: parent values under the variation's own,
    mapped properties under their aspect's name and mapped select values as eBay's values."""
    cache = categories(context)
    parent = context.cache.get(("ebay.parent_of", data.id))
    values = {value.property_id: value for value in parent.properties} if parent is not None else {}
    values.update({value.property_id: value for value in data.properties})
    names = {**ebay_context.property_names(context), **cache.names.get(schema.pk, {})}
    labels = {**ebay_context.value_labels(context), **cache.labels.get(schema.pk, {})}
    return list(values.values()), names, labels


def check_listing(*, binder: MirrorBinder, schema: MarketplaceSchema, aspects: dict, dry_run: bool) -> None:
    """The item's aspects against the category's schema: issues stored and `ListingInvalid` raised on violations."""
    enforce_schema(binder=binder, schema=schema.schema, listing=aspects, dry_run=dry_run, annotations=ANNOTATIONS)


def check_group(*, binder: MirrorBinder, schema: MarketplaceSchema, axes: list[str], dry_run: bool) -> None:
    """A group may not vary by a category aspect eBay disables for variations (custom aspects may vary)."""
    allowed = variation_aspects(schema)
    known = set(schema.schema.get("properties") or {})
    refused = [name for name in axes if name in known and name not in allowed]
    if not refused:
        mirror = binder.find()
        if mirror is not None and mirror.pk is not None and mirror.status == MirrorStatus.FAILED and not dry_run:
            ListingIssue.objects.filter(remote_product=mirror, source=SCHEMA).delete()
        return
    issues = [
        IssueInfo(
            message=f"'{name}' cannot vary between variations in eBay category {schema.remote_type} "
            f"(variations may differ by: {', '.join(sorted(allowed)) or 'none'}).",
            code="aspectEnabledForVariations",
            attribute_names=[name],
        )
        for name in refused
    ]
    error = ListingInvalid(issues)
    if not dry_run:
        mirror = binder.record_failure(binder.find(), error)
        store_issues(remote_product=mirror, source=SCHEMA, issues=issues)
    raise error

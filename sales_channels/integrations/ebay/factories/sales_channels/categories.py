"""Phase 5: eBay's categories and their aspects, stored on the shared marketplace framework.

- Each marketplace view reads its default category tree (`get_default_category_tree_id`) and keeps
  its id and version; `browse_categories` walks the tree (or a subtree) for the merchant to pick a
  leaf category.
- A leaf category's aspects (`get_item_aspects_for_category`) become a `MarketplaceSchema` of the
  view (`remote_type` = the category id, `version` = the tree version, `checksum` = the aspects'
  digest) whose document is the JSON Schema of an inventory item's `product.aspects`: required
  aspects are `required`, SELECTION_ONLY values an `enum`, SINGLE `maxItems: 1`, the maximum length
  `maxLength`; the mode, usage and `aspectEnabledForVariations` ride along as `x-ebay-*` annotations.
  Each aspect is a schema attribute (allowed values = eBay's values), auto-mapped to local properties
  and select values (`sales_channels.marketplaces.mapping`).
- `pull_categories` (part of the metadata pull) re-reads a view's stored categories only when the
  tree version changed; with more than `FILE_THRESHOLD` of them it downloads the gzipped
  `fetch_item_aspects` file once instead of one call per category.
Taxonomy calls use the application token (client credentials, cached on the channel).
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.factories.clients import build_client
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.marketplaces.mapping import AutomapResult, automap_attributes, missing_required
from sales_channels.marketplaces.schemas import SchemaAttributeInfo, schema_is_current, store_schema
from sales_channels.models import MarketplaceProductTypeMap, MarketplaceSchema
from sales_channels.registry import spec_for_channel

T = TypeVar("T")
FILE_THRESHOLD = 5
SELECTION_ONLY = "SELECTION_ONLY"
JSON_SCHEMA = "https://json-schema.org/draft/2019-09/schema"
ANNOTATIONS = frozenset({"x-ebay-mode", "x-ebay-usage", "x-ebay-variations"})  # describe an aspect, never constrain


@dataclass(frozen=True)
class CategoryNode:
    """One node of a category tree as the merchant browses it."""

    category_id: str
    name: str
    leaf: bool
    level: int


@dataclass(frozen=True)
class CategoryImport:
    """What importing one category did."""

    schema: MarketplaceSchema
    downloaded: bool
    automap: AutomapResult
    missing: list[str]  # required aspects no local property is mapped to


def _aspect_parts(aspect: dict[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    name = str(aspect.get("localizedAspectName") or "")
    if not name:
        raise InvalidVendorPayload("An aspect has no localizedAspectName.", raw_excerpt=str(aspect)[:300])
    constraint = aspect.get("aspectConstraint") or {}
    values = [str(v["localizedValue"]) for v in aspect.get("aspectValues") or [] if v.get("localizedValue")]
    return name, constraint, values


def aspects_schema(aspects: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON Schema of `product.aspects` ({name: [values]}) for a category's aspects."""
    properties: dict[str, Any] = {}
    required = []
    for aspect in aspects:
        name, constraint, values = _aspect_parts(aspect)
        mode = str(constraint.get("aspectMode") or "FREE_TEXT")
        value: dict[str, Any] = {"type": "string", "minLength": 1}
        if constraint.get("aspectMaxLength"):
            value["maxLength"] = int(constraint["aspectMaxLength"])
        if mode == SELECTION_ONLY and values:
            value["enum"] = values
        found: dict[str, Any] = {"type": "array", "title": name, "items": value, "minItems": 1}
        if str(constraint.get("itemToAspectCardinality") or "SINGLE") == "SINGLE":
            found["maxItems"] = 1
        if values and mode != SELECTION_ONLY:
            found["examples"] = [[option] for option in values[:20]]
        found["x-ebay-mode"] = mode
        found["x-ebay-usage"] = str(constraint.get("aspectUsage") or "OPTIONAL")
        found["x-ebay-variations"] = bool(constraint.get("aspectEnabledForVariations"))
        properties[name] = found
        if constraint.get("aspectRequired"):
            required.append(name)
    return {"$schema": JSON_SCHEMA, "type": "object", "properties": properties, "required": sorted(required)}


def aspect_attributes(aspects: list[dict[str, Any]]) -> list[SchemaAttributeInfo]:
    """Each aspect as a schema attribute: required or not, eBay's values (the only ones when SELECTION_ONLY)."""
    found = []
    for aspect in aspects:
        name, constraint, values = _aspect_parts(aspect)
        mode = str(constraint.get("aspectMode") or "FREE_TEXT")
        found.append(
            SchemaAttributeInfo(
                code=name,
                name=name,
                required=bool(constraint.get("aspectRequired")),
                value_kind="enum" if mode == SELECTION_ONLY and values else "text",
                allowed_values=[{"value": value, "name": value} for value in values],
            )
        )
    return found


def variation_aspects(schema: MarketplaceSchema) -> set[str]:
    """The aspects a group's variations may differ by (aspectEnabledForVariations)."""
    return {name for name, found in (schema.schema.get("properties") or {}).items() if found.get("x-ebay-variations")}


def single_aspects(schema: MarketplaceSchema) -> set[str]:
    """The aspects that take one value (itemToAspectCardinality SINGLE)."""
    return {name for name, found in (schema.schema.get("properties") or {}).items() if found.get("maxItems") == 1}


def _checksum(aspects: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(aspects, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def refresh_tree(*, client: EbayClient, view: EbayMarketplaceView) -> bool:
    """The view's default category tree id and version; True when the version changed."""
    answer = client.default_category_tree(marketplace=view.remote_id)
    tree_id, version = str(answer.get("categoryTreeId") or ""), str(answer.get("categoryTreeVersion") or "")
    if not tree_id:
        raise InvalidVendorPayload(f"{view.remote_id}: eBay named no default category tree.")
    changed = (tree_id, version) != (view.category_tree_id, view.category_tree_version)
    if changed:
        view.category_tree_id, view.category_tree_version = tree_id, version
        view.save(update_fields=["category_tree_id", "category_tree_version"])
    return changed


def _store(
    *, view: EbayMarketplaceView, category_id: str, aspects: list[dict[str, Any]], name: str = ""
) -> MarketplaceSchema:
    schema, _ = store_schema(
        view=view,
        remote_type=category_id,
        schema=aspects_schema(aspects),
        attributes=aspect_attributes(aspects),
        name=name or category_id,
        version=view.category_tree_version,
        checksum=_checksum(aspects),
    )
    return schema


def import_category(
    *, client: EbayClient, view: EbayMarketplaceView, category_id: str, name: str = ""
) -> CategoryImport:
    """A leaf category's aspects as the view's schema (downloaded only when the tree version changed); automapped."""
    if not view.category_tree_id:
        refresh_tree(client=client, view=view)
    downloaded = not schema_is_current(view=view, remote_type=category_id, version=view.category_tree_version)
    if downloaded:
        aspects = client.item_aspects(tree_id=view.category_tree_id, category_id=category_id)
        schema = _store(view=view, category_id=category_id, aspects=aspects, name=name)
    else:
        schema = MarketplaceSchema.objects.get(view=view, remote_type=category_id)
    automap = automap_attributes(schema=schema)
    return CategoryImport(
        schema=schema, downloaded=downloaded, automap=automap, missing=missing_required(schema=schema)
    )


def wanted_categories(view: EbayMarketplaceView) -> set[str]:
    """The categories the view lists under: stored ones, those product types map to, and its default."""
    found = set(MarketplaceSchema.objects.filter(view=view).values_list("remote_type", flat=True))
    found |= set(
        MarketplaceProductTypeMap.objects.filter(view=view).values_list("schema__remote_type", flat=True).distinct()
    )
    if view.category_id:
        found.add(view.category_id)
    return found


@dataclass
class CategoryPull:
    """What a view's category pull did: the categories re-read, and what the merchant should know."""

    imports: list[CategoryImport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def pull_categories(*, client: EbayClient, view: EbayMarketplaceView) -> CategoryPull:
    """Refresh the view's tree and re-read its categories' aspects when the version changed (else no more calls)."""
    refresh_tree(client=client, view=view)
    stale = sorted(
        category_id
        for category_id in wanted_categories(view)
        if not schema_is_current(view=view, remote_type=category_id, version=view.category_tree_version)
    )
    pulled = CategoryPull()
    if len(stale) <= FILE_THRESHOLD:
        for category_id in stale:
            try:
                pulled.imports.append(import_category(client=client, view=view, category_id=category_id))
            except VendorValidationError as refused:  # this category alone: the others still refresh
                pulled.warnings.append(
                    f"{view.remote_id}: eBay refused category {category_id} ({'; '.join(refused.messages)}): "
                    "map its product types to a current leaf category."
                )
    else:
        document = client.all_item_aspects(tree_id=view.category_tree_id)
        entries = {str((e.get("category") or {}).get("categoryId")): e for e in document.get("categoryAspects") or []}
        for category_id in stale:
            entry = entries.get(category_id)
            if entry is None:
                pulled.warnings.append(
                    f"{view.remote_id}: category {category_id} is no longer a leaf category of eBay's tree "
                    f"(version {view.category_tree_version}): map its product types to another category."
                )
                continue
            name = str((entry.get("category") or {}).get("categoryName") or "")
            schema = _store(view=view, category_id=category_id, aspects=list(entry.get("aspects") or []), name=name)
            automap = automap_attributes(schema=schema)
            missing = missing_required(schema=schema)
            pulled.imports.append(CategoryImport(schema=schema, downloaded=True, automap=automap, missing=missing))
    for done in pulled.imports:
        if done.missing:
            pulled.warnings.append(
                f"{view.remote_id}: category {done.schema.remote_type} requires the aspects "
                f"{', '.join(done.missing)}: map a property to each (or fill them per product)."
            )
    return pulled


def browse_categories(*, client: EbayClient, view: EbayMarketplaceView, parent_id: str = "") -> list[CategoryNode]:
    """The children of `parent_id` (the root's when empty) in the view's default tree."""
    if not view.category_tree_id:
        refresh_tree(client=client, view=view)
    if parent_id:
        node = client.category_subtree(tree_id=view.category_tree_id, category_id=parent_id).get("categorySubtreeNode")
    else:
        node = client.category_tree(tree_id=view.category_tree_id).get("rootCategoryNode")
    if not isinstance(node, dict):
        raise InvalidVendorPayload(f"{view.remote_id}: the category tree answer has no node.")
    return [
        CategoryNode(
            category_id=str((child.get("category") or {}).get("categoryId") or ""),
            name=str((child.get("category") or {}).get("categoryName") or ""),
            leaf=bool(child.get("leafCategoryTreeNode")),
            level=int(child.get("categoryTreeNodeLevel") or 0),
        )
        for child in node.get("childCategoryTreeNodes") or []
    ]


def with_client(*, channel: EbaySalesChannel, action: Callable[[EbayClient], T]) -> T:
    """Run `action` with a client on the channel's shared session (its throttle and secrets)."""
    client, session = build_client(spec=spec_for_channel(channel), channel=channel)
    with session:
        return action(client)

"""Inventory, publishing and webhook subscriptions: inventoryItem, inventorySetQuantities,
publishablePublish/Unpublish and webhookSubscriptionCreate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from graphql import GraphQLError, GraphQLResolveInfo
from graphql.execution.values import get_directive_values

from .errors import UserErrors
from .pagination import connection
from .state import InventoryItem, Location, SandboxState, WebhookSubscription, gid, parse_gid

QUANTITY_NAMES = (
    "available",
    "on_hand",
    "committed",
    "incoming",
    "reserved",
    "damaged",
    "safety_stock",
    "quality_control",
)
SETTABLE_NAMES = ("available", "on_hand")
REASONS = (
    "correction",
    "cycle_count_available",
    "damaged",
    "movement_created",
    "movement_updated",
    "movement_received",
    "movement_canceled",
    "other",
    "promotion",
    "quality_control",
    "received",
    "reservation_created",
    "reservation_deleted",
    "reservation_updated",
    "restock",
    "safety_stock",
    "shrinkage",
)
MAX_QUANTITY = 1_000_000_000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class InventoryLevelView:
    """An inventory item's quantities at one location."""

    id: int
    item: InventoryItem
    location: Location

    @property
    def gid(self) -> str:
        return f"gid://shopify/InventoryLevel/{self.location.id}?inventory_item_id={self.item.id}"


def inventory_item(_root: object, info: GraphQLResolveInfo, id: str) -> InventoryItem | None:
    return info.context.inventory_item_by_gid(id)


def _levels(item: InventoryItem, info: GraphQLResolveInfo, first: int | None = None) -> dict[str, Any]:
    state: SandboxState = info.context
    views = [InventoryLevelView(location_id, item, state.locations[location_id]) for location_id in item.levels]
    return connection(views, first=first)


def _quantities(level: InventoryLevelView, _info: GraphQLResolveInfo, names: list[str]) -> list[dict[str, Any]]:
    unknown = [name for name in names if name not in QUANTITY_NAMES]
    if unknown:
        raise GraphQLError(f"Invalid quantity names: {', '.join(unknown)}")
    quantities = level.item.levels[level.location.id]
    return [{"name": name, "quantity": quantities.get(name, 0)} for name in names]


def _check_header(data: dict[str, Any], errors: UserErrors) -> None:
    if data["name"] not in SETTABLE_NAMES:
        errors.add(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME")
    if data["reason"] not in REASONS:
        errors.add(["input", "reason"], f"The reason {data['reason']!r} is not valid.", "INVALID_REASON")
    uri = data.get("referenceDocumentUri")
    if uri is not None and not urlparse(uri).scheme:
        errors.add(
            ["input", "referenceDocumentUri"],
            "The reference document URI is not a valid URI.",
            "INVALID_REFERENCE_DOCUMENT",
        )


def _check_quantity(
    state: SandboxState, data: dict[str, Any], index: int, row: dict[str, Any], errors: UserErrors
) -> None:
    path: list[str | int] = ["input", "quantities", index]
    item, location = state.inventory_item_by_gid(row["inventoryItemId"]), state.location_by_gid(row["locationId"])
    if item is None:
        errors.add(
            [*path, "inventoryItemId"], "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"
        )
    if location is None:
        errors.add([*path, "locationId"], "The specified location could not be found.", "INVALID_LOCATION")
    if item is None or location is None:
        return
    if location.id not in item.levels:
        errors.add([*path, "locationId"], "The item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION")
        return
    if abs(row["quantity"]) > MAX_QUANTITY:
        code = "INVALID_QUANTITY_TOO_HIGH" if row["quantity"] > 0 else "INVALID_QUANTITY_TOO_LOW"
        errors.add([*path, "quantity"], "The quantity is out of range.", code)
    # 2026-01: every row states changeFromQuantity (null explicitly skips the check; 2026-04 removes the old opt-outs).
    if "changeFromQuantity" not in row:
        message = "The changeFromQuantity argument must be given to each quantity (null skips the check)."
        errors.add([*path, "changeFromQuantity"], message, "COMPARE_QUANTITY_REQUIRED")
    elif row["changeFromQuantity"] is not None and row["changeFromQuantity"] != item.levels[location.id].get(
        data["name"], 0
    ):
        message = "The changeFromQuantity argument no longer matches the persisted quantity."
        errors.add([*path, "changeFromQuantity"], message, "CHANGE_FROM_QUANTITY_STALE")


def inventory_set_quantities(_root: object, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    """Sets absolute quantities atomically (compare-and-swap per row); an idempotency key is applied once."""
    state: SandboxState = info.context
    key = idempotency_key(info)
    fingerprint = json.dumps(input, sort_keys=True, default=str)
    replay = state.idempotent_results.get(key)
    if replay is not None:
        if replay[0] != fingerprint:
            errors = UserErrors()
            message = "The same idempotency key cannot be used with different operation parameters."
            errors.add(["input"], message, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH")
            return {"inventoryAdjustmentGroup": None, "userErrors": errors}
        return replay[1]
    result = _set_quantities(state, input)
    if not result["userErrors"]:
        state.idempotent_results[key] = (fingerprint, result)
    return result


def idempotency_key(info: GraphQLResolveInfo) -> str:
    """The `@idempotent(key:)` of the field being resolved; a GraphQL error when it is missing or blank."""
    for directive in info.field_nodes[0].directives or ():
        if directive.name.value != "idempotent":
            continue
        values = get_directive_values(
            info.schema.get_directive("idempotent"), info.field_nodes[0], info.variable_values
        )
        key = (values or {}).get("key")
        if isinstance(key, str) and key.strip():
            return key
        break
    raise GraphQLError(
        f"{info.field_name} requires an idempotency key: add @idempotent(key: ...) with a non-blank key.",
        extensions={"code": "BAD_REQUEST"},
    )


def _set_quantities(state: SandboxState, input: dict[str, Any]) -> dict[str, Any]:
    errors = UserErrors()
    _check_header(input, errors)
    pairs = [(row["inventoryItemId"], row["locationId"]) for row in input["quantities"]]
    if len(set(pairs)) != len(pairs):
        errors.add(
            ["input", "quantities"],
            "The combination of inventoryItemId and locationId must be unique.",
            "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        )
    for index, row in enumerate(input["quantities"]):
        _check_quantity(state, input, index, row, errors)
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    name = input["name"]
    other = "on_hand" if name == "available" else "available"
    changes = []
    for row in input["quantities"]:
        item, location = state.inventory_item_by_gid(row["inventoryItemId"]), state.location_by_gid(row["locationId"])
        levels = item.levels[location.id]
        delta = row["quantity"] - levels.get(name, 0)
        levels[name] = row["quantity"]
        levels[other] = levels.get(other, 0) + delta
        changes.append(
            {"name": name, "delta": delta, "quantityAfterChange": row["quantity"], "item": item, "location": location}
        )
    group = {
        "id": gid("InventoryAdjustmentGroup", state.next_id()),
        "reason": input["reason"],
        "referenceDocumentUri": input.get("referenceDocumentUri"),
        "changes": changes,
    }
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


def _publish(info: GraphQLResolveInfo, id: str, input: list[dict[str, Any]], publish: bool) -> dict[str, Any]:
    state: SandboxState = info.context
    product = state.product_by_gid(id)
    if product is None:
        return {"publishable": None, "userErrors": [{"field": ["id"], "message": "Product does not exist"}]}
    numbers = [parse_gid(entry.get("publicationId"), "Publication") for entry in input]
    errors = [
        {"field": ["input", str(index), "publicationId"], "message": "Publication does not exist"}
        for index, number in enumerate(numbers)
        if number not in state.publications
    ]
    if errors:
        return {"publishable": None, "userErrors": errors}
    for number in numbers:
        if publish:
            product.publication_ids.add(number)  # type: ignore[arg-type]
        else:
            product.publication_ids.discard(number)  # type: ignore[arg-type]
    return {"publishable": product, "userErrors": []}


PUBLICATION_UPDATE_LIMIT = 50  # publishables added plus removed in one publicationUpdate


def publication_update(_root: object, info: GraphQLResolveInfo, id: str, input: dict[str, Any]) -> dict[str, Any]:
    """Adds and removes many products on one publication at once (at most 50 publishables a call)."""
    state: SandboxState = info.context
    publication = state.publications.get(parse_gid(id, "Publication"))  # type: ignore[arg-type]
    if publication is None:
        error = {"field": ["id"], "message": "Publication not found", "code": "PUBLICATION_NOT_FOUND"}
        return {"publication": None, "userErrors": [error]}
    adds, removes = input.get("publishablesToAdd") or [], input.get("publishablesToRemove") or []
    if len(adds) + len(removes) > PUBLICATION_UPDATE_LIMIT:
        message = f"At most {PUBLICATION_UPDATE_LIMIT} publishables can be updated at once."
        error = {"field": ["input"], "message": message, "code": "PUBLICATION_UPDATE_LIMIT_EXCEEDED"}
        return {"publication": None, "userErrors": [error]}
    errors = []
    for name, values in (("publishablesToAdd", adds), ("publishablesToRemove", removes)):
        for index, value in enumerate(values):
            if state.product_by_gid(value) is None:
                field = ["input", name, str(index)]
                message = f"Publishable {value} does not exist"
                errors.append({"field": field, "message": message, "code": "INVALID_PUBLISHABLE_ID"})
    if errors:
        return {"publication": None, "userErrors": errors}
    for value in adds:
        state.product_by_gid(value).publication_ids.add(publication.id)  # type: ignore[union-attr]
    for value in removes:
        state.product_by_gid(value).publication_ids.discard(publication.id)  # type: ignore[union-attr]
    return {"publication": publication, "userErrors": []}


def _callback_error(state: SandboxState, topic: str, url: str | None) -> str | None:
    parsed = urlparse(url or "")
    if not url:
        return "Address can't be blank"
    # Shopify only delivers over HTTPS; the sandbox also accepts plain http on this machine for tests.
    if parsed.scheme != "https" and not (parsed.scheme == "http" and parsed.hostname in LOCAL_HOSTS):
        return "Address protocol http:// is not supported"
    subscriptions = state.webhook_subscriptions.values()
    if any(s.topic == topic and s.callback_url == url for s in subscriptions):
        return "Address for this topic has already been taken"
    return None


def webhook_subscription_create(
    _root: object, info: GraphQLResolveInfo, topic: str, webhook_subscription: dict[str, Any]
) -> dict[str, Any]:
    """Subscribes an HTTPS endpoint `uri` to a topic (one subscription per topic and address)."""
    state: SandboxState = info.context
    url = webhook_subscription.get("uri")
    problem = _callback_error(state, topic, url)
    if problem:
        error = {"field": ["webhookSubscription", "uri"], "message": problem}
        return {"webhookSubscription": None, "userErrors": [error]}
    subscription = WebhookSubscription(
        id=state.next_id(),
        topic=topic,
        callback_url=url,  # type: ignore[arg-type]
        format=webhook_subscription.get("format") or "JSON",
        include_fields=webhook_subscription.get("includeFields") or [],
        metafield_namespaces=webhook_subscription.get("metafieldNamespaces") or [],
        filter=webhook_subscription.get("filter"),
    )
    state.webhook_subscriptions[subscription.id] = subscription
    return {"webhookSubscription": subscription, "userErrors": []}


RESOLVERS = {
    ("QueryRoot", "inventoryItem"): inventory_item,
    ("InventoryItem", "inventoryLevels"): _levels,
    ("InventoryLevel", "quantities"): _quantities,
    ("Mutation", "inventorySetQuantities"): inventory_set_quantities,
    ("Mutation", "publicationUpdate"): publication_update,
    ("Mutation", "publishablePublish"): lambda _root, info, id, input: _publish(info, id, input, True),
    ("Mutation", "publishableUnpublish"): lambda _root, info, id, input: _publish(info, id, input, False),
    ("Mutation", "webhookSubscriptionCreate"): webhook_subscription_create,
    ("WebhookSubscription", "uri"): lambda s, _info: s.callback_url,
}

"""Magento's asynchronous bulk API: `/rest/<scope>/async/bulk/V1/...` accepts an array, a consumer runs it later.

Accepting validates each item's shape (a malformed item is `rejected` in `request_items`, the
others are `accepted`) and answers 202 with the bulk uuid. The consumer (`async.operations.all`)
processes a bulk's operations once `consumer_delay` seconds have passed, in order, each through
the synchronous route's own handler: success is status 1 (complete, the route's answer in
`result_serialized_data`), a MagentoError status 3 (failed, change needed) with Magento's message.
`retriable_skus` makes operations on those SKUs end in status 2 (retriably failed) once.
Route parameters cannot be used in bulk routes: `bySku` routes take the SKU from each item.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from . import catalog
from .errors import MagentoError, bad_request
from .state import Bulk, Operation, StoreState

COMPLETE, RETRIABLY_FAILED, FAILED, OPEN, REJECTED = 1, 2, 3, 4, 5
TOPICS = {
    ("POST", "products"): "async.magento.catalog.api.productrepositoryinterface.save.post",
    ("PUT", "products/bySku"): "async.magento.catalog.api.productrepositoryinterface.save.put",
    ("DELETE", "products/bySku"): "async.magento.catalog.api.productrepositoryinterface.deletebyid.delete",
    (
        "POST",
        "configurable-products/bySku/options",
    ): "async.magento.configurableproduct.api.optionrepositoryinterface.save.post",
    (
        "POST",
        "configurable-products/bySku/child",
    ): "async.magento.configurableproduct.api.linkmanagementinterface.addchild.post",
    (
        "POST",
        "products/bySku/media",
    ): "async.magento.catalog.api.productattributemediagallerymanagementinterface.create.post",
}
MAX_ITEMS = 5000


def _required(item: Any, names: tuple[str, ...]) -> None:
    if not isinstance(item, dict):
        raise bad_request("Decoding error: each bulk item must be a JSON object.")
    for name in names:
        if name not in item:
            raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": name})


def handler(method: str, route: str, scope: str) -> Callable[[StoreState, Any], Any]:
    """The synchronous operation a bulk route stands for, applied to one item."""
    if (method, route) == ("POST", "products"):
        return lambda state, item: catalog.save_product(state, scope, item)
    if (method, route) == ("PUT", "products/bySku"):
        return lambda state, item: catalog.save_product(
            state, scope, {k: v for k, v in item.items() if k != "sku"}, sku=item.get("sku")
        )
    if (method, route) == ("DELETE", "products/bySku"):
        return lambda state, item: catalog.delete_product(state, item.get("sku", ""))
    if (method, route) == ("POST", "configurable-products/bySku/options"):
        return lambda state, item: catalog.add_option(state, item.get("sku", ""), item)
    if (method, route) == ("POST", "configurable-products/bySku/child"):
        return lambda state, item: catalog.add_child(state, item.get("sku", ""), item)
    if (method, route) == ("POST", "products/bySku/media"):
        return lambda state, item: catalog.add_media(state, item.get("sku", ""), item)
    raise MagentoError(404, "Request does not match any route.")


REQUIRED = {
    ("POST", "products"): ("product",),
    ("PUT", "products/bySku"): ("sku", "product"),
    ("DELETE", "products/bySku"): ("sku",),
    ("POST", "configurable-products/bySku/options"): ("sku", "option"),
    ("POST", "configurable-products/bySku/child"): ("sku", "childSku"),
    ("POST", "products/bySku/media"): ("sku", "entry"),
}


def accept(
    state: StoreState, *, method: str, route: str, scope: str, body: Any, now: float, delay: float, start_time: str
) -> dict[str, Any]:
    """Accept a bulk request: 202 answer with the uuid and each item accepted or rejected."""
    if (method, route) not in TOPICS:
        raise MagentoError(404, "Request does not match any route.")
    if not isinstance(body, list) or not body:
        raise bad_request("Request body must be a non-empty array for bulk routes.")
    if len(body) > MAX_ITEMS:
        raise bad_request('Maximum items of type "%type" is %max', {"type": route, "max": MAX_ITEMS})
    if scope != "all":
        catalog.scope_store_id(state, scope)
    bulk = Bulk(
        uuid=str(uuid.uuid4()),
        description=f"Topic {TOPICS[(method, route)]}",
        start_time=start_time,
        due_at=now + delay,
    )
    items, errors = [], False
    for index, item in enumerate(body):
        data_hash = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
        try:
            _required(item, REQUIRED[(method, route)])
        except MagentoError as error:
            errors = True
            items.append({"id": index, "data_hash": data_hash, "status": "rejected", "error_message": error.rendered()})
            operation = Operation(
                index, TOPICS[(method, route)], route, scope, item, status=REJECTED, result_message=error.rendered()
            )
        else:
            items.append({"id": index, "data_hash": data_hash, "status": "accepted"})
            operation = Operation(index, TOPICS[(method, route)], route, scope, item)
        operation.method = method  # type: ignore[attr-defined]
        bulk.operations.append(operation)
    with state.lock:
        state.bulks[bulk.uuid] = bulk
    return {"bulk_uuid": bulk.uuid, "request_items": items, "errors": errors}


def run_consumer(state: StoreState, *, now: float, retriable_skus: set[str]) -> None:
    """Process every due bulk's open operations (the `async.operations.all` consumer)."""
    with state.lock:
        due = [bulk for bulk in state.bulks.values() if bulk.due_at <= now]
        for bulk in due:
            for operation in bulk.operations:
                if operation.status != OPEN:
                    continue
                sku = str((operation.payload.get("product") or {}).get("sku") or operation.payload.get("sku") or "")
                if sku in retriable_skus:
                    retriable_skus.discard(sku)
                    operation.status = RETRIABLY_FAILED
                    operation.result_message = "Deadlock found when trying to get lock; try restarting transaction"
                    operation.error_code = 0
                    continue
                run = handler(operation.method, operation.route, operation.scope)  # type: ignore[attr-defined]
                try:
                    operation.result = run(state, operation.payload)
                    operation.status = COMPLETE
                    operation.result_message = "Service execution success " + operation.topic_name
                except MagentoError as error:
                    operation.status = FAILED
                    operation.result_message = error.rendered()
                    operation.error_code = 0


def _operation_json(bulk: Bulk, operation: Operation) -> dict[str, Any]:
    return {
        "id": operation.id,
        "bulk_uuid": bulk.uuid,
        "topic_name": operation.topic_name,
        "serialized_data": json.dumps(operation.payload),
        "result_serialized_data": json.dumps(operation.result) if operation.status == COMPLETE else "",
        "status": operation.status,
        "result_message": operation.result_message,
        "error_code": operation.error_code if operation.error_code is not None else 0,
    }


def all_operations(state: StoreState) -> list[dict[str, Any]]:
    """Every operation of every bulk (what `GET /V1/bulk` searches with searchCriteria)."""
    return [_operation_json(bulk, op) for bulk in state.bulks.values() for op in bulk.operations]


def _bulk(state: StoreState, bulk_uuid: str) -> Bulk:
    bulk = state.bulks.get(bulk_uuid)
    if bulk is None:
        raise MagentoError(400, "Bulk is not found", [])
    return bulk


def detailed_status(state: StoreState, bulk_uuid: str) -> dict[str, Any]:
    bulk = _bulk(state, bulk_uuid)
    return {
        "operations_list": [_operation_json(bulk, op) for op in bulk.operations],
        "user_type": 1,
        "bulk_id": bulk.uuid,
        "description": bulk.description,
        "start_time": bulk.start_time,
        "user_id": 1,
        "operation_count": len(bulk.operations),
    }


def short_status(state: StoreState, bulk_uuid: str) -> dict[str, Any]:
    bulk = _bulk(state, bulk_uuid)
    return {
        "operations_list": [
            {"id": op.id, "status": op.status, "result_message": op.result_message, "error_code": op.error_code or 0}
            for op in bulk.operations
        ],
        "user_type": 1,
        "bulk_id": bulk.uuid,
        "description": bulk.description,
        "start_time": bulk.start_time,
        "user_id": 1,
        "operation_count": len(bulk.operations),
    }

"""The fake vendor's client: one typed method per vendor operation, answers parsed at the edge."""

import time
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.tests.fake.remote import FakeRemote


def _remote_id(answer: Any) -> str:
    """The id of a created object; a body of another shape is an InvalidVendorPayload."""
    if not isinstance(answer, dict) or not isinstance(answer.get("id"), str) or not answer["id"]:
        raise InvalidVendorPayload(f"expected an object with a string 'id', got {str(answer)[:120]}")
    return answer["id"]


def _ok(answer: Any) -> None:
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        raise InvalidVendorPayload(f"expected {{'ok': true}}, got {str(answer)[:120]}")


class FakeClient:
    """Talks to a FakeRemote the way a vendor client talks HTTP."""

    def __init__(self, remote: FakeRemote) -> None:
        self.remote = remote

    # products -------------------------------------------------------------------------------

    def find_product(self, *, sku: str, marketplace: str | None = None) -> str | None:
        def handler():
            remote_id = self.remote.find_sku(sku, marketplace)
            return {"items": [{"id": remote_id}] if remote_id else []}

        answer = self.remote.call("find_product", handler)
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise InvalidVendorPayload(f"expected {{'items': [...]}}, got {str(answer)[:120]}")
        return _remote_id(answer["items"][0]) if answer["items"] else None

    def create_product(self, *, payload: dict) -> str:
        def handler():
            if self.remote.create_latency:
                time.sleep(self.remote.create_latency)
            remote_id = self.remote.new_id()
            record = {"sku": payload["sku"], "marketplace": payload.get("marketplace")}
            self.remote.products[remote_id] = record if self.remote.lean else {**payload, "id": remote_id}
            self.remote.index_sku(remote_id, payload["sku"], payload.get("marketplace"))
            return {"id": remote_id}

        return _remote_id(self.remote.call("create_product", handler))

    def update_product(self, *, remote_id: str, payload: dict) -> None:
        def handler():
            record = self.remote.product(remote_id)
            if not self.remote.lean:
                record.update(payload)
            return {"ok": True}

        _ok(self.remote.call("update_product", handler))

    def delete_product(self, *, remote_id: str) -> None:
        def handler():
            self.remote.product(remote_id)
            del self.remote.products[remote_id]
            return {"ok": True}

        _ok(self.remote.call("delete_product", handler))

    # product parts ----------------------------------------------------------------------------

    def _set(self, operation: str, store: dict, key: Any, remote_id: str, payload: dict) -> None:
        def handler():
            self.remote.product(remote_id)
            self.remote.store(store, key, payload)
            return {"ok": True}

        _ok(self.remote.call(operation, handler))

    def set_content(self, *, remote_id: str, language: str, payload: dict) -> None:
        self._set("set_content", self.remote.contents, (remote_id, language), remote_id, payload)

    def set_price(self, *, remote_id: str, currency: str, payload: dict) -> None:
        self._set("set_price", self.remote.prices, (remote_id, currency), remote_id, payload)

    def set_stock(self, *, remote_id: str, payload: dict) -> None:
        self._set("set_stock", self.remote.stock, remote_id, remote_id, payload)

    def set_property(self, *, remote_id: str, attribute: str, payload: dict) -> None:
        self._set("set_property", self.remote.properties, (remote_id, attribute), remote_id, payload)

    def upsert_image(self, *, remote_id: str, image_id: str | None, payload: dict) -> str:
        def handler():
            self.remote.product(remote_id)
            new_id = image_id or self.remote.new_id()
            self.remote.store(self.remote.images, new_id, {**payload, "product": remote_id, "id": new_id})
            return {"id": new_id}

        return _remote_id(self.remote.call("upsert_image", handler))

    def find_image(self, *, remote_id: str, url: str) -> str | None:
        def handler():
            found = [
                i["id"] for i in self.remote.images.values() if i.get("product") == remote_id and i.get("url") == url
            ]
            return {"items": [{"id": image_id} for image_id in found]}

        answer = self.remote.call("find_image", handler)
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise InvalidVendorPayload(f"expected {{'items': [...]}}, got {str(answer)[:120]}")
        return _remote_id(answer["items"][0]) if answer["items"] else None

    def delete_image(self, *, image_id: str) -> None:
        def handler():
            self.remote.images.pop(image_id, None)
            return {"ok": True}

        _ok(self.remote.call("delete_image", handler))

    # listings and metadata --------------------------------------------------------------------

    def list_products(self, *, offset: int, limit: int) -> dict[str, Any]:
        def handler():
            records = sorted(self.remote.products.values(), key=lambda r: int(r["id"]))
            return {"items": records[offset : offset + limit], "total": len(records)}

        answer = self.remote.call("list_products", handler)
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise InvalidVendorPayload(f"expected {{'items': [...]}}, got {str(answer)[:120]}")
        return answer

    def read_products(self, *, remote_ids: list[str]) -> dict[str, Any]:
        """{remote id: its last change time (or None)} for the ids the fake vendor still holds."""

        def handler():
            return {
                rid: self.remote.products[rid].get("changed_at") for rid in remote_ids if rid in self.remote.products
            }

        return self.remote.call("read_products", handler)

    def list_views(self) -> list[dict[str, Any]]:
        answer = self.remote.call("list_views", lambda: {"views": list(self.remote.views)})
        if not isinstance(answer, dict) or not isinstance(answer.get("views"), list):
            raise InvalidVendorPayload(f"expected {{'views': [...]}}, got {str(answer)[:120]}")
        return answer["views"]

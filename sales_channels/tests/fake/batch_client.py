"""The fake batch vendor's client: one method per bulk operation, per-item answers parsed into ItemResult."""

from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.factories.jobs import ItemResult
from sales_channels.tests.fake.batch_remote import FakeBatchRemote
from sales_channels.tests.fake.client import FakeClient

EXISTS = "product_invalid_sku"


def item_result(answer: Any) -> ItemResult:
    """One item of a batch answer: an id, or that item's own error ('exists' links by SKU)."""
    if not isinstance(answer, dict):
        return ItemResult(error=InvalidVendorPayload(f"expected an object per item, got {str(answer)[:120]}"))
    error = answer.get("error")
    if isinstance(error, dict):
        if error.get("code") == EXISTS:
            return ItemResult(remote_id=str(error.get("resource_id") or ""), exists=True)
        return ItemResult(error=VendorValidationError([str(error.get("message") or error.get("code"))]))
    if not answer.get("id"):
        return ItemResult(error=InvalidVendorPayload(f"an item without id or error: {str(answer)[:120]}"))
    return ItemResult(remote_id=str(answer["id"]))


def _list(answer: Any, key: str) -> list:
    if not isinstance(answer, dict) or not isinstance(answer.get(key), list):
        raise InvalidVendorPayload(f"expected {{'{key}': [...]}}, got {str(answer)[:120]}")
    return answer[key]


class FakeBatchClient(FakeClient):
    """Talks to a FakeBatchRemote; single-item operations (deletes) come from FakeClient."""

    remote: FakeBatchRemote

    def batch_products(self, *, create: list[dict], update: list[dict]) -> tuple[list[ItemResult], list[ItemResult]]:
        """(results of the creates, results of the updates), in the order sent."""
        answer = self.remote.call("batch_products", lambda: self.remote.batch_products(create=create, update=update))
        created, updated = _list(answer, "create"), _list(answer, "update")
        if len(created) != len(create) or len(updated) != len(update):
            raise InvalidVendorPayload("the batch answer does not have one result per item")
        return [item_result(a) for a in created], [item_result(a) for a in updated]

    def lookup_skus(self, *, skus: list[str]) -> dict[str, str]:
        answer = self.remote.call(
            "lookup_skus", lambda: {"items": [{"sku": s, "id": self.remote.by_sku(s)} for s in skus]}
        )
        return {item["sku"]: str(item["id"]) for item in _list(answer, "items") if item.get("id")}

    def batch_section(self, *, section: str, items: list[dict]) -> list[ItemResult]:
        table = self.remote.prices if section == "prices" else self.remote.stock
        answer = self.remote.call(f"batch_{section}", lambda: {"items": self.remote.set_section(table, items)})
        results = _list(answer, "items")
        if len(results) != len(items):
            raise InvalidVendorPayload("the batch answer does not have one result per item")
        return [item_result(a) for a in results]

    def submit_job(self, *, items: list[dict]) -> str:
        answer = self.remote.call("submit_job", lambda: {"job": self.remote.submit(items)})
        if not isinstance(answer, dict) or not isinstance(answer.get("job"), str):
            raise InvalidVendorPayload(f"expected {{'job': id}}, got {str(answer)[:120]}")
        return answer["job"]

    def job_status(self, *, job_id: str) -> tuple[str, dict[str, ItemResult] | None]:
        """(status, per-SKU results once done): the status answer carries the report, like Magento's detailed status."""

        def handler():
            status = self.remote.status_of(job_id)
            return {"status": status, "items": self.remote.jobs[job_id].report if status == "done" else None}

        answer = self.remote.call("job_status", handler)
        if not isinstance(answer, dict) or answer.get("status") not in ("running", "done", "failed"):
            raise InvalidVendorPayload(f"expected a job status, got {str(answer)[:120]}")
        items = answer.get("items")
        report = {str(sku): item_result(result) for sku, result in items.items()} if isinstance(items, dict) else None
        return answer["status"], report

    def job_report(self, *, job_id: str) -> dict[str, ItemResult]:
        answer = self.remote.call("job_report", lambda: {"items": self.remote.jobs[job_id].report})
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), dict):
            raise InvalidVendorPayload(f"expected {{'items': {{sku: result}}}}, got {str(answer)[:120]}")
        return {str(sku): item_result(result) for sku, result in answer["items"].items()}

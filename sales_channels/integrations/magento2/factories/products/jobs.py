"""The `products_bulk` vendor job: poll the products bulk, then send its second stage, then report per SKU.

Stage "products": the bulk's unfinished operations (`GET /V1/bulk` searched by bulk uuid and status != 1,
one small answer however big the bulk) until none is open (4). Operation i is item i of the request
(Magento 2.4 stores the request index as the operation's key and answers it as `id`): status 1 is
done, 2 (retriably failed) a transient error (the task is retried), 3 and 5 Magento's message on that
listing. For the listings whose product was saved, the second stage sends, as bulks: new option axes
(`configurable-products/bySku/options`), new child links (`configurable-products/bySku/child`), new
images (`products/bySku/media`, base64) and store-view content (`/rest/<store code>/async/bulk/V1/
products/bySku`); the first stock of new products in one MSI call; the special prices that changed
(at most one delete and one set call); the gallery entries of removed images (`images.py`). Stage
"follow_up" polls each of those bulks until it settles
(one search per unsettled bulk: a search over several bulks fails in Magento 2.4 as soon as two of
them have an unfinished operation with the same index); a failed operation fails its listing.
"""

from typing import Any
from urllib.parse import quote

from sales_channels.exceptions import TransientVendorError, VendorValidationError
from sales_channels.factories.jobs import COMPLETED, RUNNING, ItemResult, JobState, RemoteJobHandler
from sales_channels.integrations.magento2.factories.prices.special_prices import save_specials
from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.integrations.magento2.factories.products.images import delete_removed_images
from sales_channels.integrations.magento2.factories.products.sections import save_stock
from sales_channels.integrations.magento2.factories.products.steps import image_bytes

COMPLETE, RETRIABLY_FAILED, FAILED, OPEN, REJECTED = 1, 2, 3, 4, 5
POLL_SECONDS = 2.0


def operation_errors(operations: list[dict[str, Any]], owners: list[str]) -> dict[str, list]:
    """SKU -> [kind, message] of each failed operation (owners[i] owns operation i); None while one is open."""
    errors: dict[str, list] = {}
    for operation in operations:
        index = int(operation.get("id", 0))
        owner = owners[index] if 0 <= index < len(owners) else ""
        status = int(operation.get("status") or 0)
        if status in (FAILED, REJECTED):
            errors.setdefault(owner, ["failed", operation.get("result_message") or "Magento could not save it."])
        elif status == RETRIABLY_FAILED:
            errors.setdefault(owner, ["retry", operation.get("result_message") or "Magento asks to try again."])
    return errors


def _still_open(operations: list[dict[str, Any]]) -> bool:
    return any(int(op.get("status") or 0) == OPEN for op in operations)


class Magento2ProductsJob(RemoteJobHandler):
    """Polls a products bulk and its follow-up bulks; the final report carries one result per SKU."""

    kind = "products_bulk"

    def poll(self) -> JobState:
        result = dict(self.job.result or {})
        if result.get("stage") == "products":
            operations = self.unfinished_operations(self.job.remote_id)
            if _still_open(operations):
                return JobState(status=RUNNING, next_poll_seconds=POLL_SECONDS)
            result["errors"] = operation_errors(operations, result.get("skus") or [])
            retried = bool(result.get("follow_up_started"))
            if not retried:  # noted before sending: a retry after a lost answer checks what already arrived
                result["follow_up_started"] = True
                type(self.job).objects.filter(pk=self.job.pk).update(result=result)
            result["bulks"] = self.send_follow_up(result, retried=retried)
            result["stage"] = "follow_up"
            if result["bulks"]:
                return JobState(status=RUNNING, next_poll_seconds=POLL_SECONDS, result=result)
        still_open = False
        for bulk in result.get("bulks") or []:
            if bulk.get("settled"):
                continue
            operations = self.unfinished_operations(bulk["uuid"])
            if _still_open(operations):
                still_open = True
                continue
            for sku, error in operation_errors(self.settled(bulk, operations), bulk["owners"]).items():
                result["errors"].setdefault(sku, error)
            bulk["settled"] = True
        if still_open:
            return JobState(status=RUNNING, next_poll_seconds=POLL_SECONDS, result=result)
        result["bulks"] = []
        return JobState(status=COMPLETED, result=result, report=self.report(result))

    def unfinished_operations(self, uuid: str) -> list[dict[str, Any]]:
        """Every operation of one bulk that is not complete (`GET /V1/bulk`, bulk_uuid eq and status != 1).

        One bulk per search: Magento 2.4 keys the answer's operations by their index in their own bulk, so a
        search whose answer holds two operations of different bulks with the same index fails (magento2#29579)."""
        filters = [[("bulk_uuid", uuid, "eq")], [("status", str(COMPLETE), "neq")]]
        return list(self.client.search_all("bulk", page_size=300, filters=filters))

    def settled(self, bulk: dict[str, Any], operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The operations whose failure is not one: a child already attached, an axis the parent already has
        (an earlier attempt added it before its answer was lost; checked with one read of that parent's axes)."""
        kept = []
        for operation in operations:
            index = int(operation.get("id", 0))
            failed = int(operation.get("status") or 0) in (FAILED, REJECTED)
            key = bulk["keys"][index] if failed and index < len(bulk.get("keys") or []) else None
            if (
                failed
                and bulk["route"].endswith("/child")
                and "already attached" in (operation.get("result_message") or "")
            ):
                continue
            if key and bulk["route"].endswith("/options") and key in self.parent_axes(bulk["owners"][index]):
                continue
            kept.append(operation)
        return kept

    def parent_axes(self, sku: str) -> set[str]:
        cache = self.__dict__.setdefault("_axes", {})
        if sku not in cache:
            options = self.client.get(f"configurable-products/{quote(sku, safe='')}/options/all")
            cache[sku] = {str(option.get("attribute_id")) for option in options or []}
        return cache[sku]

    def report(self, result: dict[str, Any]) -> dict[str, ItemResult]:
        errors = result.get("errors") or {}
        report = {}
        for sku in result.get("skus") or []:
            kind, message = errors.get(sku, (None, ""))
            if kind == "retry":
                report[sku] = ItemResult(error=TransientVendorError(message))
            elif kind:
                report[sku] = ItemResult(error=VendorValidationError([message]))
            else:
                report[sku] = ItemResult(remote_id=sku)
        return report

    def send_follow_up(self, result: dict[str, Any], *, retried: bool = False) -> list[dict[str, Any]]:
        """Submit the second stage for every listing whose product (and children) were saved; the bulks to poll.

        `retried`: an earlier attempt may have sent some of it before its answer was lost; images already in
        a listing's gallery (by label) are not sent again (the other parts are safe to send twice)."""
        errors = result.setdefault("errors", {})
        follow_up = self.ready(result.get("follow_up") or {}, errors)
        if retried:
            follow_up = {sku: self.without_arrived_images(sku, plan) for sku, plan in follow_up.items()}
        stock = [plan["stock"] for plan in follow_up.values() if plan.get("stock")]
        if stock:
            save_stock(client=self.client, channel=self.context.channel, items=stock)
        for sku, plan in follow_up.items():
            removed, kept = plan.get("removed_images") or [], plan.get("kept_images") or []
            delete_removed_images(client=self.client, sku=sku, removed=removed, kept=kept)
        specials = {sku: plan["special"] for sku, plan in follow_up.items() if plan.get("special")}
        if specials:
            refused = save_specials(
                client=self.client,
                wanted={sku: special["new"] for sku, special in specials.items()},
                previous={sku: special["previous"] for sku, special in specials.items()},
            )
            for sku, message in refused.items():
                errors.setdefault(sku, ["failed", message])
        bulks = []
        for (scope, method, route), items in second_stage(follow_up).items():
            accepted = self.client.submit_bulk(route, items=[body for _, body, _ in items], method=method, scope=scope)
            owners = [sku for sku, _, _ in items]
            for index, message in accepted.rejected.items():
                errors.setdefault(owners[index], ["failed", message])
            keys = [key for _, _, key in items]
            bulks.append({"uuid": accepted.bulk_uuid, "owners": owners, "keys": keys, "route": route, "scope": scope})
        return bulks

    def without_arrived_images(self, sku: str, plan: dict[str, Any]) -> dict[str, Any]:
        if not plan.get("images"):
            return plan
        gallery = self.client.get(f"products/{quote(sku, safe='')}/media")
        labels = {entry.get("label") for entry in gallery or []}
        return {**plan, "images": [image for image in plan["images"] if image["label"] not in labels]}

    @staticmethod
    def ready(follow_up: dict[str, Any], errors: dict[str, list]) -> dict[str, Any]:
        """The plans of listings saved with all their children (a parent of a failed child fails with it)."""
        ready = {}
        for sku, plan in follow_up.items():
            failed_child = next((child for child in plan.get("family") or [] if child in errors), None)
            if failed_child is not None and sku not in errors:
                errors[sku] = errors[failed_child]  # the parent waits for its children: retried with them
            if sku not in errors:
                ready[sku] = plan
        return ready


def second_stage(follow_up: dict[str, Any]) -> dict[tuple[str, str, str], list[tuple[str, dict, str]]]:
    """(scope, method, bulk route) -> [(owner SKU, item, key)]: axes, child links, images, store-view content."""
    batches: dict[tuple[str, str, str], list[tuple[str, dict, str]]] = {}

    def add(scope: str, method: str, route: str, sku: str, body: dict, key: str) -> None:
        batches.setdefault((scope, method, route), []).append((sku, body, key))

    for sku, plan in follow_up.items():
        for option in plan.get("options") or []:
            add(
                "all",
                "POST",
                "configurable-products/bySku/options",
                sku,
                {"sku": sku, "option": option},
                option["attribute_id"],
            )
        for child in plan.get("children") or []:
            add("all", "POST", "configurable-products/bySku/child", sku, {"sku": sku, "childSku": child}, child)
        for image in plan.get("images") or []:
            entry = payloads.media_entry(descriptor=image, data=image_bytes(image["media"]))
            add("all", "POST", "products/bySku/media", sku, {"sku": sku, "entry": entry}, image["key"])
        for code, body in sorted((plan.get("views") or {}).items()):
            add(code, "PUT", "products/bySku", sku, {"sku": sku, "product": body}, code)
    return batches

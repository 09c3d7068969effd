"""Publications of a whole batch of listings in a few `publicationUpdate` calls instead of one call each.

While a batch runs (the live batch step, or a bulk push's report), `defer` makes each listing's
follow-up hand its publication changes here instead of sending `publishablePublish` itself;
`publish_all` then sends, per publication, the products to add and to remove, at most
`PUBLICATION_UPDATE_LIMIT` a call (Shopify's cap). A product refused by Shopify (its index in
`userErrors`), or every product of a call that failed as a whole, comes back with its error: that
listing alone fails, and `forget_publications` makes its next sync send them again.
"""

from collections import defaultdict
from dataclasses import dataclass

from sales_channels.exceptions import VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.factories.batch import chunks
from sales_channels.models import RemoteObject

DEFERRED = "shopify_deferred_publications"
PUBLICATION_UPDATE_LIMIT = 50
UNSENT_HASH = "publications-unsent"  # a mirror hash no payload has: the next sync compares and re-sends


@dataclass(frozen=True)
class PendingPublication:
    """The publication changes of one listing, sent later with the batch's others."""

    task_id: int | None
    product_id: str
    publish: tuple[str, ...]
    unpublish: tuple[str, ...]


def defer(context: StepContext) -> list[PendingPublication]:
    """From now on, follow-ups collect their publication changes in the returned list."""
    pending: list[PendingPublication] = []
    context.cache[DEFERRED] = pending
    return pending


def stop_deferring(context: StepContext) -> None:
    context.cache.pop(DEFERRED, None)


def take(*, context: StepContext, product_id: str, publish: list[str], unpublish: list[str]) -> bool:
    """Keep these changes for the batch's publicationUpdate calls; False when nothing defers them."""
    pending = context.cache.get(DEFERRED)
    if pending is None:
        return False
    task = context.sync_task
    pending.append(
        PendingPublication(
            task_id=getattr(task, "pk", None), product_id=product_id, publish=tuple(publish), unpublish=tuple(unpublish)
        )
    )
    return True


def publish_all(*, context: StepContext, pending: list[PendingPublication]) -> dict[str, BaseException]:
    """Send every deferred change, grouped by publication; the error of each product that was not published."""
    changes: dict[str, list[tuple[str, str]]] = defaultdict(list)  # publication -> (product, "add" | "remove")
    for item in pending:
        for publication in item.publish:
            changes[publication].append((item.product_id, "add"))
        for publication in item.unpublish:
            changes[publication].append((item.product_id, "remove"))
    failures: dict[str, BaseException] = {}
    for publication, rows in sorted(changes.items()):
        for chunk in chunks(rows, PUBLICATION_UPDATE_LIMIT):
            failures.update(_update(context=context, publication=publication, rows=chunk))
    return failures


def _update(*, context: StepContext, publication: str, rows: list[tuple[str, str]]) -> dict[str, BaseException]:
    adds = [product for product, change in rows if change == "add"]
    removes = [product for product, change in rows if change == "remove"]
    variables = {"id": publication, "input": {"publishablesToAdd": adds, "publishablesToRemove": removes}}
    try:
        data = context.client.execute(document="publication_update", variables=variables)
    except Exception as error:  # noqa: BLE001 - the call failed as a whole: each of its listings carries it
        return {product: error for product, _change in rows}
    errors = (data.get("publicationUpdate") or {}).get("userErrors") or []
    failures: dict[str, BaseException] = {}
    for error in errors:
        field = [str(part) for part in error.get("field") or []]
        listed = {"publishablesToAdd": adds, "publishablesToRemove": removes}.get(field[1] if len(field) > 1 else "")
        index = int(field[2]) if len(field) > 2 and field[2].isdigit() else None
        message = f"publications: publicationUpdate: {error.get('message')}"
        owners = [listed[index]] if listed is not None and index is not None and index < len(listed) else adds + removes
        for product in owners:
            failures[product] = VendorValidationError([message])
    return failures


def forget_publications(*, mirror: RemoteObject | None, item: PendingPublication) -> None:
    """The listing's publications were not sent: its stored payload says so, its next sync sends them."""
    if mirror is None or mirror.pk is None:
        return
    payload = dict(mirror.last_payload or {})
    sent = (set(payload.get("publications") or []) - set(item.publish)) | set(item.unpublish)
    payload["publications"] = sorted(sent)
    mirror.last_payload, mirror.payload_hash = payload, UNSENT_HASH
    type(mirror).objects.filter(pk=mirror.pk).update(last_payload=payload, payload_hash=UNSENT_HASH)

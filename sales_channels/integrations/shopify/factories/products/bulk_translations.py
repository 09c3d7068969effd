"""Translations of many listings as a second bulk operation: `translationsRegister` over a staged JSONL upload.

When a bulk push has written the products, each listing with translations to register gets a
follow-up task (`bulk_push.ShopifyBulkPushJob.queue_translations`). Claimed together (the backlog is
at least the channel's bulk threshold), the batch step sends those whose only change is their
translations here instead of one ListingFollowUp call each:

1. submit (`submit_translations`): one line per listing, `{resourceId, translations}` with every
   changed locale and key; the digests are those of the primary text the listing's productSet sent
   (`listing.predict_digests`: Shopify's digest is the SHA-256 of the stored value); staged and run
   like the productSet bulk mutation, outside the cost bucket. The tasks wait ("awaiting");
2. poll: as the productSet bulk mutation (`bulkOperation(id:)`);
3. report (`ShopifyBulkTranslationsJob.read_report`): each line is one listing's answer. A line
   refused only for stale digests (Shopify stored the text otherwise) is registered again live,
   after reading the real digests; any other refusal is that listing's failure. The framework then
   binds each listing with its whole payload, translations included.
"""

from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.factories.jobs import ItemResult, JobSubmitted
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import listing, payloads
from sales_channels.integrations.shopify.factories.products.bulk_push import (
    POLL_SECONDS,
    ShopifyBulkPushJob,
    run_bulk_mutation,
    stage_upload,
)

TRANSLATIONS_BULK_KIND = "translations_register_bulk"
OPERATION = "translationsRegister"


def translation_line(*, context: StepContext, product_id: str, product_input: dict, translations: list) -> dict:
    """The variables of one listing's translationsRegister: every locale and key, against the text sent."""
    listing.predict_digests(context=context, product_id=product_id, product_input=product_input)
    digests = listing.digests_for(context=context, product_id=product_id, batch=[product_id])
    inputs = payloads.register_inputs(translations=translations, digests=digests)
    return {"resourceId": product_id, "translations": inputs}


def submit_translations(*, context: StepContext, lines: list[dict[str, Any]], refs: dict[str, str]) -> JobSubmitted:
    """Stage the lines and run translationsRegister over them; the job the framework records."""
    path = stage_upload(client=context.client, lines=lines)
    task = context.sync_task
    operation_id = run_bulk_mutation(
        client=context.client,
        staged_path=path,
        client_identifier=f"onesila-{context.channel.pk}-{getattr(task, 'pk', 0)}-translations",
        document="translations_register",
    )
    return JobSubmitted(kind=TRANSLATIONS_BULK_KIND, remote_id=operation_id, refs=refs, next_poll_seconds=POLL_SECONDS)


class ShopifyBulkTranslationsJob(ShopifyBulkPushJob):
    """Polls a bulk translationsRegister and reports each listing's line (stale digests: registered again live)."""

    kind = TRANSLATIONS_BULK_KIND

    def read_report(self) -> dict[str, ItemResult]:
        url = (self.job.result or {}).get("url")
        by_line = {
            line["__lineNumber"]: line
            for line in (self.download(url=url) if url else [])
            if isinstance(line.get("__lineNumber"), int)
        }
        report: dict[str, ItemResult] = {}
        for item in self.job.items.values():
            index = int(item["ref"].partition(":")[0])
            try:
                self.check_line(line=by_line.get(index), item=item)
            except Exception as error:  # noqa: BLE001 - this listing fails alone (stored on its mirror)
                report[item["ref"]] = ItemResult(error=error)
            else:
                report[item["ref"]] = ItemResult(remote_id=item["remote_id"])
        return report

    def check_line(self, *, line: dict[str, Any] | None, item: dict[str, Any]) -> None:
        """Raise that listing's failure; a refusal for stale digests alone is sent again live with the real ones."""
        product_id = item["remote_id"]
        if line is None:
            raise InvalidVendorPayload(f"the bulk result has no line for Shopify product {product_id}")
        if line.get("errors"):
            raise VendorValidationError([f"{OPERATION}: {error.get('message')}" for error in line["errors"]])
        answer = (line.get("data") or {}).get(OPERATION) or {}
        codes = {error.get("code") for error in answer.get("userErrors") or []}
        if codes and codes <= listing.STALE_TRANSLATION_CODES:
            listing.mark_digests_stale(context=self.context, product_id=product_id)
            listing.send_follow_up(
                context=self.context,
                product_id=product_id,
                publish=[],
                unpublish=[],
                translations=item["payload"].get("translations") or [],
                delete=[],
                batch=[product_id],
            )
            return
        raise_user_errors(payload=answer, operation=OPERATION)

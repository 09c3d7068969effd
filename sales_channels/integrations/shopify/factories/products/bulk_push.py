"""The bulk push: many listings in one `bulkOperationRunMutation` of productSet over a staged JSONL upload.

1. submit (`submit_bulk`, from the batch step): one line of productSet variables per listing (the
   same input, identifier and answer selection as the live push), uploaded to the target
   `stagedUploadsCreate` gives, then `bulkOperationRunMutation`. Shopify runs one bulk mutation at a
   time per shop: OPERATION_IN_PROGRESS (or LIMIT_REACHED) defers the batch (`RateLimited`). The
   framework records the operation as a `RemoteJob` (kind "products_set_bulk") with what each line
   must bind; the tasks wait ("awaiting");
2. poll (`ShopifyBulkPushJob.poll`): `bulkOperation(id:)` until COMPLETED (its result file URL), or
   FAILED/CANCELED/EXPIRED (every task of the job fails with Shopify's status and errorCode);
3. report (`read_report`): the JSONL result is downloaded once; each line (`__lineNumber`) is one
   listing's productSet answer. A line with `errors` or `userErrors` is that listing's failure
   (stored on its mirror only). A good line binds the listing as the live push does (product,
   variants, media, sections, variations), then the batch's publications go out in
   `publicationUpdate` calls, and listings with translations to register get a follow-up
   `product.update` task (translations need the digests of the product Shopify just wrote).
"""

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.utils import timezone

from sales_channels.exceptions import InvalidVendorPayload, RateLimited, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.jobs import (
    COMPLETED,
    FAILED,
    RUNNING,
    ItemResult,
    JobState,
    JobSubmitted,
    RemoteJobHandler,
)
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.imports.bulk import parse_jsonl
from sales_channels.integrations.shopify.factories.products import publications
from sales_channels.integrations.shopify.factories.products.binding import product_set_answer
from sales_channels.integrations.shopify.factories.products.steps import ShopifyProductStep
from sales_channels.models import RemoteJob, SyncTask
from sales_channels.models.tasks import lease_deadline
from sales_channels.tasks import enqueue_sync_tasks

BULK_PUSH_KIND = "products_set_bulk"
POLL_SECONDS = 5.0
IN_PROGRESS_SECONDS = 30.0
BUSY_CODES = {"OPERATION_IN_PROGRESS", "LIMIT_REACHED"}
PENDING = ("CREATED", "RUNNING")
LEASE_EVERY = 100  # listings bound between two renewals of the job's poll lease
FOLLOW_UP_DELAY = 5.0  # seconds before a listing's translation follow-up is due
UPLOAD_NAME = "onesila-product-set.jsonl"
UPLOAD_MIME = "text/jsonl"
PUBLIC_PARAMETERS = {"key", "Content-Type", "acl", "success_action_status"}


def jsonl(lines: list[dict[str, Any]]) -> bytes:
    """One compact JSON object a line: the staged file of a bulk mutation."""
    return "".join(json.dumps(line, separators=(",", ":"), sort_keys=True) + "\n" for line in lines).encode()


def stage_upload(*, client: Any, lines: list[dict[str, Any]]) -> str:
    """Upload the variables of every line to a staged target; the `stagedUploadPath` to run them from."""
    data = client.execute(
        document="staged_uploads_create",
        variables={
            "input": [
                {
                    "resource": "BULK_MUTATION_VARIABLES",
                    "filename": UPLOAD_NAME,
                    "mimeType": UPLOAD_MIME,
                    "httpMethod": "POST",
                }
            ]
        },
    )
    answer = data.get("stagedUploadsCreate") or {}
    raise_user_errors(payload=answer, operation="stagedUploadsCreate")
    targets = answer.get("stagedTargets") or []
    if not targets or not isinstance(targets[0], dict) or not targets[0].get("url"):
        raise InvalidVendorPayload("stagedUploadsCreate: no upload target", raw_excerpt=str(data)[:500])
    parameters = {entry["name"]: entry["value"] for entry in targets[0].get("parameters") or []}
    if not parameters.get("key"):
        raise InvalidVendorPayload("stagedUploadsCreate: the target has no key", raw_excerpt=str(data)[:500])
    session = client.session
    for name, value in parameters.items():  # the form's signature and policy are credentials: never logged
        if name not in PUBLIC_PARAMETERS:
            session.add_secret(value)
    response = session.post(
        targets[0]["url"],
        data=parameters,
        files={"file": (UPLOAD_NAME, jsonl(lines), UPLOAD_MIME)},
        idempotent=True,
    )
    session.raise_for_vendor_status(response)
    return parameters["key"]


def run_bulk_mutation(*, client: Any, staged_path: str, client_identifier: str, document: str = "product_set") -> str:
    """Start `document` (productSet) over the staged file; its operation gid (another bulk mutation running: retry
    later)."""
    data = client.execute(
        document="bulk_operation_run_mutation",
        variables={
            "mutation": load_document(document),
            "stagedUploadPath": staged_path,
            "clientIdentifier": client_identifier,
        },
    )
    answer = data.get("bulkOperationRunMutation") or {}
    codes = {error.get("code") for error in answer.get("userErrors") or []}
    if codes & BUSY_CODES:
        raise RateLimited(IN_PROGRESS_SECONDS, message="Shopify: another bulk mutation is running on this shop.")
    raise_user_errors(payload=answer, operation="bulkOperationRunMutation")
    operation_id = (answer.get("bulkOperation") or {}).get("id")
    if not operation_id:
        raise InvalidVendorPayload("bulkOperationRunMutation: no operation id", raw_excerpt=str(data)[:500])
    return operation_id


def submit_bulk(
    *, context: StepContext, lines: list[dict[str, Any]], refs: dict[str, str], follow_up: list[int]
) -> JobSubmitted:
    """Stage and run the lines; the job the framework records (`follow_up`: listings to translate after)."""
    path = stage_upload(client=context.client, lines=lines)
    task = context.sync_task
    operation_id = run_bulk_mutation(
        client=context.client,
        staged_path=path,
        client_identifier=f"onesila-{context.channel.pk}-{getattr(task, 'pk', 0)}",
    )
    return JobSubmitted(
        kind=BULK_PUSH_KIND,
        remote_id=operation_id,
        refs=refs,
        next_poll_seconds=POLL_SECONDS,
        result={"follow_up": sorted(follow_up)},
    )


class ShopifyBulkPushJob(RemoteJobHandler):
    """Polls a bulk productSet mutation and binds each line of its result to its listing."""

    kind = BULK_PUSH_KIND

    def poll(self) -> JobState:
        operation_id = self.job.remote_id
        operation = self.client.execute(document="bulk_operation", variables={"id": operation_id}).get("bulkOperation")
        if not isinstance(operation, dict) or operation.get("id") != operation_id:
            return JobState(status=FAILED, error=f"Shopify bulk mutation {operation_id} was not found.")
        status = operation.get("status")
        kept = {key: value for key, value in (self.job.result or {}).items() if key != "url"}
        if status in PENDING:
            return JobState(status=RUNNING, next_poll_seconds=POLL_SECONDS, result={**kept, "status": status})
        if status != "COMPLETED":
            code = operation.get("errorCode") or "none"
            return JobState(
                status=FAILED, error=f"Shopify bulk mutation {operation_id} ended {status} (errorCode {code})."
            )
        return JobState(
            status=COMPLETED,
            result={**kept, "status": status, "url": operation.get("url"), "objectCount": operation.get("objectCount")},
        )

    def read_report(self) -> dict[str, ItemResult]:
        url = (self.job.result or {}).get("url")
        by_line = {
            line["__lineNumber"]: line
            for line in (self.download(url=url) if url else [])
            if isinstance(line.get("__lineNumber"), int)
        }
        tasks = SyncTask.objects.filter(pk__in=self.job.sync_task_ids).select_related("view")
        self.context.view = next((task.view for task in tasks), None)
        items = list(self.job.items.values())
        object_ids = [int(item["ref"].partition(":")[2]) for item in items]
        ShopifyProductStep.prefetch(context=self.context, object_ids=object_ids)
        mirrors = self.mirrors(items)
        pending = publications.defer(self.context)
        report: dict[str, ItemResult] = {}
        try:
            for number, item in enumerate(items, start=1):
                if number % LEASE_EVERY == 0:  # binding many listings outlasts the poll's lease: keep the job ours
                    RemoteJob.objects.filter(pk=self.job.pk).update(next_poll_at=lease_deadline())
                index, _, object_id = item["ref"].partition(":")
                mirror = mirrors.get(item["mirror_id"])
                try:
                    product_id = self.bind_line(
                        line=by_line.get(int(index)), item=item, object_id=int(object_id), mirror=mirror
                    )
                except Exception as error:  # noqa: BLE001 - this listing fails alone (stored on its mirror)
                    report[item["ref"]] = ItemResult(error=error)
                else:
                    report[item["ref"]] = ItemResult(remote_id=product_id)
        finally:
            publications.stop_deferring(self.context)
            self.context.flush()
        self.publish(pending=pending, items=items, report=report)
        self.queue_translations(items=items, report=report)
        return report

    @staticmethod
    def mirrors(items: list[dict[str, Any]]) -> dict[int, Any]:
        loaded: dict[int, Any] = {}
        for label in {item["mirror_model"] for item in items}:
            ids = [item["mirror_id"] for item in items if item["mirror_model"] == label]
            loaded.update(apps.get_model(label).objects.in_bulk(ids))
        return loaded

    def bind_line(self, *, line: dict[str, Any] | None, item: dict[str, Any], object_id: int, mirror: Any) -> str:
        """Bind one listing from its line of the result, as the live push binds its productSet answer."""
        if line is None:
            raise InvalidVendorPayload(f"the bulk result has no line for listing {object_id}")
        if line.get("errors"):
            raise VendorValidationError([f"productSet: {error.get('message')}" for error in line["errors"]])
        answer = (line.get("data") or {}).get("productSet") or {}
        raise_user_errors(payload=answer, operation="productSet")
        if not isinstance(answer.get("product"), dict) or mirror is None:
            raise InvalidVendorPayload("productSet: answer without a product", raw_excerpt=str(line)[:500])
        payload = item["payload"]
        step = ShopifyProductStep(context=self.context, object_id=object_id)
        if step.data is None:
            raise InvalidVendorPayload(f"listing {object_id} no longer exists locally")
        for variant, variation in zip(payload["input"].get("variants") or [], step.data.variations, strict=False):
            self.context.cache[("shopify_variant_input", variation.id)] = variant
        sent = step._sent_input(payload)
        before = set((mirror.last_payload or {}).get("publications") or []) if mirror.payload_hash else set()
        bound = product_set_answer(product=answer["product"], sent=sent)
        product_id = bound.product.id
        step._remember_sent(sent)
        mirror.remote_id, mirror.last_payload = product_id, payload
        step.bind_answer(mirror=mirror, answer=bound)
        step.after_bind(mirror=mirror)
        # bound now (the framework binds the same again): the follow-up task queued below compares with it
        MirrorBinder(model=type(mirror), channel=self.context.channel, keys={}).bind(
            mirror, remote_id=product_id, payload=payload, digest=item["digest"]
        )
        after = set(payload.get("publications") or [])
        publications.take(
            context=self.context,
            product_id=product_id,
            publish=sorted(after - before),
            unpublish=sorted(before - after),
        )
        return product_id

    def publish(self, *, pending: list, items: list[dict[str, Any]], report: dict[str, ItemResult]) -> None:
        """The batch's publications in publicationUpdate calls; a listing Shopify refused fails alone."""
        failures = publications.publish_all(context=self.context, pending=pending)
        for item in items:
            result = report.get(item["ref"])
            if result is not None and result.remote_id in failures:
                report[item["ref"]] = ItemResult(error=failures[result.remote_id])

    def queue_translations(self, *, items: list[dict[str, Any]], report: dict[str, ItemResult]) -> None:
        """Listings bound with translations still to register: one follow-up product.update task each."""
        wanted = set((self.job.result or {}).get("follow_up") or [])
        channel = self.context.channel
        done = [
            int(item["ref"].partition(":")[2])
            for item in items
            if report.get(item["ref"]) is not None and report[item["ref"]].error is None
        ]
        view_id = getattr(self.context.view, "pk", None)
        created = queue_tasks(
            (
                TaskRequest(
                    company_id=channel.multi_tenant_company_id,
                    sales_channel_id=channel.pk,
                    view_id=view_id,
                    usage="product.update",
                    object_id=object_id,
                )
                for object_id in done
                if object_id in wanted
            ),
            enqueue=False,
        )
        # due once the framework has bound this report (it binds after read_report returns)
        ids = [task.pk for task in created]
        SyncTask.objects.filter(pk__in=ids).update(next_run_at=timezone.now() + timedelta(seconds=FOLLOW_UP_DELAY))
        enqueue_sync_tasks(sync_task_ids=ids, delay=FOLLOW_UP_DELAY)

    def download(self, *, url: str) -> list[dict[str, Any]]:
        """The JSONL result through the channel's VendorSession (a signed URL: its parameters are secrets)."""
        session = self.client.session
        for pair in urlsplit(url).query.split("&"):
            session.add_secret(pair.partition("=")[2] or None)
        response = session.get(url, idempotent=True)
        session.raise_for_vendor_status(response)
        return parse_jsonl(response.text)

"""The Shopify batch step of product.create and product.sync: the live path, or a bulk mutation for many.

- **live** (fewer listings than the channel's `bulk_threshold`, or a dry run): each listing runs its
  own `ShopifyProductStep` (one productSet, at most one follow-up), exactly as one step per task
  would, except that publications are deferred and sent after the batch in `publicationUpdate`
  calls (one per publication for up to 50 listings instead of one publishablePublish each);
- **bulk** (at least `bulk_threshold` listings claimed; `batch_size` lets a worker claim the backlog
  when it is that large): every listing is mapped and hash-checked like the live path; those whose
  productSet input changed go into one bulk mutation (`bulk_push`), answered later through the
  framework's RemoteJob; those where only the follow-up changed (publications, translations,
  removed metafields) and deletes run their live step.

Translations are left out of a bulk line's stored payload (they need the digests of what the bulk
mutation wrote): the job queues a `product.update` for those listings. Claimed together, those whose
only change is their translations go as a second bulk operation (`bulk_translations`); a few (fewer
than TRANSLATIONS_BULK_MIN) send them in their live follow-up.
"""

from typing import Any

from django.db import transaction

from sales_channels.factories.batch import UPDATE, BatchEntry, BatchProductStep, backlog
from sales_channels.factories.jobs import JobSubmitted
from sales_channels.factories.outcomes import StepOutcome, payload_hash
from sales_channels.integrations.shopify.factories.products import (
    bulk_push,
    bulk_translations,
    listing,
    payloads,
    publications,
)
from sales_channels.integrations.shopify.factories.products.steps import (
    MAX_PAGE,
    ShopifyProductCreateStep,
    ShopifyProductStep,
)
from sales_channels.models import SyncTask, SyncTaskStatus
from sales_channels.models.tasks import lease_deadline
from sales_channels.tasks_batch import record_created_parts

BULK_MAX_LISTINGS = 2000  # listings a worker claims for one bulk mutation
LEASE_EVERY = 100  # listings mapped between two renewals of the batch's task leases
TRANSLATIONS_BULK_MIN = 10  # fewer listings whose only change is their translations register them live


class ShopifyProductBatchStep(BatchProductStep):
    """product.sync for many listings: live steps with batched publications, or one bulk mutation."""

    item_step = ShopifyProductStep
    vendor_limit = BULK_MAX_LISTINGS

    @classmethod
    def batch_size(cls, *, channel: Any, usage: str, default: int) -> int:
        """The whole backlog (up to BULK_MAX_LISTINGS) when it reaches the channel's bulk threshold.

        The runner passes the vendor channel it has loaded: its `bulk_threshold` is read without a query.
        """
        threshold = channel.specific.bulk_threshold
        if not threshold:
            return default
        waiting = backlog(channel_id=channel.pk, usage=usage)
        return min(max(waiting, default), BULK_MAX_LISTINGS) if waiting >= threshold else default

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        threshold = self.context.channel.bulk_threshold
        bulk = bool(threshold) and len(self.tasks) >= threshold and not self.context.dry_run
        # one listing publishes in its own follow-up: a publicationUpdate only pays off for several
        pending = publications.defer(self.context) if len(self.tasks) > 1 else []
        try:
            results = self.run_bulk() if bulk else self.run_live()
        finally:
            publications.stop_deferring(self.context)
        failures = publications.publish_all(context=self.context, pending=pending)
        mirrors = self.item_step.known_mirrors(self.context)
        by_task = {task.pk: task for task in self.tasks}
        for item in pending:
            if item.product_id in failures and item.task_id in by_task:
                results[item.task_id] = failures[item.product_id]
                mirror = mirrors.get(by_task[item.task_id].object_id)
                publications.forget_publications(mirror=mirror, item=item)
        return results

    # -- live -----------------------------------------------------------------------------------

    def run_live(self) -> dict[int, StepOutcome | BaseException | str]:
        """One step per listing, as the single-task runner would run them."""
        results: dict[int, StepOutcome | BaseException | str] = {}
        for task in self.tasks:
            self.context.sync_task = task
            if self.context.session is not None:
                self.context.session.sync_task_id = task.pk
            step = self.item_step(context=self.context, object_id=task.object_id, payload=task.payload)
            try:
                results[task.pk] = step.run()
            except Exception as error:  # noqa: BLE001 - fails this listing alone (the runner classifies it)
                results[task.pk] = error
            record_created_parts(self.context)
        return results

    # -- bulk -----------------------------------------------------------------------------------

    def run_bulk(self) -> dict[int, StepOutcome | BaseException | str]:
        entries = []
        for number, task in enumerate(self.tasks, start=1):
            entries.append(self.plan(self.item(task=task)))
            if number % LEASE_EVERY == 0:  # mapping many listings outlasts a lease: keep the tasks ours
                SyncTask.objects.filter(pk__in=[t.pk for t in self.tasks], status=SyncTaskStatus.RUNNING).update(
                    lease_expires_at=lease_deadline()
                )
        translations = []
        for entry in entries:
            if entry.open and entry.action == UPDATE and self.only_follow_up(entry):
                if self.only_translations(entry):
                    translations.append(entry)
                    continue
                self.context.sync_task = entry.task
                self.single(entry)
        if len(translations) >= TRANSLATIONS_BULK_MIN:
            self.push_translations(translations)
        else:
            for entry in translations:
                self.context.sync_task = entry.task
                self.single(entry)
        self.push([entry for entry in entries if entry.open])
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    @staticmethod
    def only_follow_up(entry: BatchEntry) -> bool:
        """The productSet input is what was sent last: only publications, translations or deletions changed."""
        mirror = entry.mirror
        previous = (mirror.last_payload or {}) if mirror is not None and mirror.payload_hash else {}
        return previous.get("input") == entry.payload.get("input")

    @staticmethod
    def only_translations(entry: BatchEntry) -> bool:
        """Besides the productSet input, only translations changed (no publication): a translationsRegister line."""
        previous = (entry.mirror.last_payload or {}) if entry.mirror is not None else {}
        return sorted(previous.get("publications") or []) == sorted(entry.payload.get("publications") or []) and (
            previous.get("translations") or []
        ) != (entry.payload.get("translations") or [])

    def push_translations(self, entries: list[BatchEntry]) -> None:
        """One bulk translationsRegister for these listings (`bulk_translations`); a refusal fails them alone."""
        lines, refs = [], {}
        self.context.sync_task = entries[0].task
        for index, entry in enumerate(entries):
            previous = (entry.mirror.last_payload or {}) if entry.mirror is not None else {}
            changed = payloads.changed_translations(
                previous=previous.get("translations"), current=entry.payload["translations"]
            )
            lines.append(
                bulk_translations.translation_line(
                    context=self.context,
                    product_id=entry.remote_id,
                    product_input=entry.payload["input"],
                    translations=changed,
                )
            )
            refs[entry.key] = f"{index}:{entry.step.object_id}"
        try:
            submitted = bulk_translations.submit_translations(context=self.context, lines=lines, refs=refs)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each entry carries it (retried alone)
            for entry in entries:
                entry.error = error
                self.record_failure(entry)
            return
        with transaction.atomic():  # recorded with what its report binds, before anything else
            self.await_job(entries, submitted)

    def send(self, *, entries: list[BatchEntry]) -> JobSubmitted:
        """One bulk mutation for these listings: a line of productSet variables each."""
        identity = listing.custom_id(context=self.context)
        lines, refs, follow_up = [], {}, []
        self.context.sync_task = entries[0].task
        for index, entry in enumerate(entries):
            step = entry.step
            previous = (entry.mirror.last_payload or {}) if entry.mirror is not None else {}
            if entry.payload.get("translations") != (previous.get("translations") or []):
                follow_up.append(step.object_id)
            entry.payload = {**entry.payload, "translations": previous.get("translations") or []}
            entry.digest = payload_hash(entry.payload)
            sent = step._sent_input(entry.payload)
            if entry.action == UPDATE:
                identifier: dict[str, Any] = {"id": entry.remote_id}
            else:
                identifier = payloads.identifier(payload=entry.payload["input"], custom_id=identity, sku=step.data.sku)
            lines.append(
                {
                    "input": sent,
                    "identifier": identifier,
                    "variantsFirst": max(1, min(MAX_PAGE, len(sent.get("variants") or []))),
                    "mediaFirst": max(1, min(MAX_PAGE, len(sent.get("files") or []))),
                    "withVariants": True,
                    "withMedia": True,
                }
            )
            refs[entry.key] = f"{index}:{step.object_id}"
        return bulk_push.submit_bulk(context=self.context, lines=lines, refs=refs, follow_up=follow_up)


class ShopifyProductCreateBatchStep(ShopifyProductBatchStep):
    """product.create for many listings (the live path creates, or links by custom id and updates)."""

    item_step = ShopifyProductCreateStep

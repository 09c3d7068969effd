"""Imports: page through a vendor listing and take each record into the local catalog, resumably.

`ImportProcessor.run()` fetches a page at the saved cursor, runs the item step on every record
(each in its own savepoint: one bad record is an `ImportItemError` with the raw record, not a
failed import; in a dry run every savepoint is rolled back), then saves the next cursor, counts
and percentage *after every page*, so a crash or a rate limit resumes at the page it stopped on.
Retryable vendor errors (rate limits, transient failures, expired auth) propagate to the task
layer, which re-queues the import; the cursor makes that a resume, not a restart.

An import never reports success with records missing: when the vendor announced a total
(`Page.total`) and fewer records arrived, the import ends failed and says how many are missing.
Warnings (a record imported but changed on the way) are `ImportItemError` rows of severity warning.
"""

import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.base import StepContext, SyncStep
from sales_channels.factories.binders import error_text
from sales_channels.factories.outcomes import CREATED, LINKED, UPDATED, StepOutcome
from sales_channels.flows.default import channel_muted
from sales_channels.models import ImportItemError, ImportProcess, ImportStatus, ItemSeverity

logger = logging.getLogger(__name__)

SKIPPED_PREFIX = "Skipped: "
COUNTERS = {CREATED: "created_count", LINKED: "linked_count", UPDATED: "updated_count"}


@dataclass(frozen=True)
class Page:
    """One page of vendor records and the cursor of the next page (None: this was the last)."""

    records: list[dict[str, Any]]
    next_cursor: dict[str, Any] | None = None
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class ImportStep(SyncStep):
    """Take one vendor record into the local catalog and bind its mirror (an integration implements `run`)."""

    def __init__(self, *, context: StepContext, record: dict[str, Any], update_only: bool = False) -> None:
        super().__init__(context=context)
        self.record = record
        self.update_only = update_only


class _DryRunRollback(Exception):
    """Raised inside an item's savepoint to undo a dry run's writes."""

    def __init__(self, outcome: StepOutcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


class ImportProcessor:
    """Pages through one kind of vendor record (`fetch_page`) and imports each with `item_step`."""

    kind: ClassVar[str] = "products"
    item_step: ClassVar[type[ImportStep]]

    def __init__(self, *, process: ImportProcess, context: StepContext) -> None:
        self.process = process
        self.context = context

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        """One page from the vendor starting at `cursor` (None: the first page)."""
        raise NotImplementedError

    def identifier(self, record: Any) -> str:
        """How an item error names the record."""
        if not isinstance(record, dict):
            return ""
        return str(record.get("sku") or record.get("id") or "")[:255]

    def run(self) -> ImportProcess:
        process = self.process
        process.status = ImportStatus.RUNNING
        process.started_at = process.started_at or timezone.now()
        process.error = ""
        process.save()
        while True:
            page = self.fetch_page(cursor=process.cursor)
            if page.total is not None:
                process.total = page.total
            self.import_page(page.records)
            process.cursor = page.next_cursor
            process.percentage = self._percentage(done=page.next_cursor is None)
            process.save()
            if page.next_cursor is None:
                break
        process.status = ImportStatus.SUCCEEDED
        missing = (process.total or 0) - process.processed
        if missing > 0:
            process.status = ImportStatus.FAILED
            process.error = (
                f"The vendor announced {process.total} records but {process.processed} arrived: "
                f"{missing} missing. Run the import again."
            )
        process.finished_at = timezone.now()
        process.save()
        return process

    def import_page(self, records: list[Any]) -> None:
        """Import one page's records (one savepoint each); catalog processors write a page at once."""
        for record in records:
            self._import_one(record)

    def _percentage(self, *, done: bool) -> int:
        if done:
            return 100
        total = self.process.total
        if not total:
            return self.process.percentage
        return min(99, int(self.process.processed * 100 / total))

    def _import_one(self, record: dict[str, Any]) -> None:
        process = self.process
        step = self.item_step(context=self.context, record=record, update_only=process.update_only)
        try:
            with channel_muted(self.context.channel.pk), transaction.atomic():
                outcome = step.run()
                if process.dry_run:
                    raise _DryRunRollback(outcome)
        except _DryRunRollback as rollback:
            outcome = rollback.outcome
        except SalesChannelError as error:
            if error.retryable:
                raise
            self._item_failed(record, error)
            return
        except Exception as error:  # noqa: BLE001 - one bad record must not stop the import; logged and stored
            logger.exception("import %s: record %s failed", process.pk, self.identifier(record))
            self._item_failed(record, error)
            return
        self.count(kind=outcome.kind, record=record, detail=outcome.detail)

    def count(self, *, kind: str, record: Any = None, detail: str = "") -> None:
        """One more record processed with this outcome kind (a skipped one says why, with its identifier)."""
        process = self.process
        process.processed += 1
        counter = COUNTERS.get(kind, "skipped_count")
        setattr(process, counter, getattr(process, counter) + 1)
        if counter == "skipped_count":  # say why, next to the failures (the admin and GraphQL list both)
            ImportItemError.objects.create(
                multi_tenant_company_id=process.multi_tenant_company_id,
                import_process=process,
                identifier=self.identifier(record) if record is not None else "",
                message=f"{SKIPPED_PREFIX}{detail or kind}",
                raw_record=None,
            )

    def _item_failed(self, record: Any, error: BaseException) -> None:
        process = self.process
        process.processed += 1
        process.failed_count += 1
        self.record_problem(record=record, message=error_text(error), severity=ItemSeverity.ERROR)

    def record_problem(self, *, record: Any, message: str, severity: str = ItemSeverity.WARNING) -> None:
        """Keep a problem about one record with the raw record (errors are counted by the caller)."""
        process = self.process
        if severity == ItemSeverity.WARNING:
            process.warning_count += 1
        ImportItemError.objects.create(
            multi_tenant_company_id=process.multi_tenant_company_id,
            import_process=process,
            identifier=self.identifier(record),
            message=message,
            severity=severity,
            raw_record=record if isinstance(record, dict) else {"raw": repr(record)[:2000]},
        )

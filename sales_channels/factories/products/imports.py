"""Product imports on the catalog writer: an integration maps its record to a neutral `ImportedProduct`.

An integration's item step implements `parse()` (pure: vendor record -> `ImportedProduct`, raising
InvalidVendorPayload on a bad shape) and its processor subclasses `CatalogImportProcessor`, which
parses a whole page, writes it through `CatalogWriter` in one savepoint (a constant number of
queries per page) and keeps every rejected record and every warning as an `ImportItemError` with
the raw record. Should the page write fail unexpectedly, the page is written again one record per
savepoint, so one bad record fails alone. `bind()` is the integration's hook for its own rows
(vendor variant ids, ...), called with the page's written products inside the same savepoint.
"""

import logging
from typing import Any, ClassVar

from django.db import transaction

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.base import CacheKey
from sales_channels.factories.imports import ImportProcessor, ImportStep
from sales_channels.factories.outcomes import StepOutcome
from sales_channels.flows.default import channel_muted
from sales_channels.imports.catalog import CatalogWriter
from sales_channels.imports.checks import RecordRejected
from sales_channels.imports.plans import WrittenProduct
from sales_channels.imports.values import ImportedContent, ImportedProduct
from sales_channels.models import ItemSeverity

logger = logging.getLogger(__name__)
WRITER_KEY: CacheKey[CatalogWriter] = CacheKey("import.catalog_writer")

__all__ = ["CatalogImportProcessor", "ImportedContent", "ImportedProduct", "ProductImportStep"]


class _DryRun(Exception):
    """Raised inside a page's savepoint to undo a dry run's writes."""


class ProductImportStep(ImportStep):
    """Vendor product record -> neutral value (`parse`); `run()` writes that one record through the writer."""

    def parse(self) -> ImportedProduct:
        raise NotImplementedError

    def run(self) -> StepOutcome:
        value = self.parse()
        [result] = catalog_writer(context=self.context, update_only=self.update_only).write(values=[value])
        if isinstance(result, RecordRejected):
            raise result
        return StepOutcome(kind=result.kind, remote_id=value.remote_id, detail=result.detail)


def catalog_writer(*, context, update_only: bool, since=None) -> CatalogWriter:
    """The run's writer (one per StepContext: its property and currency caches serve every page)."""
    return context.cached(
        WRITER_KEY,
        lambda: CatalogWriter(
            channel=context.channel,
            cache=context.cache,
            view=context.view,
            per_view_mirrors=context.spec.is_marketplace,
            update_only=update_only,
            since=since,
        ),
    )


class CatalogImportProcessor(ImportProcessor):
    """A product import that writes each page in bulk through the catalog writer."""

    item_step: ClassVar[type[ProductImportStep]]

    def bind(self, *, written: list[tuple[Any, WrittenProduct]]) -> None:
        """Integration rows for the page's written products (record, result); optional."""

    def import_page(self, records: list[Any]) -> None:
        parsed: list[tuple[Any, ImportedProduct]] = []
        for record in records:
            step = self.item_step(context=self.context, record=record, update_only=self.process.update_only)
            try:
                parsed.append((record, step.parse()))
            except SalesChannelError as error:
                if error.retryable:
                    raise
                self._item_failed(record, error)
        if not parsed:
            return
        try:
            self._write(parsed)
        except SalesChannelError as error:
            if error.retryable:
                raise
            self._write_one_by_one(parsed)
        except Exception:  # noqa: BLE001 - a failing page is retried record by record; each failure is stored
            logger.exception("import %s: page write failed, writing its records one at a time", self.process.pk)
            self._write_one_by_one(parsed)

    def _write_one_by_one(self, parsed: list[tuple[Any, ImportedProduct]]) -> None:
        for pair in parsed:
            try:
                self._write([pair])
            except SalesChannelError as error:
                if error.retryable:
                    raise
                self._item_failed(pair[0], error)
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the import; logged and stored
                logger.exception("import %s: record %s failed", self.process.pk, self.identifier(pair[0]))
                self._item_failed(pair[0], error)

    def _write(self, parsed: list[tuple[Any, ImportedProduct]]) -> None:
        writer = catalog_writer(
            context=self.context, update_only=self.process.update_only, since=self.process.started_at
        )
        try:
            with channel_muted(self.context.channel.pk), transaction.atomic():
                results = writer.write(values=[value for _, value in parsed])
                written = [
                    (record, r) for (record, _), r in zip(parsed, results, strict=True) if isinstance(r, WrittenProduct)
                ]
                self.bind(written=written)
                if self.process.dry_run:
                    raise _DryRun
        except _DryRun:
            writer.forget()
        except Exception:
            writer.forget()
            raise
        for (record, _), result in zip(parsed, results, strict=True):
            if isinstance(result, RecordRejected):
                self._item_failed(record, result)
                continue
            self.count(kind=result.kind, record=record, detail=getattr(result, "detail", "") or "")
            for problem in result.problems:
                self.record_problem(record=record, message=problem.message, severity=ItemSeverity.WARNING)

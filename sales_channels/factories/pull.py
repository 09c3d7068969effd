"""Pull steps: copy vendor metadata (views, languages, currencies, categories) into rows, by remote id.

An integration implements `fetch()` with one client call that returns parsed records (dicts whose
keys are the model's fields, `remote_id` included); the step upserts them for the channel and, with
`deactivate_missing`, switches off rows the vendor no longer returns. Saves that change nothing
write nothing, so a repeated pull of unchanged metadata is free.
"""

from typing import Any, ClassVar

from django.db import transaction

from core.models import TenantModel
from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, UPDATED, StepOutcome


class PullStep(SyncStep):
    """Upsert the vendor's records of one metadata kind into `model` rows of this channel."""

    model: ClassVar[type[TenantModel]]
    key_field: ClassVar[str] = "remote_id"
    deactivate_missing: ClassVar[bool] = False  # needs an `active` field on the model

    def fetch(self) -> list[dict[str, Any]]:
        """Records from the vendor, parsed at the edge (raise InvalidVendorPayload on a bad shape)."""
        raise NotImplementedError

    def scope(self) -> dict[str, Any]:
        """Fields that place a row under this channel (and view, for per-view metadata)."""
        return {"sales_channel": self.channel}

    def run(self) -> StepOutcome:
        records = self.fetch()
        scope = self.scope()
        created = updated = 0
        with transaction.atomic():
            existing = {getattr(row, self.key_field): row for row in self.model._default_manager.filter(**scope)}
            seen = set()
            for record in records:
                key = str(record[self.key_field])
                seen.add(key)
                row = existing.get(key)
                if row is None:
                    row = self.model(multi_tenant_company_id=self.context.company_id, **scope)
                    created += 1
                for name, value in record.items():
                    setattr(row, name, str(value) if name == self.key_field else value)
                if row.pk is not None and row.changed_fields():
                    updated += 1
                row.save()
            deactivated = self._deactivate([row for key, row in existing.items() if key not in seen])
        changed = created + updated + deactivated
        detail = f"{created} created, {updated} updated, {deactivated} deactivated, {len(records)} pulled"
        return StepOutcome(kind=UPDATED if changed else UNCHANGED, detail=detail)

    def _deactivate(self, rows: list[TenantModel]) -> int:
        if not self.deactivate_missing:
            return 0
        count = 0
        for row in rows:
            if getattr(row, "active", False):  # `deactivate_missing` models have an `active` field
                setattr(row, "active", False)  # noqa: B010 - the field belongs to the subclass's model
                row.save()
                count += 1
        return count

"""Abstract building blocks: tenant ownership, timestamps and save-only-on-change.

Every catalog and sales-channel model derives from `TenantModel`. Its manager offers
`filter_multi_tenant(company)`, and a save with no changed field writes nothing, so
post_save receivers (and the domain signals built on them) fire only on real changes.
"""

from django.db import models

from core.models.companies import MultiTenantCompany


class MultiTenantQuerySet(models.QuerySet):
    """QuerySet with the tenancy filter every surface must apply."""

    def filter_multi_tenant(self, company: MultiTenantCompany | int | None) -> "MultiTenantQuerySet":
        if company is None:
            return self.none()
        return self.filter(multi_tenant_company=company)


MultiTenantManager = models.Manager.from_queryset(MultiTenantQuerySet)


class SaveOnChangeMixin(models.Model):
    """Skips the database write (and post_save) when nothing changed since the row was loaded."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        loaded = getattr(self, "_loaded_values", {})
        for field in self._meta.concrete_fields:
            if field.attname in self.__dict__:
                loaded[field.attname] = field.to_python(getattr(self, field.attname))
        self._loaded_values = loaded

    def _compared_fields(self):
        for field in self._meta.concrete_fields:
            if field.primary_key or getattr(field, "auto_now", False):
                continue
            yield field

    def changed_fields(self) -> set[str]:
        """Names of the concrete fields whose value differs from the loaded row."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return {field.name for field in self._compared_fields()}
        changed = set()
        for field in self._compared_fields():
            if field.attname not in loaded:
                # Deferred when loaded: a value set since then counts as a change.
                if field.attname in self.__dict__:
                    changed.add(field.name)
                continue
            current = getattr(self, field.attname)
            try:
                current = field.to_python(current)
            except Exception:  # noqa: BLE001 - an unparsable value is by definition a change
                changed.add(field.name)
                continue
            if current != loaded[field.attname]:
                changed.add(field.name)
        return changed

    def save(self, *args, **kwargs):
        is_update = self.pk is not None and not self._state.adding and not kwargs.get("force_insert")
        if is_update and hasattr(self, "_loaded_values") and not self.changed_fields():
            return
        super().save(*args, **kwargs)
        self._loaded_values = {
            field.attname: field.to_python(getattr(self, field.attname))
            for field in self._meta.concrete_fields
            if field.attname in self.__dict__
        }


class TenantModel(SaveOnChangeMixin):
    """Abstract base of every tenant-owned row: company, timestamps, who created and last changed it."""

    multi_tenant_company = models.ForeignKey(MultiTenantCompany, on_delete=models.CASCADE, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by_multi_tenant_user = models.ForeignKey(
        "core.MultiTenantUser", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_update_by_multi_tenant_user = models.ForeignKey(
        "core.MultiTenantUser", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MultiTenantManager()

    class Meta:
        abstract = True

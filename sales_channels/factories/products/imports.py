"""The product import item step: one vendor product record -> local product (by SKU), content and mirror.

An integration implements `parse()` (pure: vendor record -> `ImportedProduct`, raising
InvalidVendorPayload on a bad shape) and may extend `apply()` for prices, stock or properties.
The step matches local products by SKU, creates them unless the import is update-only, binds the
listing mirror to the vendor id and assigns the product to the channel's view without queueing a
push (what we just read from the vendor needs no write back).
"""

from dataclasses import dataclass
from typing import ClassVar

from django.utils import timezone

from products.models import Product, ProductTranslation
from sales_channels.factories.imports import ImportStep
from sales_channels.factories.outcomes import CREATED, LINKED, SKIPPED, UNCHANGED, UPDATED, StepOutcome
from sales_channels.models import MirrorStatus, RemoteProduct, SalesChannelView


@dataclass(frozen=True)
class ImportedProduct:
    """A vendor product as the import needs it."""

    remote_id: str
    sku: str
    name: str = ""
    language: str | None = None
    active: bool = True


class ProductImportStep(ImportStep):
    """Vendor product record -> local product, its name in one language, its mirror and its assign."""

    mirror_model: ClassVar[type[RemoteProduct]] = RemoteProduct

    def parse(self) -> ImportedProduct:
        raise NotImplementedError

    def apply(self, *, parsed: ImportedProduct, product: Product, created: bool) -> bool:
        """Integration extras (prices, stock, properties); return True when something local changed."""
        return False

    def view(self) -> SalesChannelView | None:
        """The view imported products are assigned to: the run's view, else the channel's default view."""
        if self.context.view is not None:
            return self.context.view
        return self.context.cached(
            ("import_default_view",),
            lambda: SalesChannelView.objects.filter(sales_channel=self.channel).order_by("-is_default", "id").first(),
        )

    def run(self) -> StepOutcome:
        parsed = self.parse()
        company_id = self.context.company_id
        product = Product.objects.filter(multi_tenant_company_id=company_id, sku=parsed.sku).first()
        if product is None and self.update_only:
            return StepOutcome(kind=SKIPPED, remote_id=parsed.remote_id, detail="Update-only import: no local product.")
        created = product is None
        if created:
            product = Product.objects.create(multi_tenant_company_id=company_id, sku=parsed.sku, active=parsed.active)
        changed = self._apply_name(parsed, product)
        changed = self.apply(parsed=parsed, product=product, created=created) or changed
        bound_now = self._bind(parsed, product)
        self._assign(product)
        if created:
            kind = CREATED
        elif bound_now:
            kind = LINKED
        else:
            kind = UPDATED if changed else UNCHANGED
        return StepOutcome(kind=kind, remote_id=parsed.remote_id)

    def _apply_name(self, parsed: ImportedProduct, product: Product) -> bool:
        if not parsed.name:
            return False
        language = parsed.language or self.channel.multi_tenant_company.language
        translation, created = ProductTranslation.objects.get_or_create(
            product=product,
            language=language,
            sales_channel=None,
            defaults={"multi_tenant_company_id": product.multi_tenant_company_id, "name": parsed.name},
        )
        if created or translation.name == parsed.name:
            return created
        translation.name = parsed.name
        translation.save()
        return True

    def _bind(self, parsed: ImportedProduct, product: Product) -> bool:
        """Bind (or re-bind) the listing mirror to the vendor id; True when it was not bound before."""
        view = self.view() if self.context.spec.is_marketplace else None
        mirror, _ = self.mirror_model.objects.get_or_create(
            sales_channel=self.channel,
            view=view,
            local_instance=product,
            defaults={"multi_tenant_company_id": product.multi_tenant_company_id},
        )
        bound_now = mirror.remote_id != parsed.remote_id
        mirror.remote_id = parsed.remote_id
        mirror.remote_sku = parsed.sku
        if bound_now:
            mirror.status = MirrorStatus.SYNCED
            mirror.last_synced_at = timezone.now()
        mirror.save()
        return bound_now

    def _assign(self, product: Product) -> None:
        from sales_channels.flows.default import assign_products

        view = self.view()
        if view is not None:
            assign_products(view=view, product_ids=[product.pk], queue=False)

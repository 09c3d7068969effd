"""The order writer: a neutral `ImportedOrder` -> the local order, once per (channel, remote order id).

The order is found by `remote_reference` (the vendor's order id, unique per channel), so a
periodic import, a resumed import and an order webhook all land on the same row: a second sight
updates the status and totals, never the lines. Lines match local products by SKU in the
company (one query for all lines); a line without a match keeps its SKU and name. Customer
fields are optional: vendors redact them (GDPR) and the order is still written. A `RemoteOrder`
mirror pairs both. The integration gives the company-unique `reference` (e.g. shop + order name).

`OrderImportStep` is the item step of an order import: an integration implements `parse()` and,
for the reference, `reference_for()`; `newest_imported_order_at` is where the next periodic
import starts (the framework's ImportProcess cursor resumes an interrupted one).
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from currencies.models import Currency
from orders.models import Order, OrderItem
from products.models import Product
from sales_channels.factories.imports import ImportStep
from sales_channels.factories.outcomes import CREATED, UNCHANGED, UPDATED, StepOutcome
from sales_channels.imports.values import ImportedOrder
from sales_channels.models import MirrorStatus, RemoteOrder

REFERENCE_MAX = 100


def currency_for(*, company_id: int, iso_code: str) -> Currency:
    """The company's currency with this ISO code, created (without rates) when the company lacks it."""
    currency, _ = Currency.objects.get_or_create(
        multi_tenant_company_id=company_id,
        iso_code=iso_code.upper(),
        defaults={"name": iso_code.upper(), "symbol": iso_code.upper()},
    )
    return currency


def newest_imported_order_at(*, channel) -> datetime.datetime | None:
    """When the newest order imported from the channel was placed (None before the first import)."""
    orders = Order.objects.filter(sales_channel_id=channel.pk).exclude(remote_reference="")
    return orders.aggregate(newest=Max("ordered_at"))["newest"]


def write_order(*, channel, order: ImportedOrder, reference: str) -> tuple[Order, str]:
    """(local order, outcome kind): created, updated (status or totals changed) or unchanged."""
    existing = Order.objects.filter(sales_channel=channel, remote_reference=order.remote_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                local = _create(channel=channel, order=order, reference=reference)
        except IntegrityError:  # another worker (or the webhook) created it first
            existing = Order.objects.filter(sales_channel=channel, remote_reference=order.remote_id).first()
            if existing is None:
                raise
        else:
            _bind(channel=channel, local=local, remote_id=order.remote_id)
            return local, CREATED
    changed = _update(local=existing, order=order)
    _bind(channel=channel, local=existing, remote_id=order.remote_id)
    return existing, UPDATED if changed else UNCHANGED


def _totals(order: ImportedOrder) -> tuple[Decimal, Decimal]:
    subtotal = sum((line.price * line.quantity for line in order.lines), Decimal("0")).quantize(Decimal("0.01"))
    total = order.total if order.total is not None and order.total >= 0 else subtotal
    return subtotal, total


def _create(*, channel, order: ImportedOrder, reference: str) -> Order:
    company_id = channel.multi_tenant_company_id
    reference = reference[:REFERENCE_MAX]
    if Order.objects.filter(multi_tenant_company_id=company_id, reference=reference).exists():
        reference = f"{reference}-{order.remote_id.rsplit('/', 1)[-1]}"[:REFERENCE_MAX]
    subtotal, total = _totals(order)
    local = Order.objects.create(
        multi_tenant_company_id=company_id,
        reference=reference,
        status=order.status,
        currency=currency_for(company_id=company_id, iso_code=order.currency),
        sales_channel=channel,
        remote_reference=order.remote_id,
        customer_name=(order.customer_name or "")[:255],
        customer_email=(order.customer_email or "")[:254],
        ordered_at=order.ordered_at or timezone.now(),
        subtotal=subtotal,
        total=total,
    )
    skus = {line.sku for line in order.lines if line.sku}
    products = {
        product.sku: product
        for product in Product.objects.filter(multi_tenant_company_id=company_id, sku__in=skus).only("id", "sku")
    }
    OrderItem.objects.bulk_create(
        [
            OrderItem(
                multi_tenant_company_id=company_id,
                order=local,
                product=products.get(line.sku),
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                price=line.price,
            )
            for line in order.lines
        ]
    )
    return local


def _update(*, local: Order, order: ImportedOrder) -> bool:
    subtotal, total = _totals(order)
    values = {"status": order.status, "subtotal": subtotal, "total": total}
    changed = {name: value for name, value in values.items() if getattr(local, name) != value}
    for name, value in changed.items():
        setattr(local, name, value)
    if changed:
        local.save()
    return bool(changed)


def _bind(*, channel, local: Order, remote_id: str) -> None:
    RemoteOrder.objects.update_or_create(
        sales_channel=channel,
        local_instance=local,
        defaults={
            "multi_tenant_company_id": channel.multi_tenant_company_id,
            "remote_id": remote_id,
            "status": MirrorStatus.SYNCED,
            "last_synced_at": timezone.now(),
        },
    )


class OrderImportStep(ImportStep):
    """One vendor order record -> the local order (created once, then its status and totals kept current)."""

    def parse(self) -> ImportedOrder:
        raise NotImplementedError(f"{type(self).__name__} must implement parse().")

    def reference_for(self, order: ImportedOrder) -> str:
        """The company-unique local reference of a new order (default: the channel id and the order name)."""
        return f"{self.channel.pk}-{order.name.lstrip('#')}"

    def run(self) -> StepOutcome:
        order = self.parse()
        _local, kind = write_order(channel=self.channel, order=order, reference=self.reference_for(order))
        return StepOutcome(kind=kind, remote_id=order.remote_id)

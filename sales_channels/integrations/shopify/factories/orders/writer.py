"""Writing an imported Shopify order into the local orders app, once per (channel, order gid).

The order is found by `remote_reference` (the Shopify gid, unique per channel), so the periodic
import, a resumed import and the orders/create webhook all land on the same row: a second sight
updates the status and totals, never the lines. Lines match local products by SKU in the
company; a line without a match keeps its SKU and name. A `RemoteOrder` mirror pairs both.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from currencies.models import Currency
from orders.models import Order, OrderItem
from products.models import Product
from sales_channels.factories.outcomes import CREATED, UNCHANGED, UPDATED
from sales_channels.integrations.shopify.factories.orders.parsers import ImportedOrder
from sales_channels.models import MirrorStatus, RemoteOrder


def currency_for(*, company_id: int, iso_code: str) -> Currency:
    """The company's currency with this ISO code, created (without rates) when the company lacks it."""
    currency, _ = Currency.objects.get_or_create(
        multi_tenant_company_id=company_id,
        iso_code=iso_code.upper(),
        defaults={"name": iso_code.upper(), "symbol": iso_code.upper()},
    )
    return currency


def order_reference(*, channel, name: str) -> str:
    """A company-unique reference: the shop's name and Shopify's order name, e.g. "my-shop-1001"."""
    shop = (channel.shop_domain or "shopify").split(".", 1)[0]
    return f"{shop}-{name.lstrip('#')}"[:100]


def write_order(*, channel, order: ImportedOrder) -> tuple[Order, str]:
    """(local order, outcome kind): created, updated (status or totals changed) or unchanged."""
    existing = Order.objects.filter(sales_channel=channel, remote_reference=order.remote_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                local = _create(channel=channel, order=order)
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


def _create(*, channel, order: ImportedOrder) -> Order:
    company_id = channel.multi_tenant_company_id
    reference = order_reference(channel=channel, name=order.name)
    if Order.objects.filter(multi_tenant_company_id=company_id, reference=reference).exists():
        reference = f"{reference}-{order.remote_id.rsplit('/', 1)[-1]}"[:100]
    subtotal, total = _totals(order)
    local = Order.objects.create(
        multi_tenant_company_id=company_id,
        reference=reference,
        status=order.status,
        currency=currency_for(company_id=company_id, iso_code=order.currency),
        sales_channel=channel,
        remote_reference=order.remote_id,
        customer_name=order.customer_name,
        customer_email=order.customer_email,
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

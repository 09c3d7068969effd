"""Shopify's mandatory privacy webhooks, acted on in the webhook inbox task (HMAC-verified on receipt).

- `customers/data_request`: the customer's data OneSila holds from this shop (the imported orders
  matched by the order ids Shopify lists or by the customer's email) is exported into a
  `ShopifyComplianceAction` for the merchant to send on;
- `customers/redact`: the customer's name and email are erased from those orders, from earlier
  exports, and from processed webhook bodies that still carry them;
- `shop/redact` (48 h after an uninstall): every order imported from the shop loses its customer
  data, and the channel's sync data goes (mirrors, tasks, vendor jobs, imports, stored webhook
  bodies, tokens). A shop that installed the app again meanwhile is left alone.

Each action is recorded (`ShopifyComplianceAction`, and the delivery's detail). Orders' customer
fields are optional: an order Shopify sent with redacted customer data has none to erase.
"""

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet

from orders.models import Order
from sales_channels.connection import CONNECTED, mark_disconnected
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.models.compliance import ShopifyComplianceAction
from sales_channels.models import ImportProcess, RemoteJob, RemoteObject, SyncTask, WebhookDelivery
from sales_channels.models.webhooks import WebhookStatus
from sales_channels.webhooks.spec import WebhookIgnored

DATA_REQUEST = "customers/data_request"
CUSTOMER_REDACT = "customers/redact"
SHOP_REDACT = "shop/redact"
ORDER_GID = "gid://shopify/Order/"


def _customer(payload: object) -> dict[str, Any]:
    customer = payload.get("customer") if isinstance(payload, dict) else None
    return customer if isinstance(customer, dict) else {}


def customer_orders(*, channel: ShopifySalesChannel, payload: object, listed: str) -> QuerySet[Order]:
    """The channel's orders of the customer: the order ids Shopify lists (`listed`), or the customer's email."""
    ids = payload.get(listed) if isinstance(payload, dict) else None
    gids = [f"{ORDER_GID}{value}" for value in ids or [] if str(value).isdigit()]
    email = str(_customer(payload).get("email") or "").strip()
    matches = Q(remote_reference__in=gids)
    if email:
        matches |= Q(customer_email__iexact=email)
    return Order.objects.filter(sales_channel_id=channel.pk).filter(matches)


def _record(*, channel: ShopifySalesChannel, topic: str, payload: object, **fields: Any) -> ShopifyComplianceAction:
    request = payload.get("data_request") if isinstance(payload, dict) else None
    return ShopifyComplianceAction.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        topic=topic,
        request_id=str((request or {}).get("id") or "") if isinstance(request, dict) else "",
        customer_remote_id=str(_customer(payload).get("id") or ""),
        **fields,
    )


def order_export(order: Order) -> dict[str, Any]:
    """What OneSila holds about one order of the customer."""
    return {
        "reference": order.reference,
        "shopify_order": order.remote_reference,
        "customer_name": order.customer_name,
        "customer_email": order.customer_email,
        "ordered_at": order.ordered_at.isoformat() if order.ordered_at else None,
        "currency": order.currency.iso_code,
        "total": str(order.total),
        "items": [
            {"sku": item.sku, "name": item.name, "quantity": item.quantity, "price": str(item.price)}
            for item in order.items.all()
        ],
    }


def data_request(*, channel: ShopifySalesChannel, delivery: WebhookDelivery, payload: object) -> str:
    """customers/data_request: export the customer's orders from this shop into a recorded action."""
    orders = list(
        customer_orders(channel=channel, payload=payload, listed="orders_requested")
        .select_related("currency")
        .prefetch_related("items")
        .order_by("pk")
    )
    export = {"orders": [order_export(order) for order in orders]}
    action = _record(channel=channel, topic=DATA_REQUEST, payload=payload, orders_matched=len(orders), export=export)
    return f"data request: {len(orders)} order(s) exported (compliance action {action.pk})"


def customer_redact(*, channel: ShopifySalesChannel, delivery: WebhookDelivery, payload: object) -> str:
    """customers/redact: erase the customer's name and email from this shop's orders, exports and bodies."""
    customer_id = str(_customer(payload).get("id") or "")
    email = str(_customer(payload).get("email") or "").strip()
    with transaction.atomic():
        erased = customer_orders(channel=channel, payload=payload, listed="orders_to_redact").update(
            customer_name="", customer_email=""
        )
        exports = ShopifyComplianceAction.objects.filter(sales_channel=channel, topic=DATA_REQUEST)
        if customer_id:
            exports.filter(customer_remote_id=customer_id).update(export=None)
        bodies = 0
        if email:
            bodies = (
                WebhookDelivery.objects.filter(sales_channel_id=channel.pk, body__icontains=email)
                .exclude(pk=delivery.pk)
                .exclude(status=WebhookStatus.RECEIVED)
                .update(body="")
            )
        action = _record(
            channel=channel,
            topic=CUSTOMER_REDACT,
            payload=payload,
            orders_matched=erased,
            detail=f"customer data erased from {erased} order(s) and {bodies} stored webhook body(ies)",
        )
    return f"customer redacted: {erased} order(s) erased (compliance action {action.pk})"


def channel_mirror_models() -> list[type[RemoteObject]]:
    """Every concrete mirror model (each has the channel's rows)."""
    return [model for model in apps.get_models() if issubclass(model, RemoteObject)]


def shop_redact(*, channel: ShopifySalesChannel, delivery: WebhookDelivery, payload: object) -> str:
    """shop/redact: erase the shop's data 48 h after uninstall (not when the app was installed again)."""
    if channel.connection_status == CONNECTED:
        raise WebhookIgnored("the app is installed on the shop again: its data is kept")
    with transaction.atomic():
        erased = Order.objects.filter(sales_channel_id=channel.pk).update(customer_name="", customer_email="")
        mirrors = sum(
            model.objects.filter(sales_channel_id=channel.pk).delete()[0] for model in channel_mirror_models()
        )
        tasks = SyncTask.objects.filter(sales_channel_id=channel.pk).delete()[0]
        jobs = RemoteJob.objects.filter(sales_channel_id=channel.pk).delete()[0]
        imports = ImportProcess.objects.filter(sales_channel_id=channel.pk).delete()[0]
        WebhookDelivery.objects.filter(sales_channel_id=channel.pk).exclude(pk=delivery.pk).update(body="")
        ShopifyComplianceAction.objects.filter(sales_channel=channel).update(export=None)
        mark_disconnected(channel=channel, reason="Shopify asked to erase this shop's data (shop/redact).")
        detail = (
            f"customer data erased from {erased} order(s); {mirrors} mirror row(s), {tasks} task(s), "
            f"{jobs} vendor job(s) and {imports} import(s) deleted; tokens and webhook bodies cleared"
        )
        action = _record(channel=channel, topic=SHOP_REDACT, payload=payload, orders_matched=erased, detail=detail)
    return f"shop redacted: {detail} (compliance action {action.pk})"


COMPLIANCE_HANDLERS = {DATA_REQUEST: data_request, CUSTOMER_REDACT: customer_redact, SHOP_REDACT: shop_redact}

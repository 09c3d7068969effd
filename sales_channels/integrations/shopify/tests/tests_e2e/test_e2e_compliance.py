"""Shopify's privacy webhooks delivered by the sandbox over real HTTP: signed, processed in the inbox, erasing."""

from decimal import Decimal

import pytest

from orders.models import Order
from sales_channels.integrations.shopify.models import ShopifyComplianceAction, ShopifySalesChannel
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def test_customers_redact_and_shop_redact_erase_over_http(live_server, company, shopify_sandbox):
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Privacy shop",
        shop_domain=shopify_sandbox.shop,
        base_url=shopify_sandbox.base_url,
        client_id=shopify_sandbox.client_id,
        client_secret=shopify_sandbox.client_secret,
        access_token="shpat_live",
        connection_status="connected",
    )
    currency = catalog.currency(company)
    orders = [
        Order.objects.create(
            multi_tenant_company=company,
            reference=f"privacy-{number}",
            currency=currency,
            sales_channel=channel,
            remote_reference=f"gid://shopify/Order/{number}",
            customer_name=name,
            customer_email=email,
            total=Decimal("5.00"),
        )
        for number, name, email in ((1, "Jane Doe", "jane@example.com"), (2, "Joe Roe", "joe@example.com"))
    ]
    url = f"{live_server.url}/webhooks/shopify/{channel.pk}/"
    redact = {"shop_domain": shopify_sandbox.shop, "customer": {"id": 7, "email": "jane@example.com"}}

    assert shopify_sandbox.deliver_webhook("CUSTOMERS_REDACT", {**redact, "orders_to_redact": [1]}, url) == 200

    jane, joe = (Order.objects.get(pk=order.pk) for order in orders)
    assert (jane.customer_name, jane.customer_email) == ("", "")
    assert joe.customer_email == "joe@example.com"

    assert shopify_sandbox.deliver_webhook("APP_UNINSTALLED", {"id": 1}, url, event_id="evt-uninstall") == 200
    shop = {"shop_id": 1, "shop_domain": shopify_sandbox.shop}
    assert shopify_sandbox.deliver_webhook("SHOP_REDACT", shop, url, event_id="evt-shop") == 200

    assert Order.objects.get(pk=orders[1].pk).customer_email == ""
    assert list(ShopifyComplianceAction.objects.order_by("pk").values_list("topic", flat=True)) == [
        "customers/redact",
        "shop/redact",
    ]

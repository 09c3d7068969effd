"""`run_stack --no-serve`: the Shopify sandbox on its port, the demo channel reconnected and its listings verified."""

import socket

import pytest
from django.core.management import CommandError

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import MirrorStatus
from sales_channels.tests.e2e import EARLIER_TOKEN, free_port, on_earlier_sandbox, run_stack, synced_listing

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_channel_answers_again_and_what_the_shop_lost_is_outdated(company):
    port = free_port()
    channel = on_earlier_sandbox(
        ShopifySalesChannel,
        company=company,
        port=port,
        name="Shopify sandbox",
        shop_domain="onesila-demo.myshopify.com",
        client_id="sandbox-client",
        client_secret="sandbox-secret",
    )
    elsewhere = ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Real shop", shop_domain="real.myshopify.com", access_token="kept"
    )
    lost = synced_listing(channel, sku="LOST-1", remote_id="gid://shopify/Product/999999")

    # Every registered sandbox starts: the others on free ports too (tests never bind fixed ports).
    text = run_stack(ports={"shopify": port})

    assert f"shopify sandbox on http://127.0.0.1:{port}" in text
    assert "Shopify sandbox: reconnected to" in text
    assert "1 listing(s) checked: 1 missing" in text
    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token != EARLIER_TOKEN
    lost.refresh_from_db()
    assert lost.status == MirrorStatus.OUTDATED
    elsewhere.refresh_from_db()
    assert elsewhere.access_token == "kept"


def test_a_busy_sandbox_port_is_one_line(db):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(CommandError, match=f"^Port {port} for the shopify sandbox is busy"):
            run_stack(ports={"shopify": port})

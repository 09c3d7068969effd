"""`run_stack --no-serve`: the Shopify sandbox on its port, the demo channel reconnected and its listings verified."""

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_channel_answers_again_and_what_the_shop_lost_is_outdated(company):
    port = free_port()
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Shopify sandbox",
        shop_domain="onesila-demo.myshopify.com",
        base_url=f"http://127.0.0.1:{port}",
        client_id="sandbox-client",
        client_secret="sandbox-secret",
        access_token="token-of-an-earlier-sandbox",
        connection_status="connected",
    )
    elsewhere = ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Real shop", shop_domain="real.myshopify.com", access_token="kept"
    )
    product = catalog.product(company, "LOST-1")
    lost = RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=product,
        remote_id="gid://shopify/Product/999999",
        status=MirrorStatus.SYNCED,
    )
    out = StringIO()

    # Every registered sandbox starts: the others on free ports too (tests never bind fixed ports).
    call_command("run_stack", no_serve=True, sandbox_port=[f"shopify={port}", f"ebay={free_port()}"], stdout=out)

    text = out.getvalue()
    assert f"shopify sandbox on http://127.0.0.1:{port}" in text
    assert "Shopify sandbox: reconnected to" in text
    assert "1 listing(s) checked: 1 missing" in text
    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token != "token-of-an-earlier-sandbox"
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
            call_command("run_stack", no_serve=True, sandbox_port=[f"shopify={port}"], stdout=StringIO())

"""`run_stack --no-serve`: the eBay sandbox on its port, a channel on it reconnected and its listings verified."""

import socket
from io import StringIO

import pytest
from django.core.management import call_command

from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_channel_on_the_sandbox_is_reconnected_and_what_the_seller_lost_is_outdated(company):
    port = free_port()
    channel = EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name="eBay sandbox",
        base_url=f"http://127.0.0.1:{port}",
        client_id="old-app-id",
        client_secret="old-cert-id",
        runame="old-runame",
        access_token="token-of-an-earlier-sandbox",
        connection_status="connected",
    )
    lost = RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=catalog.product(company, "LOST-1"),
        remote_id="LOST-1",
        status=MirrorStatus.SYNCED,
    )
    kept = RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=catalog.product(company, "EBAY-MUG-1"),
        remote_id="EBAY-MUG-1",
        status=MirrorStatus.SYNCED,
    )
    out = StringIO()

    call_command("run_stack", no_serve=True, sandbox_port=[f"ebay={port}", f"shopify={free_port()}"], stdout=out)

    text = out.getvalue()
    assert f"ebay sandbox on http://127.0.0.1:{port}" in text
    assert "eBay sandbox: reconnected to" in text
    assert "2 listing(s) checked: 1 missing" in text
    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token != "token-of-an-earlier-sandbox"
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert (lost.status, kept.status) == (MirrorStatus.OUTDATED, MirrorStatus.SYNCED)

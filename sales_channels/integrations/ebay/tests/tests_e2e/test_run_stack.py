"""`run_stack --no-serve`: the eBay sandbox on its port, a channel on it reconnected and its listings verified."""

import pytest

from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import MirrorStatus
from sales_channels.tests.e2e import EARLIER_TOKEN, free_port, on_earlier_sandbox, run_stack, synced_listing

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_channel_on_the_sandbox_is_reconnected_and_what_the_seller_lost_is_outdated(company):
    port = free_port()
    channel = on_earlier_sandbox(
        EbaySalesChannel,
        company=company,
        port=port,
        name="eBay sandbox",
        client_id="old-app-id",
        client_secret="old-cert-id",
        runame="old-runame",
    )
    lost = synced_listing(channel, sku="LOST-1", remote_id="LOST-1")
    kept = synced_listing(channel, sku="EBAY-MUG-1", remote_id="EBAY-MUG-1")

    text = run_stack(ports={"ebay": port})

    assert f"ebay sandbox on http://127.0.0.1:{port}" in text
    assert "eBay sandbox: reconnected to" in text
    assert "2 listing(s) checked: 1 missing" in text
    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token != EARLIER_TOKEN
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert (lost.status, kept.status) == (MirrorStatus.OUTDATED, MirrorStatus.SYNCED)

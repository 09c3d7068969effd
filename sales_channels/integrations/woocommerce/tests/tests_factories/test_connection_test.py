"""The `connection.test` step with HTTP mocked at the transport: an accepted key, a refused key (401)."""

import pytest
import responses

from sales_channels import services
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel

STORE = "https://shop.example.com"
STATUS = f"{STORE}/wp-json/wc/v3/system_status"
KEY, SECRET = "ck_" + "a" * 40, "cs_" + "b" * 40

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    return WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Woo store",
        store_url=STORE,
        consumer_key=KEY,
        consumer_secret=SECRET,
        connection_status="failed",
        last_connection_error="An earlier failure.",
    )


@responses.activate
def test_an_accepted_key_marks_the_channel_connected(channel):
    responses.get(STATUS, json={"environment": {"home_url": STORE, "version": "9.4.2"}})

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert (channel.connection_status, channel.last_connection_error) == ("connected", "")
    [call] = responses.calls
    assert call.request.headers["Authorization"].startswith("Basic ")


@responses.activate
def test_a_refused_key_is_stored_as_a_readable_failure_without_the_secret(channel):
    responses.get(
        STATUS,
        status=401,
        json={"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": {}},
    )

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    error = channel.last_connection_error
    assert error.lower().startswith("woocommerce refused the token")
    assert "Connect the channel again with a new key" in error
    assert SECRET not in error
    assert KEY not in error
    assert "Traceback" not in error
    assert "AuthExpired" not in error

"""The `connection.test` step with HTTP mocked at the transport: accepted credentials, a refused token (401)."""

import pytest
import responses

from sales_channels import services
from sales_channels.integrations.magento2.tests.channels import BASE, connected_channel

VIEWS = f"{BASE}/rest/all/V1/store/storeViews"

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    return connected_channel(company)


@responses.activate
def test_accepted_credentials_keep_the_channel_connected_after_one_signed_read(channel):
    responses.get(VIEWS, json=[{"id": 0, "code": "admin"}, {"id": 1, "code": "default"}])

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert (channel.connection_status, channel.last_connection_error) == ("connected", "")
    [call] = responses.calls
    assert call.request.headers["Authorization"].decode().startswith("OAuth ")


@responses.activate
def test_a_refused_token_names_the_credential_and_fails_the_channel(channel):
    responses.get(VIEWS, status=401, json={"message": "Specified token does not exist"})

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    error = channel.last_connection_error
    assert "Magento" in error
    assert "access token" in error
    assert "reconnect the channel" in error
    assert "at-secret-value" not in error
    assert "Traceback" not in error

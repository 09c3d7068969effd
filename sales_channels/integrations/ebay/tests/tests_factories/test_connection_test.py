"""The `connection.test` step with HTTP mocked at the transport: the Identity API's user, a refused token (401)."""

from datetime import timedelta

import pytest
import responses
from django.utils import timezone

from sales_channels import services
from sales_channels.integrations.ebay.factories.sales_channels.tokens import USER_SCOPES
from sales_channels.integrations.ebay.models import EbaySalesChannel

TOKEN_URL = "https://api.ebay.com/identity/v1/oauth2/token"
USER = "https://apiz.ebay.com/commerce/identity/v1/user/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    return EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name="eBay seller",
        client_id="App-ID-1",
        client_secret="Cert-ID-secret",
        runame="Run-Name-1",
        access_token="v^user-secret-token",
        access_token_expires_at=timezone.now() + timedelta(hours=1),
        refresh_token="v^refresh-secret",
        refresh_token_expires_at=timezone.now() + timedelta(days=500),
        scopes=" ".join(USER_SCOPES),
        connection_status="failed",
        last_connection_error="An earlier failure.",
    )


@responses.activate
def test_the_identity_read_marks_the_channel_connected(channel):
    responses.get(USER, json={"userId": "u-1", "username": "acme_seller"})

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert (channel.connection_status, channel.last_connection_error) == ("connected", "")
    [call] = responses.calls
    assert call.request.headers["Authorization"] == "Bearer v^user-secret-token"


@responses.activate
def test_a_refused_token_is_a_readable_failure_without_the_token(channel):
    invalid = {"errors": [{"errorId": 1001, "message": "Invalid access token", "longMessage": "Invalid access token."}]}
    responses.get(USER, status=401, json=invalid)
    responses.post(
        TOKEN_URL, status=400, json={"error": "invalid_grant", "error_description": "the refresh token is revoked"}
    )

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    error = channel.last_connection_error
    assert "eBay" in error
    assert "v^user-secret-token" not in error
    assert "v^refresh-secret" not in error
    assert "Traceback" not in error

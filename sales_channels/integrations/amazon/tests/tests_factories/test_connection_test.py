"""The `connection.test` step with HTTP mocked at the transport: accepted, a refused access token (403), a refused
refresh token (Login with Amazon 400)."""

import pytest
import responses

from sales_channels import services
from sales_channels.integrations.amazon.tests.channels import fixture_channel

API = "https://sellingpartnerapi-na.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
PARTICIPATIONS = f"{API}/sellers/v1/marketplaceParticipations"
TOKEN = {"access_token": "Atza|fresh-token", "token_type": "bearer", "expires_in": 3600}
US = {"marketplace": {"id": "ATVPDKIKX0DER", "name": "Amazon.com"}, "participation": {"isParticipating": True}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    return fixture_channel(company, connection_status="failed", last_connection_error="An earlier failure.")


@responses.activate
def test_an_answered_participations_read_marks_the_channel_connected(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(PARTICIPATIONS, json={"payload": [US]})

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert (channel.connection_status, channel.last_connection_error) == ("connected", "")
    assert [call.request.url.split("?")[0] for call in responses.calls] == [LWA, PARTICIPATIONS]


@responses.activate
def test_a_refused_access_token_is_a_readable_failure(channel):
    responses.post(LWA, json=TOKEN)
    refused = {
        "errors": [
            {
                "code": "Unauthorized",
                "message": "Access to requested resource is denied.",
                "details": "The access token you provided is revoked, malformed or invalid.",
            }
        ]
    }
    responses.get(PARTICIPATIONS, status=403, json=refused)

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    error = channel.last_connection_error
    assert error.startswith("Amazon refused the token")
    assert "revoked, malformed or invalid" in error
    assert "reconnect the channel" in error
    assert "Atza|fresh-token" not in error
    assert "super-secret-value" not in error
    assert channel.access_token == ""  # the refused token is forgotten


@responses.activate
def test_a_refused_refresh_token_says_login_with_amazon_refused_it(channel):
    responses.post(
        LWA,
        status=400,
        json={
            "error": "invalid_grant",
            "error_description": "The request has an invalid grant parameter : refresh_token",
        },
    )

    services.check_connection(channel=channel)

    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    assert channel.last_connection_error.startswith("Login with Amazon refused")
    assert "Atzr|refresh-secret" not in channel.last_connection_error
    assert not any(call.request.url.startswith(PARTICIPATIONS) for call in responses.calls)

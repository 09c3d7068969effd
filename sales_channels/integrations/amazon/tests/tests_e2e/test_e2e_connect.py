"""The consent flow against the sandbox: state checks, refusals that change nothing, the admin connect, tenancy."""

from urllib.parse import parse_qs, urlsplit

import pytest

from sales_channels.integrations.amazon.client import AmazonAuthError
from sales_channels.integrations.amazon.factories.auth import (
    connect_with_refresh_token,
    consent_url,
    finish_authorization,
)
from sales_channels.integrations.amazon.factories.connect import SANDBOX_REDIRECT_URI, approve_in_sandbox
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.tests.conftest import new_channel

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_callback_with_another_state_is_refused_and_the_state_is_single_use(company, usd, amazon_sandbox):
    channel = new_channel(company, amazon_sandbox, draft_app=True)
    url = consent_url(channel=channel, redirect_uri=SANDBOX_REDIRECT_URI)
    query = parse_qs(urlsplit(url).query)
    assert query["version"] == ["beta"]
    params = approve_in_sandbox(channel=channel, url=url)
    with pytest.raises(AmazonAuthError, match="unknown"):
        finish_authorization(
            channel=channel, query_params={**params, "state": "forged"}, redirect_uri=SANDBOX_REDIRECT_URI
        )
    channel.refresh_from_db()
    assert channel.refresh_token == ""
    assert channel.views.count() == 0

    finish_authorization(channel=channel, query_params=params, redirect_uri=SANDBOX_REDIRECT_URI)
    assert channel.connection_status == "connected"
    with pytest.raises(AmazonAuthError):  # replayed
        finish_authorization(channel=channel, query_params=params, redirect_uri=SANDBOX_REDIRECT_URI)


def test_a_pasted_refresh_token_connects(company, usd, amazon_sandbox):
    channel = new_channel(company, amazon_sandbox)
    connect_with_refresh_token(
        channel=channel, refresh_token=amazon_sandbox.lwa.issue_refresh_token(), seller_id="A2SANDBOXSELLER1"
    )
    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.views.filter(active=True).count() == 2


def test_a_wrong_client_secret_is_refused(company, usd, amazon_sandbox):
    channel = new_channel(company, amazon_sandbox, lwa_client_secret="wrong")
    with pytest.raises(AmazonAuthError, match="Client authentication failed"):
        connect_with_refresh_token(
            channel=channel, refresh_token=amazon_sandbox.lwa.issue_refresh_token(), seller_id="S"
        )
    assert AmazonSalesChannel.objects.get(pk=channel.pk).connection_status == "failed"


def test_the_callback_view_finishes_only_the_users_own_company_channel(
    company, other_company, usd, amazon_sandbox, client, user, other_user, settings
):
    settings.AMAZON_OAUTH_REDIRECT_URI = SANDBOX_REDIRECT_URI
    for person in (user, other_user):
        person.is_staff = True
        person.save()
    channel = new_channel(company, amazon_sandbox)
    params = approve_in_sandbox(channel=channel, url=consent_url(channel=channel, redirect_uri=SANDBOX_REDIRECT_URI))

    client.force_login(other_user)
    answer = client.get("/integrations/amazon/callback", params)
    assert answer.status_code == 400
    assert AmazonSalesChannel.objects.get(pk=channel.pk).refresh_token == ""

    client.force_login(user)
    answer = client.get("/integrations/amazon/callback", params)
    assert answer.status_code == 302
    connected = AmazonSalesChannel.objects.get(pk=channel.pk)
    assert connected.connection_status == "connected"
    assert connected.refresh_token not in answer.content.decode()

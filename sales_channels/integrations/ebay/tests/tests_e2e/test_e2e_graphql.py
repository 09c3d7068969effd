"""The consent flow through GraphQL against the sandbox: create, consent URL, callback; tenancy; no secret out."""

from urllib.parse import urlsplit

import pytest
import requests

from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel

pytestmark = pytest.mark.django_db(transaction=True)

CREATE = """
mutation ($data: EbaySalesChannelCreateInput!) {
  createEbaySalesChannel(data: $data) { id name clientId runame connectionStatus hasCredentials }
}"""
REDIRECT = "mutation ($id: ID!) { getEbayRedirectUrl(channelId: $id) { redirectUrl } }"
VALIDATE = """
mutation ($id: ID!, $query: String) {
  validateEbayAuth(channelId: $id, queryString: $query) {
    connectionStatus hasCredentials credentialsExpireAt reconsentBy ebayUsername
    marketplaces { remoteId currency contentLanguage fulfillmentPolicyId merchantLocationKey }
  }
}"""
LIST = "{ ebaySalesChannels { id name } }"


def create(gql, sandbox) -> str:
    answer = gql.execute(
        CREATE,
        {
            "data": {
                "name": "My eBay",
                "clientId": sandbox.client_id,
                "clientCredential": sandbox.client_secret,
                "runame": sandbox.runame,
                "baseUrl": sandbox.base_url,
            }
        },
    )
    assert "errors" not in answer, answer
    return answer["data"]["createEbaySalesChannel"]["id"]


def test_consent_through_graphql_connects_and_returns_no_secret(gql, ebay_sandbox):
    channel_id = create(gql, ebay_sandbox)
    url = gql.execute(REDIRECT, {"id": channel_id})["data"]["getEbayRedirectUrl"]["redirectUrl"]
    assert f"redirect_uri={ebay_sandbox.runame}" in url
    approved = requests.get(url, allow_redirects=False, timeout=5)  # the merchant consents on eBay
    query = urlsplit(approved.headers["Location"]).query

    answer = gql.execute(VALIDATE, {"id": channel_id, "query": query})

    assert "errors" not in answer, answer
    connected = answer["data"]["validateEbayAuth"]
    assert (connected["connectionStatus"], connected["hasCredentials"]) == ("connected", True)
    assert connected["ebayUsername"] == "onesila_seller"
    assert connected["marketplaces"] == [
        {
            "remoteId": "EBAY_US",
            "currency": "USD",
            "contentLanguage": "en-US",
            "fulfillmentPolicyId": "6200000000",
            "merchantLocationKey": "WAREHOUSE-1",
        }
    ]
    channel = EbaySalesChannel.objects.get(pk=channel_id)
    for secret in (channel.client_secret, channel.access_token, channel.refresh_token):
        assert secret not in str(answer)


def test_another_company_can_neither_see_nor_connect_the_channel(gql, other_gql, ebay_sandbox):
    channel_id = create(gql, ebay_sandbox)

    assert other_gql.execute(LIST)["data"]["ebaySalesChannels"] == []
    refused = other_gql.execute(REDIRECT, {"id": channel_id})
    assert refused["errors"]
    refused = other_gql.execute(VALIDATE, {"id": channel_id, "query": "code=x&state=y"})
    assert refused["errors"]
    assert EbaySalesChannel.objects.get(pk=channel_id).oauth_state == ""
    assert not EbayMarketplaceView.objects.exists()


def test_a_refused_callback_is_an_error_with_the_reason(gql, ebay_sandbox):
    channel_id = create(gql, ebay_sandbox)
    gql.execute(REDIRECT, {"id": channel_id})
    answer = gql.execute(VALIDATE, {"id": channel_id, "query": "code=abc&state=forged"})
    assert "state does not match" in answer["errors"][0]["message"]

"""Shopify GraphQL: create/update/connect, authentication, tenancy, and credentials never returned."""

import json
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from conftest import GraphQLClient
from sales_channels.integrations.shopify.models import ShopifySalesChannel

FIELDS = (
    "id name shopDomain authMethod clientId connectionStatus lastConnectionError hasCredentials credentialsExpireAt"
)
CREATE = f"""mutation($data: ShopifySalesChannelCreateInput!) {{
  createShopifySalesChannel(data: $data) {{ {FIELDS} }} }}"""
REDIRECT = (
    'mutation($id: ID!) { getShopifyRedirectUrl(channelId: $id, redirectUri: "http://127.0.0.1:9/cb") { redirectUrl } }'
)
VALIDATE = f"mutation($id: ID!, $q: String) {{ validateShopifyAuth(channelId: $id, queryString: $q) {{ {FIELDS} }} }}"
CUSTOM = (
    "mutation($id: ID!, $t: String!) "
    f"{{ connectShopifyCustomApp(channelId: $id, adminApiCredential: $t) {{ {FIELDS} }} }}"
)
CLIENT_CREDENTIALS = f"mutation($id: ID!) {{ connectShopifyClientCredentials(channelId: $id) {{ {FIELDS} }} }}"
LIST = f"{{ shopifySalesChannels {{ {FIELDS} scopes baseUrl shopName primaryLocationId }} }}"


def _create(gql, sandbox, **extra):
    data = {
        "name": "My shop",
        "shopDomain": sandbox.shop,
        "baseUrl": sandbox.base_url,
        "clientId": sandbox.client_id,
        "clientCredential": sandbox.client_secret,
        **extra,
    }
    return gql.execute(CREATE, {"data": data})


def _no_credentials(result, *values):
    text = json.dumps(result)
    for value in values:
        assert value
        assert value not in text


def test_oauth_through_graphql_connects_and_returns_no_credential(gql, shopify_sandbox):
    created = _create(gql, shopify_sandbox)
    assert not created.get("errors"), created
    channel_id = created["data"]["createShopifySalesChannel"]["id"]

    redirect = gql.execute(REDIRECT, {"id": channel_id})["data"]["getShopifyRedirectUrl"]["redirectUrl"]
    location = requests.get(redirect, allow_redirects=False, timeout=5).headers["Location"]
    result = gql.execute(VALIDATE, {"id": channel_id, "q": urlsplit(location).query})

    assert not result.get("errors"), result
    data = result["data"]["validateShopifyAuth"]
    assert data["connectionStatus"] == "connected"
    assert data["hasCredentials"] is True
    assert data["credentialsExpireAt"] is not None
    channel = ShopifySalesChannel.objects.get(pk=channel_id)
    listed = gql.execute(LIST)
    assert listed["data"]["shopifySalesChannels"][0]["primaryLocationId"].startswith("gid://shopify/Location/")
    for answer in (created, result, listed):
        _no_credentials(answer, channel.access_token, channel.refresh_token, channel.client_secret)


def test_a_replayed_callback_is_a_graphql_error(gql, shopify_sandbox):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    redirect = gql.execute(REDIRECT, {"id": channel_id})["data"]["getShopifyRedirectUrl"]["redirectUrl"]
    query = urlsplit(requests.get(redirect, allow_redirects=False, timeout=5).headers["Location"]).query
    gql.execute(VALIDATE, {"id": channel_id, "q": query})

    again = gql.execute(VALIDATE, {"id": channel_id, "q": query})

    assert "state" in again["errors"][0]["message"]


def test_create_with_an_admin_credential_checks_and_stores_it(gql, shopify_sandbox):
    token = shopify_sandbox.issue_access_token()["access_token"]
    result = _create(gql, shopify_sandbox, authMethod="custom_app", adminApiCredential=token)

    assert not result.get("errors"), result
    assert result["data"]["createShopifySalesChannel"]["connectionStatus"] == "connected"
    _no_credentials(result, token, shopify_sandbox.client_secret)
    assert ShopifySalesChannel.objects.get().access_token == token


def test_a_dev_dashboard_app_connects_with_client_credentials_and_returns_no_credential(gql, shopify_sandbox):
    channel_id = _create(gql, shopify_sandbox, authMethod="client_credentials")["data"]["createShopifySalesChannel"][
        "id"
    ]
    result = gql.execute(CLIENT_CREDENTIALS, {"id": channel_id})

    assert not result.get("errors"), result
    connected = result["data"]["connectShopifyClientCredentials"]
    assert (connected["authMethod"], connected["connectionStatus"]) == ("client_credentials", "connected")
    assert connected["credentialsExpireAt"]  # 24 h tokens
    channel = ShopifySalesChannel.objects.get(pk=channel_id)
    _no_credentials(result, channel.access_token, shopify_sandbox.client_secret)


def test_custom_app_with_a_wrong_credential_is_refused(gql, shopify_sandbox):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    result = gql.execute(CUSTOM, {"id": channel_id, "t": "shpat_wrong"})
    assert "refused the access token" in result["errors"][0]["message"]
    assert ShopifySalesChannel.objects.get(pk=channel_id).access_token == ""


def test_create_refuses_a_bad_domain_and_a_foreign_base_url(gql, shopify_sandbox):
    bad_domain = _create(gql, shopify_sandbox, shopDomain="shop.example.com")
    foreign = _create(gql, shopify_sandbox, baseUrl="https://internal.example.com")
    assert "shop_domain" in bad_domain["errors"][0]["message"]
    assert "base_url" in foreign["errors"][0]["message"]
    assert not ShopifySalesChannel.objects.exists()


def test_create_takes_the_company_from_the_request(gql, company, shopify_sandbox):
    _create(gql, shopify_sandbox)
    assert ShopifySalesChannel.objects.get().multi_tenant_company == company


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (REDIRECT, {}),
        (VALIDATE, {"q": "code=x"}),
        (CUSTOM, {"t": "shpat_x"}),
        (CLIENT_CREDENTIALS, {}),
    ],
    ids=["getShopifyRedirectUrl", "validateShopifyAuth", "connectShopifyCustomApp", "connectShopifyClientCredentials"],
)
def test_another_companys_channel_is_not_found(gql, other_gql, shopify_sandbox, document, variables):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    before = ShopifySalesChannel.objects.filter(pk=channel_id).values().get()

    result = other_gql.execute(document, {"id": channel_id, **variables})

    assert "not found" in result["errors"][0]["message"]
    assert ShopifySalesChannel.objects.filter(pk=channel_id).values().get() == before


def test_anonymous_users_cannot_connect(shopify_sandbox, gql):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    result = GraphQLClient().execute(REDIRECT, {"id": channel_id})
    assert "Authentication required" in result["errors"][0]["message"]


def test_another_company_lists_none_of_our_channels(gql, other_gql, shopify_sandbox):
    _create(gql, shopify_sandbox)
    assert len(gql.execute(LIST)["data"]["shopifySalesChannels"]) == 1
    assert other_gql.execute(LIST)["data"]["shopifySalesChannels"] == []


def test_update_changes_the_credential_without_returning_it(gql, shopify_sandbox):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    result = gql.execute(
        "mutation($data: ShopifySalesChannelPartialInput!) { updateShopifySalesChannel(data: $data) { id name } }",
        {"data": {"id": channel_id, "name": "Renamed", "clientCredential": "rotated-app-credential"}},
    )
    assert result["data"]["updateShopifySalesChannel"]["name"] == "Renamed"
    assert ShopifySalesChannel.objects.get(pk=channel_id).client_secret == "rotated-app-credential"
    _no_credentials(result, "rotated-app-credential")


def test_callback_timestamp_is_required_to_be_fresh(gql, shopify_sandbox):
    channel_id = _create(gql, shopify_sandbox)["data"]["createShopifySalesChannel"]["id"]
    redirect = gql.execute(REDIRECT, {"id": channel_id})["data"]["getShopifyRedirectUrl"]["redirectUrl"]
    params = dict(
        parse_qsl(urlsplit(requests.get(redirect, allow_redirects=False, timeout=5).headers["Location"]).query)
    )
    params["timestamp"] = str(int(time.time()) - 3 * 86400)
    result = gql.execute(VALIDATE, {"id": channel_id, "q": "&".join(f"{k}={v}" for k, v in params.items())})
    assert result["errors"]  # the HMAC no longer matches the changed timestamp
    assert ShopifySalesChannel.objects.get(pk=channel_id).connection_status == "failed"

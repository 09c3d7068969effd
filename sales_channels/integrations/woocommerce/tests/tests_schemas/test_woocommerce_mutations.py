"""WooCommerce GraphQL: create/connect by keys, key provisioning, tenancy, and credentials never returned."""

import json

from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel

FIELDS = "id name storeUrl connectionStatus lastConnectionError hasCredentials wcVersion storeCurrency"
CREATE = f"""mutation($data: WooCommerceSalesChannelCreateInput!) {{
  createWoocommerceSalesChannel(data: $data) {{ {FIELDS} }} }}"""
CONNECT = (
    "mutation($id: ID!, $k: String!, $s: String!) "
    f"{{ connectWoocommerceKeys(channelId: $id, consumerKey: $k, consumerSigningKey: $s) {{ {FIELDS} }} }}"
)
PROVISION = "mutation($id: ID!) { startWoocommerceKeyProvisioning(channelId: $id) { authorizeUrl } }"
LIST = f"{{ woocommerceSalesChannels {{ {FIELDS} keyPermissions taxClasses }} }}"


def test_create_with_keys_connects_and_returns_no_credential(gql, woo_sandbox):
    key, secret = woo_sandbox.issue_key()
    data = {"name": "Store", "storeUrl": woo_sandbox.base_url, "consumerKey": key, "consumerSigningKey": secret}
    result = gql.execute(CREATE, {"data": data})

    assert not result.get("errors"), result
    created = result["data"]["createWoocommerceSalesChannel"]
    assert (created["connectionStatus"], created["hasCredentials"], created["wcVersion"]) == (
        "connected",
        True,
        "9.4.2",
    )
    listed = gql.execute(LIST)
    for text in (json.dumps(result), json.dumps(listed)):
        assert key not in text
        assert secret not in text
    channel = WooCommerceSalesChannel.objects.get()
    assert (channel.consumer_key, channel.consumer_secret) == (key, secret)
    assert channel.webhook_secret
    assert channel.webhook_secret not in json.dumps(listed)


def test_a_refused_key_creates_nothing(gql, woo_sandbox):
    data = {"name": "Store", "storeUrl": woo_sandbox.base_url, "consumerKey": "ck_x", "consumerSigningKey": "cs_x"}
    result = gql.execute(CREATE, {"data": data})

    assert "HTTP 401" in result["errors"][0]["message"]
    assert not WooCommerceSalesChannel.objects.exists()


def test_another_company_can_neither_see_nor_connect_the_channel(gql, other_gql, woo_sandbox):
    created = gql.execute(CREATE, {"data": {"name": "Store", "storeUrl": woo_sandbox.base_url}})
    channel_id = created["data"]["createWoocommerceSalesChannel"]["id"]
    key, secret = woo_sandbox.issue_key()

    assert other_gql.execute(LIST)["data"]["woocommerceSalesChannels"] == []
    refused = other_gql.execute(CONNECT, {"id": channel_id, "k": key, "s": secret})
    assert refused.get("errors")
    assert other_gql.execute(PROVISION, {"id": channel_id}).get("errors")
    assert WooCommerceSalesChannel.objects.get().connection_status != "connected"

    connected = gql.execute(CONNECT, {"id": channel_id, "k": key, "s": secret})
    assert connected["data"]["connectWoocommerceKeys"]["connectionStatus"] == "connected"


def test_start_key_provisioning_points_at_the_store(gql, woo_sandbox):
    created = gql.execute(CREATE, {"data": {"name": "Store", "storeUrl": woo_sandbox.base_url}})
    channel_id = created["data"]["createWoocommerceSalesChannel"]["id"]

    result = gql.execute(PROVISION, {"id": channel_id})

    url = result["data"]["startWoocommerceKeyProvisioning"]["authorizeUrl"]
    assert url.startswith(woo_sandbox.base_url + "/wc-auth/v1/authorize?app_name=OneSila&scope=read_write&user_id=")
    assert "callback_url=" in url
    assert WooCommerceSalesChannel.objects.get().auth_user_id in url

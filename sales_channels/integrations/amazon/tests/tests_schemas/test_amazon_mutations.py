"""The Amazon GraphQL surface: create, consent URL, connect, product type import; tenancy; no credential out."""

import pytest

from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.tests.conftest import new_channel
from sales_channels.tests.marketplace_catalog import product_type_property, select_value

pytestmark = pytest.mark.django_db(transaction=True)

CHANNEL_FIELDS = (
    "id name region connectionStatus sellingPartnerId hasCredentials credentialRotationWarning views { remoteId }"
)


def test_create_then_connect_with_a_pasted_authorization(gql, company, usd, amazon_sandbox):
    created = gql.execute(
        f"mutation($d: AmazonSalesChannelCreateInput!) {{ createAmazonSalesChannel(data: $d) {{ {CHANNEL_FIELDS} }} }}",
        {
            "d": {
                "name": "Amazon US",
                "lwaClientId": amazon_sandbox.lwa.client_id,
                "lwaClientCredential": amazon_sandbox.lwa.client_secret,
                "baseUrl": amazon_sandbox.base_url,
                "lwaUrl": amazon_sandbox.base_url,
                "consentUrl": amazon_sandbox.base_url,
                "applicationId": amazon_sandbox.lwa.application_id,
            }
        },
    )
    channel_id = created["data"]["createAmazonSalesChannel"]["id"]
    authorization = amazon_sandbox.lwa.issue_refresh_token()
    answer = gql.execute(
        f"""mutation($c: ID!, $a: String!) {{ connectAmazonAuthorization(channelId: $c, authorization: $a,
            sellingPartnerId: "A2SANDBOXSELLER1") {{ {CHANNEL_FIELDS} }} }}""",
        {"c": channel_id, "a": authorization},
    )
    connected = answer["data"]["connectAmazonAuthorization"]
    assert connected["connectionStatus"] == "connected"
    assert connected["hasCredentials"] is True
    assert sorted(view["remoteId"] for view in connected["views"]) == ["A2EUQ1WTGCTBG2", "ATVPDKIKX0DER"]
    assert authorization not in str(answer)
    assert amazon_sandbox.lwa.client_secret not in str(created)

    consent = gql.execute(
        'mutation($c: ID!) { getAmazonConsentUrl(channelId: $c, redirectUri: "http://127.0.0.1/cb") { consentUrl } }',
        {"c": channel_id},
    )
    assert "/apps/authorize/consent?application_id=" in consent["data"]["getAmazonConsentUrl"]["consentUrl"]

    product_types = product_type_property(company)
    shirts = select_value(company, product_types, "T-Shirts")
    view_id = AmazonSalesChannel.objects.get(pk=channel_id).views.get(remote_id="ATVPDKIKX0DER").pk
    imported = gql.execute(
        """mutation($c: ID!, $v: ID!, $p: ID) { importAmazonProductType(channelId: $c, viewId: $v, productType: "SHIRT",
            localProductTypeId: $p) { productType downloaded mappedAttributes unmappedRequired } }""",
        {"c": channel_id, "v": str(view_id), "p": str(shirts.pk)},
    )
    assert imported["data"]["importAmazonProductType"] == {
        "productType": "SHIRT",
        "downloaded": True,
        "mappedAttributes": [],
        "unmappedRequired": ["brand"],
    }


def test_another_company_can_neither_see_nor_connect_the_channel(other_gql, company, usd, amazon_sandbox):
    channel = new_channel(company, amazon_sandbox)
    for document in (
        f'mutation {{ getAmazonConsentUrl(channelId: "{channel.pk}", redirectUri: "http://x/cb") {{ consentUrl }} }}',
        f'mutation {{ connectAmazonAuthorization(channelId: "{channel.pk}", authorization: "Atzr|x", '
        f'sellingPartnerId: "S") {{ id }} }}',
        f'mutation {{ finishAmazonAuthorization(channelId: "{channel.pk}", redirectUri: "http://x/cb", '
        f'queryString: "state=a") {{ id }} }}',
        f'mutation {{ importAmazonProductType(channelId: "{channel.pk}", viewId: "1", productType: "SHIRT") '
        "{ downloaded } }",
    ):
        result = other_gql.execute(document)
        assert result["data"] is None
        assert "was not found" in result["errors"][0]["message"]
    assert other_gql.execute("{ amazonSalesChannels { id } }")["data"]["amazonSalesChannels"] == []
    channel.refresh_from_db()
    assert channel.oauth_state == ""
    assert channel.connection_status != "connected"

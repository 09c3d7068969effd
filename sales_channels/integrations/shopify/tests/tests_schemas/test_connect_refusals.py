"""GraphQL connect refusals leave nothing: no channel from a refused create, no state change from a bad callback."""

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox.oauth import sign_params
from sales_channels.integrations.shopify.tests.tests_schemas.test_shopify_mutations import CREATE, VALIDATE

VALIDATE_PARAMS = "mutation($id: ID!, $p: JSON) { validateShopifyAuth(channelId: $id, params: $p) { id } }"


def test_a_refused_create_leaves_no_channel(gql, shopify_sandbox):
    data = {
        "name": "My shop",
        "shopDomain": shopify_sandbox.shop,
        "baseUrl": shopify_sandbox.base_url,
        "authMethod": "custom_app",
        "adminApiCredential": "shpat_wrong",
    }

    result = gql.execute(CREATE, {"data": data})

    assert "refused the access token" in result["errors"][0]["message"]
    assert not ShopifySalesChannel.objects.exists()


def test_malformed_validate_calls_never_change_a_connected_channel(gql, shopify_channel, shopify_sandbox):
    shopify_channel.oauth_state = "pending"
    shopify_channel.save()
    query = {"code": "c", "shop": shopify_sandbox.shop, "state": "pending", "timestamp": "1"}
    attempts = [
        {"id": shopify_channel.pk, "q": "code=x"},  # missing fields
        {"id": shopify_channel.pk, "q": "code=x&hmac=00&shop=evil.example.com&state=pending&timestamp=1"},
        {"id": shopify_channel.pk, "q": "&".join(f"{k}={v}" for k, v in {**query, "hmac": "0" * 64}.items())},
    ]

    answers = [gql.execute(VALIDATE, variables) for variables in attempts]
    answers.append(
        gql.execute(VALIDATE_PARAMS, {"id": shopify_channel.pk, "p": {**query, "hmac": sign_params(query, "x")}})
    )

    shopify_channel.refresh_from_db()
    assert all(answer.get("errors") for answer in answers)
    assert (shopify_channel.connection_status, shopify_channel.last_connection_error) == ("connected", "")
    assert shopify_channel.access_token

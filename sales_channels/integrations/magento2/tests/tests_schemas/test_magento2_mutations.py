"""GraphQL: create-and-connect, tenancy, and no credential in any answer."""

import pytest

from sales_channels.integrations.magento2.models import Magento2SalesChannel

pytestmark = pytest.mark.django_db(transaction=True)

CREATE = """
mutation Create($data: Magento2SalesChannelCreateInput!) {
  createMagento2SalesChannel(data: $data) { id name connectionStatus hasCredentials baseCurrency views { name } }
}
"""
CONNECT = "mutation Connect($id: ID!) { connectMagento2SalesChannel(channelId: $id) { id connectionStatus } }"
LIST = "{ magento2SalesChannels { id name } }"


GRAPHQL_NAMES = {
    "consumer_key": "consumerKey",
    "consumer_secret": "consumerCredential",
    "access_token": "integrationCredential",
    "access_token_secret": "integrationCredentialSigner",
}


def _data(sandbox, **overrides):
    values = {GRAPHQL_NAMES[name]: value for name, value in sandbox.credentials().items()}
    return {"name": "Store", "baseUrl": sandbox.base_url, **values, **overrides}


def test_create_connects_and_never_returns_a_credential(gql, magento_sandbox):
    answer = gql.execute(CREATE, {"data": _data(magento_sandbox)})
    created = answer["data"]["createMagento2SalesChannel"]
    assert created["connectionStatus"] == "connected"
    assert created["hasCredentials"] is True
    assert created["baseCurrency"] == "EUR"
    assert len(created["views"]) == 2
    text = str(answer)
    for secret in magento_sandbox.credentials().values():
        assert secret not in text


def test_a_refused_create_leaves_nothing_behind(gql, magento_sandbox):
    answer = gql.execute(CREATE, {"data": _data(magento_sandbox, consumerCredential="nope-nope")})
    assert "consumer secret or the access token secret" in answer["errors"][0]["message"]
    assert not Magento2SalesChannel.objects.exists()


def test_another_company_can_neither_see_nor_connect_the_channel(gql, other_gql, magento_sandbox):
    created = gql.execute(CREATE, {"data": _data(magento_sandbox)})["data"]["createMagento2SalesChannel"]
    assert other_gql.execute(LIST)["data"]["magento2SalesChannels"] == []
    refused = other_gql.execute(CONNECT, {"id": created["id"]})
    assert refused["errors"]
    assert (
        gql.execute(CONNECT, {"id": created["id"]})["data"]["connectMagento2SalesChannel"]["connectionStatus"]
        == "connected"
    )


def test_a_channel_without_credentials_waits_for_activation(gql, magento_sandbox):
    query = CREATE.replace("views { name }", "views { name } activationPath")
    data = {"name": "Later", "baseUrl": magento_sandbox.base_url}
    created = gql.execute(query, {"data": data})["data"]["createMagento2SalesChannel"]
    assert created["connectionStatus"] == "pending"
    assert created["activationPath"].startswith("/integrations/magento2/activate/")

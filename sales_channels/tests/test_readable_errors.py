"""Readable GraphQL errors: constraint violations and invalid choices name the field, pages over the maximum
say so, anonymous lists ask to log in."""

import json

import pytest
from django.db import IntegrityError

from core.schema.mutations import integrity_message
from currencies.models import Currency
from sales_channels.integrations.shopify.models import ShopifySalesChannel

UPDATE = "mutation($data: ShopifySalesChannelPartialInput!) { updateShopifySalesChannel(data: $data) { id } }"


def message_of(result) -> str:
    return result["errors"][0]["message"]


def test_an_invalid_choice_names_the_field_and_the_allowed_values(gql, company):
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Shop", shop_domain="shop.myshopify.com"
    )

    result = gql.execute(UPDATE, {"data": {"id": channel.pk, "authMethod": "magic"}})

    assert message_of(result) == (
        "auth_method: Value 'magic' is not a valid choice. Allowed values: oauth, client_credentials, custom_app."
    )


@pytest.mark.parametrize(
    "database_text",
    [
        'duplicate key value violates unique constraint "currency_iso_unique_per_company"',
        "UNIQUE constraint failed: currencies_currency.multi_tenant_company_id, currencies_currency.iso_code",
    ],
)
def test_a_unique_violation_names_the_fields_never_the_database_text(company, database_text):
    message = integrity_message(instance=Currency(multi_tenant_company=company), error=IntegrityError(database_text))

    assert message == "iso_code: a currency with this iso_code already exists."


def test_a_page_over_the_maximum_says_so(gql):
    result = gql.execute("{ syncTasks(pagination: {offset: 0, limit: 500}) { id } }")

    assert message_of(result) == (
        "pagination.limit 500 on 'syncTasks' is outside 0..100: ask for at most 100 rows and page with "
        "pagination.offset."
    )


def test_a_page_at_the_maximum_is_answered(gql):
    assert not gql.execute("{ syncTasks(pagination: {offset: 0, limit: 100}) { id } }").get("errors")


@pytest.mark.parametrize("query", ["{ syncTasks { id } }", "{ products { sku } }", "{ me { username } }"])
def test_anonymous_lists_ask_to_log_in(client, db, query):
    response = client.post("/graphql/", data=json.dumps({"query": query}), content_type="application/json")

    assert message_of(response.json()) == "Authentication required: log in first."

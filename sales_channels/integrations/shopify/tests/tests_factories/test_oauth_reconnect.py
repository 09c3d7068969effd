"""Completing Shopify's OAuth requeues the channel's tasks that failed on auth (issue 15, item 6)."""

import pytest
import responses

from products.models import Product
from sales_channels.integrations.shopify.factories.sales_channels.oauth import ValidateShopifyAuthFactory
from sales_channels.integrations.shopify.tests.tests_factories.test_oauth import (  # noqa: F401 - fixtures
    TOKEN_URL,
    callback,
    channel,
    fixture,
    pulls,
)
from sales_channels.models import SyncTask

pytestmark = pytest.mark.django_db


@responses.activate
def test_a_completed_oauth_requeues_the_tasks_that_failed_on_auth(channel, pulls, company):  # noqa: F811
    responses.post(TOKEN_URL, json=fixture("auth_token_expiring.json"))
    product = Product.objects.create(multi_tenant_company=company, sku="MUG")
    common = {"multi_tenant_company": company, "sales_channel": channel, "object_id": product.pk, "status": "failed"}
    auth = SyncTask.objects.create(usage="product.sync", error_kind="auth", error="Token revoked.", **common)
    other = SyncTask.objects.create(usage="price.update", error_kind="validation", **common)

    ValidateShopifyAuthFactory(channel=channel, query_params=callback(channel)).run()

    auth.refresh_from_db()
    other.refresh_from_db()
    assert (auth.status, auth.error, auth.attempts) == ("queued", "", 0)
    assert other.status == "failed"

"""Channel status in one place (sales_channels.connection), shown on a Shopify channel with credentials to clear."""

import pytest

from sales_channels.connection import (
    mark_connected,
    mark_disconnected,
    record_connection_failure,
    record_connection_ok,
    record_connection_warning,
)
from sales_channels.exceptions import AuthExpired
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import SalesChannel
from sales_channels.tasks_failures import mark_disconnected as runner_mark_disconnected

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Shop",
        shop_domain="status-shop.myshopify.com",
        access_token="shpat_secret_token",
        refresh_token="shprt_secret",
        client_secret="app-secret",
        connection_status="connected",
    )


def test_a_failure_is_stored_redacted_without_saving_the_callers_instance(shop):
    shop.name = "unsaved rename"

    message = record_connection_failure(channel=shop, error="refused token shpat_secret_token")

    row = SalesChannel.objects.get(pk=shop.pk)
    assert (row.connection_status, row.name) == ("failed", "Shop")
    assert "shpat_secret_token" not in row.last_connection_error
    assert message == row.last_connection_error


def test_the_task_runner_marks_an_auth_failure_through_the_same_function(shop):
    runner_mark_disconnected(shop, AuthExpired("401 for shpat_secret_token"))

    row = SalesChannel.objects.get(pk=shop.pk)
    assert row.connection_status == "failed"
    assert "401" in row.last_connection_error
    assert "shpat_secret_token" not in row.last_connection_error


def test_disconnect_clears_the_models_credential_fields(shop):
    mark_disconnected(channel=SalesChannel.objects.get(pk=shop.pk), reason="The app was uninstalled.")

    shop.refresh_from_db()
    assert (shop.connection_status, shop.last_connection_error) == ("disconnected", "The app was uninstalled.")
    assert (shop.access_token, shop.refresh_token, shop.access_token_expires_at) == ("", "", None)
    assert shop.client_secret == "app-secret"  # the app's own secret is not the installation's


def test_connect_records_the_installation_time_and_a_check_keeps_it(shop):
    mark_connected(channel=shop, save=True)
    installed = SalesChannel.objects.get(pk=shop.pk).connected_at
    record_connection_warning(channel=shop, message="metadata pull failed")
    record_connection_ok(channel=shop)

    row = SalesChannel.objects.get(pk=shop.pk)
    assert installed is not None
    assert (row.connected_at, row.connection_status, row.last_connection_error) == (installed, "connected", "")

"""The admin in a real browser against the Shopify sandbox: log in, add and connect a channel through OAuth,
see a product's sync state, edit a price and see it arrive, a failed connection test in red, retry failed
tasks, an update-only import with its progress and skip reasons."""

from decimal import Decimal

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant, ShopifySalesChannel
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import shop  # noqa: F401
from sales_channels.models import ImportProcess, SyncTask
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


def admin_url(live_server, path: str) -> str:
    return f"{live_server.url}/admin/{path}"


def run_action(page, live_server, *, changelist: str, row_id: int, action: str) -> None:
    page.goto(admin_url(live_server, changelist))
    page.check(f"input[name=_selected_action][value='{row_id}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def message(page, level: str) -> str:
    return page.locator(f"ul.messagelist li.{level}").first.inner_text()


def test_log_in(logged_in, live_server):
    assert "Site administration" in logged_in.content()
    assert logged_in.locator("a", has_text="Sales channels").count() >= 1


def test_add_and_connect_a_shopify_channel_through_oauth(logged_in, live_server, shopify_sandbox, company):
    page = logged_in
    page.goto(admin_url(live_server, "sales_channels/saleschannel/add/"))
    page.click("a[data-integration=shopify]")
    page.fill("#id_name", "My browser shop")
    page.fill("#id_shop_domain", shopify_sandbox.shop)
    page.select_option("#id_auth_method", "oauth")
    page.fill("#id_client_id", shopify_sandbox.client_id)
    page.fill("#id_client_secret", shopify_sandbox.client_secret)
    page.fill("#id_base_url", shopify_sandbox.base_url)

    page.click("input[name=_save]")  # -> the sandbox's approval -> our callback -> the channel's page
    page.wait_for_selector("ul.messagelist li.success")

    channel = ShopifySalesChannel.objects.get(multi_tenant_company=company)
    assert message(page, "success") == f"Connected to {channel.shop_name} through OAuth."
    assert page.url.endswith(f"/admin/sales_channels/saleschannel/{channel.pk}/change/")
    assert channel.connection_status == "connected"
    assert page.locator("#connect-channel").inner_text() == "Reconnect"
    assert shopify_sandbox.client_secret not in page.content()


@pytest.fixture
def pushed(company, shop):  # noqa: F811
    """A mug pushed to the sandbox shop: (channel, product, its EUR price)."""
    channel, view = shop
    mug = catalog.product(company, "MUG-BROWSER", name="Browser mug", price="12.50", stock=4)
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[mug.pk])
    assert all(task.status == "succeeded" for task in run_all(since=since))
    return channel, mug, SalesPrice.objects.get(product=mug)


def test_see_the_sync_state_then_edit_a_price_and_see_it_arrive(logged_in, live_server, pushed, shopify_sandbox):
    channel, mug, price = pushed
    page = logged_in
    page.goto(admin_url(live_server, f"products/product/{mug.pk}/change/"))
    row = page.locator(f"tr[data-channel='{channel.name}']")
    assert row.locator(".sync-status").inner_text() == "synced"

    page.goto(admin_url(live_server, f"sales_prices/salesprice/{price.pk}/change/"))
    page.fill("#id_price", "14.75")
    page.click("input[name=_save]")
    page.wait_for_selector("ul.messagelist li.success")
    run_all(since=0)  # what the worker does with the queued price update

    variant = ShopifyRemoteVariant.objects.get(sales_channel=channel, local_instance_id=mug.pk)
    assert Decimal(shopify_sandbox.state.variant_by_gid(variant.remote_id).price) == Decimal("14.75")
    page.goto(admin_url(live_server, f"products/product/{mug.pk}/change/"))
    assert page.locator(f"tr[data-channel='{channel.name}'] .sync-status").inner_text() == "synced"


def test_a_stopped_sandbox_fails_the_connection_test_in_red(logged_in, live_server, shopify_channel, shopify_sandbox):
    shopify_sandbox.stop()

    run_action(
        logged_in,
        live_server,
        changelist="sales_channels/saleschannel/",
        row_id=shopify_channel.pk,
        action="check_connections",
    )

    text = message(logged_in, "error")
    assert text.startswith("Sandbox shop: the connection test failed. Shopify could not be reached at 127.0.0.1:")
    assert "Check that the shop (or its sandbox) is running" in text
    assert "HTTPConnectionPool" not in logged_in.content()
    assert logged_in.locator("ul.messagelist li.success").count() == 0
    color = logged_in.locator("ul.messagelist li.error").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color != "rgb(223, 240, 216)"  # not the green success background


def test_retry_failed_tasks(logged_in, live_server, pushed):
    channel, mug, _price = pushed
    failed = SyncTask.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        usage="product.sync",
        object_id=mug.pk,
        status="failed",
        error="HTTP 503 from POST /graphql.json.",
        error_kind="transient",
    )

    run_action(logged_in, live_server, changelist="sales_channels/synctask/", row_id=failed.pk, action="retry_tasks")

    assert message(logged_in, "success") == "1 task(s) queued again"
    failed.refresh_from_db()
    assert failed.status in ("queued", "running", "succeeded")


def test_an_update_only_import_shows_progress_and_why_it_skipped(logged_in, live_server, shopify_channel):
    run_action(
        logged_in,
        live_server,
        changelist="sales_channels/saleschannel/",
        row_id=shopify_channel.pk,
        action="import_products_update_only",
    )
    assert "update-only import #" in message(logged_in, "success")

    process = ImportProcess.objects.get(sales_channel=shopify_channel)
    logged_in.goto(admin_url(live_server, f"sales_channels/importprocess/{process.pk}/change/"))
    content = logged_in.content()

    assert process.status == "succeeded"
    assert process.skipped_count == 3
    assert "Skipped or failed records (why)" in content
    reasons = logged_in.locator("td.field-message").all_inner_texts()
    assert reasons == ["Skipped: Update-only import: no local product."] * 3

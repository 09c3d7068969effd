"""No traceback or exception repr reaches a person: GraphQL and the admin show explained errors; superusers
alone see the developer detail. The product page shows its sync state on every channel, never "synced"
while its last task failed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.factories import MultiTenantUserFactory
from sales_channels.exceptions import AuthExpired, TransientVendorError
from sales_channels.explain import UNEXPECTED, explain_failure, public_error
from sales_channels.models import MirrorStatus, RemoteCallLog, RemoteProduct, SalesChannelViewAssign, SyncTask
from sales_channels.tests import catalog

TRACEBACK = (
    'Traceback (most recent call last):\n  File "/srv/app/sales_channels/tasks.py", line 200, in run\n'
    "    step.run()\nKeyError: 'variants'"
)
TRANSPORT = (
    "POST http://127.0.0.1:8701/admin/api/2025-04/graphql.json failed after 1 attempt(s): ConnectionError: "
    "HTTPConnectionPool(host='127.0.0.1', port=8701): Max retries exceeded with url: /admin/api "
    "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish'))"
)


@pytest.fixture
def failed_task(company, storefront):
    product = catalog.product(company, "MUG-1")
    view = storefront.views.get(remote_id="web")
    SalesChannelViewAssign.objects.create(multi_tenant_company=company, view=view, product=product)
    RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        local_instance=product,
        remote_id="r-1",
        status=MirrorStatus.SYNCED,
    )
    SyncTask.objects.exclude(status="failed").delete()
    task = SyncTask.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        usage="product.sync",
        object_id=product.pk,
        status="failed",
        error=TRACEBACK,  # a row stored before the merchant/developer split kept the traceback here
        error_debug=TRACEBACK,
        error_kind="unexpected",
    )
    return product, task


def test_explained_failures_say_what_why_and_what_to_do():
    refused = TransientVendorError("POST http://127.0.0.1:8701/x failed")
    refused.__cause__ = ConnectionRefusedError()
    auth = explain_failure(error=AuthExpired("HTTP 401 from POST /graphql.json."), vendor="Shopify")

    assert auth == "Shopify refused the token (HTTP 401 from POST /graphql.json): reconnect the channel."
    assert public_error(text=TRANSPORT).startswith("The vendor could not be reached at 127.0.0.1:8701")
    assert "HTTPConnectionPool" not in public_error(text=TRANSPORT)
    assert public_error(text=TRACEBACK) == UNEXPECTED
    assert public_error(text="KeyError: 'variants'", kind="unexpected") == UNEXPECTED
    assert public_error(text="Missing mappings: size") == "Missing mappings: size"


def test_graphql_never_shows_a_traceback(gql, failed_task, storefront, company):
    RemoteCallLog.objects.create(
        multi_tenant_company=company, sales_channel=storefront, method="POST", url="http://x", error=TRANSPORT
    )

    tasks = gql.execute("{ syncTasks { error errorKind } }")["data"]["syncTasks"]
    logs = gql.execute("{ remoteCallLogs { error } }")["data"]["remoteCallLogs"]

    assert tasks == [{"error": UNEXPECTED, "errorKind": "unexpected"}]
    assert "HTTPConnectionPool" not in logs[0]["error"]


def test_the_admin_shows_developer_detail_only_to_superusers(client, user, company, failed_task):
    _product, task = failed_task
    page_url = reverse("admin:sales_channels_synctask_change", args=[task.pk])
    client.force_login(user)

    merchant_page = client.get(page_url).content.decode()
    listing = client.get(reverse("admin:sales_channels_synctask_changelist")).content.decode()
    client.force_login(MultiTenantUserFactory(multi_tenant_company=company, username="root", is_superuser=True))
    superuser_page = client.get(page_url).content.decode()

    assert "Developer detail" not in merchant_page
    for page in (merchant_page, listing):
        assert "Traceback" not in page
        assert "/srv/app" not in page
        assert "An unexpected program error stopped this" in page
    assert "Developer detail (superusers only)" in superuser_page
    assert "/srv/app/sales_channels/tasks.py" in superuser_page


def test_task_rows_name_the_sku_and_link_product_listing_and_call_logs(client, user, failed_task):
    product, task = failed_task
    client.force_login(user)

    page = client.get(reverse("admin:sales_channels_synctask_changelist")).content.decode()

    assert f'href="{reverse("admin:products_product_change", args=[product.pk])}">MUG-1</a>' in page
    listing = RemoteProduct.objects.get(local_instance_id=product.pk)
    assert reverse("admin:sales_channels_remoteproduct_change", args=[listing.pk]) in page
    assert f"{reverse('admin:sales_channels_remotecalllog_changelist')}?sync_task_id={task.pk}" in page


def test_the_product_page_shows_failed_while_the_last_task_failed(
    client, user, failed_task, django_assert_max_num_queries
):
    product, _task = failed_task
    client.force_login(user)

    page = client.get(reverse("admin:products_product_change", args=[product.pk])).content.decode()

    assert "Sync state on sales channels" in page
    row = page[page.index('data-channel="Web shop"') :]
    row = row[: row.index("</tr>")]
    assert ">failed<" in row
    assert "synced" not in row
    assert "Retry the task; if it fails again, report it" in row


def test_call_logs_name_the_graphql_operation_or_the_rest_route(client, user, company, storefront):
    RemoteCallLog.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        method="POST",
        url="http://127.0.0.1:8701/admin/api/2025-04/graphql.json",
        request_excerpt='{"query": "mutation ProductSet($input: ProductSetInput!) { x }", "variables": {}}',
    )
    RemoteCallLog.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        method="GET",
        url="https://shop.example/rest/V1/products",
    )
    client.force_login(user)

    page = client.get(reverse("admin:sales_channels_remotecalllog_changelist")).content.decode()

    assert "GraphQL mutation ProductSet" in page
    assert "/rest/V1/products" in page


def test_the_task_list_makes_as_many_queries_for_many_rows_as_for_few(client, user, company, storefront, failed_task):
    client.force_login(user)
    changelist = reverse("admin:sales_channels_synctask_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(changelist).status_code == 200
        return len(captured)

    few = queries()
    for n in range(8):
        product = catalog.product(company, f"MORE-{n}")
        SyncTask.objects.create(
            multi_tenant_company=company, sales_channel=storefront, usage="product.sync", object_id=product.pk
        )
    assert queries() == few


def test_the_listing_list_never_says_synced_while_the_last_task_failed(client, user, failed_task):
    client.force_login(user)

    page = client.get(reverse("admin:sales_channels_remoteproduct_changelist")).content.decode()

    assert "failed (last task)" in page
    assert "An unexpected program error stopped this" in page
    assert '<td class="field-shown_status">Synced</td>' not in page

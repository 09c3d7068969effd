"""Sales-channel queries: fields, filters, pagination, nested relations, redaction and bounded query counts."""

import itertools
import json

import pytest
from graphql import GraphQLScalarType, get_named_type

from OneSila.schema import schema
from products.models import Product
from sales_channels.models import (
    ImportItemError,
    ImportProcess,
    RemoteCallLog,
    RemoteProduct,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.schema import inputs, mutations, types
from sales_channels.schema.queries import Query
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory

SECRET_WORDS = ("token", "secret", "password", "apikey", "api_key", "credential", "authorization", "private")
OBJECT_IDS = itertools.count(1000)


def data_of(result: dict) -> dict:
    assert not result.get("errors"), result
    return result["data"]


def tasks(channel, *, count: int, status: str = SyncTaskStatus.QUEUED, view=None, usage: str = "product.sync"):
    return [
        SyncTask.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id,
            sales_channel=channel,
            view=view,
            usage=usage,
            object_id=next(OBJECT_IDS),
            status=status,
        )
        for _ in range(count)
    ]


def test_sales_channels_lists_settings_connection_state_and_views(gql, storefront):
    storefront.last_connection_error = "HTTP 401 from the vendor."
    storefront.connection_status = "failed"
    storefront.master_of_data = {"stock": "remote"}
    storefront.save()

    [row] = data_of(
        gql.execute(
            "{ salesChannels { name integration active connectionStatus lastConnectionError syncPrices syncStock "
            "requestsPerSecond burst masterOfData views { remoteId isDefault } } }"
        )
    )["salesChannels"]

    assert row["name"] == "Web shop"
    assert row["integration"] == "fake_storefront"
    assert (row["connectionStatus"], row["lastConnectionError"]) == ("failed", "HTTP 401 from the vendor.")
    assert (row["syncPrices"], row["syncStock"], row["requestsPerSecond"], row["burst"]) == (True, True, 2.0, 10)
    assert row["masterOfData"] == {"stock": "remote"}
    assert sorted(view["remoteId"] for view in row["views"]) == ["b2b", "web"]


def test_no_sales_channel_type_or_input_has_a_credential_field():
    checked = 0
    for module in (types, inputs, mutations):
        for value in vars(module).values():
            definition = getattr(value, "__strawberry_definition__", None)
            if definition is None or value.__module__ != module.__name__:
                continue
            checked += 1
            names = [field.python_name.lower() for field in definition.fields]
            assert not [name for name in names if any(word in name for word in SECRET_WORDS)], definition.name
    assert checked >= 20


def test_base_url_userinfo_is_never_returned(gql, storefront):
    storefront.base_url = "https://shop-admin:hunter2-pass@shop.example.com/api"
    storefront.save()

    result = data_of(gql.execute("{ salesChannels { baseUrl } }"))

    assert result["salesChannels"][0]["baseUrl"] == "https://[REDACTED]@shop.example.com/api"
    assert "hunter2" not in json.dumps(result)


def test_call_logs_are_filtered_and_their_excerpts_redacted_again(gql, company, storefront):
    task = tasks(storefront, count=1)[0]
    own = {"multi_tenant_company": company, "sales_channel": storefront}
    RemoteCallLog.objects.create(
        **own,
        sync_task_id=task.pk,
        method="POST",
        url="https://shop.example.com/p?access_token=shpat_live_123456",
        status_code=429,
        request_excerpt='{"sku": "A"} api_key=abcd1234efgh',
        response_excerpt="retry later, token=zzzz9999yyyy",
    )
    RemoteCallLog.objects.create(**own, method="GET", url="https://shop.example.com/ok", status_code=200)

    result = data_of(
        gql.execute(
            "query($task: Int!) { remoteCallLogs(filters: {statusCode: {exact: 429}, syncTaskId: {exact: $task}}) "
            "{ method url statusCode requestExcerpt responseExcerpt } }",
            {"task": task.pk},
        )
    )

    [row] = result["remoteCallLogs"]
    assert (row["method"], row["statusCode"]) == ("POST", 429)
    text = json.dumps(result)
    for secret in ("shpat_live_123456", "abcd1234efgh", "zzzz9999yyyy"):
        assert secret not in text
    assert "[REDACTED]" in row["url"]


def test_sync_tasks_filter_by_status_usage_and_channel(gql, company, storefront, marketplace):
    tasks(storefront, count=2, status=SyncTaskStatus.FAILED)
    tasks(storefront, count=1, status=SyncTaskStatus.QUEUED, usage="price.update")
    tasks(marketplace, count=3, status=SyncTaskStatus.FAILED, view=marketplace.views.first())

    def ids(filters: str) -> int:
        return len(data_of(gql.execute(f"{{ syncTasks(filters: {filters}) {{ id }} }}"))["syncTasks"])

    assert ids('{status: {exact: "failed"}}') == 5
    assert ids('{usage: {exact: "price.update"}}') == 1
    assert ids(f'{{status: {{exact: "failed"}}, salesChannelId: {{exact: "{storefront.pk}"}}}}') == 2
    assert ids(f'{{salesChannelId: {{exact: "{marketplace.pk}"}}}}') == 3


def test_sync_tasks_are_paginated_newest_first(gql, storefront):
    created = tasks(storefront, count=7)

    page = data_of(gql.execute("{ syncTasks(pagination: {offset: 2, limit: 3}) { id objectId } }"))["syncTasks"]

    newest_first = sorted(created, key=lambda task: -task.pk)
    assert [row["id"] for row in page] == [str(task.pk) for task in newest_first[2:5]]


def test_remote_products_show_status_error_product_and_parent(gql, company, storefront):
    parent_product = catalog.product(company, "CFG", kind=Product.CONFIGURABLE)
    child_product = catalog.product(company, "CFG-RED")
    own = {"multi_tenant_company": company, "sales_channel": storefront}
    parent = RemoteProduct.objects.create(**own, local_instance=parent_product, remote_id="10", status="synced")
    RemoteProduct.objects.create(
        **own, local_instance=child_product, parent=parent, remote_id="11", status="failed", last_error="price: missing"
    )

    rows = data_of(
        gql.execute(
            '{ remoteProducts(filters: {status: {exact: "failed"}}) '
            "{ remoteId status lastError lastSyncedAt product { sku } parent { remoteId product { sku } } } }"
        )
    )["remoteProducts"]

    assert rows == [
        {
            "remoteId": "11",
            "status": "failed",
            "lastError": "price: missing",
            "lastSyncedAt": None,
            "product": {"sku": "CFG-RED"},
            "parent": {"remoteId": "10", "product": {"sku": "CFG"}},
        }
    ]


def test_a_listing_whose_product_was_deleted_locally_keeps_its_id_and_shows_no_product(gql, company, storefront):
    product = catalog.product(company, "GONE")
    RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=storefront, local_instance=product, remote_id="9"
    )
    product_id = product.pk
    product.delete()

    [row] = data_of(gql.execute("{ remoteProducts { remoteId productId product { sku } } }"))["remoteProducts"]

    assert row == {"remoteId": "9", "productId": str(product_id), "product": None}


def test_remote_products_filter_by_local_product(gql, company, storefront):
    first, second = catalog.product(company, "A"), catalog.product(company, "B")
    for n, product in enumerate((first, second)):
        RemoteProduct.objects.create(
            multi_tenant_company=company, sales_channel=storefront, local_instance=product, remote_id=str(n)
        )

    rows = data_of(
        gql.execute(f'{{ remoteProducts(filters: {{productId: {{exact: "{second.pk}"}}}}) {{ remoteId }} }}')
    )

    assert rows["remoteProducts"] == [{"remoteId": "1"}]


def test_import_processes_show_progress_and_item_errors(gql, company, storefront):
    process = ImportProcess.objects.create(
        multi_tenant_company=company, sales_channel=storefront, status="running", percentage=40, created_count=3
    )
    ImportItemError.objects.create(
        multi_tenant_company=company, import_process=process, identifier="SKU-9", message="no name", raw_record={"a": 1}
    )

    [row] = data_of(
        gql.execute(
            "{ importProcesses { status percentage createdCount salesChannel { name } "
            "itemErrors { identifier message rawRecord } } }"
        )
    )["importProcesses"]

    assert (row["status"], row["percentage"], row["createdCount"]) == ("running", 40, 3)
    assert row["itemErrors"] == [{"identifier": "SKU-9", "message": "no name", "rawRecord": {"a": 1}}]


def test_anonymous_users_are_told_to_log_in(client, storefront):
    response = client.post(
        "/graphql/", data=json.dumps({"query": "{ salesChannels { id } }"}), content_type="application/json"
    )
    assert response.json()["errors"][0]["message"] == "Authentication required: log in first."
    assert "Web shop" not in response.content.decode()


SYNC_TASKS = "{ syncTasks { id status usage error salesChannel { name } view { name } } }"
REMOTE_PRODUCTS = (
    "{ remoteProducts { id status lastError product { sku } parent { remoteId } salesChannel { name } view { name } } }"
)


def _listings(company, channel, *, count: int) -> None:
    views = list(channel.views.all())
    for n in range(count):
        product = catalog.product(company, f"L{n}")
        parent = RemoteProduct.objects.filter(sales_channel=channel, view=views[n % 3]).first() if n % 2 else None
        RemoteProduct.objects.create(
            multi_tenant_company=company,
            sales_channel=channel,
            view=views[n % 3],
            local_instance=product,
            parent=parent,
            remote_id=f"{n}",
        )


@pytest.mark.parametrize("rows", [5, 50])
def test_listing_sync_tasks_takes_a_bounded_number_of_queries(rows, gql, marketplace, django_assert_max_num_queries):
    for view in marketplace.views.all():
        tasks(marketplace, count=rows // 5, view=view)
    tasks(marketplace, count=rows - (rows // 5) * 3)

    with django_assert_max_num_queries(6):
        result = data_of(gql.execute(SYNC_TASKS))

    assert len(result["syncTasks"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_listing_remote_products_takes_a_bounded_number_of_queries(
    rows, gql, company, marketplace, django_assert_max_num_queries
):
    _listings(company, marketplace, count=rows)

    with django_assert_max_num_queries(8):
        result = data_of(gql.execute(REMOTE_PRODUCTS))

    assert len(result["remoteProducts"]) == rows


def test_another_companys_channel_is_not_listed_even_nested(gql, other_company, storefront):
    foreign = SalesChannelFactory(multi_tenant_company=other_company, name="Foreign")
    tasks(foreign, count=2)

    result = data_of(gql.execute("{ salesChannels { name } syncTasks { id } }"))

    assert result == {"salesChannels": [{"name": "Web shop"}], "syncTasks": []}


def _all_scalars(type_name: str) -> str:
    """Every scalar field of a type, for a query that reads all of them."""
    fields = schema._schema.get_type(type_name).fields.items()
    return " ".join(name for name, field in fields if isinstance(get_named_type(field.type), GraphQLScalarType))


def test_no_planted_credential_comes_back_from_any_sales_channel_list(gql, company, storefront):
    storefront.base_url = "https://admin:pw-planted-1@shop.example.com/"
    storefront.last_connection_error = "refused: api_key=planted-2-key"
    storefront.save()
    task = tasks(storefront, count=1, status=SyncTaskStatus.FAILED)[0]
    SyncTask.objects.filter(pk=task.pk).update(error="HTTP 401 ?access_token=planted-3-token")
    RemoteCallLog.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        sync_task_id=task.pk,
        method="POST",
        url="https://shop.example.com/oauth?client_secret=planted-4-cs&code=planted-5-code",
        request_excerpt="grant_type=refresh_token&refresh_token=planted-6-rt",
        response_excerpt="token=planted-7-tok",
        error="password=planted-8-pw",
    )
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=storefront)
    ImportItemError.objects.create(
        multi_tenant_company=company,
        import_process=process,
        message="bad record",
        raw_record={"sku": "A", "owner": {"apiKey": "planted-9-key"}},
    )
    converter = schema.config.name_converter
    selections = [
        f"{converter.from_field(field)} {{ {_all_scalars(field.type.of_type.__strawberry_definition__.name)} }}"
        for field in Query.__strawberry_definition__.fields
        if field.is_list
    ]

    result = data_of(gql.execute("{ " + " ".join(selections) + " }"))

    assert all(result[name] for name in ("salesChannels", "syncTasks", "remoteCallLogs", "importItemErrors"))
    text = json.dumps(result)
    for n in range(1, 10):
        assert f"planted-{n}" not in text

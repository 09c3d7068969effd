"""Management commands: sales_channel_sync, sales_channel_import and sales_channel_status (output and scoping)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sales_channels.models import ImportProcess, SalesChannel, SalesChannelViewAssign, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake.remote import VALIDATION


def run(name: str, *args, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def assigned(company, storefront, eur):
    view = storefront.views.get(remote_id="web")
    products = [catalog.product(company, f"SKU-{n}", price="10.00", stock=3) for n in range(2)]
    for product in products:
        SalesChannelViewAssign.objects.create(multi_tenant_company=company, view=view, product=product)
    return products


# -- sales_channel_sync ---------------------------------------------------------------------------


def test_sync_queues_every_assigned_product(storefront, assigned):
    output = run("sales_channel_sync", channel=storefront.pk)

    assert output == "Queued 2 sync task(s) on 'Web shop'.\n"
    queued = SyncTask.objects.filter(status__in=PENDING_STATUSES, usage="product.sync")
    assert sorted(queued.values_list("object_id", flat=True)) == sorted(p.pk for p in assigned)


def test_sync_of_one_product_by_sku(storefront, assigned):
    output = run("sales_channel_sync", channel=storefront.pk, product="SKU-1")

    assert output == "Queued 1 sync task(s) on 'Web shop'.\n"
    assert list(SyncTask.objects.values_list("object_id", flat=True)) == [assigned[1].pk]


def test_sync_now_runs_the_tasks_here_and_reports_failures(storefront, assigned, remote):
    remote.inject(VALIDATION, operation="create_product", messages=("title: is too long",))

    output = run("sales_channel_sync", channel=storefront.pk, now=True)

    assert "Queued 2 sync task(s) on 'Web shop'." in output
    assert "Ran 2 task(s): failed 1, succeeded 1." in output
    assert "product.sync #" in output
    assert "title: is too long" in output
    assert len(remote.products) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"product": "NOPE"}, "No product with SKU 'NOPE' in the channel's company."),
        ({"company": "Other Co"}, "Sales channel with id {pk} was not found in company 'Other Co'."),
        ({"company": "Nobody"}, "Company 'Nobody' was not found."),
    ],
)
def test_sync_refusals(storefront, assigned, other_company, options, message):
    with pytest.raises(CommandError) as error:
        run("sales_channel_sync", channel=storefront.pk, **options)

    assert str(error.value) == message.format(pk=storefront.pk)
    assert not SyncTask.objects.exists()


def test_sync_with_the_right_company_works(storefront, assigned):
    assert run("sales_channel_sync", channel=storefront.pk, company="Acme").startswith("Queued 2")


def test_sync_of_an_unassigned_product_is_refused(company, storefront, assigned):
    catalog.product(company, "LONELY")

    with pytest.raises(CommandError, match="Not assigned to channel 'Web shop': LONELY."):
        run("sales_channel_sync", channel=storefront.pk, product="LONELY")


# -- sales_channel_import -------------------------------------------------------------------------


def test_import_is_queued(storefront):
    output = run("sales_channel_import", channel=storefront.pk, dry_run=True)

    process = ImportProcess.objects.get()
    assert output.splitlines() == [
        f"Import #{process.pk} of products from 'Web shop' started (dry run).",
        "A worker runs it; follow it in the admin or with `sales_channel_status`.",
    ]
    assert (process.dry_run, process.update_only, process.status) == (True, False, "pending")


def test_import_now_runs_it_here_and_prints_counts_and_item_errors(storefront, remote):
    remote.products.update(
        {
            "1": {"id": "1", "sku": "A", "name": "Alpha"},
            "2": {"id": "2", "sku": "", "name": "No SKU"},
            "3": {"id": "3", "sku": "C", "name": "Gamma"},
        }
    )

    output = run("sales_channel_import", channel=storefront.pk, now=True)

    process = ImportProcess.objects.get()
    assert f"Import #{process.pk} succeeded (100%): created 2, linked 0, updated 0, skipped 0, failed 1." in output
    assert "  2: " in output


def test_import_refusals(storefront, other_company):
    with pytest.raises(CommandError, match="cannot import 'orders'"):
        run("sales_channel_import", channel=storefront.pk, kind="orders")
    with pytest.raises(CommandError, match="was not found in company 'Other Co'"):
        run("sales_channel_import", channel=storefront.pk, company="Other Co")
    with pytest.raises(CommandError, match="Sales channel with id 424242 was not found."):
        run("sales_channel_import", channel=424242)
    assert not ImportProcess.objects.exists()


# -- sales_channel_status -------------------------------------------------------------------------


def test_status_prints_a_table_of_channels_with_queue_counts_and_last_error(company, other_company, storefront):
    own = {"multi_tenant_company": company, "sales_channel": storefront, "usage": "product.sync"}
    SyncTask.objects.create(**own, object_id=1, status=SyncTaskStatus.QUEUED)
    SyncTask.objects.create(**own, object_id=2, status=SyncTaskStatus.DEFERRED)
    SyncTask.objects.create(**own, object_id=3, status=SyncTaskStatus.FAILED, error="price: must be positive")
    SalesChannelFactory(multi_tenant_company=other_company, name="Their shop", integration="gone")

    lines = run("sales_channel_status").splitlines()

    assert lines[0].split() == [
        "ID",
        "Channel",
        "Company",
        "Integration",
        "Active",
        "Status",
        "Queued",
        "Deferred",
        "Failed",
        "Last",
        "error",
    ]
    web = next(line for line in lines if "Web shop" in line)
    assert web.split()[4:10] == ["fake_storefront", "yes", "connected", "1", "1", "1"]
    assert web.endswith("price: must be positive")
    assert any("Their shop" in line for line in lines)


def test_status_shows_the_connection_error_first_and_filters_by_company(company, storefront, other_company):
    SalesChannel.objects.filter(pk=storefront.pk).update(last_connection_error="HTTP 401:\n token expired")
    SalesChannelFactory(multi_tenant_company=other_company, name="Their shop")

    lines = run("sales_channel_status", company="Acme").splitlines()

    assert len(lines) == 2
    assert lines[1].endswith("HTTP 401: token expired")
    with pytest.raises(CommandError, match="Company 'Nobody' was not found."):
        run("sales_channel_status", company="Nobody")


def test_status_without_channels(db):
    assert run("sales_channel_status") == "No sales channels.\n"

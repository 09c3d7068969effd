"""After a bulk push, the listings' translations go as a second bulk operation (translationsRegister per line)."""

import pytest

from products.models import ProductTranslation
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.factories.products import batch
from sales_channels.integrations.shopify.factories.products.bulk_push import BULK_PUSH_KIND
from sales_channels.integrations.shopify.factories.products.bulk_translations import TRANSLATIONS_BULK_KIND
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import shop
from sales_channels.models import RemoteJob, RemoteProduct, SyncTask
from sales_channels.tasks_jobs import execute_job_poll
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["shop"]  # fixture shared with test_e2e_push


def _operations(sandbox) -> list[str]:
    return [entry["operation"] for entry in sandbox.request_log if entry["path"].endswith("graphql.json")]


def _finish(kind: str) -> list[RemoteJob]:
    for job in RemoteJob.objects.filter(kind=kind, finished_at__isnull=True):
        execute_job_poll(job_id=job.pk, force=True)
    return list(RemoteJob.objects.filter(kind=kind).order_by("pk"))


@pytest.fixture
def bulk_shop(shop, shopify_sandbox, monkeypatch):
    channel, view = shop
    channel.bulk_threshold = 2
    channel.save()
    shopify_sandbox.set_media_processing(0.0)
    shopify_sandbox.state.bulk_mutation_seconds_per_line = 0.0
    monkeypatch.setattr(batch, "TRANSLATIONS_BULK_MIN", 2)
    return channel, view


@pytest.fixture
def listings(company):
    found = []
    for number in range(3):
        item = catalog.product(company, f"TRB-{number}", name=f"Bottle {number}", price="9.00", stock=3)
        ProductTranslation.objects.create(
            multi_tenant_company=company, product=item, language="nl", name=f"Fles {number}"
        )
        found.append(item)
    return found


def _bulk_push(*, view, listings) -> int:
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk for item in listings])
    run_all(since=since)
    [push] = _finish(BULK_PUSH_KIND)
    assert push.status == "completed", push.error
    return since


def test_the_translations_of_a_bulk_push_go_as_one_more_bulk_operation(bulk_shop, listings, shopify_sandbox):
    channel, view = bulk_shop
    shopify_sandbox.request_log.clear()
    since = _bulk_push(view=view, listings=listings)

    run_all(since=since)  # the follow-ups, claimed together: one bulk translationsRegister
    follow_ups = SyncTask.objects.filter(pk__gt=since, usage="product.update")
    assert set(follow_ups.values_list("status", flat=True)) == {"awaiting"}
    [job] = _finish(TRANSLATIONS_BULK_KIND)
    tasks = run_all(since=since)

    assert job.status == "completed", job.error
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    operations = _operations(shopify_sandbox)
    assert "ListingFollowUp" not in operations  # no live translationsRegister
    assert operations.count("BulkOperationRunMutation") == 2  # productSet, then translationsRegister
    state = shopify_sandbox.state
    for item in listings:
        remote_id = RemoteProduct.objects.get(local_instance_id=item.pk).remote_id
        assert state.translations[remote_id][("nl", "title")].value == f"Fles {item.sku[-1]}"

    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(since=since)
    assert _operations(shopify_sandbox) == []  # bound with their translations: nothing left to send


def test_a_line_refused_for_stale_digests_is_registered_live_with_the_real_ones(bulk_shop, listings, shopify_sandbox):
    _channel, view = bulk_shop
    since = _bulk_push(view=view, listings=listings)
    first = RemoteProduct.objects.get(local_instance_id=listings[0].pk).remote_id
    shopify_sandbox.state.product_by_gid(first).title = "Bottle 0 "  # stored otherwise than sent: another digest
    shopify_sandbox.request_log.clear()

    run_all(since=since)
    [job] = _finish(TRANSLATIONS_BULK_KIND)
    tasks = run_all(since=since)

    assert job.status == "completed", job.error
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert _operations(shopify_sandbox).count("ListingFollowUp") == 1  # that listing alone, after a digest read
    assert "TranslatableResourcesByIds" in _operations(shopify_sandbox)
    assert shopify_sandbox.state.translations[first][("nl", "title")].value == "Fles 0"

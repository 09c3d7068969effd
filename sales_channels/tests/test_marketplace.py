"""A marketplace lists per view: one mirror and one remote listing per marketplace."""

import pytest

from sales_channels.flows import default as flows
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db


def test_each_marketplace_gets_its_own_listing(company, marketplace, fake_backend, django_capture_on_commit_callbacks):
    remote = fake_backend.remote(marketplace)
    item = catalog.product(company, "PEN", price="2.00")
    de, fr = marketplace.views.get(remote_id="DE"), marketplace.views.get(remote_id="FR")

    with django_capture_on_commit_callbacks(execute=True):
        flows.assign_products(view=de, product_ids=[item.pk])
        flows.assign_products(view=fr, product_ids=[item.pk])

    assert sorted(r["marketplace"] for r in remote.products.values()) == ["DE", "FR"]
    mirrors = RemoteProduct.objects.filter(sales_channel=marketplace).order_by("view__remote_id")
    assert [m.view.remote_id for m in mirrors] == ["DE", "FR"]

    with django_capture_on_commit_callbacks(execute=True):
        flows.unassign_products(view=fr, product_ids=[item.pk])

    assert [r["marketplace"] for r in remote.products.values()] == ["DE"]


def test_a_marketplace_resync_of_an_unchanged_catalog_is_free(
    company, marketplace, fake_backend, django_capture_on_commit_callbacks
):
    remote = fake_backend.remote(marketplace)
    items = [catalog.product(company, f"P{n}", price="2.00", stock=1) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for view in marketplace.views.all():
            flows.assign_products(view=view, product_ids=[i.pk for i in items])
    calls = remote.total_calls

    with django_capture_on_commit_callbacks(execute=True):
        tasks = flows.resync_products(channel=marketplace)

    assert len(tasks) == 9
    assert remote.total_calls == calls

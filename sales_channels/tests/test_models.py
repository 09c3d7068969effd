"""Model invariants: unique bindings, the pending-task dedupe constraint, channel helpers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sales_channels.models import RemoteProduct, SalesChannel, SalesChannelViewAssign, SyncTask
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory

pytestmark = pytest.mark.django_db


def mirror(channel, product, **kwargs):
    return RemoteProduct.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, local_instance=product, **kwargs
    )


def test_a_remote_id_is_bound_once_per_channel(company, storefront):
    mirror(storefront, catalog.product(company, "A"), remote_id="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        mirror(storefront, catalog.product(company, "B"), remote_id="1")


def test_many_mirrors_may_wait_for_a_remote_id(company, storefront):
    mirror(storefront, catalog.product(company, "A"))
    mirror(storefront, catalog.product(company, "B"))
    assert RemoteProduct.objects.filter(remote_id="").count() == 2


def test_zero_is_a_valid_remote_id(company, storefront):
    assert mirror(storefront, catalog.product(company, "A"), remote_id="0").is_created


def test_a_local_object_is_bound_once_per_channel_and_view(company, storefront, marketplace):
    item = catalog.product(company, "A")
    mirror(storefront, item)
    with pytest.raises(IntegrityError), transaction.atomic():
        mirror(storefront, item)
    de, fr = marketplace.views.all()[:2]
    mirror(marketplace, item, view=de)
    mirror(marketplace, item, view=fr)  # one listing per marketplace is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        mirror(marketplace, item, view=de)


def test_the_same_remote_id_may_exist_in_two_marketplaces(company, marketplace):
    item = catalog.product(company, "A")
    de, fr = marketplace.views.all()[:2]
    mirror(marketplace, item, view=de, remote_id="SKU-A")
    mirror(marketplace, item, view=fr, remote_id="SKU-A")


def test_a_mirror_outlives_its_local_product(company, storefront):
    item = catalog.product(company, "A")
    row = mirror(storefront, item, remote_id="9")
    item_id = item.pk
    item.delete()
    row.refresh_from_db()
    assert row.local_instance_id == item_id


def task(channel, *, view=None, usage="product.sync", object_id=1, status="queued"):
    return SyncTask.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        view=view,
        usage=usage,
        object_id=object_id,
        status=status,
    )


def test_only_one_pending_task_per_key(storefront, marketplace):
    task(storefront)
    with pytest.raises(IntegrityError), transaction.atomic():
        task(storefront, status="deferred")
    task(storefront, status="failed")  # history is not pending
    task(storefront, status="succeeded")
    de, fr = marketplace.views.all()[:2]
    task(marketplace, view=de)
    task(marketplace, view=fr)
    with pytest.raises(IntegrityError), transaction.atomic():
        task(marketplace, view=de)


def test_assign_takes_the_channel_from_its_view(company, storefront):
    item = catalog.product(company, "A")
    view = storefront.views.first()
    assign = SalesChannelViewAssign.objects.create(multi_tenant_company=company, product=item, view=view)
    assert assign.sales_channel_id == storefront.pk


def test_assign_refuses_another_companys_product(company, storefront, other_company):
    assign = SalesChannelViewAssign(
        multi_tenant_company=company, product=catalog.product(other_company, "X"), view=storefront.views.first()
    )
    assign.sales_channel_id = storefront.pk
    with pytest.raises(ValidationError):
        assign.clean()


def test_master_of_data_defaults_to_onesila_and_is_validated(company):
    channel = SalesChannelFactory(multi_tenant_company=company, master_of_data={"prices": "remote"})
    assert channel.master_of("prices") == "remote"
    assert channel.master_of("content") == "onesila"
    channel.master_of_data = {"prices": "vendor"}
    with pytest.raises(ValidationError):
        channel.clean()


def test_specific_is_the_channel_itself_without_a_subclass(storefront):
    assert storefront.specific is storefront
    assert SalesChannel.objects.get(pk=storefront.pk).specific.pk == storefront.pk


def test_a_channel_without_encrypted_fields_has_no_secrets(storefront):
    assert storefront.secret_values() == []


def test_views_are_unique_per_remote_id(company, storefront):
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesChannelViewFactory(multi_tenant_company=company, sales_channel=storefront, remote_id="web")

"""Reconnecting a channel requeues the work that failed because its credentials were refused."""

import pytest

from sales_channels import services
from sales_channels.models import SyncTask
from sales_channels.tests import catalog
from sales_channels.tests.fake.remote import AUTH, VALIDATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def pen(company, eur):
    return catalog.product(company, "PEN", price="1.00", stock=2)


@pytest.fixture
def ink(company, eur):
    return catalog.product(company, "INK", price="2.00", stock=2)


def test_reconnecting_requeues_the_auth_failed_tasks_and_they_run(
    storefront, remote, pen, ink, push, fake_backend, django_capture_on_commit_callbacks
):
    fake_backend.refresh_fails = True
    remote.inject(AUTH, operation="find_product")  # the refresh fails too: the token was revoked
    failed = push(storefront, pen)
    assert (failed.status, failed.error_kind) == ("failed", "auth")
    remote.inject(VALIDATION, operation="create_product")
    invalid = push(storefront, ink)
    assert (invalid.status, invalid.error_kind) == ("failed", "validation")
    fake_backend.refresh_fails = False

    with django_capture_on_commit_callbacks(execute=True):
        requeued = services.channel_reconnected(channel=storefront)

    assert [task.pk for task in requeued] == [failed.pk]
    failed.refresh_from_db()
    invalid.refresh_from_db()
    assert (failed.status, failed.outcome) == ("succeeded", "created")
    assert invalid.status == "failed"  # not an auth failure: reconnecting does not fix it
    assert remote.skus() == ["PEN"]


def test_only_the_newest_auth_failure_of_each_listing_is_requeued_and_another_channel_is_untouched(
    storefront, marketplace, pen
):
    def failed(channel, product) -> SyncTask:
        return SyncTask.objects.create(
            multi_tenant_company=channel.multi_tenant_company,
            sales_channel=channel,
            usage="product.sync",
            object_id=product.pk,
            status="failed",
            error_kind="auth",
        )

    older, newer, elsewhere = failed(storefront, pen), failed(storefront, pen), failed(marketplace, pen)

    requeued = services.channel_reconnected(channel=storefront)

    assert [task.pk for task in requeued] == [newer.pk]
    statuses = dict(SyncTask.objects.values_list("pk", "status"))
    assert statuses == {older.pk: "failed", newer.pk: "queued", elsewhere.pk: "failed"}

"""Metadata pulls and the framework signals integrations hook them to."""

import pytest

from sales_channels.factories.base import StepContext
from sales_channels.registry import spec_for_channel
from sales_channels.signals import sales_channel_created
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.steps import FakeViewsPull

pytestmark = pytest.mark.django_db


def pull_views(channel, remote):
    context = StepContext(channel=channel, spec=spec_for_channel(channel), client=FakeClient(remote))
    return FakeViewsPull(context=context).run()


def test_views_are_pulled_updated_and_deactivated(storefront, remote):
    remote.views = [{"id": 1, "name": "Default", "default": True}, {"id": "web", "name": "Web"}]

    outcome = pull_views(storefront, remote)

    assert outcome.kind == "updated"
    assert outcome.detail.startswith("1 created")
    views = {v.remote_id: v for v in storefront.views.all()}
    assert views["1"].is_default
    assert views["web"].name == "Web"
    assert not views["b2b"].active
    assert pull_views(storefront, remote).kind == "unchanged"


def test_channel_creation_is_announced_once_on_commit(company, fake_backend, django_capture_on_commit_callbacks):
    seen = []

    def on_created(sender, instance, **kwargs):
        seen.append(instance.pk)

    sales_channel_created.connect(on_created)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            channel = SalesChannelFactory(multi_tenant_company=company)
            channel.name = "Renamed"
            channel.save()
    finally:
        sales_channel_created.disconnect(on_created)

    assert seen == [channel.pk]

"""Factories for the framework's own rows: channels, views and assigns (catalog rows come from catalog.py)."""

import factory

from core.tests.factories import TenantFactory
from sales_channels.models import SalesChannel, SalesChannelView, SalesChannelViewAssign
from sales_channels.tests.fake.spec import STOREFRONT

SAME_COMPANY = factory.SelfAttribute("..multi_tenant_company")


class SalesChannelFactory(TenantFactory):
    """An active channel of the fake storefront integration."""

    class Meta:
        model = SalesChannel

    name = factory.Sequence(lambda n: f"Channel {n}")
    integration = STOREFRONT
    base_url = "http://127.0.0.1:9/"
    connection_status = SalesChannel.ConnectionStatus.CONNECTED


class SalesChannelViewFactory(TenantFactory):
    """A view (store view, marketplace) of a channel of the same company."""

    class Meta:
        model = SalesChannelView

    sales_channel = factory.SubFactory(SalesChannelFactory, multi_tenant_company=SAME_COMPANY)
    remote_id = factory.Sequence(lambda n: f"view-{n}")
    name = factory.Sequence(lambda n: f"View {n}")


class SalesChannelViewAssignFactory(TenantFactory):
    """A product sold in a view; pass `product` and `view` of one company."""

    class Meta:
        model = SalesChannelViewAssign

    view = factory.SubFactory(SalesChannelViewFactory, multi_tenant_company=SAME_COMPANY)
    sales_channel = factory.SelfAttribute("view.sales_channel")

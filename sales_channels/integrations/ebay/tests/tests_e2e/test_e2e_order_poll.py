"""The framework's 15-minute order poll imports a connected eBay channel's orders when order import is on."""

import pytest

from orders.models import Order
from sales_channels.imports.order_polls import queue_order_imports
from sales_channels.models import ImportProcess

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_order_poll_imports_the_channels_orders_only_when_order_import_is_on(ebay_channel, ebay_sandbox):
    assert queue_order_imports() == []  # order import is off by default

    ebay_channel.import_orders = True
    ebay_channel.save()
    queue_order_imports()  # the immediate test queue runs the import at once

    process = ImportProcess.objects.get(sales_channel=ebay_channel, kind="orders")
    assert (process.status, process.created_count, process.failed_count) == ("succeeded", len(ebay_sandbox.orders), 0)
    assert Order.objects.filter(sales_channel=ebay_channel).count() == len(ebay_sandbox.orders)

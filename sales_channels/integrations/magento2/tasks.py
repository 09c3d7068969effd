"""Magento 2's Huey entry point: a thin wrapper over the order import (the framework runs everything else,
including the daily price list windows pass, `sales_channels.price_windows`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sales_channels.integrations.magento2.factories.orders.imports import queue_order_imports


@db_periodic_task(crontab(minute="*/15"))
def magento2_import_orders_task() -> None:
    """Every 15 minutes: queue an order import for each active Magento 2 channel with order import on."""
    queue_order_imports()

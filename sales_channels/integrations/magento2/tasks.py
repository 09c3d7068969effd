"""Magento 2's Huey entry points: thin wrappers over the order import and the price list windows (the
framework runs everything else)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sales_channels.integrations.magento2.factories.orders.imports import queue_order_imports
from sales_channels.integrations.magento2.factories.prices.windows import queue_window_changes


@db_periodic_task(crontab(minute="*/15"))
def magento2_import_orders_task() -> None:
    """Every 15 minutes: queue an order import for each active Magento 2 channel with order import on."""
    queue_order_imports()


@db_periodic_task(crontab(hour="0", minute="5"))
def magento2_price_list_windows_task() -> None:
    """Every day: price updates for the products of price lists that start today or ended yesterday."""
    queue_window_changes()

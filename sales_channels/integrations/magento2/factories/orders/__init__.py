"""Magento 2 orders: polled through `/V1/orders` (Open Source has no order webhooks)."""

"""Magento2 flows: vendor-specific decisions on top of `sales_channels.flows` (often none)."""

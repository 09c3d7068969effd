"""Magento 2 signal wiring: the framework's default flows queue every product, price and stock task.

The framework's receivers (`sales_channels.receivers`) turn catalog changes into tasks for every
channel by its registered spec; Magento needs no receiver of its own (no webhooks in Open Source).
"""

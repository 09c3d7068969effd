"""Magento2: Property and select-value pulls and mapping aids."""

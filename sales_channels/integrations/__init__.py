"""Vendor integrations, one app each (playbook layout)."""

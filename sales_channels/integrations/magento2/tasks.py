"""Magento2 Huey tasks: thin wrappers only (the framework's generic tasks run every sync task by id)."""

"""Magento2: Product push steps (create, update, delete, sync) and their payload builders."""

"""Magento2: Price push steps and payload builders."""

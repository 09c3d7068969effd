"""Magento2: Auth, credential checks and metadata pulls (views, languages, currencies)."""

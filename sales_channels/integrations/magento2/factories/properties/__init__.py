"""Local properties -> Magento attributes and options (created on demand)."""

"""The Magento2 integration: a thin plug-in on the sales-channel framework."""

"""Magento2: Import processors (paging through the vendor) and their item steps."""

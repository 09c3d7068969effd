"""Magento 2 models: the channel and its store views, attribute mappings and attribute sets."""

from sales_channels.integrations.magento2.models.properties import Magento2AttributeSet, Magento2RemoteProperty
from sales_channels.integrations.magento2.models.sales_channels import Magento2SalesChannel, Magento2StoreView

__all__ = ["Magento2AttributeSet", "Magento2RemoteProperty", "Magento2SalesChannel", "Magento2StoreView"]

"""eBay receivers: the metadata pulls after connect (the logic lives in factories)."""

import logging

from django.dispatch import receiver

from sales_channels.connection import record_connection_failure, record_connection_warning
from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.integrations.ebay.factories.sales_channels.metadata import pull_ebay_metadata
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.signals import refresh_website_pull_models, sales_channel_created

logger = logging.getLogger(__name__)


@receiver(sales_channel_created, sender=EbaySalesChannel, dispatch_uid="ebay.created_pull")
@receiver(refresh_website_pull_models, sender=EbaySalesChannel, dispatch_uid="ebay.refresh_pull")
def pull_metadata(sender, instance: EbaySalesChannel, **kwargs) -> None:
    """Pull the seller, marketplaces, policies and locations once the channel holds a token."""
    if not instance.access_token or not instance.active:
        return
    try:
        warnings = pull_ebay_metadata(channel=instance)
    except AuthExpired as error:
        record_connection_failure(channel=instance, error=f"Metadata pull refused: {error.message}")
        return
    except SalesChannelError as error:
        logger.warning("eBay metadata pull of channel %s failed: %s", instance.pk, error.message)
        record_connection_warning(channel=instance, message=f"Metadata pull failed: {error.message}")
        return
    if warnings:
        record_connection_warning(channel=instance, message=" ".join(warnings))

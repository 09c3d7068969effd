"""Shopify receivers: metadata pulls after connect (table rows only; logic lives in factories)."""

import logging

from django.dispatch import receiver

from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.integrations.shopify.factories.sales_channels.metadata import pull_shopify_metadata
from sales_channels.integrations.shopify.factories.sales_channels.status import (
    record_connection_failure,
    record_connection_warning,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.signals import refresh_website_pull_models, sales_channel_created

logger = logging.getLogger(__name__)


@receiver(sales_channel_created, sender=ShopifySalesChannel, dispatch_uid="shopify.created_pull")
@receiver(refresh_website_pull_models, sender=ShopifySalesChannel, dispatch_uid="shopify.refresh_pull")
def pull_metadata(sender, instance: ShopifySalesChannel, **kwargs) -> None:
    """Pull shop, views, languages, currencies and locations once the channel holds a token."""
    if not instance.access_token or not instance.active:
        return
    try:
        pull_shopify_metadata(channel=instance)
    except AuthExpired as error:
        record_connection_failure(channel=instance, error=f"Metadata pull refused: {error.message}")
    except SalesChannelError as error:
        logger.warning("Shopify metadata pull of channel %s failed: %s", instance.pk, error.message)
        record_connection_warning(channel=instance, message=f"Metadata pull failed: {error.message}")

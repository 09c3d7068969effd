"""Magento2 signal wiring: framework signals -> this integration's steps (a table, no logic)."""

from django.dispatch import receiver

from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.signals import refresh_website_pull_models, sales_channel_created


@receiver(
    sales_channel_created,
    sender=Magento2SalesChannel,
    dispatch_uid="magento2.channel_created",
)
@receiver(
    refresh_website_pull_models,
    sender=Magento2SalesChannel,
    dispatch_uid="magento2.pull_metadata",
)
def pull_metadata(sender, instance: Magento2SalesChannel, **kwargs) -> int:
    """Pull views, languages and currencies once credentials are valid (phase 3); returns how many ran."""
    return 0

"""Signal wiring only: catalog changes and assign rows -> flows; channel creation -> framework signal."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from products.signals import catalog_changed
from sales_channels.flows import default as flows
from sales_channels.models import SalesChannel, SalesChannelViewAssign
from sales_channels.signals import sales_channel_created


@receiver(catalog_changed, dispatch_uid="sales_channels.catalog_changed")
def queue_catalog_change(sender, *, company_id, kind, product_ids, parent_ids, deleted, **kwargs) -> None:
    # catalog_changed is already sent on commit, so the flow may queue at once.
    flows.on_catalog_changed(
        company_id=company_id, kind=kind, product_ids=product_ids, parent_ids=parent_ids, deleted=deleted
    )


@receiver(post_save, sender=SalesChannelViewAssign, dispatch_uid="sales_channels.assign_saved")
def queue_assign(sender, instance: SalesChannelViewAssign, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or flows.assign_signals_are_muted():
        return
    rows = [(instance.sales_channel_id, instance.view_id, instance.product_id)]
    transaction.on_commit(partial(flows.on_assigned, company_id=instance.multi_tenant_company_id, assigns=rows))


@receiver(post_delete, sender=SalesChannelViewAssign, dispatch_uid="sales_channels.assign_deleted")
def queue_unassign(sender, instance: SalesChannelViewAssign, **kwargs) -> None:
    if flows.assign_signals_are_muted():
        return
    rows = [(instance.sales_channel_id, instance.view_id, instance.product_id)]
    transaction.on_commit(partial(flows.on_unassigned, company_id=instance.multi_tenant_company_id, assigns=rows))


@receiver(post_save, dispatch_uid="sales_channels.channel_created")
def announce_channel(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not isinstance(instance, SalesChannel):
        return
    transaction.on_commit(partial(sales_channel_created.send, sender=type(instance), instance=instance))

"""Catalog change signals: one table turns model saves and deletes into domain signals.

`catalog_changed` is sent once per committed change (never for a rolled-back one, and never for
a no-op save, which `SaveOnChangeMixin` turns into no write at all). Receivers get:

- `company_id`: the tenant;
- `kind`: what changed (see `CHANGE_KINDS`);
- `product_ids`: the products whose data changed;
- `parent_ids`: the configurables whose listing those products belong to (a variation's change
  concerns its parent's listing too);
- `deleted`: True when the row was deleted.

Queryset `update()`/`bulk_create()` bypass model signals, as in Django; code that uses them
(the demo seeder) sends nothing and is documented as such. The sales-channel framework
subscribes to `catalog_changed` and turns it into sync tasks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

catalog_changed = Signal()

CHANGE_KINDS = ("product", "content", "ean", "variation", "bundle", "property", "price", "stock", "image")


@dataclass(frozen=True)
class CatalogSource:
    """How one model's rows map to a change kind and the products they concern."""

    model: str
    kind: str
    product_ids: Callable
    extra_parent_ids: Callable = lambda instance: ()


SOURCES = (
    CatalogSource("products.Product", "product", lambda i: (i.pk,)),
    CatalogSource("products.ProductTranslation", "content", lambda i: (i.product_id,)),
    CatalogSource("products.EanCode", "ean", lambda i: (i.product_id,)),
    CatalogSource("products.ConfigurableVariation", "variation", lambda i: (i.variation_id,), lambda i: (i.parent_id,)),
    CatalogSource("products.BundleItem", "bundle", lambda i: (i.parent_id,)),
    CatalogSource("properties.ProductProperty", "property", lambda i: (i.product_id,)),
    CatalogSource("properties.ProductPropertyTextTranslation", "property", lambda i: (i.product_property.product_id,)),
    CatalogSource("sales_prices.SalesPrice", "price", lambda i: (i.product_id,)),
    CatalogSource("sales_prices.SalesPriceListItem", "price", lambda i: (i.product_id,)),
    CatalogSource("inventory.Inventory", "stock", lambda i: (i.product_id,)),
    CatalogSource("media.MediaProductThrough", "image", lambda i: (i.product_id,)),
)


def parents_of(product_ids) -> set[int]:
    """The configurable parents of the given products."""
    link_model = apps.get_model("products", "ConfigurableVariation")
    return set(link_model.objects.filter(variation_id__in=product_ids).values_list("parent_id", flat=True))


def _send_on_commit(*, sender, company_id: int, kind: str, product_ids, parent_ids, deleted: bool) -> None:
    send = partial(
        catalog_changed.send,
        sender=sender,
        company_id=company_id,
        kind=kind,
        product_ids=frozenset(product_ids),
        parent_ids=frozenset(parent_ids),
        deleted=deleted,
    )
    transaction.on_commit(send, robust=False)


def _collect(source: CatalogSource, instance) -> tuple[set[int], set[int]]:
    product_ids = {pid for pid in source.product_ids(instance) if pid is not None}
    parent_ids = {pid for pid in source.extra_parent_ids(instance) if pid is not None}
    return product_ids, parent_ids | parents_of(product_ids)


def _on_save(source: CatalogSource, sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    product_ids, parent_ids = _collect(source, instance)
    _send_on_commit(
        sender=sender,
        company_id=instance.multi_tenant_company_id,
        kind=source.kind,
        product_ids=product_ids,
        parent_ids=parent_ids,
        deleted=False,
    )


def _on_pre_delete(source: CatalogSource, sender, instance, **kwargs) -> None:
    # Collected before the delete cascades away the variation links that name the parents.
    try:
        instance._catalog_change = _collect(source, instance)
    except Exception:  # noqa: BLE001 - a parent already gone in the same cascade: send what we have
        instance._catalog_change = ({pid for pid in source.product_ids(instance) if pid}, set())


def _on_delete(source: CatalogSource, sender, instance, **kwargs) -> None:
    product_ids, parent_ids = getattr(instance, "_catalog_change", (set(), set()))
    _send_on_commit(
        sender=sender,
        company_id=instance.multi_tenant_company_id,
        kind=source.kind,
        product_ids=product_ids,
        parent_ids=parent_ids,
        deleted=True,
    )


def _on_multiselect_changed(sender, instance, action, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    product_ids = {instance.product_id}
    _send_on_commit(
        sender=type(instance),
        company_id=instance.multi_tenant_company_id,
        kind="property",
        product_ids=product_ids,
        parent_ids=parents_of(product_ids),
        deleted=False,
    )


def connect_catalog_receivers() -> None:
    """Connect every catalog source (called once from ProductsConfig.ready)."""
    for source in SOURCES:
        model = apps.get_model(source.model)
        uid = f"catalog_changed:{source.model}"
        post_save.connect(partial(_on_save, source), sender=model, weak=False, dispatch_uid=f"{uid}:save")
        pre_delete.connect(partial(_on_pre_delete, source), sender=model, weak=False, dispatch_uid=f"{uid}:pre")
        post_delete.connect(partial(_on_delete, source), sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    through = apps.get_model("properties", "ProductProperty").value_multi_select.through
    m2m_changed.connect(_on_multiselect_changed, sender=through, weak=False, dispatch_uid="catalog_changed:multiselect")

"""Catalog change signals: one table turns model saves and deletes into domain signals.

`catalog_changed` is sent once per committed change (never for a rolled-back one, and never for
a no-op save, which `SaveOnChangeMixin` turns into no write at all). Receivers get:

- `company_id`: the tenant;
- `kind`: what changed (see `CHANGE_KINDS`);
- `product_ids`: the products whose data changed;
- `parent_ids`: the configurables whose listing those products belong to (a variation's change
  concerns its parent's listing too);
- `deleted`: True when the row was deleted.

A price list names all its items' products (its dates and currency decide their prices); deleting
it sends one signal for the list, not one per item its delete cascades to. A change that names no
product (a list without items) sends nothing.

A save that re-points a row to another product (a price moved, a variation re-parented) names
both the old and the new products in one signal. A multi-select `add`/`remove`/`clear` is sent
only when it changed a link (Django sends `m2m_changed` for no-op adds and removes too).

Queryset `update()`/`bulk_create()` bypass model signals, as in Django; code that uses them
(the demo seeder) sends nothing and is documented as such. The sales-channel framework
subscribes to `catalog_changed` and turns it into sync tasks.
"""

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

logger = logging.getLogger(__name__)

catalog_changed = Signal()

CHANGE_KINDS = ("product", "content", "ean", "variation", "bundle", "property", "price", "stock", "image")


@dataclass(frozen=True)
class CatalogSource:
    """How one model's rows map to a change kind and the products they concern."""

    model: str
    kind: str
    product_ids: Callable
    extra_parent_ids: Callable = lambda instance: ()
    # A model whose delete cascading to these rows sends one signal of its own (so these send none).
    deleted_with: str | None = None


SOURCES = (
    CatalogSource("products.Product", "product", lambda i: (i.pk,)),
    CatalogSource("products.ProductTranslation", "content", lambda i: (i.product_id,)),
    CatalogSource("products.EanCode", "ean", lambda i: (i.product_id,)),
    CatalogSource("products.ConfigurableVariation", "variation", lambda i: (i.variation_id,), lambda i: (i.parent_id,)),
    CatalogSource("products.BundleItem", "bundle", lambda i: (i.parent_id,)),
    CatalogSource("properties.ProductProperty", "property", lambda i: (i.product_id,)),
    CatalogSource("properties.ProductPropertyTextTranslation", "property", lambda i: (i.product_property.product_id,)),
    CatalogSource("sales_prices.SalesPrice", "price", lambda i: (i.product_id,)),
    CatalogSource(
        "sales_prices.SalesPriceListItem",
        "price",
        lambda i: (i.product_id,),
        deleted_with="sales_prices.SalesPriceList",
    ),
    CatalogSource("sales_prices.SalesPriceList", "price", lambda i: i.items.values_list("product_id", flat=True)),
    CatalogSource("inventory.Inventory", "stock", lambda i: (i.product_id,)),
    CatalogSource("media.MediaProductThrough", "image", lambda i: (i.product_id,)),
)


def parents_of(product_ids) -> set[int]:
    """The configurable parents of the given products."""
    link_model = apps.get_model("products", "ConfigurableVariation")
    return set(link_model.objects.filter(variation_id__in=product_ids).values_list("parent_id", flat=True))


def _send_robust(**kwargs) -> None:
    """Send to every receiver even if one fails; each failure is logged with its traceback."""
    for receiver, result in catalog_changed.send_robust(**kwargs):
        if isinstance(result, Exception):
            logger.error(
                "catalog_changed receiver %r failed for %s %s",
                receiver,
                kwargs["kind"],
                sorted(kwargs["product_ids"]),
                exc_info=result,
            )


def _send_on_commit(*, sender, company_id: int, kind: str, product_ids, parent_ids, deleted: bool) -> None:
    if not product_ids and not parent_ids:
        return  # a change that concerns no product (a price list without items) tells no one anything
    send = partial(
        _send_robust,
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


# Bookkeeping foreign keys of every TenantModel: they never point a row at another product.
_BOOKKEEPING_ATTNAMES = frozenset(
    {"multi_tenant_company_id", "created_by_multi_tenant_user_id", "last_update_by_multi_tenant_user_id"}
)


def _as_loaded(instance):
    """A copy of an updated instance with its re-pointed foreign keys set back as loaded, else None.

    `SaveOnChangeMixin` refreshes `_loaded_values` only after post_save, so here they still hold
    the row as it was before this save.
    """
    loaded = getattr(instance, "_loaded_values", None)
    if not loaded:
        return None
    moved = {
        field.attname: loaded[field.attname]
        for field in instance._meta.concrete_fields
        if field.is_relation
        and field.attname not in _BOOKKEEPING_ATTNAMES
        and field.attname in loaded
        and loaded[field.attname] != getattr(instance, field.attname)
    }
    if not moved:
        return None
    previous = copy.copy(instance)  # Model.__getstate__ gives the copy its own related-object cache
    for attname, value in moved.items():
        setattr(previous, attname, value)
    return previous


def _on_save(source: CatalogSource, sender, instance, created: bool = False, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    product_ids, parent_ids = _collect(source, instance)
    previous = None if created else _as_loaded(instance)
    if previous is not None:
        old_product_ids, old_parent_ids = _collect(source, previous)
        product_ids |= old_product_ids
        parent_ids |= old_parent_ids
    _send_on_commit(
        sender=sender,
        company_id=instance.multi_tenant_company_id,
        kind=source.kind,
        product_ids=product_ids,
        parent_ids=parent_ids,
        deleted=False,
    )


def _covered_by_origin(source: CatalogSource, origin) -> bool:
    """Whether this delete cascades from a `deleted_with` row (or queryset), whose own signal names these products."""
    if source.deleted_with is None or origin is None:
        return False
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model._meta.label == source.deleted_with


def _on_pre_delete(source: CatalogSource, sender, instance, **kwargs) -> None:
    if _covered_by_origin(source, kwargs.get("origin")):
        return
    # Collected before the delete cascades away the variation links that name the parents.
    try:
        instance._catalog_change = _collect(source, instance)
    except Exception:  # noqa: BLE001 - a parent already gone in the same cascade: send what we have
        instance._catalog_change = ({pid for pid in source.product_ids(instance) if pid}, set())


def _on_delete(source: CatalogSource, sender, instance, **kwargs) -> None:
    if _covered_by_origin(source, kwargs.get("origin")):
        return
    product_ids, parent_ids = getattr(instance, "_catalog_change", (set(), set()))
    _send_on_commit(
        sender=sender,
        company_id=instance.multi_tenant_company_id,
        kind=source.kind,
        product_ids=product_ids,
        parent_ids=parent_ids,
        deleted=True,
    )


def _on_multiselect_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    # Django sends m2m_changed for adds of values already linked (with an empty pk_set), removes
    # of values not linked and clears of an empty set: only a real change may send the signal.
    if action == "pre_remove":
        instance._catalog_m2m_changes = sender.objects.filter(
            productproperty_id=instance.pk, propertyselectvalue_id__in=pk_set or ()
        ).exists()
        return
    if action == "pre_clear":
        instance._catalog_m2m_changes = sender.objects.filter(productproperty_id=instance.pk).exists()
        return
    if action == "post_add":
        changed = bool(pk_set)
    elif action in ("post_remove", "post_clear"):
        changed = instance.__dict__.pop("_catalog_m2m_changes", True)
    else:
        return
    if not changed:
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

"""Order mutations. Every change to an order or its lines recomputes the order's stored totals in the
same transaction, so `subtotal` and `total` never disagree with the lines."""

from collections.abc import Callable

import strawberry
from django.db import models, transaction
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import DeletedObject, apply_input, get_tenant_object, save_validated, tenant_delete
from orders.models import Order, OrderItem
from orders.schema.inputs import OrderInput, OrderItemInput, OrderItemPartialInput, OrderPartialInput
from orders.schema.types import OrderItemType, OrderType
from orders.totals import recalculate_order_totals


def tenant_checked(*, model: type[models.Model], kind: str) -> Callable:
    """Tag a hand-written mutation as core's generated ones are, so the schema-wide tenancy tests attack it too."""

    def tag(field):
        field.tenant_model = model
        field.tenant_kind = kind
        return field

    return tag


def _save_with_totals(*, info: Info, instance: Order | OrderItem, data) -> Order | OrderItem:
    """Apply the input, save it, and recompute the totals of every order it touched (old and new)."""
    company = get_multi_tenant_company(info)
    instance.last_update_by_multi_tenant_user = get_request_user(info)
    previous_order_id = getattr(instance, "order_id", None)
    with transaction.atomic():
        apply_input(instance=instance, data=data, company=company)
        save_validated(instance=instance)
        current_order_id = instance.pk if isinstance(instance, Order) else instance.order_id
        recalculate_order_totals(order_ids=(current_order_id, previous_order_id))
    instance.refresh_from_db()  # the stored amounts (2 decimals) and totals, not the typed input
    return instance


def _new(model: type[Order] | type[OrderItem], info: Info) -> Order | OrderItem:
    user = get_request_user(info)
    return model(multi_tenant_company=get_multi_tenant_company(info), created_by_multi_tenant_user=user)


@strawberry.type
class Mutation:
    """Order changes inside the user's company; invalid input is a GraphQL error and changes nothing."""

    @tenant_checked(model=Order, kind="create")
    @strawberry.mutation(description="Create an order (its totals start at the shipping total).")
    def create_order(self, info: Info, data: OrderInput) -> OrderType:
        return _save_with_totals(info=info, instance=_new(Order, info), data=data)

    @tenant_checked(model=Order, kind="update")
    @strawberry.mutation(description="Update an order; the total follows a new shipping total.")
    def update_order(self, info: Info, data: OrderPartialInput) -> OrderType:
        order = get_tenant_object(model=Order, pk=data.id, company=get_multi_tenant_company(info))
        return _save_with_totals(info=info, instance=order, data=data)

    delete_order = tenant_delete(model=Order)

    @tenant_checked(model=OrderItem, kind="create")
    @strawberry.mutation(description="Add a line to an order and recompute its totals.")
    def create_order_item(self, info: Info, data: OrderItemInput) -> OrderItemType:
        return _save_with_totals(info=info, instance=_new(OrderItem, info), data=data)

    @tenant_checked(model=OrderItem, kind="update")
    @strawberry.mutation(description="Change an order line and recompute the totals of its order(s).")
    def update_order_item(self, info: Info, data: OrderItemPartialInput) -> OrderItemType:
        item = get_tenant_object(model=OrderItem, pk=data.id, company=get_multi_tenant_company(info))
        return _save_with_totals(info=info, instance=item, data=data)

    @tenant_checked(model=OrderItem, kind="delete")
    @strawberry.mutation(description="Remove a line from an order and recompute its totals.")
    def delete_order_item(self, info: Info, id: strawberry.ID) -> DeletedObject:  # noqa: A002 - GraphQL argument
        item = get_tenant_object(model=OrderItem, pk=id, company=get_multi_tenant_company(info))
        with transaction.atomic():
            item.delete()
            recalculate_order_totals(order_ids=(item.order_id,))
        return DeletedObject(id=id)

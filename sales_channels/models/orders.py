"""Mirror of an order imported from (or pushed to) a channel."""

from sales_channels.models.mirrors import RemoteObject, mirror_constraints
from sales_channels.models.products import local_ref


class RemoteOrder(RemoteObject):
    """A vendor order paired with the local order it was imported into."""

    local_instance = local_ref("orders.Order")

    class Meta:
        constraints = mirror_constraints("remote_order", local=("local_instance",))

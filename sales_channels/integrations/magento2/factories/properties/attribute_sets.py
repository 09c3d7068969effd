"""Local product type -> Magento attribute set, for every product, and the set's attributes completed on demand.

A product is created in the attribute set mapped to its product type (`Magento2AttributeSet.local_instance`);
a variation without a type of its own uses its configurable's. A product without a type, or whose type has
no mapping, goes to the channel's set (the store's Default, `Magento2SalesChannel.attribute_set_id`): the
documented fallback, so an unmapped type never blocks a push. Magento drops the values of attributes that
are not in the product's set, so before a product goes to another set than the channel's, the attributes
its values and axes use are added to that set (`POST /V1/products/attribute-sets/attributes`, in its first
group). What a set holds is read once (`GET /V1/products/attribute-sets/{id}/attributes`) and kept on the
mapping, so a resync makes no call.
"""

from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.factories.products.data import ProductData
from sales_channels.integrations.magento2.models import Magento2AttributeSet

DEFAULT_SET_ID = 4
SETS: CacheKey["AttributeSets"] = CacheKey("magento2.attribute_sets")


def product_type_value_id(data: ProductData) -> int | None:
    """The select value id of the product's type (its product-type property), if it has one."""
    return next(
        (pp.value_select_id for pp in data.properties if pp.property.is_product_type and pp.value_select_id), None
    )


class AttributeSets:
    """The channel's product type mappings for one run (one query); missing set members added on demand."""

    def __init__(self, *, context: StepContext) -> None:
        self.context = context
        rows = Magento2AttributeSet.objects.filter(sales_channel=context.channel, local_instance__isnull=False)
        self.by_type = {row.local_instance_id: row for row in rows.exclude(remote_id="")}

    @classmethod
    def of(cls, context: StepContext) -> "AttributeSets":
        return context.cached(SETS, lambda: cls(context=context))

    @property
    def default_id(self) -> int:
        return int(self.context.channel.attribute_set_id or DEFAULT_SET_ID)

    def for_product(self, data: ProductData, *, parent: ProductData | None = None) -> Magento2AttributeSet | None:
        """The set mapped to the product's type (a variation without a type: its parent's); None: the fallback."""
        type_id = product_type_value_id(data)
        if type_id is None and parent is not None:
            type_id = product_type_value_id(parent)
        return self.by_type.get(type_id) if type_id is not None else None

    def set_id(self, row: Magento2AttributeSet | None) -> int:
        return int(row.remote_id) if row is not None else self.default_id

    def ensure_members(self, row: Magento2AttributeSet | None, *, codes: list[str]) -> None:
        """Add to a mapped set the attributes these values use that it lacks (never on dry runs)."""
        if row is None or int(row.remote_id) == self.default_id or self.context.dry_run:
            return
        known = list(row.attribute_codes) if row.attribute_codes is not None else self._read_members(row)
        missing = [code for code in dict.fromkeys(codes) if code not in known]
        client = self.context.client
        if missing and row.attribute_group_id is None:
            groups = client.search_all(
                "products/attribute-sets/groups/list",
                page_size=100,
                filters=[[("attribute_set_id", row.remote_id, "eq")]],
            )
            first = next(iter(groups), None)
            row.attribute_group_id = int(first["attribute_group_id"]) if first else None
        for code in missing:
            client.post(
                "products/attribute-sets/attributes",
                body={
                    "attributeSetId": int(row.remote_id),
                    "attributeGroupId": row.attribute_group_id or 0,
                    "attributeCode": code,
                    "sortOrder": 100,
                },
            )
            known.append(code)
        if row.attribute_codes != known:
            row.attribute_codes = known
            row.save(update_fields=["attribute_codes", "attribute_group_id"])

    def _read_members(self, row: Magento2AttributeSet) -> list[str]:
        answer = self.context.client.get(f"products/attribute-sets/{row.remote_id}/attributes")
        return [str(item.get("attribute_code")) for item in answer or [] if item.get("attribute_code")]

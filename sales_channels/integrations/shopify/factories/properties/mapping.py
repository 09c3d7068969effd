"""Local properties -> Shopify metafields (namespace, key, type) or product options, and the pre-push check.

- `ShopifyMetafieldDefinitionsPull` copies the shop's product metafield definitions into
  `ShopifyRemoteProperty` rows (no local property yet);
- `auto_map_properties` links each local property to a pulled definition with the same key
  (its internal name) or the same name, and gives every other property a metafield of our own
  namespace (`onesila.<internal_name>`, typed from the local type). Two first pushes mapping the
  same property at once end with one mapping: the save is `bind_or_get` under the unique
  (channel, local property) constraint, and the loser takes the winner's row;
- `check_axes` and `PropertyMapper.resolve` collect *every* problem (a configurable with more than
  three axes, an axis that is not a select, a property whose internal name cannot be a key) and
  raise one `MappingMissing` before anything is sent.
"""

import re
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, MappingMissing
from sales_channels.factories.binders import bind_or_get
from sales_channels.factories.pull import PullStep
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty

NAMESPACE = "onesila"
MAX_OPTIONS = 3  # ProductSetInput.productOptions: at most three per product (vendor-facts 1.4)
KEY_LENGTH = (2, 64)
# Local property type -> Shopify metafield type (shopify.dev "List of data types").
METAFIELD_TYPES = {
    "INT": "number_integer",
    "FLOAT": "number_decimal",
    "TEXT": "single_line_text_field",
    "DESCRIPTION": "multi_line_text_field",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "DATETIME": "date_time",
    "SELECT": "single_line_text_field",
    "MULTISELECT": "list.single_line_text_field",
}
OPTION_TYPES = ("SELECT", "MULTISELECT", "BOOLEAN")


def metafield_key(internal_name: str) -> str | None:
    """The metafield key for an internal name (letters, digits, `_` and `-`), or None when it cannot be one."""
    key = re.sub(r"[^a-zA-Z0-9_-]+", "_", internal_name or "").strip("_")
    return key if KEY_LENGTH[0] <= len(key) <= KEY_LENGTH[1] else None


class ShopifyMetafieldDefinitionsPull(PullStep):
    """The shop's product metafield definitions -> ShopifyRemoteProperty rows (by definition gid)."""

    model = ShopifyRemoteProperty

    def fetch(self) -> list[dict[str, Any]]:
        records = []
        pages = self.client.paginate(
            document="metafield_definitions_page",
            connection=["metafieldDefinitions"],
            variables={"ownerType": "PRODUCT"},
        )
        for nodes, _cursor, _more in pages:
            records += [_definition_record(node) for node in nodes]
        return records


def _definition_record(node: Any) -> dict[str, Any]:
    try:
        return {
            "remote_id": node["id"],
            "definition_id": node["id"],
            "remote_name": node.get("name") or "",
            "namespace": node["namespace"],
            "key": node["key"],
            "metafield_type": node["type"]["name"],
        }
    except (KeyError, TypeError) as error:
        raise InvalidVendorPayload(f"metafield definition without {error}", raw_excerpt=str(node)[:300]) from error


def auto_map_properties(*, channel, properties) -> dict[int, ShopifyRemoteProperty]:
    """Mappings for these local properties (existing ones kept); new ones by key, then name, else our namespace."""
    rows = list(ShopifyRemoteProperty.objects.filter(sales_channel=channel))
    mapped = {row.local_instance_id: row for row in rows if row.local_instance_id}
    free = [row for row in rows if row.local_instance_id is None]
    for prop in properties:
        if prop.pk in mapped:
            continue
        row = _match(prop, free) or _generated(channel=channel, prop=prop)
        if row is None:
            continue
        row.local_instance_id = prop.pk
        bound, ours = bind_or_get(row, unique={"sales_channel": channel, "local_instance_id": prop.pk})
        if ours:
            free = [other for other in free if other.pk != row.pk]
        else:  # another push mapped this property meanwhile: theirs wins, our candidate stays free
            row.local_instance_id = None
        mapped[prop.pk] = bound
    return mapped


def _match(prop, free: list[ShopifyRemoteProperty]) -> ShopifyRemoteProperty | None:
    key = metafield_key(prop.internal_name)
    names = {t.name.casefold() for t in prop.translations.all()}
    by_key = [row for row in free if key and row.key == key]
    by_name = [row for row in free if row.remote_name.casefold() in names]
    return (by_key or by_name or [None])[0]


def _generated(*, channel, prop) -> ShopifyRemoteProperty | None:
    key = metafield_key(prop.internal_name)
    if key is None:
        return None
    return ShopifyRemoteProperty(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        remote_id=f"{NAMESPACE}.{key}",
        remote_name=prop.name(),
        namespace=NAMESPACE,
        key=key,
        metafield_type=METAFIELD_TYPES[prop.type],
    )


class PropertyMapper:
    """The channel's metafield mappings for one run: auto-mapped on first sight, gaps collected."""

    def __init__(self, *, channel) -> None:
        self.channel = channel
        self.rows: dict[int, ShopifyRemoteProperty] = {}

    def resolve(self, values: list) -> list[tuple[Any, ShopifyRemoteProperty]]:
        """(product property, mapping) per value; MappingMissing names every property that cannot be mapped."""
        unknown = {value.property_id: value.property for value in values if value.property_id not in self.rows}
        if unknown:
            self.rows.update(auto_map_properties(channel=self.channel, properties=list(unknown.values())))
        missing = sorted(
            {
                f"property '{value.property.internal_name}': no metafield key possible (2-64 characters)"
                for value in values
                if value.property_id not in self.rows
            }
        )
        if missing:
            raise MappingMissing(missing)
        return [(value, self.rows[value.property_id]) for value in values]


def check_axes(*, sku: str, axes: list, variations: list, values_of) -> list[str]:
    """Every reason these axes cannot become Shopify options for this configurable (empty when fine)."""
    problems = []
    if not axes:
        problems.append(f"configurable '{sku}': no configurator properties (its product type has no axes)")
    if len(axes) > MAX_OPTIONS:
        names = ", ".join(axis.internal_name for axis in axes)
        problems.append(f"configurable '{sku}': {len(axes)} axes ({names}), Shopify allows {MAX_OPTIONS} options")
    problems += [
        f"axis '{axis.internal_name}' of '{sku}' is {axis.type}: only select or boolean properties become options"
        for axis in axes
        if axis.type not in OPTION_TYPES
    ]
    seen: dict[tuple, str] = {}
    for variation in variations:
        combination = values_of(variation)
        gaps = [axis.internal_name for axis, value in zip(axes, combination, strict=False) if not value]
        if gaps:
            problems.append(f"variation '{variation.sku}' has no value for {', '.join(gaps)}")
        elif combination in seen:
            problems.append(f"variations '{seen[combination]}' and '{variation.sku}' have the same option values")
        else:
            seen[combination] = variation.sku
    return problems

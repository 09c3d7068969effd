"""The product sections integrations reuse: content, prices, stock, images and property values.

Each is small: it turns `ProductData` into items and leaves two hooks to the integration,
`build_payload(...)` (delegate to a pure builder) and `push(...)` (one client call). Property
values first resolve every mapping and raise one `MappingMissing` naming all that are missing.
"""

from typing import Any, ClassVar

from sales_channels.exceptions import MappingMissing
from sales_channels.factories.products import data as parts
from sales_channels.factories.sections import Item, Section
from sales_channels.models import (
    RemoteImageProductAssociation,
    RemoteInventory,
    RemotePrice,
    RemoteProductContent,
    RemoteProductProperty,
    RemoteProperty,
    RemotePropertySelectValue,
)


class ProductSection(Section):
    """A section of a product listing; `needs` says which ProductData parts it reads."""

    needs: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def key_of(cls, mirror) -> tuple:
        """The item key of an existing mirror (matches the key `items()` yields)."""
        raise NotImplementedError

    def item_key(self, mirror) -> tuple:
        return self.key_of(mirror)

    def build_payload(self, **kwargs: Any) -> dict:
        raise NotImplementedError


class ContentSection(ProductSection):
    """Name and descriptions per channel language; `build_payload(*, language, translation)`."""

    name = "content"
    switch = "sync_contents"
    master_group = "content"
    mirror_model = RemoteProductContent
    needs = frozenset({parts.CONTENT})

    @classmethod
    def key_of(cls, mirror) -> tuple:
        return (mirror.language,)

    def items(self) -> list[Item]:
        return [
            ((language,), {"language": language}, self.build_payload(language=language, translation=translation))
            for language, translation in sorted(self.data.translations.items())
        ]


class PricesSection(ProductSection):
    """The price per channel currency; `build_payload(*, currency, price)` (price is a ResolvedPrice)."""

    name = "prices"
    switch = "sync_prices"
    master_group = "prices"
    mirror_model = RemotePrice
    needs = frozenset({parts.PRICES})

    @classmethod
    def key_of(cls, mirror) -> tuple:
        return (mirror.currency_id,)

    def items(self) -> list[Item]:
        locale = self.context.cache.get(("locale", getattr(self.context.view, "pk", None)))
        currencies = {c.pk: c for c in locale.currencies} if locale else {}
        return [
            (
                (currency_id,),
                {"currency_id": currency_id},
                self.build_payload(currency=currencies[currency_id], price=price),
            )
            for currency_id, price in sorted(self.data.prices.items())
            if price is not None and price.price is not None and currency_id in currencies
        ]


class StockSection(ProductSection):
    """The available quantity; `build_payload(*, quantity)`. With `use_starting_stock` it is pushed once."""

    name = "stock"
    switch = "sync_stock"
    master_group = "stock"
    mirror_model = RemoteInventory
    needs = frozenset({parts.STOCK})

    @classmethod
    def key_of(cls, mirror) -> tuple:
        return ()

    @property
    def only_first_push(self) -> bool:  # type: ignore[override]
        return self.channel.use_starting_stock

    def items(self) -> list[Item]:
        if self.data.stock is None:
            return []
        return [((), {}, self.build_payload(quantity=self.data.stock))]


class ImagesSection(ProductSection):
    """The channel's ordered image set; removed images are removed remotely. `build_payload(*, link, position)`."""

    name = "images"
    switch = "sync_images"
    master_group = "images"
    mirror_model = RemoteImageProductAssociation
    needs = frozenset({parts.IMAGES})
    removes_stale = True

    @classmethod
    def key_of(cls, mirror) -> tuple:
        return (mirror.local_instance_id,)

    def items(self) -> list[Item]:
        return [
            ((link.pk,), {"local_instance_id": link.pk}, self.build_payload(link=link, position=position))
            for position, link in enumerate(self.data.images)
        ]


class PropertyMappings:
    """The channel's property and select-value mappings, loaded once per run (two queries)."""

    def __init__(self, *, channel) -> None:
        self.properties = {
            row.local_instance_id: row
            for row in RemoteProperty.objects.filter(sales_channel=channel).exclude(remote_id="")
        }
        self.values = {
            row.local_instance_id: row
            for row in RemotePropertySelectValue.objects.filter(sales_channel=channel).exclude(remote_id="")
        }

    def resolve(self, product_properties) -> list[tuple[Any, RemoteProperty, list[RemotePropertySelectValue]]]:
        """(value, remote property, remote select values) per value; MappingMissing lists every gap at once."""
        resolved, missing = [], []
        for value in product_properties:
            remote_property = self.properties.get(value.property_id)
            if remote_property is None:
                missing.append(f"property '{value.property.internal_name}'")
            selected = list(value.value_multi_select.all())
            if value.value_select_id:
                selected.insert(0, value.value_select)
            remote_values = []
            for option in selected:
                if option.pk in self.values:
                    remote_values.append(self.values[option.pk])
                else:
                    missing.append(f"value #{option.pk} of property '{value.property.internal_name}'")
            if remote_property is not None:
                resolved.append((value, remote_property, remote_values))
        if missing:
            raise MappingMissing(missing)
        return resolved


class PropertiesSection(ProductSection):
    """Property values; every value needs a mapped remote property (and mapped select values)."""

    name = "properties"
    master_group = "properties"
    mirror_model = RemoteProductProperty
    needs = frozenset({parts.PROPERTIES})
    removes_stale = True

    @classmethod
    def key_of(cls, mirror) -> tuple:
        return (mirror.local_instance_id,)

    def mappings(self) -> PropertyMappings:
        return self.context.cached(("property_mappings",), lambda: PropertyMappings(channel=self.channel))

    def items(self) -> list[Item]:
        return [
            (
                (value.pk,),
                {"local_instance_id": value.pk, "remote_property": remote_property},
                self.build_payload(value=value, remote_property=remote_property, remote_values=remote_values),
            )
            for value, remote_property, remote_values in self.mappings().resolve(self.data.properties)
        ]

"""Writing what a Shopify product carries into the local catalog: content, prices, images, stock, metafields.

Each function takes a local product and typed import values, writes only what differs and returns
True when something local changed. Images dedupe by source URL (a company's Media with that URL,
or the same content hash); stock goes to an inventory location named after the Shopify location.
"""

import json
from decimal import Decimal

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import ProductTranslation
from properties.models import ProductProperty, ProductPropertyTextTranslation, Property
from sales_channels.integrations.shopify.factories.imports.parsers import (
    ImportedImage,
    ImportedMetafield,
    ImportedStock,
)
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty
from sales_channels.models import RemoteImageProductAssociation, RemoteProduct


def write_content(*, product, language: str, name: str, description: str = "", handle: str = "") -> bool:
    """The product's default-language translation: name, description and url key (handle)."""
    values = {"name": name[:512], "description": description, "url_key": slugify(handle)[:255] if handle else ""}
    translation = ProductTranslation.objects.filter(product=product, language=language, sales_channel=None).first()
    if translation is None:
        ProductTranslation.objects.create(
            multi_tenant_company_id=product.multi_tenant_company_id, product=product, language=language, **values
        )
        return True
    changed = {key: value for key, value in values.items() if value and getattr(translation, key) != value}
    for key, value in changed.items():
        setattr(translation, key, value)
    if changed:
        translation.save()
    return bool(changed)


def shop_currency(*, channel, cache: dict) -> Currency | None:
    """The company currency matching the shop currency (else the company default); None when it has none."""
    key = ("shopify_import_currency",)
    if key not in cache:
        currencies = Currency.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id)
        code = (channel.shop_currency or "").upper()
        found = currencies.filter(iso_code=code).first() if code else None
        cache[key] = found or currencies.filter(is_default_currency=True).first()
    return cache[key]


def write_price(*, product, currency: Currency | None, price: Decimal | None, compare_at: Decimal | None) -> bool:
    """SalesPrice in the shop currency: the price, and compareAtPrice as RRP when it is not below the price."""
    if currency is None or currency.inherits_from_id or price is None or price <= 0:
        return False
    rrp = compare_at if compare_at is not None and compare_at >= price else None
    from sales_prices.models import SalesPrice

    row = SalesPrice.objects.filter(product=product, currency=currency).first()
    if row is None:
        SalesPrice.objects.create(
            multi_tenant_company_id=product.multi_tenant_company_id,
            product=product,
            currency=currency,
            price=price,
            rrp=rrp,
        )
        return True
    if (row.price, row.rrp) == (price, rrp):
        return False
    row.price, row.rrp = price, rrp
    row.save()
    return True


def _media_for(*, company_id: int, image: ImportedImage) -> Media:
    found = Media.objects.filter(multi_tenant_company_id=company_id, source_url=image.url).order_by("id").first()
    if found is None:
        found = Media.objects.create(
            multi_tenant_company_id=company_id, source_url=image.url[:1024], title=image.alt[:255]
        )
    return found


def write_images(*, product, images: tuple[ImportedImage, ...], mirror: RemoteProduct | None) -> bool:
    """Media by source URL and their product links in order (the first main when the product has no main)."""
    changed = False
    company_id = product.multi_tenant_company_id
    has_main = MediaProductThrough.objects.filter(product=product, sales_channel=None, is_main_image=True).exists()
    for position, image in enumerate(images):
        media = _media_for(company_id=company_id, image=image)
        link, created = MediaProductThrough.objects.get_or_create(
            product=product,
            media=media,
            sales_channel=None,
            defaults={
                "multi_tenant_company_id": company_id,
                "sort_order": position,
                "is_main_image": not has_main and position == 0,
            },
        )
        has_main = has_main or link.is_main_image
        changed = changed or created
        if mirror is not None and image.remote_id:
            _bind_image(mirror=mirror, link=link, remote_id=image.remote_id)
    return changed


def _bind_image(*, mirror: RemoteProduct, link: MediaProductThrough, remote_id: str) -> None:
    """Pair the local image link with the Shopify media gid, so a push sends its id instead of re-uploading."""
    RemoteImageProductAssociation.objects.filter(sales_channel=mirror.sales_channel, remote_id=remote_id).exclude(
        remote_product=mirror, local_instance_id=link.pk
    ).delete()
    RemoteImageProductAssociation.objects.update_or_create(
        sales_channel=mirror.sales_channel,
        remote_product=mirror,
        local_instance_id=link.pk,
        defaults={
            "multi_tenant_company_id": mirror.multi_tenant_company_id,
            "remote_id": remote_id,
            "status": "synced",
        },
    )


def write_stock(*, product, stock: tuple[ImportedStock, ...]) -> bool:
    """Inventory at a location named after each Shopify location (simple products only)."""
    changed = False
    company_id = product.multi_tenant_company_id
    for level in stock:
        location, _ = InventoryLocation.objects.get_or_create(
            multi_tenant_company_id=company_id, name=level.location[:255]
        )
        row, created = Inventory.objects.get_or_create(
            product=product,
            location=location,
            defaults={"multi_tenant_company_id": company_id, "quantity": level.quantity},
        )
        if not created and row.quantity != level.quantity:
            row.quantity = level.quantity
            row.save()
            created = True
        changed = changed or created
    return changed


def metafield_mappings(*, channel, cache: dict) -> dict[tuple[str, str], Property]:
    """The channel's metafield -> local property mappings by (namespace, key)."""
    key = ("shopify_import_metafields",)
    if key not in cache:
        rows = ShopifyRemoteProperty.objects.filter(sales_channel=channel, local_instance__isnull=False)
        cache[key] = {(row.namespace, row.key): row.local_instance for row in rows.select_related("local_instance")}
    return cache[key]


SCALAR_PARSERS = {
    Property.Type.INT: lambda raw: int(raw),
    Property.Type.FLOAT: lambda raw: float(raw),
    Property.Type.BOOLEAN: lambda raw: str(raw).strip().lower() in ("true", "1", "yes"),
    Property.Type.DATE: parse_date,
    Property.Type.DATETIME: parse_datetime,
}


def write_metafield(*, product, prop: Property, metafield: ImportedMetafield, language: str, options) -> bool:
    """One mapped metafield value into the product's property value; False when the value cannot be read."""
    company_id = product.multi_tenant_company_id
    row, created = ProductProperty.objects.get_or_create(
        product=product, property=prop, defaults={"multi_tenant_company_id": company_id}
    )
    if prop.type in Property.TRANSLATED_TYPES:
        field = "value_text" if prop.type == Property.Type.TEXT else "value_description"
        text, _ = ProductPropertyTextTranslation.objects.update_or_create(
            product_property=row,
            language=language,
            defaults={"multi_tenant_company_id": company_id, field: metafield.value[:1024]},
        )
        return True
    if prop.type in Property.SELECT_TYPES:
        labels = _labels(metafield.value)
        values = [options.value_named(prop, label) for label in labels]
        if prop.type == Property.Type.SELECT and values:
            return options.set_select(product=product, prop=prop, value=values[0]) or created
        row.value_multi_select.set(values)
        return True
    try:
        value = SCALAR_PARSERS[prop.type](metafield.value)
    except (TypeError, ValueError, KeyError):
        return created
    field = {
        Property.Type.INT: "value_int",
        Property.Type.FLOAT: "value_float",
        Property.Type.BOOLEAN: "value_boolean",
        Property.Type.DATE: "value_date",
        Property.Type.DATETIME: "value_datetime",
    }[prop.type]
    if getattr(row, field) == value and not created:
        return False
    setattr(row, field, value)
    row.save()
    return True


def _labels(raw: str) -> list[str]:
    """A metafield value as option labels: a JSON list (list.* types) or one value."""
    if raw.startswith("["):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            return [str(item) for item in decoded if str(item).strip()]
    return [raw] if raw.strip() else []

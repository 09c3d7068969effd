"""A listing's payload from its prefetched `ProductData`: the product body, store-view content, images,
and (configurables) the option axes and child SKUs.

Global values (name, description, attributes) are written in the language of the default store view
through `/rest/all`; every other store view whose language differs gets its own name and description
through its code. Properties map to attributes (created on demand by `AttributeMapper`); the product
type chooses the attribute set (`AttributeSets`: its mapped set, else the channel's), and the websites
are those of the store views the listing is assigned to (a variation: its configurable's). The price is
the product's own one, a price list in force its special price (`special_prices`). Every gap of a
listing is raised at once as `MappingMissing`.
"""

from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from properties.models import Property
from properties.product_types import configurator_properties
from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.factories.products.data import ProductData
from sales_channels.integrations.magento2.factories.prices.special_prices import split_price, window_for
from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.integrations.magento2.factories.properties.attribute_sets import AttributeSets
from sales_channels.integrations.magento2.factories.properties.mapping import SELECTS, AttributeMapper
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.models import RemoteLanguage

LANGUAGES: CacheKey[tuple[str, dict[str, str]]] = CacheKey("magento2.languages")
WEBSITES: CacheKey[dict[str, int]] = CacheKey("magento2.view_websites")


def store_languages(context: StepContext) -> tuple[str, dict[str, str]]:
    """(the language of global values, store code -> language of every other active view with its own language)."""

    def load() -> tuple[str, dict[str, str]]:
        channel = context.channel
        views = {v.remote_id: v for v in Magento2StoreView.objects.filter(sales_channel=channel, active=True)}
        mapped = dict(
            RemoteLanguage.objects.filter(sales_channel=channel, view__isnull=False)
            .exclude(local_instance="")
            .values_list("view__remote_id", "local_instance")
        )
        default = next((v for v in views.values() if v.is_default), None)
        company_language = channel.multi_tenant_company.language
        global_language = mapped.get(default.remote_id, company_language) if default else company_language
        others = {
            view.code: mapped[remote_id]
            for remote_id, view in sorted(views.items())
            if remote_id in mapped and mapped[remote_id] != global_language
        }
        return global_language, others

    return context.cached(LANGUAGES, load)


def base_currency(context: StepContext):
    """The channel currency Magento's prices are in (its base currency, else the first mapped one)."""
    locale = context.cache.get(("locale", getattr(context.view, "pk", None)))
    base = (getattr(context.channel, "base_currency", "") or "").upper()
    currencies = list(locale.currencies) if locale else []
    return next((c for c in currencies if c.iso_code.upper() == base), currencies[0] if currencies else None)


def price_parts(context: StepContext, data: ProductData) -> tuple[Decimal | None, dict[str, Any] | None]:
    """(the product's price, its special price record or None) in the base currency (see `special_prices`)."""
    currency = base_currency(context)
    if currency is None:
        return None, None
    window = window_for(context=context, product_id=data.id, currency_id=currency.pk)
    return split_price(sku=data.sku, resolved=data.prices.get(currency.pk), window=window)


def _value(*, product_property, remote, mapper: AttributeMapper, language: str, problems: list[str]) -> str | None:
    prop = product_property.property
    if remote.frontend_input in SELECTS:
        chosen = list(product_property.value_multi_select.all())
        if product_property.value_select_id:
            chosen.insert(0, product_property.value_select)
        ids = []
        for option in chosen:
            try:
                ids.append(mapper.option_for(remote, option, language=language))
            except MappingMissing as missing:
                problems += missing.missing
        return ",".join(ids) if ids else None
    value = product_property.get_value(language=language)
    if value is None:
        return None
    if prop.type == Property.Type.BOOLEAN:
        return "1" if value else "0"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def custom_attributes(*, context: StepContext, data: ProductData, language: str, problems: list[str]) -> list[dict]:
    """Description, url key and every mapped property value of one product."""
    mapper = AttributeMapper.of(context)
    translation = data.translations.get(language)
    found = [{"attribute_code": "url_key", "value": slugify(f"{translation.name if translation else ''}-{data.sku}")}]
    if translation is not None and translation.description:
        found.append({"attribute_code": "description", "value": translation.description})
    for product_property in data.properties:
        prop = product_property.property
        if prop.is_product_type:
            continue
        remote = mapper.attribute_for(prop, language=language)
        value = _value(
            product_property=product_property, remote=remote, mapper=mapper, language=language, problems=problems
        )
        if value is not None:
            found.append({"attribute_code": remote.attribute_code, "value": value})
    return found


def _views(*, data: ProductData, others: dict[str, str]) -> dict[str, dict[str, Any]]:
    views = {}
    for code, language in sorted(others.items()):
        translation = data.translations.get(language)
        if translation is not None and translation.name:
            views[code] = payloads.view_body(
                sku=data.sku, name=translation.name, description=translation.description or ""
            )
    return views


def _images(data: ProductData, problems: list[str]) -> list[dict[str, Any]]:
    found = []
    for position, link in enumerate(data.images):
        media = link.media
        if not media.image:
            problems.append(
                f"an uploaded file for image #{media.pk} of {data.sku} (Magento takes image bytes, not URLs)"
            )
            continue
        name = (media.image.name.rsplit("/", 1)[-1] if media.image else "") or f"image-{media.pk}.jpg"
        key = media.content_hash or f"media-{media.pk}"
        found.append(
            payloads.image_descriptor(
                key=key,
                media_id=media.pk,
                label=media.title or data.sku,
                position=position,
                main=position == 0,
                file_name=name,
            )
        )
    return found


def _axes(*, context: StepContext, data: ProductData, language: str, problems: list[str]) -> list[dict]:
    mapper = AttributeMapper.of(context)
    options = []
    for position, prop in enumerate(configurator_properties(product=data.product, sales_channel_id=context.channel.pk)):
        if prop.type != Property.Type.SELECT:
            problems.append(f"axis '{prop.internal_name}' of {data.sku} must be a select property for Magento")
            continue
        remote = mapper.attribute_for(prop, language=language)
        if remote.frontend_input != "select":
            problems.append(f"attribute '{remote.attribute_code}' of axis '{prop.internal_name}' is not a select")
            continue
        value_ids = []
        for variation in data.variations:
            own = next((v for v in variation.properties if v.property_id == prop.pk and v.value_select_id), None)
            if own is None:
                problems.append(f"a '{prop.internal_name}' value on variation {variation.sku}")
                continue
            value_ids.append(mapper.option_for(remote, own.value_select, language=language))
        options.append(
            payloads.configurable_option(
                attribute_id=remote.remote_id,
                label=prop.name(language=language) or remote.attribute_code,
                position=position,
                value_ids=value_ids,
            )
        )
    return options


def website_ids(context: StepContext, data: ProductData, parent: ProductData | None = None) -> list[int]:
    """The websites of the store views the listing is assigned to (a variation: its parent's); else the channel's."""
    by_view = context.cached(
        WEBSITES,
        lambda: dict(
            Magento2StoreView.objects.filter(sales_channel=context.channel).values_list("remote_id", "website_id")
        ),
    )
    views = data.view_remote_ids or (parent.view_remote_ids if parent is not None else [])
    found = sorted({by_view[view] for view in views if by_view.get(view)})
    return found or ([context.channel.website_id] if context.channel.website_id else [])


def listing_payload(
    *, context: StepContext, data: ProductData, is_variation: bool = False, parent: ProductData | None = None
) -> dict[str, Any]:
    """The whole payload of one listing (or variation, `parent` its configurable); MappingMissing names every gap."""
    channel = context.channel
    sets = AttributeSets.of(context)
    attribute_set = sets.for_product(data, parent=parent)
    language, others = store_languages(context)
    problems: list[str] = []
    translation = data.translations.get(language)
    name = translation.name if translation is not None and translation.name else ""
    if not name:
        problems.append(f"a name in '{language}' for {data.sku}")
    configurable = data.product.is_configurable
    price, special = (None, None) if configurable else price_parts(context, data)
    body = payloads.product_body(
        sku=data.sku,
        name=name,
        type_id="configurable" if configurable else "simple",
        attribute_set_id=sets.set_id(attribute_set),
        price=price,
        active=data.product.active,
        visible=not is_variation,
        website_ids=website_ids(context, data, parent),
        custom_attributes=custom_attributes(context=context, data=data, language=language, problems=problems),
    )
    if not configurable and "price" not in body:
        problems.append(f"a price in {channel.base_currency or 'the base currency'} for {data.sku}")
    payload: dict[str, Any] = {"product": body}
    if special is not None and channel.sync_prices and channel.master_of("prices") != "remote":
        payload["special"] = special
    if channel.sync_contents and channel.master_of("content") != "remote":
        payload["views"] = _views(data=data, others=others)
    if not is_variation and channel.sync_images and channel.master_of("images") != "remote":
        payload["images"] = _images(data, problems)
    if configurable:
        payload["options"] = _axes(context=context, data=data, language=language, problems=problems)
        payload["children"] = sorted(variation.sku for variation in data.variations)
    if problems:
        raise MappingMissing(problems)
    axes = {row.remote_id: row.attribute_code for row in AttributeMapper.of(context).attributes.values()}
    codes = [item["attribute_code"] for item in body["custom_attributes"]]
    codes += [axes[o["attribute_id"]] for o in payload.get("options") or [] if o["attribute_id"] in axes]
    sets.ensure_members(attribute_set, codes=codes)
    return payload

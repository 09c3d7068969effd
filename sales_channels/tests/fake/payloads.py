"""Pure payload builders of the fake vendor: ProductData in, plain dicts out, no I/O."""

from typing import Any

from sales_channels.factories.products.data import ProductData


def product_payload(
    *,
    data: ProductData,
    language: str,
    parent_remote_id: str | None = None,
    marketplace: str | None = None,
    with_ean: bool = True,
) -> dict[str, Any]:
    translation = data.translations.get(language)
    payload: dict[str, Any] = {
        "sku": data.sku,
        "name": translation.name if translation else data.sku,
        "type": data.product.type.lower(),
        "active": data.product.active,
    }
    if with_ean:  # a channel that does not sync EANs never sends (or clears) one
        payload["ean"] = data.ean
    if parent_remote_id:
        payload["parent"] = parent_remote_id
    if marketplace:
        payload["marketplace"] = marketplace
    else:
        payload["websites"] = list(data.view_remote_ids)
    return payload


def content_payload(*, translation) -> dict[str, Any]:
    return {
        "name": translation.name,
        "subtitle": translation.subtitle,
        "short_description": translation.short_description,
        "description": translation.description,
        "url_key": translation.url_key,
        "bullet_points": list(translation.bullet_points or []),
    }


def price_payload(*, currency, price) -> dict[str, Any]:
    return {
        "currency": currency.iso_code,
        "price": str(price.price),
        "rrp": str(price.rrp) if price.rrp is not None else None,
    }


def stock_payload(*, quantity: int) -> dict[str, Any]:
    return {"quantity": quantity}


def image_payload(*, link, position: int) -> dict[str, Any]:
    return {"url": link.media.url, "position": position, "main": link.is_main_image, "title": link.media.title}


def property_payload(*, value, remote_property, remote_values, language: str) -> dict[str, Any]:
    if remote_values:
        return {"attribute": remote_property.remote_id, "options": [v.remote_id for v in remote_values]}
    raw = value.get_value(language=language)
    return {"attribute": remote_property.remote_id, "value": None if raw is None else str(raw)}

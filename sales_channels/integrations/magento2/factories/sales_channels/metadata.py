"""Metadata pulled right after connect: store views (with their locale and currency), websites, attribute sets,
attributes and their options, MSI sources.

- store views (`/V1/store/storeViews` + `/V1/store/storeConfigs`) -> `Magento2StoreView` rows; the
  default store view of the website's default store group is the channel's default view;
- locales -> remote languages (one per view, and one per distinct locale for the channel), mapped to
  company languages by their language part; currencies (`/V1/directory/currency`) -> remote currencies;
- the Default attribute set and its first group -> where products and new attributes go; every set
  -> `Magento2AttributeSet`;
- attributes (`/V1/products/attributes`) -> `Magento2RemoteProperty` rows, auto-mapped to local
  properties by internal name or name; select options -> `RemotePropertySelectValue` rows, mapped by label;
- MSI: `/V1/inventory/sources` answering means MSI (stock through source items).

Every pull upserts by remote key: running it again updates and never duplicates; a mapping the
merchant changed is kept.
"""

from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from currencies.models import Currency
from properties.models import Property, PropertySelectValueTranslation, PropertyTranslation
from sales_channels.exceptions import RemoteObjectMissing, VendorValidationError
from sales_channels.integrations.magento2.client import Magento2Client
from sales_channels.integrations.magento2.models import (
    Magento2AttributeSet,
    Magento2RemoteProperty,
    Magento2SalesChannel,
    Magento2StoreView,
)
from sales_channels.models import RemoteCurrency, RemoteLanguage, RemotePropertySelectValue

MAPPED_INPUTS = ("select", "multiselect", "text", "textarea", "boolean", "price", "weight", "date")


def local_language(*, locale: str, languages: list[str]) -> str:
    """The company language of a Magento locale (`de_DE` -> `de`), or '' when the company lacks it."""
    wanted = locale.replace("_", "-").lower()
    lowered = {language.lower(): language for language in languages}
    return lowered.get(wanted) or lowered.get(wanted.split("-")[0], "")


def pull_store_views(*, channel: Magento2SalesChannel, client: Magento2Client) -> list[Magento2StoreView]:
    """Store views with their locale and currency; the website's default view becomes the default."""
    views = [view for view in client.get("store/storeViews") if view.get("code") != "admin"]
    configs = {config["code"]: config for config in client.get("store/storeConfigs")}
    groups = {group["id"]: group for group in client.get("store/storeGroups")}
    websites = {site["id"]: site for site in client.get("store/websites") if site.get("code") != "admin"}
    default_site = next(iter(websites.values()), None)
    default_group = groups.get(default_site["default_group_id"]) if default_site else None
    default_store_id = default_group["default_store_id"] if default_group else (views[0]["id"] if views else None)
    kept = []
    for view in views:
        config = configs.get(view["code"], {})
        row, _ = Magento2StoreView.objects.update_or_create(
            sales_channel=channel,
            remote_id=str(view["id"]),
            defaults={
                "multi_tenant_company_id": channel.multi_tenant_company_id,
                "name": view["name"],
                "code": view["code"],
                "website_id": view["website_id"],
                "store_group_id": view["store_group_id"],
                "locale": config.get("locale", ""),
                "currency": config.get("default_display_currency_code", ""),
                "url": config.get("base_url", "") or "",
                "is_default": view["id"] == default_store_id,
                "active": bool(view.get("is_active", 1)),
            },
        )
        kept.append(row)
    Magento2StoreView.objects.filter(sales_channel=channel).exclude(pk__in=[row.pk for row in kept]).update(
        active=False
    )
    default = next((row for row in kept if row.is_default), None)
    if default is not None:
        channel.website_id = default.website_id
        channel.media_base_url = (configs.get(default.code, {}).get("base_media_url") or "").rstrip("/")
    return kept


def pull_languages(*, channel: Magento2SalesChannel, views: list[Magento2StoreView]) -> int:
    """One remote language per view and per distinct locale; unmapped rows are mapped by language part."""
    languages = list(channel.multi_tenant_company.languages or [])
    mapped = 0
    rows = [(view, view.locale) for view in views if view.locale] + [
        (None, locale) for locale in {v.locale for v in views if v.locale}
    ]
    for view, locale in rows:
        row, _ = RemoteLanguage.objects.get_or_create(
            sales_channel=channel,
            view=view,
            remote_code=locale,
            defaults={"multi_tenant_company_id": channel.multi_tenant_company_id},
        )
        if not row.local_instance:
            row.local_instance = local_language(locale=locale, languages=languages)
            if row.local_instance:
                row.save(update_fields=["local_instance"])
                mapped += 1
    return mapped


def pull_currencies(*, channel: Magento2SalesChannel, client: Magento2Client) -> None:
    """The base currency (what prices are in) and the others the store offers."""
    answer = client.get("directory/currency")
    channel.base_currency = answer.get("base_currency_code", "")
    codes = [channel.base_currency, *(answer.get("available_currency_codes") or [])]
    by_code = {
        c.iso_code.upper(): c for c in Currency.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id)
    }
    for code in dict.fromkeys(code for code in codes if code):
        row, _ = RemoteCurrency.objects.get_or_create(
            sales_channel=channel,
            view=None,
            remote_code=code,
            defaults={"multi_tenant_company_id": channel.multi_tenant_company_id},
        )
        if row.local_instance_id is None and code.upper() in by_code and code == channel.base_currency:
            row.local_instance = by_code[code.upper()]
            row.save(update_fields=["local_instance"])


def pull_attribute_sets(*, channel: Magento2SalesChannel, client: Magento2Client) -> None:
    """Every product attribute set; the Default one (else the first) and its first group become the channel's."""
    sets = list(client.search_all("eav/attribute-sets/list", page_size=100))
    product_sets = [row for row in sets if int(row.get("entity_type_id") or 4) == 4]
    for row in product_sets:
        Magento2AttributeSet.objects.update_or_create(
            sales_channel=channel,
            remote_id=str(row["attribute_set_id"]),
            defaults={
                "multi_tenant_company_id": channel.multi_tenant_company_id,
                "name": row["attribute_set_name"],
                "attribute_codes": None,  # read again on next use: the set may have changed in Magento
            },
        )
    chosen = next(
        (row for row in product_sets if row["attribute_set_name"] == "Default"),
        product_sets[0] if product_sets else None,
    )
    if chosen is None:
        raise VendorValidationError(["The store has no product attribute set."])
    if channel.attribute_set_id is None:
        channel.attribute_set_id = int(chosen["attribute_set_id"])
    groups = client.search_all(
        "products/attribute-sets/groups/list",
        page_size=100,
        filters=[[("attribute_set_id", str(channel.attribute_set_id), "eq")]],
    )
    first = next(iter(groups), None)
    if first is not None:
        channel.attribute_group_id = int(first["attribute_group_id"])


def pull_attributes(*, channel: Magento2SalesChannel, client: Magento2Client) -> int:
    """Attributes -> mappings (auto-mapped by internal name or name), options -> select value mappings by label."""
    company_id = channel.multi_tenant_company_id
    by_name = _local_properties(company_id=company_id)
    count = 0
    for attribute in client.search_all("products/attributes", page_size=100):
        if attribute.get("frontend_input") not in MAPPED_INPUTS:
            continue
        code = attribute["attribute_code"]
        with transaction.atomic():
            row, _ = Magento2RemoteProperty.objects.update_or_create(
                sales_channel=channel,
                remote_id=str(attribute["attribute_id"]),
                defaults={
                    "multi_tenant_company_id": company_id,
                    "attribute_code": code,
                    "frontend_input": attribute["frontend_input"],
                    "remote_name": attribute.get("default_frontend_label") or code,
                    "is_user_defined": bool(attribute.get("is_user_defined", True)),
                },
            )
            if row.local_instance_id is None and row.is_user_defined:
                local_id = by_name.get(code.lower()) or by_name.get((row.remote_name or "").lower())
                taken = (
                    local_id
                    and Magento2RemoteProperty.objects.filter(
                        sales_channel=channel, local_instance_id=local_id
                    ).exists()
                )
                if local_id and not taken:
                    row.local_instance_id = local_id
                    row.save(update_fields=["local_instance"])
            store_options(channel=channel, remote_property=row, options=attribute.get("options") or [])
        count += 1
    return count


def _local_properties(*, company_id: int) -> dict[str, int]:
    found: dict[str, int] = {}
    rows = PropertyTranslation.objects.filter(multi_tenant_company_id=company_id).annotate(lower=Lower("name"))
    for lower, property_id in rows.values_list("lower", "property_id"):
        found.setdefault(lower, property_id)
    for internal, property_id in Property.objects.filter(multi_tenant_company_id=company_id).values_list(
        "internal_name", "id"
    ):
        if internal:
            found[internal.lower()] = property_id
    return found


def store_options(
    *, channel: Magento2SalesChannel, remote_property: Magento2RemoteProperty, options: list[dict[str, Any]]
) -> None:
    """Select options -> `RemotePropertySelectValue` rows (remote id = the option's `value`), mapped by label."""
    options = [o for o in options if str(o.get("value") or "").strip()]
    if not options:
        return
    local_by_label: dict[str, int] = {}
    if remote_property.local_instance_id:
        rows = PropertySelectValueTranslation.objects.filter(
            select_value__property_id=remote_property.local_instance_id
        )
        for value, select_id in rows.values_list("value", "select_value_id"):
            local_by_label.setdefault(value.strip().lower(), select_id)
    existing = {
        row.remote_id: row
        for row in RemotePropertySelectValue.objects.filter(sales_channel=channel, remote_property=remote_property)
    }
    used = {row.local_instance_id for row in existing.values() if row.local_instance_id}
    for option in options:
        remote_id = str(option["value"])
        row = existing.get(remote_id)
        if row is None:
            row = RemotePropertySelectValue(
                sales_channel=channel,
                multi_tenant_company_id=channel.multi_tenant_company_id,
                remote_property=remote_property,
                remote_id=remote_id,
            )
        row.remote_name = str(option.get("label") or "")
        local_id = local_by_label.get(row.remote_name.strip().lower())
        if row.local_instance_id is None and local_id and local_id not in used:
            row.local_instance_id = local_id
            used.add(local_id)
        row.status = "synced"
        row.save()


def detect_msi(*, channel: Magento2SalesChannel, client: Magento2Client) -> None:
    """MSI when `/V1/inventory/sources` answers (the channel's source kept when it still exists)."""
    try:
        sources = [row["source_code"] for row in client.search_all("inventory/sources", page_size=50)]
    except RemoteObjectMissing:
        channel.msi_enabled = False
        return
    channel.msi_enabled = True
    if channel.source_code not in sources and sources:
        channel.source_code = sources[0]


def pull_metadata(*, channel: Magento2SalesChannel, client: Magento2Client) -> str:
    """Every pull in order; the channel's pulled fields are saved; returns one summary line."""
    views = pull_store_views(channel=channel, client=client)
    mapped = pull_languages(channel=channel, views=views)
    pull_currencies(channel=channel, client=client)
    pull_attribute_sets(channel=channel, client=client)
    attributes = pull_attributes(channel=channel, client=client)
    detect_msi(channel=channel, client=client)
    channel.save()
    currency = channel.base_currency
    return f"{len(views)} store views, {mapped} languages mapped, base currency {currency}, {attributes} attributes"

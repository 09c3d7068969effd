"""Reference data of a demo company, created when missing and reused when present.

Company, demo user, currencies, inventory locations, a price list, properties with translated
select values, product types with their rules, and the image pool. Each `ensure_*` looks rows
up by a natural key (a name, an ISO code, an internal name, a translated label), so running the
seeder again finds them instead of duplicating them. These are a few dozen rows: plain ORM calls.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from core.models import MultiTenantCompany, MultiTenantUser
from currencies.models import Currency
from inventory.models import InventoryLocation
from products.demo import vocabulary as words
from products.demo.images import ensure_media
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property
from sales_prices.models import SalesPriceList


@dataclass(frozen=True)
class DemoContext:
    """Ids of the reference rows the catalog writer points at."""

    company: MultiTenantCompany
    user: MultiTenantUser
    languages: tuple[str, ...]
    property_ids: dict[str, int]
    value_ids: dict[tuple[str, str], int]
    product_type_property_id: int
    product_type_ids: dict[str, int]
    currency_ids: dict[str, int]
    location_ids: tuple[int, ...]
    price_list_id: int
    media_ids: dict[str, int]


def ensure_company(*, name: str, languages: Sequence[str]) -> MultiTenantCompany:
    """The company called `name`, created with `languages` or extended to include them."""
    company, created = MultiTenantCompany.objects.get_or_create(
        name=name, defaults={"language": languages[0], "languages": list(languages), "country": "NL"}
    )
    missing = [code for code in languages if code not in (company.languages or [])]
    if not created and missing:
        company.languages = [*(company.languages or []), *missing]
        company.save(update_fields=["languages"])
    return company


def ensure_demo_user(*, company: MultiTenantCompany, username: str = "demo", password: str = "demo") -> MultiTenantUser:
    """A staff user owning `company`; `username` is global, so another company's demo user gets a suffix."""
    user = MultiTenantUser.objects.filter(username=username).first()
    if user is not None and user.multi_tenant_company_id not in (None, company.pk):
        return ensure_demo_user(company=company, username=f"{username}-{slugify(company.name)}", password=password)
    if user is None:
        user = MultiTenantUser(username=username, email=f"{username}@example.com", multi_tenant_company=company)
        user.set_password(password)
    user.multi_tenant_company = company
    user.is_staff = user.is_multi_tenant_company_owner = True
    user.save()
    return user


def ensure_currencies(*, company: MultiTenantCompany, user: MultiTenantUser) -> dict[str, int]:
    """ISO code -> id of EUR (default unless the company has one), GBP and USD (inherits EUR)."""
    has_default = Currency.objects.filter(multi_tenant_company=company, is_default_currency=True).exists()
    ids: dict[str, int] = {}
    for iso_code, name, symbol, is_default, parent, rate in words.CURRENCIES:
        currency, _ = Currency.objects.get_or_create(
            multi_tenant_company=company,
            iso_code=iso_code,
            defaults={
                "name": name,
                "symbol": symbol,
                "is_default_currency": is_default and not has_default,
                "inherits_from_id": ids.get(parent),
                "exchange_rate": Decimal(rate),
                "created_by_multi_tenant_user": user,
            },
        )
        ids[iso_code] = currency.pk
    return ids


def ensure_locations(*, company: MultiTenantCompany, user: MultiTenantUser) -> tuple[int, ...]:
    """Ids of the demo stock locations, in `vocabulary.LOCATIONS` order."""
    return tuple(
        InventoryLocation.objects.get_or_create(
            multi_tenant_company=company,
            name=name,
            defaults={"is_internal": internal, "created_by_multi_tenant_user": user},
        )[0].pk
        for name, internal in words.LOCATIONS
    )


def ensure_price_list(*, company: MultiTenantCompany, user: MultiTenantUser, currency_id: int) -> int:
    """Id of the demo sale price list (in the given currency)."""
    price_list, _ = SalesPriceList.objects.get_or_create(
        multi_tenant_company=company,
        name=words.PRICE_LIST_NAME,
        defaults={"currency_id": currency_id, "created_by_multi_tenant_user": user},
    )
    return price_list.pk


def _ensure_property_names(*, company, prop: Property, names: dict[str, str], languages: Sequence[str]) -> None:
    present = set(PropertyTranslation.objects.filter(property=prop).values_list("language", flat=True))
    PropertyTranslation.objects.bulk_create(
        PropertyTranslation(
            multi_tenant_company=company,
            property=prop,
            language=language,
            name=words.label(labels=names, language=language),
        )
        for language in languages
        if language not in present
    )


def ensure_select_values(
    *, company, prop: Property, values: dict[str, dict[str, str]], languages: Sequence[str]
) -> dict[str, int]:
    """Value key -> id of the property's select value, found by any of its labels or created."""
    by_label: dict[tuple[str, str], int] = {}
    translated: set[tuple[int, str]] = set()
    for value_id, language, text in PropertySelectValueTranslation.objects.filter(
        select_value__property=prop
    ).values_list("select_value_id", "language", "value"):
        by_label[(language, text)] = value_id
        translated.add((value_id, language))
    ids: dict[str, int] = {}
    for key, labels in values.items():
        found = [
            by_label[(lang, words.label(labels=labels, language=lang))]
            for lang in languages
            if (lang, words.label(labels=labels, language=lang)) in by_label
        ]
        if found:
            ids[key] = found[0]
    missing = [key for key in values if key not in ids]
    created = PropertySelectValue.objects.bulk_create(
        PropertySelectValue(multi_tenant_company=company, property=prop) for _ in missing
    )
    ids.update({key: value.pk for key, value in zip(missing, created, strict=True)})
    PropertySelectValueTranslation.objects.bulk_create(
        PropertySelectValueTranslation(
            multi_tenant_company=company,
            select_value_id=ids[key],
            language=language,
            value=words.label(labels=labels, language=language),
        )
        for key, labels in values.items()
        for language in languages
        if (ids[key], language) not in translated
    )
    return ids


def ensure_properties(*, company, languages: Sequence[str]) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """(property key -> id, (property key, value key) -> select value id) for every demo property."""
    property_ids: dict[str, int] = {}
    value_ids: dict[tuple[str, str], int] = {}
    for key, spec in words.PROPERTIES.items():
        prop, _ = Property.objects.get_or_create(
            multi_tenant_company=company,
            internal_name=key,
            defaults={"type": spec.type, "add_to_filters": spec.add_to_filters},
        )
        _ensure_property_names(company=company, prop=prop, names=spec.names, languages=languages)
        property_ids[key] = prop.pk
        if spec.values:
            values = ensure_select_values(company=company, prop=prop, values=spec.values, languages=languages)
            value_ids.update({(key, value): value_id for value, value_id in values.items()})
    return property_ids, value_ids


def ensure_product_types(
    *, company, languages: Sequence[str], property_ids: dict[str, int]
) -> tuple[int, dict[str, int]]:
    """(product-type property id, type key -> select value id); each type gets its default rule and items."""
    prop = ensure_product_type_property(company=company)
    _ensure_property_names(company=company, prop=prop, names=words.PRODUCT_TYPE_NAMES, languages=languages)
    type_ids = ensure_select_values(
        company=company,
        prop=prop,
        values={key: spec.names for key, spec in words.PRODUCT_TYPES.items()},
        languages=languages,
    )
    for key, spec in words.PRODUCT_TYPES.items():
        rule, _ = ProductPropertiesRule.objects.get_or_create(
            multi_tenant_company=company, product_type_id=type_ids[key], sales_channel=None
        )
        present = set(rule.items.values_list("property_id", flat=True))
        roles = [
            *((axis, ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR) for axis in spec.axes),
            *((name, ProductPropertiesRuleItem.REQUIRED) for name in spec.required),
            *((name, ProductPropertiesRuleItem.OPTIONAL) for name in spec.optional),
        ]
        ProductPropertiesRuleItem.objects.bulk_create(
            ProductPropertiesRuleItem(
                multi_tenant_company=company, rule=rule, property_id=property_ids[name], type=role, sort_order=order
            )
            for order, (name, role) in enumerate(roles)
            if property_ids[name] not in present
        )
    return prop.pk, type_ids


def build_context(*, company_name: str, languages: Sequence[str], username: str = "demo") -> DemoContext:
    """Create or reuse every reference row of the demo company and return their ids."""
    company = ensure_company(name=company_name, languages=languages)
    user = ensure_demo_user(company=company, username=username)
    property_ids, value_ids = ensure_properties(company=company, languages=languages)
    type_property_id, type_ids = ensure_product_types(company=company, languages=languages, property_ids=property_ids)
    currency_ids = ensure_currencies(company=company, user=user)
    return DemoContext(
        company=company,
        user=user,
        languages=tuple(languages),
        property_ids=property_ids,
        value_ids=value_ids,
        product_type_property_id=type_property_id,
        product_type_ids=type_ids,
        currency_ids=currency_ids,
        location_ids=ensure_locations(company=company, user=user),
        price_list_id=ensure_price_list(company=company, user=user, currency_id=currency_ids["EUR"]),
        media_ids=ensure_media(company=company, user=user),
    )

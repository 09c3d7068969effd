"""Checks on neutral imported values before anything is written: bad data is a per-record problem, never silent.

`check_product` returns the value as it will be written plus the warnings about what was changed
on the way (a name cut to the field's length, a price that is not positive and was left out),
or raises `RecordRejected` when the record cannot be taken in at all (no SKU, a name that is not
text). The import keeps a warning or a rejection with the raw record as an `ImportItemError`.
"""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from sales_channels.exceptions import SalesChannelError
from sales_channels.imports.values import (
    CONFIGURABLE,
    SIMPLE,
    ImportedContent,
    ImportedPrice,
    ImportedProduct,
    ImportedVariation,
)

ERROR = "error"
WARNING = "warning"
# Lengths of the local fields the writer fills (products.Product.sku, ProductTranslation.name/url_key).
SKU_MAX = 255
NAME_MAX = 512
URL_KEY_MAX = 255


class RecordRejected(SalesChannelError):
    """A vendor record that cannot be imported; the message names the field and what was wrong."""


@dataclass(frozen=True)
class RecordProblem:
    """A warning (imported, but changed or partly left out) or an error (not imported) about one record."""

    message: str
    severity: str = WARNING


def _text(value: object, *, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordRejected(f"{what} must be text, got {type(value).__name__}: {str(value)[:120]}")
    return value.strip()


def _sku(value: object, *, what: str) -> str:
    sku = _text(value, what=what)
    if not sku:
        raise RecordRejected(f"{what} is empty: the record cannot be linked by SKU")
    if len(sku) > SKU_MAX:
        raise RecordRejected(f"{what} has {len(sku)} characters; at most {SKU_MAX} fit")
    return sku


def _content(content: ImportedContent, *, what: str, problems: list[RecordProblem]) -> ImportedContent:
    name = _text(content.name, what=f"{what} name")
    description = _text(content.description, what=f"{what} description")
    if len(name) > NAME_MAX:
        problems.append(RecordProblem(f"{what} name has {len(name)} characters: cut to {NAME_MAX}"))
        name = name[:NAME_MAX]
    return dataclasses.replace(content, name=name, description=description, url_key=content.url_key[:URL_KEY_MAX])


def _prices(
    prices: tuple[ImportedPrice, ...], *, what: str, problems: list[RecordProblem]
) -> tuple[ImportedPrice, ...]:
    kept = []
    for price in prices:
        amount, rrp = price.price, price.rrp
        if amount is not None and amount <= Decimal("0"):
            problems.append(RecordProblem(f"{what} price {amount} {price.currency} is not positive: not imported"))
            amount = None
        if rrp is not None and (rrp <= Decimal("0") or (amount is not None and rrp < amount)):
            rrp = None  # a compare-at price at or below the price is no RRP (vendors send it that way)
        if amount is not None or rrp is not None:
            kept.append(dataclasses.replace(price, price=amount, rrp=rrp))
    return tuple(kept)


def _variation(variation: ImportedVariation, *, problems: list[RecordProblem]) -> ImportedVariation:
    sku = _sku(variation.sku, what="variation SKU")
    what = f"variation {sku}"
    stock = variation.stock
    if stock is not None and any(level.quantity < 0 for level in stock):
        problems.append(RecordProblem(f"{what}: negative stock counted as 0"))
        stock = tuple(dataclasses.replace(level, quantity=max(0, level.quantity)) for level in stock)
    return dataclasses.replace(
        variation,
        sku=sku,
        title=_text(variation.title, what=f"{what} title"),
        prices=_prices(variation.prices, what=what, problems=problems),
        stock=stock,
    )


def check_product(*, value: ImportedProduct) -> tuple[ImportedProduct, list[RecordProblem]]:
    """The value as the writer will write it and the warnings; RecordRejected when it cannot be imported."""
    if value.type not in (SIMPLE, CONFIGURABLE):
        raise RecordRejected(f"product type must be {SIMPLE} or {CONFIGURABLE}, not {value.type!r}")
    problems: list[RecordProblem] = []
    sku = _sku(value.sku, what="SKU")
    contents = tuple(_content(content, what="product", problems=problems) for content in value.contents)
    if not any(content.name for content in contents):
        raise RecordRejected("product has no name")
    variations = tuple(_variation(variation, problems=problems) for variation in value.variations)
    skus = [variation.sku for variation in variations]
    repeated = sorted({s for s in skus if skus.count(s) > 1} | ({sku} & set(skus)))
    if repeated:
        raise RecordRejected(f"SKU used twice in one product: {', '.join(repeated)}")
    if value.is_configurable and not variations:
        raise RecordRejected("a configurable product needs at least one variation")
    stock = value.stock
    if stock is not None and any(level.quantity < 0 for level in stock):
        problems.append(RecordProblem("negative stock counted as 0"))
        stock = tuple(dataclasses.replace(level, quantity=max(0, level.quantity)) for level in stock)
    checked = dataclasses.replace(
        value,
        sku=sku,
        contents=contents,
        prices=_prices(value.prices, what="product", problems=problems),
        stock=stock,
        variations=variations,
    )
    return checked, problems

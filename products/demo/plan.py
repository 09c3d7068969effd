"""Pure, deterministic planning of a demo catalog: `build_plan(seed=..., products=..., languages=...)`.

No database access. Two ways to size it:

- `products=N` (the default mode): families are drawn until they total exactly N products,
  variations included (about 22% of families are configurables, 13% bundles, the rest simple);
- `listings=N, configurables=M`: exactly N families (top-level listings: what a sales channel
  lists), of which exactly M are configurables, each with 3-12 variations on top of the N; the
  other N - M are bundles and simple products in the default 13:65 ratio. The configurables are
  spread evenly over the listing numbers.

The plan is a list of families (a configurable with its variations, one
simple product, or one bundle), each a list of `ProductSpec` with every value already drawn from
one `random.Random(seed)`. The same arguments always give the same plan, so two companies seeded
with one seed hold the same SKUs, texts and prices. Property values, currencies, locations and
images are named by the keys of `products.demo.vocabulary`; the writer resolves them to ids.
"""

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from products.demo import vocabulary as words
from products.models import Product
from properties.models import Property

CONFIGURABLE_SHARE = 0.22  # of families; a configurable family holds 4-13 products
BUNDLE_SHARE = 0.13
MIN_VARIATIONS, MAX_VARIATIONS = 3, 12
EAN_PREFIX = "20"  # GS1 "restricted circulation" range: never a real retail product
PRICE_ENDING = Decimal("0.99")
RRP_FACTORS = (1.0, 1.0, 1.15, 1.25, 1.4)
VARIATION_SURCHARGES = (0, 0, 0, 2, 5)
BUNDLE_DISCOUNT = 0.85
SALE_SHARE, SALE_FACTOR = 0.1, 0.8


@dataclass(slots=True)
class Content:
    """A product's texts in one language."""

    name: str
    subtitle: str
    short_description: str
    description: str
    url_key: str
    bullet_points: list[str]


@dataclass(slots=True)
class ProductSpec:
    """Everything the writer needs to create one product and the rows that hang off it."""

    sku: str
    type: str
    product_type: str
    content: dict[str, Content]
    selects: dict[str, str] = field(default_factory=dict)
    multiselects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scalars: dict[str, int | float | bool] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    ean: str | None = None
    prices: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    sale_price: Decimal | None = None
    stock: tuple[int, ...] = ()
    images: tuple[str, ...] = ()
    parent_sku: str | None = None
    bundle_items: tuple[tuple[str, int], ...] = ()
    active: bool = True
    allow_backorder: bool = False


@dataclass(frozen=True, slots=True)
class _Identity:
    """The choices a product's texts are written from (shared by a configurable and its variations)."""

    brand: str
    model: str
    adjective: int
    description: int
    bullets: tuple[int, ...]


def ean13(*, body: str) -> str:
    """The 12-digit `body` followed by its GTIN check digit."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return f"{body}{(10 - total % 10) % 10}"


def image_key(*, color: str | None = None, lifestyle: str | None = None) -> str:
    """The key of a pool image: one per colour value, plus a few neutral pictures."""
    return f"color-{color}" if color else f"lifestyle-{lifestyle}"


def _charm(*, value: float) -> Decimal:
    """A shop price: the whole part of `value` plus .99 (never below 0.99)."""
    return Decimal(max(int(value), 0)) + PRICE_ENDING


def _pick(*, mapping: dict, language: str):
    return mapping.get(language) or mapping[words.FALLBACK_LANGUAGE]


_VALUE_KEYS = {key: tuple(spec.values) for key, spec in words.PROPERTIES.items()}
_VALUE_ORDER = {key: {value: index for index, value in enumerate(values)} for key, values in _VALUE_KEYS.items()}
_BRANDS = _VALUE_KEYS["brand"]
_LIFESTYLE = tuple(words.LIFESTYLE_IMAGES)


class _Planner:
    """Draws families from one random stream; the order of draws is the plan's contract."""

    def __init__(self, *, seed: int, languages: Sequence[str]):
        self.rng = random.Random(seed)
        self.languages = tuple(languages)
        self.ean_serial = 0
        self.bundle_candidates: list[tuple[str, float]] = []
        self.value_makers = {
            Property.Type.SELECT: lambda key: self.rng.choice(_VALUE_KEYS[key]),
            Property.Type.MULTISELECT: lambda key: tuple(self.rng.sample(_VALUE_KEYS[key], self.rng.randint(1, 3))),
            Property.Type.TEXT: lambda key: self._translated(labels=self.rng.choice(words.CARE_TEXTS)),
            Property.Type.INT: lambda key: self.rng.randint(80, 2400),
            Property.Type.FLOAT: lambda key: round(self.rng.uniform(4, 80), 1),
            Property.Type.BOOLEAN: lambda key: self.rng.random() < 0.5,
        }

    def listing(self, *, number: int, configurable: bool) -> list[ProductSpec]:
        """One family of the listings mode: a configurable when told, else a bundle or a simple."""
        if configurable:
            return self.configurable(number=number, remaining=MAX_VARIATIONS + 1)
        if self.rng.random() < BUNDLE_SHARE / (1 - CONFIGURABLE_SHARE) and len(self.bundle_candidates) >= 2:
            return [self.bundle(number=number)]
        return [self.simple(number=number)]

    def family(self, *, number: int, remaining: int) -> list[ProductSpec]:
        roll = self.rng.random()
        if roll < CONFIGURABLE_SHARE and remaining > MIN_VARIATIONS:
            return self.configurable(number=number, remaining=remaining)
        if roll < CONFIGURABLE_SHARE + BUNDLE_SHARE and len(self.bundle_candidates) >= 2:
            return [self.bundle(number=number)]
        return [self.simple(number=number)]

    # -- the three kinds of family ---------------------------------------------------------------

    def simple(self, *, number: int) -> ProductSpec:
        type_key = self.rng.choice(words.SIMPLE_TYPES)
        type_spec = words.PRODUCT_TYPES[type_key]
        identity = self._identity()
        spec = ProductSpec(f"{type_spec.code}-{number:05d}", Product.SIMPLE, type_key, {})
        spec.content = self._content(sku=spec.sku, type_key=type_key, identity=identity)
        self._properties(spec=spec, keys=self._rule_keys(type_spec=type_spec), brand=identity.brand)
        price = self.rng.uniform(*type_spec.price_range)
        self._commerce(spec=spec, price=price, stocked=True)
        spec.images = self._images(color=spec.selects.get("color"))
        self.bundle_candidates.append((spec.sku, price))
        return spec

    def configurable(self, *, number: int, remaining: int) -> list[ProductSpec]:
        type_key = self.rng.choice(words.CONFIGURABLE_TYPES)
        type_spec = words.PRODUCT_TYPES[type_key]
        identity = self._identity()
        parent = ProductSpec(f"{type_spec.code}-{number:05d}", Product.CONFIGURABLE, type_key, {})
        parent.content = self._content(sku=parent.sku, type_key=type_key, identity=identity)
        self._properties(spec=parent, keys=self._rule_keys(type_spec=type_spec), brand=identity.brand)
        count = self.rng.randint(MIN_VARIATIONS, min(MAX_VARIATIONS, remaining - 1))
        base_price = self.rng.uniform(*type_spec.price_range)
        family = [parent]
        for combination in self._axis_combinations(axes=type_spec.axes, count=count):
            selects = dict(zip(type_spec.axes, combination, strict=True))
            sku = "-".join((parent.sku, *(value.upper() for value in combination)))
            variation = ProductSpec(sku, Product.SIMPLE, type_key, {}, selects=selects, parent_sku=parent.sku)
            variation.content = self._content(sku=sku, type_key=type_key, identity=identity, axes=selects)
            price = base_price + self.rng.choice(VARIATION_SURCHARGES)
            self._commerce(spec=variation, price=price, stocked=True)
            variation.images = self._images(color=selects.get("color"))
            self.bundle_candidates.append((sku, price))
            family.append(variation)
        parent.images = self._images(color=family[1].selects.get("color"))
        return family

    def bundle(self, *, number: int) -> ProductSpec:
        type_spec = words.PRODUCT_TYPES[words.BUNDLE_TYPE]
        identity = self._identity()
        size = self.rng.randint(2, min(4, len(self.bundle_candidates)))
        items = [
            (sku, price, self.rng.choice((1, 1, 1, 2, 3)))
            for sku, price in self.rng.sample(self.bundle_candidates, size)
        ]
        spec = ProductSpec(f"{type_spec.code}-{number:05d}", Product.BUNDLE, words.BUNDLE_TYPE, {})
        spec.bundle_items = tuple((sku, quantity) for sku, _, quantity in items)
        spec.content = self._content(sku=spec.sku, type_key=words.BUNDLE_TYPE, identity=identity, bundle=True)
        self._properties(spec=spec, keys=self._rule_keys(type_spec=type_spec), brand=identity.brand)
        self._commerce(spec=spec, price=sum(price * qty for _, price, qty in items) * BUNDLE_DISCOUNT, stocked=False)
        spec.images = self._images(color=None)
        return spec

    # -- building blocks -------------------------------------------------------------------------

    def _identity(self) -> _Identity:
        return _Identity(
            brand=self.rng.choice(_BRANDS),
            model=self.rng.choice(words.MODEL_NAMES),
            adjective=self.rng.randrange(len(words.ADJECTIVES)),
            description=self.rng.randrange(len(words.DESCRIPTION_TEMPLATES["en"])),
            bullets=tuple(self.rng.sample(range(len(words.BULLET_POINTS)), 3)),
        )

    def _translated(self, *, labels: dict[str, str]) -> dict[str, str]:
        return {language: words.label(labels=labels, language=language) for language in self.languages}

    def _content(
        self, *, sku: str, type_key: str, identity: _Identity, axes: dict | None = None, bundle: bool = False
    ) -> dict[str, Content]:
        contents = {}
        for language in self.languages:
            type_name = words.label(labels=words.PRODUCT_TYPES[type_key].names, language=language)
            adjective = words.label(labels=words.ADJECTIVES[identity.adjective], language=language)
            values = {
                "brand": words.label(labels=words.PROPERTIES["brand"].values[identity.brand], language=language),
                "model": identity.model,
                "type": type_name,
                "type_lower": type_name.lower(),
                "adjective": adjective,
                "adjective_lower": adjective.lower(),
                "Adjective": adjective[:1].upper() + adjective[1:],
            }
            name = _pick(mapping=words.BUNDLE_NAMES if bundle else words.NAME_TEMPLATES, language=language).format(
                **values
            )
            if axes:
                labels = (
                    words.label(labels=words.PROPERTIES[key].values[value], language=language)
                    for key, value in axes.items()
                )
                name = f"{name} – {' / '.join(labels)}"
            description = _pick(mapping=words.DESCRIPTION_TEMPLATES, language=language)[identity.description].format(
                **values
            )
            contents[language] = Content(
                name=name,
                subtitle=_pick(mapping=words.SUBTITLE_TEMPLATES, language=language).format(**values),
                short_description=description.split(". ", 1)[0].rstrip(".") + ".",
                description=description,
                url_key=f"{slugify(name)[:200]}-{sku.lower()}",
                bullet_points=[
                    words.label(labels=words.BULLET_POINTS[index], language=language) for index in identity.bullets
                ],
            )
        return contents

    def _rule_keys(self, *, type_spec: words.ProductTypeSpec) -> tuple[str, ...]:
        optional = tuple(key for key in type_spec.optional if self.rng.random() < 0.5)
        return type_spec.required + optional

    def _properties(self, *, spec: ProductSpec, keys: Sequence[str], brand: str) -> None:
        for key in keys:
            prop_type = words.PROPERTIES[key].type
            value = brand if key == "brand" else self.value_makers[prop_type](key)
            if prop_type == Property.Type.SELECT:
                spec.selects[key] = value
            elif prop_type == Property.Type.MULTISELECT:
                spec.multiselects[key] = value
            elif prop_type == Property.Type.TEXT:
                spec.texts[key] = value
            else:
                spec.scalars[key] = value

    def _axis_combinations(self, *, axes: Sequence[str], count: int) -> list[tuple[str, ...]]:
        pools = [self.rng.sample(_VALUE_KEYS[axis], len(_VALUE_KEYS[axis])) for axis in axes]
        sizes = [2] * len(axes)
        while math.prod(sizes) < count:
            index = self.rng.randrange(len(axes))
            sizes[index] = min(sizes[index] + 1, len(pools[index]))
        chosen = [
            sorted(pool[:size], key=_VALUE_ORDER[axis].__getitem__)
            for axis, pool, size in zip(axes, pools, sizes, strict=True)
        ]
        combinations = list(itertools.product(*chosen))
        return [combinations[index] for index in sorted(self.rng.sample(range(len(combinations)), count))]

    def _commerce(self, *, spec: ProductSpec, price: float, stocked: bool) -> None:
        rrp = price * self.rng.choice(RRP_FACTORS)
        eur, gbp_rate = _charm(value=price), float(words.GBP_PER_EUR)
        gbp = _charm(value=price * gbp_rate)
        spec.prices = {"EUR": (eur, max(eur, _charm(value=rrp))), "GBP": (gbp, max(gbp, _charm(value=rrp * gbp_rate)))}
        if self.rng.random() < SALE_SHARE:
            spec.sale_price = min(eur, _charm(value=price * SALE_FACTOR))
        if stocked:
            main = 0 if self.rng.random() < 0.1 else self.rng.randint(1, 250)
            spec.stock = (main, self.rng.randint(0, 30))
        if spec.type != Product.CONFIGURABLE and self.rng.random() < 0.92:
            self.ean_serial += 1
            spec.ean = ean13(body=f"{EAN_PREFIX}{self.ean_serial:010d}")
        spec.active = self.rng.random() < 0.97
        spec.allow_backorder = self.rng.random() < 0.1

    def _images(self, *, color: str | None) -> tuple[str, ...]:
        if self.rng.random() < 0.03:
            return ()
        main_lifestyle = None if color else self.rng.choice(_LIFESTYLE)
        main = image_key(color=color, lifestyle=main_lifestyle)
        extras = [name for name in self.rng.sample(_LIFESTYLE, self.rng.randint(0, 2)) if name != main_lifestyle]
        return (main, *(image_key(lifestyle=name) for name in extras))


def build_plan(
    *,
    seed: int,
    products: int = 0,
    languages: Sequence[str],
    listings: int | None = None,
    configurables: int | None = None,
) -> list[list[ProductSpec]]:
    """Families drawn from `random.Random(seed)`: totalling exactly `products` products, or, when
    `listings` is given, exactly `listings` families of which exactly `configurables` are configurables
    (their variations come on top; `configurables` defaults to the usual 22% share of `listings`)."""
    if listings is not None:
        if configurables is None:
            configurables = round(listings * CONFIGURABLE_SHARE)
        return _listing_plan(seed=seed, listings=listings, configurables=configurables, languages=languages)
    if configurables is not None:
        raise ValueError("The number of configurables can only be set together with the number of listings.")
    planner = _Planner(seed=seed, languages=languages)
    families: list[list[ProductSpec]] = []
    planned = 0
    while planned < products:
        family = planner.family(number=len(families) + 1, remaining=products - planned)
        families.append(family)
        planned += len(family)
    return families


def configurable_positions(*, listings: int, configurables: int) -> list[bool]:
    """For each listing, whether it is a configurable: exactly `configurables` of them, evenly spread."""
    return [(index + 1) * configurables // listings > index * configurables // listings for index in range(listings)]


def _listing_plan(*, seed: int, listings: int, configurables: int, languages: Sequence[str]) -> list[list[ProductSpec]]:
    if listings < 0:
        raise ValueError("The number of listings cannot be negative.")
    if not 0 <= configurables <= listings:
        raise ValueError(f"The number of configurables must be between 0 and {listings} (the listings).")
    planner = _Planner(seed=seed, languages=languages)
    return [
        planner.listing(number=index + 1, configurable=configurable)
        for index, configurable in enumerate(configurable_positions(listings=listings, configurables=configurables))
    ]

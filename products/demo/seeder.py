"""Seed a demo catalog: reference data, a deterministic plan, then bulk inserts, in one transaction.

`seed_demo_catalog()` is what `manage.py seed_demo_catalog` and `benchmarks/seed.py` call.
Rows are written with `bulk_create`, which sends no model signals: the seeded catalog does not
emit `catalog_changed` and queues no sales-channel sync. Run it again with the same arguments and
it reuses every row it finds (by SKU, name, ISO code, label or content hash) and creates nothing.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from products.demo.plan import build_plan
from products.demo.reference import build_context
from products.demo.writer import CatalogWriter

DEFAULT_SEED = 42
DEFAULT_LANGUAGES = ("en", "nl")


@dataclass(frozen=True)
class SeedResult:
    """What one seeding run did: the company and user, rows created per model, products skipped, timings."""

    company_id: int
    username: str
    planned: int
    skipped: int
    created: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    listings: int = 0  # families of the plan: top-level products (configurables, simple, bundles)

    @property
    def created_products(self) -> int:
        return self.created.get("products.Product", 0)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def parse_language_codes(*, value: str | Sequence[str]) -> tuple[str, ...]:
    """Validated, de-duplicated language codes (the first becomes the company's default language)."""
    codes = value.split(",") if isinstance(value, str) else list(value)
    cleaned = tuple(dict.fromkeys(code.strip().lower() for code in codes if code.strip()))
    known = {code for code, _ in settings.LANGUAGES}
    unknown = [code for code in cleaned if code not in known]
    if not cleaned or unknown:
        raise ValueError(
            f"Language codes must be among {', '.join(sorted(known))}; got {', '.join(unknown) or 'none'}."
        )
    return cleaned


def seed_demo_catalog(
    *,
    company_name: str,
    products: int | None = None,
    seed: int = DEFAULT_SEED,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    username: str = "demo",
    listings: int | None = None,
    configurables: int | None = None,
) -> SeedResult:
    """Create (or complete) the demo company `company_name` with a catalog sized one of two ways.

    `products=N`: N products in total, variations included, in the default mix.
    `listings=N, configurables=M`: exactly N top-level products (the listings a channel shows), exactly
    M of them configurables whose 3-12 variations each come on top of N; the rest bundles and simple
    products. `configurables` defaults to 22% of `listings`.
    """
    if listings is None and products is None:
        raise ValueError("Give either the number of products or the number of listings.")
    if listings is not None and products is not None:
        raise ValueError("Give either the number of products or the number of listings, not both.")
    if listings is None and configurables is not None:
        raise ValueError("The number of configurables can only be set together with the number of listings.")
    if (products or 0) < 0 or (listings or 0) < 0:
        raise ValueError("The number of products cannot be negative.")
    if listings is not None and configurables is not None and not 0 <= configurables <= listings:
        raise ValueError(f"The number of configurables must be between 0 and {listings} (the listings).")
    languages = parse_language_codes(value=languages)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        context = build_context(company_name=company_name, languages=languages, username=username)
        seconds["reference data"] = time.perf_counter() - started
        mark = time.perf_counter()
        families = build_plan(
            seed=seed, products=products or 0, languages=languages, listings=listings, configurables=configurables
        )
        seconds["plan"] = time.perf_counter() - mark
        mark = time.perf_counter()
        writer = CatalogWriter(context=context)
        created = writer.write(families=families)
        seconds["insert"] = time.perf_counter() - mark
        mark = time.perf_counter()
    seconds["commit"] = time.perf_counter() - mark
    return SeedResult(
        company_id=context.company.pk,
        username=context.user.username,
        planned=sum(len(family) for family in families),
        skipped=writer.skipped,
        created=dict(created),
        seconds=seconds,
        listings=len(families),
    )

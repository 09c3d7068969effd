"""What the integrations' demo tests share: a small seeded demo company and the checks of a first run and a rerun."""

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

from django.db.models import Model

from core.models import MultiTenantCompany
from products.demo.seeder import seed_demo_catalog
from sales_channels.models import RemoteProduct, SyncTask

SUMMARY = re.compile(
    r"^(\d+) created, (\d+) linked, (\d+) updated, (\d+) unchanged, (\d+) failed, (\d+) HTTP calls, [\d.]+ s$"
)
FIGURES = ("created", "linked", "updated", "unchanged", "failed", "calls")


def figures(line: str) -> dict[str, int]:
    """The numbers of a demo's summary line by name (`calls` for the HTTP calls); fails on any other line."""
    match = SUMMARY.match(line)
    assert match, line
    return dict(zip(FIGURES, map(int, match.groups()), strict=True))


@dataclass(frozen=True)
class DemoUnderTest:
    """One integration's demo as its test runs it: on a small seeded catalog, its sandbox on an ephemeral port."""

    module: ModuleType
    run: Callable[..., str]
    channel_model: type[Model]
    port_variable: str
    company_name: str
    products: int = 12
    push_limit: int = 8


@dataclass(frozen=True)
class DemoRuns:
    """What a checked demo and its rerun left: the company, both runs' figures and the first run's text."""

    company: MultiTenantCompany
    first: dict[str, int]
    second: dict[str, int]
    text: str


def seeded_demo_company(*, monkeypatch, demo: DemoUnderTest) -> MultiTenantCompany:
    """A company with a small seeded demo catalog; the demo pushes at most `push_limit` and its sandbox binds port 0."""
    monkeypatch.setattr(demo.module, "PUSH_LIMIT", demo.push_limit)
    monkeypatch.setenv(demo.port_variable, "0")  # tests never bind fixed ports
    result = seed_demo_catalog(company_name=demo.company_name, products=demo.products)
    return MultiTenantCompany.objects.get(pk=result.company_id)


def check_demo_and_rerun(
    *, demo: DemoUnderTest, monkeypatch, expected: Sequence[str], rerun_linked: int = 3
) -> DemoRuns:
    """Run the demo twice on a freshly seeded company and check both runs.

    The first run prints every `expected` text, shows its live change arrive, fails nothing, creates the
    imported products plus at least one pushed, and calls the vendor; the rerun reuses the one channel, fails
    nothing and links at least `rerun_linked` products of its fresh sandbox again by SKU.
    """
    company = seeded_demo_company(monkeypatch=monkeypatch, demo=demo)
    out = io.StringIO()
    first = figures(demo.run(company=company, stdout=out))
    text = out.getvalue()
    for fragment in expected:
        assert fragment in text, text
    assert "arrived" in text, text
    assert "NOT arrived" not in text, text
    assert first["failed"] == 0, (text, list(SyncTask.objects.exclude(status="succeeded").values("usage", "error")))
    assert first["created"] >= 3 + 1
    assert first["calls"] > 0
    channels = demo.channel_model._default_manager.filter(multi_tenant_company=company)
    channel = channels.get()

    second = figures(demo.run(company=company, stdout=io.StringIO()))

    assert channels.count() == 1
    assert second["failed"] == 0
    assert second["linked"] >= rerun_linked
    assert RemoteProduct.objects.filter(sales_channel=channel, parent=None).exists()
    return DemoRuns(company=company, first=first, second=second, text=text)

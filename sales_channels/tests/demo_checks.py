"""What the integrations' demo tests share: a small seeded demo company and the checks of a first run and a rerun."""

import io
import re
from collections.abc import Callable, Sequence
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


def seeded_demo_company(
    *, monkeypatch, demo_module: ModuleType, port_variable: str, name: str, products: int, push_limit: int
) -> MultiTenantCompany:
    """A company with a small seeded demo catalog; the demo pushes at most `push_limit` and its sandbox binds port 0."""
    monkeypatch.setattr(demo_module, "PUSH_LIMIT", push_limit)
    monkeypatch.setenv(port_variable, "0")  # tests never bind fixed ports
    result = seed_demo_catalog(company_name=name, products=products)
    return MultiTenantCompany.objects.get(pk=result.company_id)


def check_demo_and_rerun(
    *,
    run_demo: Callable[..., str],
    company: MultiTenantCompany,
    channel_model: type[Model],
    expected: Sequence[str],
    rerun_linked: int = 3,
) -> tuple[dict[str, int], dict[str, int], str]:
    """Run the demo twice on one company and check both runs; (first figures, rerun figures, first run's text).

    The first run prints every `expected` text, shows its live change arrive, fails nothing, creates the
    imported products plus at least one pushed, and calls the vendor; the rerun reuses the one channel, fails
    nothing and links at least `rerun_linked` products of its fresh sandbox again by SKU.
    """
    out = io.StringIO()
    first = figures(run_demo(company=company, stdout=out))
    text = out.getvalue()
    for fragment in expected:
        assert fragment in text, text
    assert "arrived" in text, text
    assert "NOT arrived" not in text, text
    assert first["failed"] == 0, (text, list(SyncTask.objects.exclude(status="succeeded").values("usage", "error")))
    assert first["created"] >= 3 + 1
    assert first["calls"] > 0
    channel = channel_model._default_manager.get(multi_tenant_company=company)

    second = figures(run_demo(company=company, stdout=io.StringIO()))

    assert channel_model._default_manager.filter(multi_tenant_company=company).count() == 1
    assert second["failed"] == 0
    assert second["linked"] >= rerun_linked
    assert RemoteProduct.objects.filter(sales_channel=channel, parent=None).exists()
    return first, second, text

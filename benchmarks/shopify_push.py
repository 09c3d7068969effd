"""Benchmark the Shopify push: `.venv/bin/python benchmarks/shopify_push.py [--listings 1000 --configurables 300]`.

By default the catalog holds exactly 1,000 listings (top-level products), 300 of them configurables
with 3-12 variations each (the variations come on top), the rest bundles and simple products: the
issue's benchmark. `--listings N [--configurables M]` shrinks it (M defaults to 30% of N);
`--products N` seeds the demo seeder's default mix of N products in total, variations included.

Starts a Shopify sandbox with the Standard plan's cost budget (bucket 2,000 points, restore 100
points/s: the sandbox defaults), seeds the demo catalog (`seed_demo_catalog`: simple products,
configurables with their variations, bundles, images, properties, en + nl) into a throwaway SQLite
database, assigns every listing to the Online Store and pushes them with the task runner a worker
uses (`execute_sync_tasks` on batches of the spec's `max_batch_size`, then `dispatch_due` for the
tasks deferred by `RateLimited`; the loop waits until the next `next_run_at`, a worker never sleeps).

Prints, for the creation of every listing and then for an update of one field (each listing's price,
a configurable's first variation's): calls per listing (targets <= 3.0 and <= 1.5), cost points per
listing (target <= 39), listings per second and the budget use (cost points spent per second divided
by the restore rate, target >= 0.9: the vendor budget is the limit), the calls by operation and the
failures (target 0); and the resync of the unchanged catalog in between (target: zero calls).
"""

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LISTINGS = 1000
DEFAULT_CONFIGURABLE_SHARE = 0.3
OPERATION_NAME = re.compile(r"\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)")


class DisableMigrations:
    """MIGRATION_MODULES value that makes `migrate --run-syncdb` create every table from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


class SpentPoints:
    """Wraps the sandbox bucket to count the cost points actually spent (taken minus refunded)."""

    def __init__(self, bucket) -> None:
        self.points = 0.0
        self.throttled = 0  # calls answered THROTTLED (the requested cost did not fit in the bucket)
        take, refund = bucket.take, bucket.refund

        def counted_take(cost: float) -> bool:
            granted = take(cost)
            if granted:
                self.points += cost
            else:
                self.throttled += 1
            return granted

        def counted_refund(points: float) -> None:
            self.points -= max(0.0, points)
            refund(points)

        bucket.take, bucket.refund = counted_take, counted_refund


class PointsByOperation:
    """Wraps the sandbox's GraphQL endpoint to add up the actual cost of each operation (by operation name)."""

    def __init__(self, endpoint) -> None:
        self.points: dict[str, float] = {}
        handle = endpoint.handle

        def counted_handle(request):
            reply = handle(request)
            cost = (json.loads(reply.body).get("extensions") or {}).get("cost") or {}
            found = OPERATION_NAME.search(request.query)
            name = request.operation_name or (found.group(1) if found else "?")
            self.points[name] = self.points.get(name, 0.0) + float(cost.get("actualQueryCost") or 0)
            return reply

        endpoint.handle = counted_handle

    def per_listing(self, listings: int) -> dict[str, float]:
        """Points per listing of each operation, the most expensive first."""
        found = {name: round(points / max(listings, 1), 1) for name, points in self.points.items()}
        return dict(sorted(found.items(), key=lambda item: -item[1]))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=None, help="Top-level products to seed (default 1000).")
    parser.add_argument(
        "--configurables", type=int, default=None, help="Configurables among the listings (default 30%% of them)."
    )
    parser.add_argument(
        "--products",
        type=int,
        default=None,
        help="Instead of --listings: products in total, variations included, in the seeder's default mix.",
    )
    parser.add_argument(
        "--bulk-threshold",
        type=int,
        default=0,
        help="The channel's bulk threshold: 0 measures the live path; e.g. 250 sends the pushes as bulk mutations.",
    )
    parser.add_argument(
        "--progress-every", type=float, default=30.0, help="Seconds between progress lines while pushing."
    )
    args = parser.parse_args(argv)
    if args.products is not None and (args.listings is not None or args.configurables is not None):
        parser.error("--products cannot be combined with --listings or --configurables")
    if args.products is None:
        args.listings = DEFAULT_LISTINGS if args.listings is None else args.listings
        if args.configurables is None:
            args.configurables = round(args.listings * DEFAULT_CONFIGURABLE_SHARE)
    return args


def _setup(*, workdir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'shopify-push.sqlite3'}"
    os.environ.setdefault("ONESILA_MEDIA_ROOT", str(workdir / "media"))
    sys.path.insert(0, str(ROOT))
    settings.MEDIA_ROOT = str(workdir / "media")
    django.setup()
    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


def _connect(*, sandbox, company, bulk_threshold: int = 0):
    """A connected channel on the sandbox (`shopify_push_run.connect`; for benchmarks that configure Django first)."""
    return _runner().connect(sandbox=sandbox, company=company, bulk_threshold=bulk_threshold)


def _queue(*, channel, view, usage: str) -> int:
    """Assign every listing and queue `usage` for each (`shopify_push_run.queue_listings`)."""
    return _runner().queue_listings(channel=channel, view=view, usage=usage)


def _runner():
    """The benchmark's Django half, imported once `_setup` has configured Django."""
    from benchmarks import shopify_push_run  # noqa: PLC0415 - it imports Django models: only after _setup()

    return shopify_push_run


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="shopify-push-") as tmp:
        _setup(workdir=Path(tmp))
        return _runner().run(args)


if __name__ == "__main__":
    raise SystemExit(main())

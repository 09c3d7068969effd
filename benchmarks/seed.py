"""Benchmark the demo seeder: `.venv/bin/python benchmarks/seed.py [--products 10000] [--seed 42]`.

Runs under `OneSila.settings.local` against a throwaway database, never the developer's one:
a fresh SQLite file in a temporary directory by default, or, when `DATABASE_URL` names a
server database (PostgreSQL), Django's test database next to it (`test_<name>`, dropped after).
Media files go to the temporary directory too. Prints wall seconds, products per second, SQL
statements executed and peak memory (process max RSS, and the Python heap peak with --tracemalloc).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class QueryCounter:
    """A `connection.execute_wrapper` that counts the statements sent to the database."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--language-codes", default="en,nl")
    parser.add_argument("--tracemalloc", action="store_true", help="Also trace the Python heap (slower).")
    return parser.parse_args(argv)


def _max_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _setup(*, workdir: Path) -> bool:
    """Configure Django for a throwaway database; True when it is a server test database to drop."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.local")
    url = os.environ.get("DATABASE_URL", "")
    uses_server = bool(url) and not url.startswith("sqlite")
    if not uses_server:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return uses_server


def _measure(*, options: argparse.Namespace, workdir: Path) -> tuple:
    """Seed once with the statement counter installed; (result, wall seconds, counter, RSS before, heap peak)."""
    from django.db import connection
    from django.test.utils import override_settings

    from products.demo.seeder import seed_demo_catalog

    counter = QueryCounter()
    rss_before = _max_rss_mib()
    if options.tracemalloc:
        tracemalloc.start()
    with override_settings(MEDIA_ROOT=workdir / "media"), connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = seed_demo_catalog(
            company_name="Benchmark", products=options.products, seed=options.seed, languages=options.language_codes
        )
        wall = time.perf_counter() - started
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if options.tracemalloc else 0.0
    tracemalloc.stop()
    return result, wall, counter, rss_before, heap_peak


def run(*, options: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Migrate a throwaway database, seed it, and return the measurements."""
    uses_server = _setup(workdir=workdir)
    from django.core.management import call_command
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    if uses_server:
        # serialize=False: no TestCase will ask for the database's initial contents.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        result, wall, counter, rss_before, heap_peak = _measure(options=options, workdir=workdir)
    finally:
        if uses_server:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    return {
        "database": connection.vendor,
        "products": result.created_products,
        "wall_seconds": wall,
        "products_per_second": result.created_products / wall if wall else 0.0,
        "queries": counter.count,
        "max_rss_mib": _max_rss_mib(),
        "rss_growth_mib": _max_rss_mib() - rss_before,
        "heap_peak_mib": heap_peak,
        "rows": sum(result.created.values()),
        **{f"{step} seconds": seconds for step, seconds in result.seconds.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per figure."""
    options = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="onesila-seed-benchmark-") as tmp:
        figures = run(options=options, workdir=Path(tmp))
    for name, value in figures.items():
        if not options.tracemalloc and name == "heap_peak_mib":
            continue
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"{name:>24}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

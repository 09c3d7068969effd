"""Benchmark the demo seeder: `.venv/bin/python benchmarks/seed.py [--products 10000] [--seed 42]`.

Runs under `OneSila.settings.agent` (through `bench_setup`) against a throwaway database, never the developer's one:
a fresh SQLite file in a temporary directory by default, or, when `DATABASE_URL` names a
server database (PostgreSQL), Django's test database next to it (`test_<name>`, dropped after).
Media files go to the temporary directory too. Prints wall seconds, products per second, SQL
statements executed and peak memory (process max RSS, and the Python heap peak with --tracemalloc).
"""

import argparse
import resource
import sys
import time
import tracemalloc

import bench_setup  # first: sets up Django before the models below are imported

# isort: split
from django.db import connection
from django.test.utils import override_settings

from products.demo.seeder import seed_demo_catalog


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


def _measure(*, options: argparse.Namespace) -> tuple:
    """Seed once with the statement counter installed; (result, wall seconds, counter, RSS before, heap peak)."""
    counter = bench_setup.QueryCounter()
    rss_before = _max_rss_mib()
    if options.tracemalloc:
        tracemalloc.start()
    with override_settings(MEDIA_ROOT=bench_setup.WORKDIR / "media"), connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = seed_demo_catalog(
            company_name="Benchmark", products=options.products, seed=options.seed, languages=options.language_codes
        )
        wall = time.perf_counter() - started
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if options.tracemalloc else 0.0
    tracemalloc.stop()
    return result, wall, counter, rss_before, heap_peak


def run(*, options: argparse.Namespace) -> dict[str, object]:
    """Migrate a throwaway database, seed it, and return the measurements."""
    original_name = bench_setup.create_tables(run_migrations=True)
    try:
        result, wall, counter, rss_before, heap_peak = _measure(options=options)
    finally:
        bench_setup.drop_tables(original_name=original_name)
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
    figures = run(options=options)
    for name, value in figures.items():
        if not options.tracemalloc and name == "heap_peak_mib":
            continue
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"{name:>24}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the Shopify catalog import: `.venv/bin/python benchmarks/shopify_import.py [--products 600]`.

Fills a Shopify sandbox with N products (two thirds simple, one third configurables with four
variants in two options, each with an image and stock), then imports them into an empty company
with the paginated import (`products`) and, into a second company, the bulk import
(`products_bulk`). Prints per kind: status, created/failed counts against the sandbox's count,
wall time, database queries per product (the catalog writer writes a page in a constant number
of queries, so this stays flat in N) and GraphQL calls.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.shopify_push import _setup  # noqa: E402 - the path is set just above


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=600, help="products in the sandbox shop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="shopify-import-") as tmp:
        _setup(workdir=Path(tmp))
        from benchmarks import shopify_import_run  # noqa: PLC0415 - it imports Django models: only after _setup()

        return shopify_import_run.run(products=args.products)


if __name__ == "__main__":
    raise SystemExit(main())

"""Push with several workers sharing one shop's budget: `.venv/bin/python benchmarks/throttle_workers.py`.

Seeds the demo catalog (`--listings 200`, 30 % configurables), starts a Shopify sandbox with the
Standard plan's budget (bucket 2,000 points, restore 100 points/s), connects a channel and pushes
every listing with `--workers 4` worker threads, each running due tasks in batches exactly like a
Huey worker (`execute_sync_tasks`, which claims tasks atomically, so two workers never run the
same one). Every worker has its own client and session; they share only the channel's throttle
bucket (Redis when `REDIS_URL` is set, else the database row) and its learnt per-document costs.

Prints the throttled share (THROTTLED answers / GraphQL calls, target <= 1 %), budget use (cost
points the sandbox actually charged per second / restore rate, target >= 0.9, also without the
initial full bucket), calls, tasks retried and failures.

Runs on a throwaway SQLite file by default; `--database-url postgres://.../net_bench` runs on a
PostgreSQL database you created (its tables are created with `migrate --run-syncdb`).
"""

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.shopify_push import DisableMigrations  # noqa: E402


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--listings", type=int, default=200, help="Top-level products to push (default 200).")
    parser.add_argument("--workers", type=int, default=4, help="Worker threads (default 4).")
    parser.add_argument("--database-url", default="", help="A PostgreSQL database you created (default: SQLite).")
    return parser.parse_args(argv)


def _setup(*, workdir: Path, database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'throttle-workers.sqlite3'}"
    settings.MEDIA_ROOT = str(workdir / "media")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # As the settings configure a SQLite file (a URL gives neither): workers wait for the write lock.
        settings.DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    django.setup()
    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="throttle-workers-") as tmp:
        _setup(workdir=Path(tmp), database_url=args.database_url)
        # The push imports models at its top, so it is loaded once Django is set up.
        importlib.import_module("benchmarks.throttle_workers_run").run(args=args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

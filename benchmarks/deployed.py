"""The `--deployed` mode of the push benchmarks, before Django is set up: PostgreSQL, Redis and worker settings.

A push benchmark runs embedded by default (a throwaway SQLite file, the task runner called in its own
process). With `--deployed` it runs on the production path instead:

- the database is the PostgreSQL one `DATABASE_URL` names; its name must start with `bench_` since
  the benchmark drops and recreates it (the tables come from the models, as in the embedded mode);
- Huey is Redis-backed on the database `REDIS_URL` names, which the benchmark empties first (queue,
  throttle buckets, learnt costs): give it a database of its own, never 0;
- `--workers` consumer processes (`manage.py run_huey`, `--threads` threads each) run every task,
  retry and vendor-job poll (`benchmarks/deployed_workers.py`), with the settings module
  `benchmarks.deployed_settings` (the developer settings, DEBUG off) shared by the benchmark process.

This module imports nothing from the project, so `bench_setup` and the scripts with their own setup
call `configure` (checks, settings) and `reset` (the servers) before Django connects.
"""

import argparse
import base64
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import redis
from psycopg import sql

FLAG = "--deployed"
SETTINGS_MODULE = "benchmarks.deployed_settings"
SHARED_SETTINGS_VARIABLE = "ONESILA_BENCHMARK_SETTINGS"
DATABASE_PREFIX = "bench_"
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 1


class DeployedModeError(Exception):
    """The environment cannot run a benchmark as deployed (the message says what to set)."""


def requested(argv: list[str] | None = None) -> bool:
    """True when the command line asks for the deployed mode (read before argparse, to set Django up)."""
    return FLAG in (sys.argv[1:] if argv is None else argv)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the deployed mode, for a benchmark's parser."""
    group = parser.add_argument_group("as deployed")
    group.add_argument(
        FLAG,
        action="store_true",
        help="Run on PostgreSQL (DATABASE_URL, a database named bench_...) with Redis-backed Huey (REDIS_URL, "
        "a database of its own) and worker processes, instead of SQLite in this process.",
    )
    group.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="With --deployed: Huey consumer processes (default 2)."
    )
    group.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS, help="With --deployed: worker threads per process (default 1)."
    )


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse worker counts the deployed mode cannot use."""
    if args.deployed and (args.workers < 2 or args.threads < 1):
        parser.error("--deployed needs --workers 2 or more and --threads 1 or more")


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise DeployedModeError(
            "--deployed needs DATABASE_URL to name a PostgreSQL database, "
            "e.g. postgres://postgres@127.0.0.1:5432/bench_deployed_woo."
        )
    database = dj_database_url.parse(url)
    if not str(database["NAME"]).startswith(DATABASE_PREFIX):
        raise DeployedModeError(
            f"--deployed drops and recreates the database DATABASE_URL names ({database['NAME']}): "
            f"give it a name starting with {DATABASE_PREFIX!r}."
        )
    return database


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis://"):
        raise DeployedModeError("--deployed needs REDIS_URL, e.g. redis://127.0.0.1:6379/10.")
    database = urlsplit(url).path.strip("/")
    if not database.isdigit() or int(database) == 0:
        raise DeployedModeError(
            "--deployed empties the Redis database REDIS_URL names: name one of its own (not 0), "
            "e.g. redis://127.0.0.1:6379/10."
        )
    return url


def _recreate_database(database: dict) -> None:
    """Drop and create the benchmark's database (connected to the server's `postgres` database)."""
    with psycopg.connect(
        dbname="postgres",
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        name = sql.Identifier(database["NAME"])
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def configure(*, media_root: str) -> None:
    """Check the environment and point Django at the deployed settings (nothing is changed on the servers)."""
    _database()
    _redis_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["ONESILA_MEDIA_ROOT"] = media_root
    os.environ["DEBUG"] = "0"
    # A key of the run, as production sets one; the workers inherit it with the environment.
    os.environ.setdefault("ONESILA_ENCRYPTION_KEY", f"bench:{base64.b64encode(os.urandom(32)).decode()}")


def reset() -> None:
    """Recreate the benchmark's database empty and empty its Redis database (before Django connects)."""
    _recreate_database(_database())
    redis.Redis.from_url(_redis_url()).flushdb()


def share_settings(**values: object) -> None:
    """Settings the benchmark changes for its worker processes too (read by `benchmarks.deployed_settings`).

    Call it before the workers start; the benchmark's own process sets them on `django.conf.settings`.
    """
    shared = json.loads(os.environ.get(SHARED_SETTINGS_VARIABLE) or "{}")
    shared.update(values)
    os.environ[SHARED_SETTINGS_VARIABLE] = json.dumps(shared)


def run_in_workdir(
    *,
    args: argparse.Namespace,
    prefix: str,
    setup: Callable[..., None],
    run: Callable[[argparse.Namespace], int],
) -> int:
    """Set Django up in a throwaway folder (`setup(workdir=, as_deployed=)`), then run the scenario.

    Returns the scenario's exit code, or 2 with the reason on stderr when the deployed mode cannot start.
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        try:
            setup(workdir=Path(tmp), as_deployed=args.deployed)
        except DeployedModeError as error:
            print(f"Cannot run as deployed: {error}", file=sys.stderr)
            return 2
        return run(args)

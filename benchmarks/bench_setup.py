"""Django for a benchmark script, set up on import: `import bench_setup` first, then the models at top level.

A benchmark runs as `.venv/bin/python benchmarks/<name>.py`, so this sibling module is found on the
script's own path. Importing it puts the project root on `sys.path`, selects `OneSila.settings.agent`
(unless `DJANGO_SETTINGS_MODULE` says otherwise), points the database at a throwaway SQLite file in
a temporary directory (removed at exit) unless `DATABASE_URL` names a server, keeps media in that
directory, and runs `django.setup()`. The script then creates its tables with `create_tables` and,
on a server, drops its test database with `drop_tables`.

With `--deployed` on the command line (`benchmarks/deployed.py`) the run is as deployed instead: the
PostgreSQL database `DATABASE_URL` names is recreated and used directly (no test database), Huey and
the throttle run on Redis, and the settings are `benchmarks.deployed_settings`, which the script's
worker processes share.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="onesila-benchmark-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import deployed  # noqa: E402 - after the path is set; it imports nothing of the project

DEPLOYED = deployed.requested()
_url = os.environ.get("DATABASE_URL", "")
USES_SERVER = bool(_url) and not _url.startswith("sqlite")
if DEPLOYED:
    try:
        deployed.configure(media_root=str(WORKDIR / "media"))
    except deployed.DeployedModeError as error:
        sys.exit(f"Cannot run as deployed: {error}")
else:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
    if not USES_SERVER:
        os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'benchmark.sqlite3'}"
    os.environ.setdefault("ONESILA_MEDIA_ROOT", str(WORKDIR / "media"))

import django  # noqa: E402 - the environment above must be in place before Django reads its settings

django.setup()

from django.conf import settings  # noqa: E402 - after django.setup(), as every import below
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

settings.MEDIA_ROOT = str(WORKDIR / "media")


class DisableMigrations:
    """MIGRATION_MODULES value that makes `migrate --run-syncdb` create every table from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


class QueryCounter:
    """A `connection.execute_wrapper` that counts the statements sent to the database."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def create_tables(*, run_migrations: bool = False) -> str:
    """Create the schema (from the models, or by running the migrations); the database's original name.

    On a server this is Django's test database (dropped by `drop_tables`); on SQLite the throwaway file;
    with `--deployed` the database `DATABASE_URL` names, recreated empty here (kept afterwards).
    """
    name = connection.settings_dict["NAME"]
    if not run_migrations:
        settings.MIGRATION_MODULES = DisableMigrations()
    if DEPLOYED:
        connection.close()
        deployed.reset()
        call_command("migrate", run_syncdb=not run_migrations, verbosity=0)
    elif USES_SERVER:
        # serialize=False: no TestCase will ask for the database's initial contents.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", run_syncdb=not run_migrations, verbosity=0)
    return name


def drop_tables(*, original_name: str) -> None:
    """Drop the server test database `create_tables` made (nothing to do on SQLite: the file goes at exit).

    The deployed mode's database stays for inspection; the next run recreates it."""
    if USES_SERVER and not DEPLOYED:
        connection.creation.destroy_test_db(original_name, verbosity=0)

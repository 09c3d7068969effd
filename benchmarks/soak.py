"""Soak test: `.venv/bin/python benchmarks/soak.py [--integration shopify] [--listings 300] [--workers 2]`.

For every registered integration whose spec has a `sandbox` entry (or the one named):

1. seeds a catalog (`seed_demo_catalog`, 30 % configurables) into the database of the settings
   (`DATABASE_URL` when set, else `var/soak.sqlite3`; Huey on Redis when `REDIS_URL` is set, else
   the embedded SQLite Huey in `var/`), with `OneSila.settings.local`;
2. starts the integration's sandbox in test mode and connects a channel through its real auth flow
   (`SandboxSpec.soak_connect`);
3. starts `--workers` worker processes (`manage.py run_huey`), queues every listing, and switches
   faults on over HTTP (`POST /__sandbox__/faults`: `--fault-rate` split over 5xx, 429, timeouts,
   truncated JSON and revoked tokens); the vendor read timeout is shortened to meet the timeouts;
4. kills the busiest worker (most CPU over half a second) with SIGKILL when a third and two thirds
   of the listings are at the vendor (`--kills`), starting a new one each time, switches faults
   off at the end and lets retries drain (at most `--drain` seconds; `dispatch_due` runs every few
   seconds here, as the periodic task would each minute);
5. prints: listings expected / present once / missing / duplicated (from `GET /__sandbox__/state`,
   a listing is matched by its SKUs), mirrors in error with their causes, tasks stuck, calls,
   throttled share, budget use (points the sandbox charged per second over its restore rate, for
   sandboxes with a cost bucket: overall and until every listing was present), and seconds to
   drain after each kill.
"""

import argparse
import importlib
import os
import sys
from pathlib import Path

import django
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
READ_TIMEOUT_SECONDS = 3.0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--integration", default="", help="One integration (default: every one with a sandbox).")
    parser.add_argument("--listings", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="Worker processes (manage.py run_huey).")
    parser.add_argument("--threads", type=int, default=2, help="Worker threads per process.")
    parser.add_argument("--fault-rate", type=float, default=0.05, help="Share of vendor calls faulted.")
    parser.add_argument("--kills", type=int, default=2, help="Workers killed with SIGKILL mid-push.")
    parser.add_argument("--drain", type=float, default=300.0, help="Seconds allowed to drain after the push.")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "OneSila.settings.local"
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'soak.sqlite3'}")
    env["SALES_CHANNELS_READ_TIMEOUT_SECONDS"] = str(READ_TIMEOUT_SECONDS)
    env["DEBUG"] = "0"
    return env


def _setup(env: dict[str, str]) -> None:
    """A fresh database (SQLite) or queue (embedded Huey), Django set up on them and migrated."""
    os.environ.update(env)
    (ROOT / "var").mkdir(exist_ok=True)
    if env["DATABASE_URL"].startswith("sqlite:"):
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    if not env.get("REDIS_URL"):
        (ROOT / "var" / "huey.sqlite3").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    django.setup()
    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = _environment()
    _setup(env)
    # The scenario imports models and the Huey queue at its top, so it is loaded once Django is set up.
    scenario = importlib.import_module("benchmarks.soak_scenario")
    specs = scenario.soak_specs(integration=args.integration)
    if not specs:
        print("no registered integration with a sandbox matches", file=sys.stderr)
        return 2
    scenario.flush_queue(env=env)
    for spec in specs:
        scenario.soak(spec=spec, args=args, env=env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

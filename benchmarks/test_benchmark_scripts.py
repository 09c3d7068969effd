"""Every benchmark script still starts: its imports resolve and its options parse (`--help`).

The push benchmarks of WooCommerce, Magento 2, Amazon and eBay also start in their `--deployed` mode: they
refuse an environment that cannot run as deployed with a readable message (before touching any
database), and, when `DATABASE_URL` and `REDIS_URL` name servers, the WooCommerce one runs a small
catalog end to end on PostgreSQL with Redis-backed Huey and two worker processes, and so does the eBay one.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BENCHMARKS = Path(__file__).resolve().parent
# Scripts run as `python benchmarks/<name>.py`; the modules they load after Django is set up are not.
MODULES = {
    "bench_setup.py",
    "soak_scenario.py",
    "task_drain.py",
    "deployed.py",
    "deployed_settings.py",
    "deployed_workers.py",
}
SCRIPTS = sorted(
    path.name
    for path in BENCHMARKS.glob("*.py")
    if not path.name.startswith(("test_", "__")) and not path.name.endswith("_run.py") and path.name not in MODULES
)
DEPLOYABLE = ["woocommerce_push.py", "magento2_push.py", "amazon_push.py", "ebay_push.py"]


def _run(
    script: str, *options: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *options],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=BENCHMARKS.parent,
        env=env,
    )


def test_the_benchmarks_are_found():
    assert {"shopify_push.py", "woocommerce_push.py", "magento2_push.py", "amazon_push.py", "ebay_push.py"} <= set(
        SCRIPTS
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_script_starts(script):
    finished = _run(script, "--help")
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "usage:" in finished.stdout


@pytest.mark.parametrize("script", DEPLOYABLE)
def test_a_push_benchmark_offers_the_deployed_mode(script):
    finished = _run(script, "--help")
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "--deployed" in finished.stdout
    assert "--workers" in finished.stdout


@pytest.mark.parametrize("script", DEPLOYABLE)
@pytest.mark.parametrize(
    ("database_url", "redis_url", "message"),
    [
        ("", "redis://127.0.0.1:6379/10", "needs DATABASE_URL to name a PostgreSQL database"),
        ("postgres://postgres@127.0.0.1:5432/onesila", "redis://127.0.0.1:6379/10", "starting with 'bench_'"),
        ("postgres://postgres@127.0.0.1:5432/bench_x", "", "needs REDIS_URL"),
        ("postgres://postgres@127.0.0.1:5432/bench_x", "redis://127.0.0.1:6379/0", "(not 0)"),
    ],
)
def test_the_deployed_mode_refuses_an_environment_it_cannot_use(script, database_url, redis_url, message):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": redis_url})
    finished = _run(script, "--deployed", env=env)
    assert finished.returncode != 0
    assert "Cannot run as deployed:" in finished.stderr
    assert message in finished.stderr
    assert "Traceback" not in finished.stderr


def test_the_deployed_mode_needs_two_workers():
    finished = _run("magento2_push.py", "--deployed", "--workers", "1")
    assert finished.returncode == 2
    assert "--deployed needs --workers 2 or more" in finished.stderr


def _servers(*, database: str = "bench_deployed_woo", redis_database: int = 10) -> tuple[str, str] | None:
    """The benchmark's own PostgreSQL database and Redis database on the servers the environment names."""
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url.startswith("redis://"):
        return None
    named = urlsplit(database_url)._replace(path=f"/{database}")
    return urlunsplit(named), urlunsplit(urlsplit(redis_url)._replace(path=f"/{redis_database}"))


@pytest.mark.skipif(_servers() is None, reason="DATABASE_URL and REDIS_URL do not name PostgreSQL and Redis")
def test_the_woocommerce_benchmark_runs_as_deployed():
    database_url, redis_url = _servers()  # type: ignore[misc] - not None: skipped above
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    env.pop("PYTEST_XDIST_WORKER", None)
    finished = _run(
        "woocommerce_push.py", "--deployed", "--listings", "6", "--variable", "2", "--limit", "50", env=env, timeout=600
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "mode: deployed (postgresql database bench_deployed_woo" in finished.stdout
    assert "2 worker processes" in finished.stdout
    assert "failures: 0" in finished.stdout
    assert "'products': 6, 'variations':" in finished.stdout
    assert "resync of the unchanged catalog: 0 calls" in finished.stdout


EBAY_SERVERS = {"database": "bench_deployed_ebay", "redis_database": 12}


@pytest.mark.skipif(
    _servers(**EBAY_SERVERS) is None, reason="DATABASE_URL and REDIS_URL do not name PostgreSQL and Redis"
)
def test_the_ebay_benchmark_runs_as_deployed():
    database_url, redis_url = _servers(**EBAY_SERVERS)  # type: ignore[misc] - not None: skipped above
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    env.pop("PYTEST_XDIST_WORKER", None)
    finished = _run("ebay_push.py", "--deployed", "--listings", "12", "--configurables", "4", env=env, timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "mode: deployed (postgresql database bench_deployed_ebay" in finished.stdout
    assert "2 worker processes" in finished.stdout
    assert "creation: " in finished.stdout
    assert ", 0 failed, 0 answered 429" in finished.stdout
    assert "'groups': 4, 'listings': 12}" in finished.stdout
    assert "resync of the unchanged catalog: 0 calls" in finished.stdout
    assert "price and quantity change of every listing: " in finished.stdout

"""Reads the database, queue and cache from `DATABASE_URL` / `REDIS_URL` when they are set.

Every settings module calls these helpers, so the suite and the demo run on SQLite by default
and on PostgreSQL + Redis when the two variables are exported.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

REDIS_DATABASES = 16


def database_from_env(*, default_sqlite_path: Path | str) -> dict:
    """Return the `default` database: `DATABASE_URL` when set, else the given SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if database["ENGINE"].endswith("sqlite3"):  # several worker processes on one file wait for its lock
            database["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite_path),
        "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
    }


def huey_from_env(*, name: str, sqlite_path: Path | str, immediate: bool = False) -> dict:
    """Return the `HUEY` setting: Redis-backed when `REDIS_URL` is set, else SQLite-backed."""
    redis_url = os.environ.get("REDIS_URL")
    common = {
        "name": name,
        "immediate": immediate,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
    }
    if redis_url:
        return {**common, "huey_class": "huey.PriorityRedisHuey", "url": redis_url}
    return {**common, "huey_class": "huey.SqliteHuey", "filename": str(sqlite_path)}


def cache_from_env() -> dict:
    """Return `CACHES`: Redis when `REDIS_URL` is set, else the local-memory cache."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_url_for_test_worker(*, url: str, worker: str) -> str:
    """Return `url` moved to a Redis database of its own for pytest-xdist worker `worker` ("gw0", "gw1"...).

    The workers share one Redis server but each has its own PostgreSQL test database, so the same
    channel id names a different channel in each: their throttle buckets, cache entries and queues
    must not meet. Worker N uses database (base + N) mod 16; gw0 keeps the configured one.
    """
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = (base + int(worker[2:])) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{database}"))

"""Reads the database, queue and cache from `DATABASE_URL` / `REDIS_URL` when they are set.

Every settings module calls these helpers, so the suite and the demo run on SQLite by default
and on PostgreSQL + Redis when the two variables are exported.
"""

import os
from pathlib import Path

import dj_database_url


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

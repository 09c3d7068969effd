"""Settings the test-suite runs under: SQLite, Huey in immediate mode, a fast password hasher."""

import os
import tempfile
from pathlib import Path

from OneSila.settings.base import *  # noqa: F403
from OneSila.settings.environment import cache_from_env, database_from_env, huey_from_env, redis_url_for_test_worker

if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test workers get a Redis database each (see redis_url_for_test_worker); the cache,
    # Huey, the throttle and tests that read REDIS_URL all follow the environment.
    os.environ["REDIS_URL"] = redis_url_for_test_worker(
        url=os.environ["REDIS_URL"], worker=os.environ["PYTEST_XDIST_WORKER"]
    )

DEBUG = False
SECRET_KEY = "onesila-agent-test-secret-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

_tmp = Path(tempfile.gettempdir())
DATABASES = {"default": database_from_env(default_sqlite_path=_tmp / "onesila-agent.sqlite3")}
HUEY = huey_from_env(name="onesila-test", sqlite_path=_tmp / "onesila-agent-huey.sqlite3", immediate=True)
CACHES = cache_from_env()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ONESILA_ENCRYPTION_KEY = os.environ.get(
    "ONESILA_TEST_ENCRYPTION_KEY", "test1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
)
MEDIA_ROOT = _tmp / "onesila-agent-media"
SALES_CHANNELS_ALLOW_SANDBOX_URLS = True  # sandboxes on 127.0.0.1 (net_guard)
SALES_CHANNELS_THROTTLE_MAX_WAIT_SECONDS = 2.0  # tests never sleep long for a turn in the budget

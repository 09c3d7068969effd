"""Developer default: a SQLite file and a SQLite-backed Huey, nothing to install.

`DATABASE_URL` / `REDIS_URL` switch it to PostgreSQL / Redis when exported.
"""

import os

from OneSila.settings.base import *  # noqa: F403
from OneSila.settings.base import VAR_DIR
from OneSila.settings.environment import cache_from_env, database_from_env, huey_from_env

VAR_DIR.mkdir(exist_ok=True)

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "onesila-local-development-secret-key-not-for-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

DATABASES = {"default": database_from_env(default_sqlite_path=VAR_DIR / "onesila.sqlite3")}
HUEY = huey_from_env(name="onesila", sqlite_path=VAR_DIR / "huey.sqlite3")
CACHES = cache_from_env()

ONESILA_ENCRYPTION_KEY = os.environ.get("ONESILA_ENCRYPTION_KEY", "")
# Without ONESILA_ENCRYPTION_KEY, core.crypto derives a development key from SECRET_KEY and logs so.
SALES_CHANNELS_ALLOW_SANDBOX_URLS = True  # sandboxes on 127.0.0.1 (net_guard)

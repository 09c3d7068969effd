"""Production: PostgreSQL, Redis-backed Huey and cache, secrets from the environment.

Refuses to start, with a message naming every missing variable, when one is absent.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from OneSila.settings.base import *  # noqa: F403
from OneSila.settings.environment import cache_from_env, database_from_env, huey_from_env

REQUIRED_VARIABLES = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ONESILA_ENCRYPTION_KEY", "ALLOWED_HOSTS")
_missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured("OneSila production settings need these environment variables: " + ", ".join(_missing))

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [host.strip() for host in os.environ["ALLOWED_HOSTS"].split(",") if host.strip()]
ONESILA_ENCRYPTION_KEY = os.environ["ONESILA_ENCRYPTION_KEY"]
DATABASES = {"default": database_from_env(default_sqlite_path="unused.sqlite3")}
HUEY = huey_from_env(name="onesila", sqlite_path="unused-huey.sqlite3")
CACHES = cache_from_env()
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SALES_CHANNELS_ALLOW_SANDBOX_URLS = False  # never call loopback/private/metadata addresses (net_guard)

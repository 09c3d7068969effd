"""Settings shared by every environment. Environment-specific modules import from here."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "strawberry_django",
    "huey.contrib.djhuey",
    "core",
    "currencies",
    "products",
    "properties",
    "sales_prices",
    "inventory",
    "media",
    "orders",
    "sales_channels",
    "sales_channels.integrations.shopify",
    "sales_channels.integrations.ebay",
    "sales_channels.integrations.amazon",
    "sales_channels.integrations.magento2",
    "sales_channels.integrations.woocommerce",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "OneSila.urls"
WSGI_APPLICATION = "OneSila.wsgi.application"
ASGI_APPLICATION = "OneSila.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.MultiTenantUser"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nl", "Dutch"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("pl", "Polish"),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "/admin/login/"

# Secret fields (channel credentials) are AES-GCM encrypted with this key ring:
# "kid:base64(32 bytes)[,kid:base64(32 bytes)...]"; the first key encrypts, all decrypt.
ONESILA_ENCRYPTION_KEY = ""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"huey": {"level": "WARNING"}, "httpx": {"level": "WARNING"}, "urllib3": {"level": "WARNING"}},
}
TEST_RUNNER = "core.test_runner.PytestTestRunner"

# Shopify Admin API version the documents are written for (validated against its SDL by the tests):
# every Shopify channel calls this version. Diff the vendor SDL before bumping.
SHOPIFY_API_VERSION = "2026-01"

# Sandbox base URLs (loopback/private addresses) may be called: on in `local` and `agent` only.
# Off, every vendor call refuses loopback, private, link-local and metadata addresses (net_guard).
SALES_CHANNELS_ALLOW_SANDBOX_URLS = False
# Longest wait for a turn in a channel's shared rate budget before a task is deferred instead.
SALES_CHANNELS_THROTTLE_MAX_WAIT_SECONDS = 20.0
# Read timeout of every vendor call (the soak command shortens it to meet the sandbox's timeout faults).
SALES_CHANNELS_READ_TIMEOUT_SECONDS = float(os.environ.get("SALES_CHANNELS_READ_TIMEOUT_SECONDS", "30"))

"""Settings of a benchmark run with `--deployed`, for the benchmark process and its Huey workers alike.

The developer settings (`OneSila.settings.local`: PostgreSQL from `DATABASE_URL`, Huey and the cache
on Redis from `REDIS_URL`, sandbox URLs allowed) with DEBUG off (no query log growing through a long
push), the media of the run (`ONESILA_MEDIA_ROOT`) and the settings the benchmark shares with its
workers (`benchmarks.deployed.share_settings`, a JSON object in `ONESILA_BENCHMARK_SETTINGS`).
The production settings would refuse the sandboxes on 127.0.0.1 (net_guard), so they are not used.
"""

import json
import os

from OneSila.settings.local import *  # noqa: F403

DEBUG = False
if os.environ.get("ONESILA_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["ONESILA_MEDIA_ROOT"]
globals().update(json.loads(os.environ.get("ONESILA_BENCHMARK_SETTINGS") or "{}"))

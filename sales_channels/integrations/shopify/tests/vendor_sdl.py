"""Where the tests find Shopify's SDL of the pinned API version: `../shared/vendor-specs/shopify/` beside the repo.

Tests that need it skip cleanly when it is absent. `ONESILA_SHARED_DIR` points elsewhere (e.g. from a
git worktree whose parent directory has no `shared/`).
"""

import os
from pathlib import Path

from django.conf import settings

SHARED_DIR = Path(os.environ.get("ONESILA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
VENDOR_SDL = SHARED_DIR / "vendor-specs" / "shopify" / f"admin_{settings.SHOPIFY_API_VERSION}.graphql"

"""The project's Huey instance, configured from `settings.HUEY` (SQLite locally, Redis in production)."""

from huey.contrib.djhuey import HUEY as huey  # noqa: N811

__all__ = ["huey"]

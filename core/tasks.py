"""Queue helpers: enqueue a Huey task only once the current transaction commits, passing ids."""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Callable, /, **kwargs) -> None:
    """Schedule `task(**kwargs)` after commit (at once outside a transaction). Pass ids, not instances."""
    for name, value in kwargs.items():
        if hasattr(value, "_meta"):
            raise TypeError(f"Pass ids to tasks, not model instances ({name}={value!r}).")
    transaction.on_commit(partial(task, **kwargs), robust=False)

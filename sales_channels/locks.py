"""Create a vendor-side shared thing once per channel: workers serialised per (channel, name).

Some vendor objects are shared by every listing of a channel (a Magento attribute or its options, a
marketplace's product type). Two workers that both find one missing would both create it; the slower
one gets a refusal ("already exists") and has to read it back. `channel_lock` lets only one of them
in at a time, so the second re-reads what the first created and creates nothing:

    with channel_lock(channel=channel, name=f"magento2.options:{code}"):
        ...re-read what exists (the database first, the vendor if still missing)...
        ...create only what is still missing...

Hold it only around that "re-read, create what is missing" section, never across unrelated work, and
never take a second lock inside it (one lock at a time cannot deadlock). The vendor's own refusal and
read back stay the last resort: the lock narrows the race, the vendor decides.

PostgreSQL: a session-level advisory lock (`pg_advisory_lock`) on a stable signed 64-bit hash of the
channel id and the name, released in `finally` when the block ends. It is session-level rather than
transaction-scoped (`pg_advisory_xact_lock`) on purpose: inside an outer `transaction.atomic` (a caller's,
or a test's) a transaction-scoped lock would stay held until that outer commit, across unrelated work.
Inside an outer transaction the block runs in a savepoint, so an error in it leaves the transaction
usable for the unlock. A worker that dies mid-block loses its connection, which releases the lock.

SQLite (development and tests): a no-op. SQLite serialises writers on its own and has no advisory
locks; the deployed, multi-worker setup is PostgreSQL. Without the lock, concurrent workers fall back
to the vendor's refusal and read back, as before.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.db import connections, transaction
from django.db.utils import DEFAULT_DB_ALIAS

__all__ = ["channel_lock", "lock_key"]


class HasPk(Protocol):
    """A saved sales channel (anything with a primary key)."""

    pk: int | None


def lock_key(*, channel_id: int, name: str) -> int:
    """The advisory lock key of (channel, name): a stable signed 64-bit integer, the same in every process."""
    digest = hashlib.blake2b(f"sales_channel:{channel_id}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, byteorder="big", signed=True)


@contextmanager
def channel_lock(*, channel: HasPk, name: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Serialise the workers of one channel on `name` for the block (PostgreSQL; a no-op on SQLite)."""
    if channel.pk is None:
        raise ValueError(f"channel_lock('{name}') needs a saved sales channel: this one has no id yet.")
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    key = lock_key(channel_id=channel.pk, name=name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        if connection.in_atomic_block:  # a savepoint: an error inside leaves the outer transaction usable to unlock
            with transaction.atomic(using=using):
                yield
        else:  # no transaction of its own: the vendor calls inside must not hold database locks open
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])

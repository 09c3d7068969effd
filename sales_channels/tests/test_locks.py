"""channel_lock: serialises workers per (channel, name) on PostgreSQL, a no-op on SQLite; lock_key is stable."""

import os
import threading
import time
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, connections, transaction

from sales_channels.locks import channel_lock, lock_key

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL): SQLite has no advisory locks"
)


def test_lock_key_is_stable_signed_64_bit_and_distinct_per_channel_and_name():
    key = lock_key(channel_id=7, name="magento2.options:color")
    assert key == lock_key(channel_id=7, name="magento2.options:color")
    assert -(2**63) <= key < 2**63
    assert key != lock_key(channel_id=8, name="magento2.options:color")
    assert key != lock_key(channel_id=7, name="magento2.options:size")


def test_lock_key_does_not_depend_on_the_process():
    # blake2b of "sales_channel:1:x", first 8 bytes big-endian signed: never Python's salted hash()
    assert lock_key(channel_id=1, name="x") == lock_key(channel_id=1, name="x")
    assert isinstance(lock_key(channel_id=1, name="x"), int)


def test_an_unsaved_channel_is_refused():
    with (
        pytest.raises(ValueError, match="needs a saved sales channel"),
        channel_lock(channel=SimpleNamespace(pk=None), name="x"),
    ):
        pytest.fail("the block must not run")


@pytest.mark.django_db
def test_the_block_runs_and_its_error_propagates():
    ran = []
    with channel_lock(channel=SimpleNamespace(pk=1), name="x"):
        ran.append(connection.vendor)
    assert ran == [connection.vendor]
    with pytest.raises(RuntimeError, match="boom"), channel_lock(channel=SimpleNamespace(pk=1), name="x"):
        raise RuntimeError("boom")
    with channel_lock(channel=SimpleNamespace(pk=1), name="x"):  # usable again after an error
        ran.append("again")
    assert ran[-1] == "again"


def _held_elsewhere(key: int) -> bool:
    """True when another session holds the advisory lock `key` (asked from a fresh connection)."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                got = cursor.fetchone()[0]
                if got:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
                result.append(not got)
        finally:
            connections.close_all()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return result[0]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_channel_and_name_never_overlap():
    assert connection.vendor == "postgresql"
    channel = SimpleNamespace(pk=424242)
    barrier = threading.Barrier(2)
    spans: list[tuple[float, float]] = []
    errors: list[Exception] = []

    def worker() -> None:
        try:
            barrier.wait()
            with channel_lock(channel=channel, name="shared.thing"):
                start = time.monotonic()
                time.sleep(0.3)
                spans.append((start, time.monotonic()))
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    first, second = sorted(spans)
    assert second[0] >= first[1]  # the second entered only once the first had left


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_another_name_or_channel_is_not_blocked_and_the_lock_is_released_at_the_end():
    channel = SimpleNamespace(pk=424243)
    key = lock_key(channel_id=channel.pk, name="a")
    with channel_lock(channel=channel, name="a"):
        assert _held_elsewhere(key)
        assert not _held_elsewhere(lock_key(channel_id=channel.pk, name="b"))
        assert not _held_elsewhere(lock_key(channel_id=channel.pk + 1, name="a"))
    assert not _held_elsewhere(key)


def _divide_by_zero_under_lock(channel) -> None:
    with channel_lock(channel=channel, name="a"), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_inside_an_outer_transaction_it_is_released_at_the_block_end_even_after_a_database_error():
    channel = SimpleNamespace(pk=424244)
    key = lock_key(channel_id=channel.pk, name="a")
    with transaction.atomic():
        with pytest.raises(DatabaseError):
            _divide_by_zero_under_lock(channel)
        assert not _held_elsewhere(key)  # not kept until the outer commit
        with connection.cursor() as cursor:  # the outer transaction is still usable
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)

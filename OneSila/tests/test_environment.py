"""The settings helpers that read DATABASE_URL / REDIS_URL."""

from OneSila.settings.environment import redis_url_for_test_worker


def test_each_test_worker_gets_a_redis_database_of_its_own():
    url = "redis://127.0.0.1:6379/15"
    assert redis_url_for_test_worker(url=url, worker="gw0") == url
    assert redis_url_for_test_worker(url=url, worker="gw1") == "redis://127.0.0.1:6379/0"
    assert redis_url_for_test_worker(url="redis://:pw@host:6379/3", worker="gw2") == "redis://:pw@host:6379/5"


def test_a_url_without_database_and_a_non_worker_name():
    assert redis_url_for_test_worker(url="redis://127.0.0.1:6379", worker="gw1") == "redis://127.0.0.1:6379/1"
    assert redis_url_for_test_worker(url="redis://127.0.0.1:6379/2", worker="master") == "redis://127.0.0.1:6379/2"

"""Unreadable answers in the vendor session: reads are asked again, writes report that their answer was lost."""

import pytest
import requests
import responses

from sales_channels.exceptions import AnswerLost, TransientVendorError, UnreadableAnswer
from sales_channels.http import VendorSession
from sales_channels.models import RemoteCallLog
from sales_channels.tests.http_support import BASE, SECRET, FakeClock, make_sales_channel

pytestmark = pytest.mark.django_db

URL = f"{BASE}/admin/api/graphql.json"
TRUNCATED = '{"data": {"product'


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def session(company, clock):
    channel = make_sales_channel(company)
    return VendorSession(
        company_id=company.pk, sales_channel_id=channel.pk, secrets=[SECRET], sleep=clock.sleep, clock=clock
    )


@pytest.fixture
def mocked():
    with responses.RequestsMock() as mock:
        yield mock


def attempts() -> list[int]:
    return list(RemoteCallLog.objects.order_by("pk").values_list("attempt", flat=True))


def test_a_truncated_answer_to_a_read_is_asked_again_in_the_session(session, mocked):
    mocked.post(URL, body=TRUNCATED, content_type="application/json")
    mocked.post(URL, json={"data": {"product": {"id": "1"}}})

    answer = session.parse_json(session.post(URL, json={"query": "{}"}, idempotent=True))

    assert answer == {"data": {"product": {"id": "1"}}}
    assert attempts() == [1, 2]


def test_a_read_that_stays_truncated_is_a_retryable_unreadable_answer(session, mocked):
    mocked.get(URL, body=TRUNCATED, content_type="application/json; charset=utf-8")

    with pytest.raises(UnreadableAnswer) as raised:
        session.parse_json(session.get(URL))

    assert raised.value.retryable
    assert isinstance(raised.value, TransientVendorError)  # the task layer defers it with backoff
    assert attempts() == [1, 2, 3, 4]  # max_retries = 3 re-reads


def test_a_truncated_answer_to_a_write_is_answer_lost_and_not_sent_again(session, mocked):
    mocked.post(URL, body=TRUNCATED, content_type="application/json")

    response = session.post(URL, json={"query": "mutation {}"})
    with pytest.raises(AnswerLost) as raised:
        session.parse_json(response)

    assert raised.value.retryable
    assert raised.value.operation == f"POST {URL}"
    assert "product" in raised.value.raw_excerpt
    assert attempts() == [1]  # a write is never re-sent blindly


def test_a_write_whose_answer_timed_out_is_answer_lost(session, mocked):
    mocked.post(URL, body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(AnswerLost, match="ReadTimeout"):
        session.post(URL, json={"query": "mutation {}"})

    assert attempts() == [1]


def test_a_write_that_never_connected_is_a_plain_transient_error(session, mocked):
    mocked.post(URL, body=requests.exceptions.ConnectTimeout("connect timed out"))

    with pytest.raises(TransientVendorError) as raised:
        session.post(URL, json={"query": "mutation {}"})

    assert not isinstance(raised.value, AnswerLost)  # the request never left: nothing to look up


def test_only_json_answers_are_checked(session, mocked):
    mocked.get(URL, body='{"id": 1}\n{"id": 2}\n', content_type="application/jsonl")

    response = session.get(URL)

    assert response.text.startswith('{"id": 1}')
    assert attempts() == [1]

"""`prepare_attempt`: a call can rework its request before each retry (a fresh OAuth 1.0a nonce, say)."""

import responses

from sales_channels.http import VendorSession


@responses.activate
def test_prepare_attempt_runs_before_each_retry_only():
    url = "https://vendor.example.com/items"
    answers = iter([(503, {}, "{}"), (502, {}, "{}"), (200, {"Content-Type": "application/json"}, '{"ok": true}')])
    sent = []

    def reply(request):
        sent.append(request.headers.get("X-Attempt"))
        return next(answers)

    responses.add_callback(responses.GET, url, callback=reply)
    seen = []

    def prepare(request, attempt):
        seen.append(attempt)
        request.headers["X-Attempt"] = str(attempt)

    session = VendorSession(company_id=1, sales_channel_id=1, log_calls=False, sleep=lambda _: None)
    answer = session.request("GET", url, prepare_attempt=prepare)

    assert answer.json() == {"ok": True}
    assert seen == [2, 3]
    assert sent == [None, "2", "3"]

"""The sandbox fault switches: validation, random draws, and the control routes off outside test mode."""

import json

import pytest

from sales_channels.sandbox_control import FaultRates, RandomFaults, SandboxControl


def test_rates_are_validated():
    assert FaultRates.from_payload({"rates": {"5xx": 0.1, "429": 0.05}, "seed": 3}).rates == {"5xx": 0.1, "429": 0.05}
    for bad in (
        {"rates": {"teapot": 0.1}},
        {"rates": {"5xx": 1.5}},
        {"rates": {"5xx": 0.6, "429": 0.6}},
        {"rates": {"5xx": True}},
        {"rates": [], "seed": 1},
        {"seed": "x"},
        {"timeout_seconds": 500},
        [],
    ):
        with pytest.raises(ValueError):
            FaultRates.from_payload(bad)


def test_random_faults_follow_the_rates_and_count_what_they_injected():
    faults = RandomFaults()
    assert faults.pick() is None
    faults.configure(FaultRates(rates={"5xx": 0.2, "truncated_json": 0.1}, seed=42))
    kinds = [faults.pick() for _ in range(5000)]
    assert 0.17 < kinds.count("5xx") / 5000 < 0.23
    assert 0.08 < kinds.count("truncated_json") / 5000 < 0.12
    assert faults.describe()["injected"]["5xx"] == kinds.count("5xx")
    faults.configure(FaultRates(rates={"5xx": 0.2, "truncated_json": 0.1}, seed=42))
    assert [faults.pick() for _ in range(50)] == kinds[:50]  # a seed replays the same faults


def _control(*, enabled: bool) -> SandboxControl:
    return SandboxControl(enabled=enabled, faults=RandomFaults(), state=lambda: {"products": 3})


def test_control_routes_answer_404_outside_test_mode():
    control = _control(enabled=False)
    body = json.dumps({"rates": {"5xx": 1}}).encode()
    assert control.handle(method="POST", path="/__sandbox__/faults", body=body).status == 404
    assert control.handle(method="GET", path="/__sandbox__/state", body=b"").status == 404
    assert control.faults.config.rates == {}
    assert control.handle(method="GET", path="/admin/api/graphql.json", body=b"") is None


def test_control_routes_in_test_mode():
    control = _control(enabled=True)
    reply = control.handle(method="POST", path="/__sandbox__/faults", body=b'{"rates": {"429": 0.5}, "seed": 1}')
    assert (reply.status, reply.body["rates"]) == (200, {"429": 0.5})
    assert control.handle(method="GET", path="/__sandbox__/state", body=b"").body == {"products": 3}
    assert control.handle(method="POST", path="/__sandbox__/faults", body=b"{oops").status == 400
    assert control.handle(method="DELETE", path="/__sandbox__/faults", body=b"").body["rates"] == {}

"""The soak scenario of `benchmarks/soak.py`, loaded once Django is set up (it imports models at its top)."""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import OperationalError
from django.utils import timezone

from benchmarks.shopify_push import SpentPoints
from core.models import MultiTenantCompany
from OneSila.huey import huey
from products.demo.seeder import seed_demo_catalog
from products.models import ConfigurableVariation, Product
from sales_channels.flows.default import assign_products
from sales_channels.models import RemoteCallLog, RemoteProduct, SyncTask
from sales_channels.registry import IntegrationSpec, registered
from sales_channels.tasks import dispatch_due

ROOT = Path(__file__).resolve().parent.parent
FAULT_SPLIT = {"5xx": 0.35, "429": 0.2, "timeout": 0.1, "truncated_json": 0.25, "revoked_token": 0.1}
FAULT_DELAY_SECONDS = 4.0
TERMINAL = ("succeeded", "failed", "cancelled")


@dataclass
class Kill:
    """One SIGKILL: when, the tasks that were running, and seconds until they had all finished."""

    at: float
    running: set[int]
    drained: float | None = None


def soak_hooks(spec: IntegrationSpec) -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """The spec's sandbox hooks (start, connect), or None when it has no soak-ready sandbox."""
    sandbox = spec.sandbox
    if sandbox is None or sandbox.soak_start is None or sandbox.soak_connect is None:
        return None
    return sandbox.soak_start, sandbox.soak_connect


def soak_specs(*, integration: str) -> list[IntegrationSpec]:
    """The registered integrations with a soak-ready sandbox (or the one named)."""
    specs = [spec for spec in registered() if soak_hooks(spec) is not None]
    return [spec for spec in specs if spec.integration == integration] if integration else specs


def flush_queue(*, env: dict[str, str]) -> None:
    """Empty the Redis-backed Huey queue of earlier runs (the embedded one's file was deleted)."""
    if env.get("REDIS_URL"):
        huey.flush()


def _control(base_url: str, route: str, *, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base_url}/__sandbox__/{route}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own sandbox on 127.0.0.1
        return json.loads(response.read())


class Workers:
    """The worker processes (`manage.py run_huey`) and their kills."""

    def __init__(self, *, env: dict[str, str], threads: int, log_dir: Path) -> None:
        self.env, self.threads, self.log_dir = env, threads, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        log = open(self.log_dir / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115 - lives with the process
        command = [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", str(self.threads), "-k", "thread"]
        self.processes.append(subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=log))

    def kill_busiest(self) -> int:
        """SIGKILL the live worker that used the most CPU over the last half second (one holding claimed tasks)."""
        alive = [process for process in self.processes if process.poll() is None]
        before = {process.pid: _cpu_ticks(process.pid) for process in alive}
        time.sleep(0.5)
        victim = max(alive, key=lambda process: _cpu_ticks(process.pid) - before[process.pid])
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        return victim.pid

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _cpu_ticks(pid: int) -> int:
    """User plus system CPU ticks of a process so far (Linux `/proc/<pid>/stat`), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of the whole line


def _expected_listings(*, company_id: int) -> dict[int, set[str]]:
    """Every top-level product and the SKUs its remote listing must carry."""
    variations = ConfigurableVariation.objects.filter(multi_tenant_company_id=company_id)
    children: dict[int, set[str]] = {}
    for parent_id, sku in variations.values_list("parent_id", "variation__sku"):
        children.setdefault(parent_id, set()).add(sku)
    variation_ids = set(variations.values_list("variation_id", flat=True))
    listings = {}
    for pk, sku in Product.objects.filter(multi_tenant_company_id=company_id).values_list("pk", "sku"):
        if pk not in variation_ids:
            listings[pk] = children.get(pk) or {sku}
    return listings


def _listing_figures(*, expected: dict[int, set[str]], remote: list[dict]) -> dict[str, int]:
    holders: Counter = Counter()
    owner = {sku: pk for pk, skus in expected.items() for sku in skus}
    for listing in remote:
        for pk in {owner[sku] for sku in listing.get("skus") or [] if sku in owner}:
            holders[pk] += 1
    return {
        "expected": len(expected),
        "present once": sum(1 for pk in expected if holders[pk] == 1),
        "missing": sum(1 for pk in expected if holders[pk] == 0),
        "duplicated": sum(1 for pk in expected if holders[pk] > 1),
    }


def _progress(tasks) -> tuple[int, int]:
    return tasks.filter(status__in=TERMINAL).count(), tasks.count()


class BudgetUse:
    """Cost points the sandbox charged per second of the push, over its restore rate (sandboxes with a cost bucket)."""

    def __init__(self, sandbox: Any) -> None:
        bucket = getattr(sandbox, "bucket", None)
        self.rate = float(getattr(bucket, "restore_rate", 0.0) or 0.0)
        self.spent = SpentPoints(bucket) if self.rate else None
        self.started = time.monotonic()
        self.seconds = 0.0
        self.pushed: tuple[float, float] | None = None  # (seconds, points) when every listing was first present

    def all_present(self) -> None:
        if self.pushed is None and self.spent is not None:
            self.pushed = (time.monotonic() - self.started, self.spent.points)

    def stop(self) -> None:
        self.seconds = time.monotonic() - self.started

    def line(self) -> str:
        if self.spent is None:
            return "budget use: the sandbox has no cost bucket"
        use = self.spent.points / max(1e-9, self.seconds) / self.rate
        charged = f"{self.spent.points:.0f} points charged in {self.seconds:.0f}s"
        line = f"budget use: {charged} = {use:.2f} of the restore rate (faults, kills and the drain included)"
        if self.pushed is not None:
            seconds, points = self.pushed
            push_use = points / max(1e-9, seconds) / self.rate
            line += f"; until every listing was present: {points:.0f} points in {seconds:.0f}s = {push_use:.2f}"
        return line


def soak(*, spec: IntegrationSpec, args: argparse.Namespace, env: dict[str, str]) -> None:  # noqa: C901, PLR0915 - one linear scenario, printed as it goes
    """Run the scenario for one integration and print its figures."""
    print(f"== soak {spec.integration}: {args.listings} listings, {args.workers} workers x {args.threads} threads")
    seeded = seed_demo_catalog(
        company_name=f"Soak {spec.integration} {time.time():.0f}",
        listings=args.listings,
        configurables=round(args.listings * 0.3),
    )
    company = MultiTenantCompany.objects.get(pk=seeded.company_id)
    expected = _expected_listings(company_id=company.pk)
    hooks = soak_hooks(spec)
    if hooks is None:
        raise ValueError(f"{spec.integration} has no sandbox with soak hooks")
    start_sandbox, connect_to_sandbox = hooks
    sandbox = start_sandbox(test_mode=True)
    log_dir = ROOT / "var" / f"soak-{spec.integration}"
    log_dir.mkdir(exist_ok=True)
    for old_log in log_dir.glob("worker-*.log"):
        old_log.unlink()
    workers = Workers(env=env, threads=args.threads, log_dir=log_dir)
    try:
        channel, view = connect_to_sandbox(company=company, sandbox=sandbox)
        print(f"connected channel {channel.pk} at {sandbox.base_url} ({channel.connection_status})", flush=True)
        since = timezone.now()
        for _ in range(args.workers):
            workers.start()
        rates = {kind: round(share * args.fault_rate, 5) for kind, share in FAULT_SPLIT.items()}
        _control(
            sandbox.base_url,
            "faults",
            method="POST",
            body={"rates": rates, "seed": args.seed, "timeout_seconds": FAULT_DELAY_SECONDS, "retry_after": 1},
        )
        started = time.monotonic()
        budget = BudgetUse(sandbox)
        assign_products(view=view, product_ids=list(expected), queue=True)
        tasks = SyncTask.objects.filter(sales_channel=channel, created_at__gte=since)
        kill_points = [(index + 1) / (args.kills + 1) for index in range(args.kills)]
        kills: list[Kill] = []
        deadline = None
        last_done, last_progress = -1, time.monotonic()
        while True:
            done, total = _progress(tasks)
            present = _listing_figures(expected=expected, remote=_control(sandbox.base_url, "state")["listings"])
            pushed = (present["present once"] + present["duplicated"]) / max(1, len(expected))
            if pushed >= 1:
                budget.all_present()
            if done != last_done:
                last_done, last_progress = done, time.monotonic()
            if time.monotonic() - last_progress > args.drain:
                print(f"  no task finished for {args.drain:.0f}s: stopping (stuck tasks are reported)")
                break
            running = set(tasks.filter(status="running").values_list("pk", flat=True))
            if kill_points and running and pushed >= kill_points[0]:  # mid-push: by listings the vendor holds
                kill_points.pop(0)
                pid = workers.kill_busiest()
                kills.append(Kill(at=time.monotonic(), running=running))
                elapsed = time.monotonic() - started
                print(f"  [{elapsed:6.0f}s] SIGKILL worker {pid} with {len(running)} tasks running", flush=True)
                workers.start()
            for kill in kills:
                left = tasks.filter(pk__in=kill.running).exclude(status__in=TERMINAL).exists()
                if kill.drained is None and not left:
                    kill.drained = time.monotonic() - kill.at
            if total and done == total and all(kill.drained is not None for kill in kills):
                break
            if deadline is None and not kill_points and total and done / total >= 0.9:
                _control(sandbox.base_url, "faults", method="DELETE")  # the end of the storm; retries drain
                deadline = time.monotonic() + args.drain
            if deadline is not None and time.monotonic() > deadline:
                break
            try:
                dispatch_due()
            except OperationalError as error:  # SQLite: a worker held the write lock longer than its timeout
                print(f"  dispatch_due skipped this round: {error}", flush=True)
            time.sleep(3)
            if int(time.monotonic() - started) % 30 < 3:
                listed = f"{pushed:.0%} of the listings at the vendor"
                print(f"  [{time.monotonic() - started:6.0f}s] {done}/{total} tasks finished, {listed}", flush=True)
        budget.stop()
        injected = _control(sandbox.base_url, "faults", method="DELETE")["injected"]
        state = _control(sandbox.base_url, "state")
    finally:
        workers.stop()
        sandbox.stop()
    figures = _listing_figures(expected=expected, remote=state.get("listings") or [])
    calls = RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=since)
    throttled = calls.filter(response_excerpt__contains='"THROTTLED"').count()
    throttled += max(0, calls.filter(status_code=429).count() - injected["429"])  # injected 429s are faults
    failed = RemoteProduct.objects.filter(sales_channel=channel, status="failed")
    causes = Counter(" ".join((mirror.last_error or "")[:90].split()) for mirror in failed)
    stuck = tasks.exclude(status__in=TERMINAL)
    print(f"pushed in {time.monotonic() - started:.0f}s; faults injected: {injected}")
    print("listings: " + ", ".join(f"{name} {value}" for name, value in figures.items()))
    print(f"mirrors in error: {failed.count()}")
    for cause, count in causes.most_common(8):
        print(f"  {count} x {cause}")
    stuck_statuses = dict(Counter(stuck.values_list("status", flat=True)))
    print(f"tasks: {tasks.count()}, stuck (not finished): {stuck.count()} {stuck_statuses}")
    print(f"tasks failed: {dict(Counter(tasks.filter(status='failed').values_list('error_kind', flat=True)))}")
    share = 100 * throttled / max(1, calls.count())
    print(f"calls: {calls.count()}, throttled answers (not injected): {throttled} ({share:.2f} %)")
    print(budget.line())
    for number, kill in enumerate(kills, start=1):
        claimed = len(kill.running)
        if kill.drained is None:
            unfinished = tasks.filter(pk__in=kill.running).exclude(status__in=TERMINAL).count()
            print(f"kill {number}: {claimed} tasks running; not drained, {unfinished} of them still unfinished")
        else:
            print(f"kill {number}: {claimed} tasks running; all finished {kill.drained:.0f}s after the kill")
    print(f"worker logs: {log_dir}", flush=True)

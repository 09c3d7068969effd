"""Every benchmark script still starts: its imports resolve and its options parse (`--help`)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent
# Scripts run as `python benchmarks/<name>.py`; the modules they load after Django is set up are not.
SCRIPTS = sorted(
    path.name
    for path in BENCHMARKS.glob("*.py")
    if not path.name.startswith(("test_", "__"))
    and not path.name.endswith("_run.py")
    and path.name not in {"bench_setup.py", "soak_scenario.py", "task_drain.py"}
)


def test_the_benchmarks_are_found():
    assert {"shopify_push.py", "woocommerce_push.py", "magento2_push.py", "amazon_push.py", "ebay_push.py"} <= set(
        SCRIPTS
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_script_starts(script):
    finished = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BENCHMARKS.parent,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "usage:" in finished.stdout

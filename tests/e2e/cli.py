"""Run `tacit` as a user runs it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TACIT = [sys.executable, "-m", "api.cli"]
REPO_ROOT = Path(__file__).resolve().parents[2]


def tacit(
    *args: str, check: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [*TACIT, *args], capture_output=True, text=True, env=env, timeout=900, cwd=cwd
    )
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def stats(url: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = json.loads(
        tacit("stats", "--json", "--graph-url", url).stdout
    )
    return counts

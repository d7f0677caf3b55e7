"""Run `tacit` as a user runs it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

TACIT = [sys.executable, "-m", "api.cli"]


def tacit(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run([*TACIT, *args], capture_output=True, text=True, env=env, timeout=900)
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def stats(url: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = json.loads(
        tacit("stats", "--json", "--graph-url", url).stdout
    )
    return counts

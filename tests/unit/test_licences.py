"""Every runtime dependency in the lock file has a licence we may ship under Apache-2.0.

The runtime dependencies are `pyproject.toml`'s `dependencies` and everything they
require (markers evaluated for this platform, no extras), read from the installed
packages' metadata, which `make install` installs from `requirements.lock`. A package's
licence is its `License-Expression` (SPDX), else its `License` field when that is a short
name, else its licence classifiers. An `OR` needs one allowed licence, an `AND` all.
Exceptions are named below with the reason they may ship; there are none today.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parents[2]

ALLOWED = frozenset(
    {
        "MIT",
        "BSD",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "0BSD",
        "Apache-2.0",
        "PSF-2.0",
        "Python-2.0",
        "MPL-2.0",
        "ISC",
        "Zlib",
        "CC0-1.0",
        "Unlicense",
        "HPND",
        "MIT-CMU",  # Pillow's (via matplotlib): the permissive HPND/CMU form of MIT
    }
)
# package -> why it may ship although its licence is not on the allow-list.
EXCEPTIONS: dict[str, str] = {}

_NAMES = {
    "mit license": "MIT",
    "bsd license": "BSD",
    "apache software license": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "isc license (iscl)": "ISC",
    "isc license": "ISC",
    "python software foundation license": "PSF-2.0",
    "the unlicense (unlicense)": "Unlicense",
}
_SPDX_TOKEN = re.compile(r"[A-Za-z0-9.+-]+")
_SHORT_LICENSE_FIELD = 60


def runtime_dependencies() -> dict[str, metadata.Distribution]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [Requirement(text) for text in project["project"]["dependencies"]]
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if name in found or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        distribution = metadata.distribution(requirement.name)
        found[name] = distribution
        wanted += [Requirement(text) for text in distribution.requires or []]
    return found


def locked_packages() -> set[str]:
    lock = (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(m) for m in re.findall(r"^([A-Za-z0-9._-]+)==", lock, re.M)}


def licence_of(distribution: metadata.Distribution) -> str:
    """The package's licence as an SPDX-like expression, or '' when it names none."""
    fields = distribution.metadata
    if expression := fields.get("License-Expression"):
        return str(expression)
    text = (fields.get("License") or "").strip()
    if text and len(text) <= _SHORT_LICENSE_FIELD and "\n" not in text:
        return _NAMES.get(text.lower(), text)
    if text.startswith("MIT License") and "Permission is hereby granted" in text:
        return "MIT"  # the whole MIT licence text in the field (wordllama)
    classifiers = [
        c.split("::")[-1].strip() for c in fields.get_all("Classifier") or [] if "License" in c
    ]
    return " AND ".join(_NAMES.get(c.lower(), c) for c in classifiers)


def allowed(expression: str) -> bool:
    """Whether an SPDX-like expression allows shipping: every `AND` part has an allowed
    licence among its `OR` alternatives."""
    if not expression.strip():
        return False
    for part in re.split(r"\s+AND\s+", expression.replace("(", " ").replace(")", " ")):
        choices = [c.strip() for c in re.split(r"\s+OR\s+", part) if c.strip()]
        if not any(_SPDX_TOKEN.fullmatch(c) and c in ALLOWED for c in choices):
            return False
    return True


def test_every_runtime_dependency_is_locked_and_permissively_licensed() -> None:
    dependencies = runtime_dependencies()
    assert "fastapi" in dependencies and "spacy" in dependencies
    assert not dependencies.keys() - locked_packages(), "runtime packages missing from the lock"
    refused = {
        name: licence_of(dist) or "no licence named"
        for name, dist in sorted(dependencies.items())
        if name not in EXCEPTIONS and not allowed(licence_of(dist))
    }
    assert not refused, f"licences not on the allow-list (add a justified exception?): {refused}"


@pytest.mark.parametrize(
    ("expression", "ok"),
    [
        ("MIT", True),
        ("Apache-2.0 OR BSD-2-Clause", True),
        ("MPL-2.0 AND MIT", True),
        ("BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", True),
        ("GPL-3.0-or-later", False),  # html2text's: why it was replaced
        ("MIT AND GPL-2.0-only", False),
        ("LGPL-3.0-only OR GPL-2.0-only", False),
        ("", False),
    ],
)
def test_the_check_refuses_copyleft_and_unknown_licences(expression: str, ok: bool) -> None:
    assert allowed(expression) is ok


def test_exceptions_are_justified() -> None:
    assert all(len(reason.split()) >= 5 for reason in EXCEPTIONS.values())

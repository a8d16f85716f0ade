"""The repository stands on its own, and its build files say only true things: no code or test
reads a path outside the repository, the Dockerfile copies every app it installs, and every
target the Makefile declares exists."""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_file_points_outside_the_repository():
    """Nothing refers to the folder beside the repository the project was started from: the
    domain notes are docs/domain/, the reference data is in the repository (tests/data/)."""
    # Split so that this file does not find itself: the folder beside the repository, and the
    # absolute path of the machine the project was first built on.
    outside = ("../" + "shared", "/" + "work/")
    offenders = []
    for path in _tracked_files():
        if path.suffix not in {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".yml", ".yaml"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}: {s}" for s in outside if s in text]
    assert not offenders


def test_the_dockerfile_copies_every_installed_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {
        pattern.rstrip("*")
        for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    dockerfile = (ROOT / "Dockerfile").read_text()
    install = dockerfile.index("RUN pip install .")
    copied = set(re.findall(r"^COPY (\w+) \1$", dockerfile[:install], re.M))
    assert packages <= copied, f"not copied before pip install: {sorted(packages - copied)}"


def test_every_phony_make_target_exists():
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    defined = set(re.findall(r"^([\w-]+):", makefile, re.M))
    assert set(phony) <= defined, f"declared but not defined: {sorted(set(phony) - defined)}"

"""`make run PORT=...`: the emails the worker sends link to the server on that port (issue 19)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_on_another_port_links_emails_to_that_port(tmp_path):
    seen = tmp_path / "seen"
    for program in ("celery", "python"):  # stand-ins that report what they were given
        fake = tmp_path / program
        fake.write_text(f'#!/bin/sh\necho "{program} $SITE_URL" >> {seen}\n')
        fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    subprocess.run(
        ["bash", "scripts/serve-dev.sh"],
        cwd=ROOT,
        env={**env, "BIN": str(tmp_path), "PORT": "8123"},
        check=False,
        timeout=30,
        capture_output=True,
    )
    lines = set(seen.read_text().splitlines())
    # The worker sends the emails. (The stand-in server may be stopped before it writes: the
    # script ends both as soon as one exits.)
    assert "celery http://127.0.0.1:8123" in lines
    subprocess.run(
        ["bash", "scripts/serve-dev.sh"],
        cwd=ROOT,
        env={**env, "BIN": str(tmp_path), "SITE_URL": "https://send.example.gov.uk"},
        check=False,
        timeout=30,
        capture_output=True,
    )
    assert "celery https://send.example.gov.uk" in seen.read_text().splitlines()

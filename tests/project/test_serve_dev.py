"""`make run PORT=...`: the emails the worker sends link to the server on that port (issue 19)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Stand-ins for the worker and the server that report the SITE_URL they were given. The script
# stops both as soon as one exits, so the worker's stand-in writes and then waits to be stopped,
# and the server's waits (up to 20 s) until the worker's has written before it exits.
WORKER = '#!/bin/sh\necho "celery $SITE_URL" >> "{seen}"\nexec sleep 60\n'
SERVER = """#!/bin/sh
echo "python $SITE_URL" >> "{seen}"
i=0
while ! grep -q '^celery' "{seen}" && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
"""


def _serve(tmp_path: Path, **env: str) -> set[str]:
    seen = tmp_path / "seen"
    seen.write_text("")
    for program, script in (("celery", WORKER), ("python", SERVER)):
        stand_in = tmp_path / program
        stand_in.write_text(script.format(seen=seen))
        stand_in.chmod(0o755)
    inherited = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    subprocess.run(
        ["bash", "scripts/serve-dev.sh"],
        cwd=ROOT,
        env={**inherited, "BIN": str(tmp_path), **env},
        check=False,
        timeout=60,
        capture_output=True,
    )
    return set(seen.read_text().splitlines())


def test_make_run_on_another_port_links_emails_to_that_port(tmp_path):
    assert _serve(tmp_path, PORT="8123") == {
        "celery http://127.0.0.1:8123",
        "python http://127.0.0.1:8123",
    }


def test_a_configured_site_url_is_kept(tmp_path):
    assert "celery https://send.example.gov.uk" in _serve(
        tmp_path, PORT="8123", SITE_URL="https://send.example.gov.uk"
    )

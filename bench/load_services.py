"""The processes a load or fault bench runs: its own Redis, gunicorn, a Celery worker.

Each is started as a child process of the bench and stopped by its own handle, never by name:
other people's PostgreSQL and Redis on the same machine are left alone.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def http_status(url: str, timeout: float = 5) -> int | None:
    """The status of a GET, or None if nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def web_environment(work: Path, **overrides) -> dict[str, str]:
    """Production settings (DEBUG off) over plain HTTP on 127.0.0.1, static files in `work`."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def collectstatic(env: dict[str, str]) -> None:
    """WhiteNoise's manifest storage needs the collected files before any page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Redis:
    """A redis-server of the bench's own on a free port: nothing saved, stopped by its handle."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Redis":
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until(self.answers, 10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, log: Path, port: int | None = None):
        self.env, self.workers, self.log = env, workers, log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Gunicorn":
        # The app's own log (the console handler, stderr) goes to the same file as gunicorn's.
        with open(self.log, "a") as out:
            self.process = self._popen(out)
        if not wait_until(lambda: http_status(f"{self.url}/healthz") is not None, timeout):
            self.stop()
            raise RuntimeError(f"gunicorn did not answer; see {self.log}")
        return self

    def _popen(self, out) -> subprocess.Popen:
        return subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "send_portal.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=120",
                "--graceful-timeout=10",
                "--error-logfile=-",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Worker:
    """`celery -A send_portal worker`, its output in a file: the solo pool, or with
    `prefork=True` the compose file's layout (prefork, two pool processes)."""

    def __init__(
        self, env: dict[str, str], log: Path, queue: str = "celery", *, prefork: bool = False
    ):
        self.env, self.log, self.queue = env, log, queue
        self.pool = "--concurrency=2" if prefork else "--pool=solo"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "send_portal", "worker"),
                    *(self.pool, "--loglevel=INFO", "-Q", self.queue),
                    *("--without-mingle", "--without-gossip"),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

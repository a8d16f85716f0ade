"""A real Celery worker process takes a task from a real broker and runs it.

Two brokers: Redis (production) and the filesystem transport that `make run` uses when there
is no Redis. Each test uses its own queue so that no other worker on the machine can take it.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache

from send_portal.tasks import HEARTBEAT_KEY

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def start_worker(queue: str, *, pool: tuple[str, ...] = ("--pool=solo",), **env):
    """A worker on its own queue; ``pool`` as the compose file runs it: ("--concurrency=2",)."""
    environment = {**os.environ, "DEBUG": "true", **env}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "send_portal",
            "worker",
            *pool,
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


def wait_for(read, key: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = read(key)
        if value:
            return value
        time.sleep(0.2)
    return None


@pytest.mark.redis
def test_worker_on_redis_runs_the_heartbeat_task():
    from send_portal.celery import app

    queue, token = f"test-{uuid.uuid4().hex}", uuid.uuid4().hex
    worker = start_worker(queue)
    try:
        app.send_task("send_portal.heartbeat", kwargs={"token": token}, queue=queue)
        seen = wait_for(cache.get, f"{HEARTBEAT_KEY}:{token}")
    finally:
        output = stop_worker(worker)
    assert seen, f"the worker did not run the task within {WAIT_SECONDS}s:\n{output}"


def test_worker_on_the_filesystem_broker_runs_the_heartbeat_task(tmp_path):
    queue, token = f"test-{uuid.uuid4().hex}", uuid.uuid4().hex
    folder = tmp_path / "queue"
    folder.mkdir()
    cache_dir = tmp_path / "cache"
    worker = start_worker(
        queue,
        REDIS_URL="",
        CELERY_BROKER_URL="filesystem://",
        CELERY_FILESYSTEM_DIR=str(tmp_path),
        CACHE_URL=f"filecache://{cache_dir}",
    )
    producer = Celery(
        broker="filesystem://",
        broker_transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(tmp_path / "control"),
        },
    )
    shared_cache = FileBasedCache(str(cache_dir), {})
    try:
        producer.send_task("send_portal.heartbeat", kwargs={"token": token}, queue=queue)
        seen = wait_for(shared_cache.get, f"{HEARTBEAT_KEY}:{token}")
    finally:
        output = stop_worker(worker)
    assert seen, f"the worker did not run the task within {WAIT_SECONDS}s:\n{output}"

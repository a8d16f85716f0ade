"""Locust users for bench/load.py: caseworkers at their caseload and managers at the dashboard.

bench/load.py starts locust on this file with the accounts to use in the environment:

- LOAD_CASEWORKERS, LOAD_MANAGERS: comma-separated usernames (each simulated user takes the next
  one, so every manager has an account of its own: a TOTP code cannot be used twice).
- LOAD_PASSWORD: their password; LOAD_TOTP_KEYS: JSON {username: hex key} for the accounts with
  a TOTP device (empty when the app has no second step).
- LOAD_WAIT: "min,max" seconds a user thinks between two pages.
- LOAD_USERS, LOAD_DURATION, LOAD_RESULT: how many users will sign in, how many seconds to
  measure once they all have, and the JSON file the figures are written to.

The sign-in rush (every user signing in at the start) is measured apart: once every user has
tried to sign in, its figures are kept, the statistics are reset and the work is measured for
LOAD_DURATION seconds, then locust stops.

A caseworker opens their caseload, a child from it, their team's overdue cases, and sometimes
adds a case note (the form, then the POST, then the chronology it lands on). A manager opens the
dashboard, the team caseload and a child. Every page is checked: a 200 that is the sign-in page
(the session was lost) or a note that does not land on the chronology is a failure.
"""

import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import gevent
import requests
from locust import HttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_signin import SIGN_IN, SignInFailed, csrf_token, sign_in

PASSWORD = os.environ.get("LOAD_PASSWORD", "send-portal-demo")
TOTP_KEYS = json.loads(os.environ.get("LOAD_TOTP_KEYS") or "{}")
WAIT = tuple(float(s) for s in os.environ.get("LOAD_WAIT", "3,12").split(","))
_CASEWORKERS = itertools.cycle(filter(None, os.environ.get("LOAD_CASEWORKERS", "").split(",")))
_MANAGERS = itertools.cycle(filter(None, os.environ.get("LOAD_MANAGERS", "").split(",")))
_CHILD_LINK = re.compile(r'href="/children/([a-z2-7]{26})/"')
USERS = int(os.environ.get("LOAD_USERS", "0"))
DURATION = float(os.environ.get("LOAD_DURATION", "60"))
RESULT = os.environ.get("LOAD_RESULT", "")
_phase = {"started": 0.0, "measuring": 0.0, "arrived": 0, "sign_in": None}


def figures(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median": entry.median_response_time,
        "p95": entry.get_response_time_percentile(0.95),
    }


@events.test_start.add_listener
def _started(environment, **_kwargs):
    _phase["started"] = time.monotonic()


def _arrived(environment) -> None:
    """A user has tried to sign in; when the last one has, the rush is over: measure the work."""
    _phase["arrived"] += 1
    if _phase["arrived"] != USERS:
        return
    stats = environment.stats
    rush = stats.entries.get(("sign-in", "POST"))
    _phase["sign_in"] = {
        "seconds": time.monotonic() - _phase["started"],
        **(figures(rush) if rush else {}),
    }
    stats.reset_all()
    _phase["measuring"] = time.monotonic()
    gevent.spawn_later(DURATION, environment.runner.quit)


@events.quitting.add_listener
def _write_result(environment, **_kwargs):
    if not RESULT:
        return
    stats = environment.stats
    seconds = time.monotonic() - _phase["measuring"] if _phase["measuring"] else None
    result = {
        "users": USERS,
        "seconds": seconds,
        "sign_in": _phase["sign_in"],
        "total": figures(stats.total),
        "pages": [
            {"method": entry.method, "name": entry.name, **figures(entry)}
            for entry in sorted(stats.entries.values(), key=lambda e: e.name)
        ],
        "failures": [
            {"method": e.method, "name": e.name, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
    }
    with open(RESULT, "w") as out:
        json.dump(result, out, indent=1)


class Staff(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    accounts = None

    def on_start(self):
        self.username = next(self.accounts)
        self.children: list[str] = []
        try:
            sign_in(
                self.client, self.username, PASSWORD, TOTP_KEYS.get(self.username), name="sign-in"
            )
        except SignInFailed as error:
            # Recorded as a failure of its own kind; the user then stops (it cannot work).
            events.request.fire(
                request_type="POST",
                name="sign-in",
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )
            raise StopUser() from error
        except requests.RequestException as error:  # locust has recorded the failed request
            raise StopUser() from error
        finally:
            _arrived(self.environment)

    def page(self, url: str, name: str):
        """GET a page that must answer 200 and must not be the sign-in page."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif response.url.split("?")[0].endswith(SIGN_IN):
                response.failure("signed out")
            else:
                response.success()
            return response

    def remember_children(self, response) -> None:
        found = _CHILD_LINK.findall(response.text or "")
        if found:
            self.children = found

    def child_page(self):
        if not self.children:
            self.remember_children(self.page("/caseload/?scope=team", "caseload, team"))
        if self.children:
            self.page(f"/children/{random.choice(self.children)}/", "child page")


class Caseworker(Staff):
    weight = 9
    accounts = _CASEWORKERS

    @task(4)
    def caseload(self):
        self.remember_children(self.page("/caseload/", "caseload, my cases"))

    @task(6)
    def child(self):
        self.child_page()

    @task(2)
    def team_overdue(self):
        self.page("/caseload/?scope=team&overdue=on", "caseload, team, overdue")

    @task(1)
    def add_note(self):
        """Record an event: a case note on one of their children, as the form sends it."""
        if not self.children:
            return self.caseload()
        form_url = f"/children/{random.choice(self.children)}/chronology/notes/new/"
        form = self.page(form_url, "note form")
        if form.status_code != 200:
            return None
        today = date.today()
        data = {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "kind": "phone",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "summary": f"Phone call with parent (load {uuid.uuid4().hex[:12]})",
            "body": "Discussed the draft plan and the next review meeting.",
        }
        with self.client.post(
            form_url,
            data=data,
            headers={"Referer": form.url},
            name="add note",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/chronology/" not in response.url or "notes/new" in response.url:
                response.failure("note not saved")
            else:
                response.success()
        return None


class Manager(Staff):
    weight = 1
    accounts = _MANAGERS

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(2)
    def team_caseload(self):
        self.remember_children(self.page("/caseload/?scope=team", "caseload, team"))

    @task(2)
    def child(self):
        self.child_page()

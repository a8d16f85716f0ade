"""Time the caseload and the child page against a large synthetic council.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench DEBUG=true \\
        .venv/bin/python bench/caseload.py --children 30000

Seeds the database first (`manage.py seed_demo --children N`, which adds only what is missing).
If the seed made no deadlines, open ones are bulk-created for about 40% of the children, each
with an assessment request (and a time limit exception for one in ten), so the page sorts and
filters realistic work. Then each page is requested in-process through Django's test Client,
with a warm-up request first, and the median and 95th percentile server times and the number
of queries per request are printed. Never point it at a real council's database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cases.models import AssessmentRequest, Child, Deadline, TimeLimitException  # noqa: E402
from cases.models.assessment import Stage  # noqa: E402

# Its force_login also completes two-factor sign-in, which the head of service must pass.
from tests.accounts.otp_helpers import VerifyingClient  # noqa: E402

DEADLINE_SHARE = 0.4
OPEN_STAGES = (Stage.DECIDING, Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT)


def seed(children: int) -> None:
    started = time.monotonic()
    call_command("seed_demo", children=children, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo --children {children}: {time.monotonic() - started:.1f}s")
    if not Deadline.objects.exists():
        started = time.monotonic()
        added = add_open_deadlines()
        took = time.monotonic() - started
        print(f"no deadlines from seed_demo: bulk-created {added:,} in {took:.1f}s")
    if connection.vendor == "postgresql":
        # Fresh bulk loads have no planner statistics until autovacuum gets round to them; with
        # none, PostgreSQL guesses a handful of rows per table and picks plans 300 times slower
        # than it will in a database that has been running a while.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@transaction.atomic
def add_open_deadlines() -> int:
    """A request, and its open decision deadline, for about 40% of the children.

    bulk_create skips the services and their history on purpose: this is load for a timing,
    not a case record anyone will read.
    """
    rng = random.Random("send-portal-bench")  # repeatable synthetic data
    today = timezone.localdate()
    picked = [
        (pk, lead)
        for pk, lead in Child.objects.order_by("pk").values_list("pk", "lead_caseworker_id")
        if rng.random() < DEADLINE_SHARE
    ]
    requests = AssessmentRequest.objects.bulk_create(
        [
            AssessmentRequest(
                child_id=pk,
                source="parent",
                received_on=today - timedelta(days=rng.randint(1, 140)),
                stage=rng.choice(OPEN_STAGES),
            )
            for pk, _ in picked
        ],
        batch_size=2000,
    )
    Deadline.objects.bulk_create(
        [
            Deadline(
                child_id=request.child_id,
                request=request,
                source=f"request:{request.pk}",
                kind=Deadline.Kind.DECISION_TO_ASSESS,
                label=Deadline.Kind.DECISION_TO_ASSESS.label,
                # From four weeks overdue to three months ahead: every status shows up.
                due_on=today + timedelta(days=rng.randint(-28, 90)),
                owner_id=lead,
            )
            for request, (_, lead) in zip(requests, picked, strict=True)
        ],
        batch_size=2000,
    )
    TimeLimitException.objects.bulk_create(
        [
            TimeLimitException(
                request=request,
                step=TimeLimitException.Step.FINAL_PLAN,
                reason=TimeLimitException.Reason.PERSONAL_CIRCUMSTANCES,
                starts_on=request.received_on,
                note="Synthetic (bench)",
            )
            for request in requests
            if rng.random() < 0.1
        ],
        batch_size=2000,
    )
    return len(requests)


class QueryCounter:
    """Counts the queries run inside it. (CaptureQueriesContext reads connection.queries_log,
    which stops growing at 9,000 entries: after seeding, it would report 0.)"""

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client: Client, url: str, params: dict, repeat: int) -> dict:
    client.get(url, params)  # warm-up: connection, caches, first template compile
    with QueryCounter() as queries:
        response = client.get(url, params)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    assert response.status_code == 200, (url, params, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        if response.streaming:  # a streamed export costs nothing until it is read
            for _chunk in response.streaming_content:
                pass
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * len(times)) - 1)],
        "queries": queries.count,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=30000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    args = parser.parse_args()

    setup_test_environment()  # lets the test Client's "testserver" host through
    if not args.no_seed:
        seed(args.children)
    caseworker = User.objects.get(username="casey")  # North team, no cases of their own
    head = User.objects.get(username="harper")  # head of service: every child
    worker = Child.objects.filter(lead_caseworker__isnull=False).first().lead_caseworker
    team_child_ids = list(
        Child.objects.filter(team__in=caseworker.teams.all())
        .order_by("pk")
        .values_list("pk", flat=True)[:2000:40]
    )

    caseload = reverse("cases:caseload")
    cases = [
        ("caseload, my cases", worker, caseload, {}),
        ("caseload, team", caseworker, caseload, {"scope": "team"}),
        ("caseload, team, overdue", caseworker, caseload, {"scope": "team", "overdue": "on"}),
        (
            "caseload, team, stage+need",
            caseworker,
            caseload,
            {"scope": "team", "stage": "assessing", "need": "ASD"},
        ),
        ("caseload, all", head, caseload, {}),
        ("caseload, all, due in 14 days", head, caseload, {"due_within": "14"}),
        ("caseload, all, by name, page 300", head, caseload, {"sort": "name", "page": 300}),
        ("search 'smith'", caseworker, reverse("cases:children"), {"q": "smith"}),
    ]
    print(
        f"\n{Child.objects.count():,} children, {Deadline.objects.open().count():,} open "
        f"deadlines, {connection.vendor}; {args.requests} requests each after a warm-up\n"
    )
    print(f"{'page':<36}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    client = VerifyingClient()
    for label, user, url, params in cases:
        client.force_login(user)
        result = measure(client, url, params, args.requests)
        print(f"{label:<36}{result['median']:>10.1f}{result['p95']:>10.1f}{result['queries']:>9}")

    # The child page: a different child each time, as a caseworker working down a list would.
    client.force_login(caseworker)
    urls = [reverse("cases:child", args=[pk]) for pk in team_child_ids]
    client.get(urls[0])
    with QueryCounter() as queries:
        client.get(urls[0])
    times = []
    for n in range(args.requests):
        started = time.perf_counter()
        assert client.get(urls[n % len(urls)]).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"{'child page':<36}{statistics.median(times):>10.1f}{p95:>10.1f}{queries.count:>9}")

    # The whole list as CSV, a few times: it streams, so its cost is the reading of every row.
    client.force_login(head)
    csv = measure(client, reverse("cases:caseload_csv"), {}, max(3, args.requests // 10))
    print(
        f"{'CSV export, all':<36}{csv['median']:>10.1f}{csv['p95']:>10.1f}{csv['queries']:>9}"
        f"   ({csv['bytes'] / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()

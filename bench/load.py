"""Caseworkers and managers at once against gunicorn and PostgreSQL, at council scale (locust).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench_load \\
        .venv/bin/python bench/load.py --users 50,200 --duration 60

Migrates the database and builds a council of `--plans` plans (30,000) with bench/kpis.py's
set-based builder if it has no plans yet; makes sure its caseworkers (those leading cases) and
team managers and heads of service of the bench's own (one account per simulated manager) can
sign in with the demo password, each manager with a TOTP device when the app has two-factor
sign-in. Then starts its own Redis and gunicorn (DEBUG off, plain HTTP, static files through
WhiteNoise) and, for each number of users, runs locust headless on bench/load_users.py: nine
caseworkers to one manager, every one signing in through the sign-in page (and the two-factor
page). The sign-in rush is measured apart; once every user has signed in the statistics are
reset and `--duration` seconds of work are measured. Prints one table (users, requests,
requests per second, median and 95th percentile in ms, errors, the sign-in rush), the figures
per page, and the failures by kind. Never point it at a real council's database.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")
os.environ.setdefault("DEBUG", "true")  # this process builds data; gunicorn runs without DEBUG
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from kpis import build  # noqa: E402 - bench/kpis.py, the council builder
from load_services import BIN, Gunicorn, Redis, collectstatic, web_environment  # noqa: E402

from accounts.demo import DEMO_PASSWORD, ensure_demo_users, ensure_teams  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.roles import HEAD_OF_SERVICE, TEAM_MANAGER  # noqa: E402
from cases.models import Child  # noqa: E402

MANAGER_SHARE = 0.1  # load_users.py: Caseworker weight 9, Manager weight 1
TOTP_APP = "django_otp.plugins.otp_totp"
SIGN_IN_ALLOWANCE = 600  # seconds the sign-in rush may take before locust is stopped anyway


def caseworkers_with_cases(limit: int) -> list[str]:
    leads = (
        Child.objects.filter(lead_caseworker__is_active=True)
        .values_list("lead_caseworker__username", flat=True)
        .distinct()
        .order_by("lead_caseworker__username")
    )
    return list(leads[:limit])


def ensure_managers(count: int) -> list[str]:
    """The bench's own managers (three team managers, each on two teams, to a head of service):
    one account per simulated manager, since a TOTP code cannot be used twice."""
    teams = ensure_teams()
    groups = {name: Group.objects.get(name=name) for name in (TEAM_MANAGER, HEAD_OF_SERVICE)}
    names = []
    for n in range(count):
        head = n % 4 == 3
        username = f"load{'head' if head else 'manager'}{n + 1:03d}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Load",
                "last_name": f"Manager {n + 1}",
                "email": f"{username}@demo.send-portal.invalid",
                "job_title": "Head of SEND" if head else "SEN team manager",
            },
        )
        if created:
            user.groups.set([groups[HEAD_OF_SERVICE if head else TEAM_MANAGER]])
            if not head:
                user.teams.set([teams[n % len(teams)], teams[(n + 1) % len(teams)]])
        names.append(username)
    return names


def totp_keys(managers: list[str], everyone: list[str]) -> dict[str, str]:
    """Each manager's TOTP device key (made if missing), and any other account's that has one.

    The hook for two-factor sign-in: with django-otp's TOTP plugin installed, the load signs in
    managers by computing the code from this key (bench/load_signin.py). Without it, {}.
    """
    if TOTP_APP not in settings.INSTALLED_APPS:
        return {}
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for user in User.objects.filter(username__in=managers):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="bench/load.py", confirmed=True)
    devices = TOTPDevice.objects.filter(user__username__in=everyone, confirmed=True)
    return {device.user.username: device.key for device in devices.select_related("user")}


def prepare(plans: int, rebuild: bool, users: int) -> tuple[list[str], list[str], dict]:
    call_command("migrate", verbosity=0)
    build(plans, date.today().year - 1, rebuild)
    ensure_demo_users()
    caseworkers = caseworkers_with_cases(users)
    managers = ensure_managers(max(2, math.ceil(users * MANAGER_SHARE) + 2))
    accounts = caseworkers + managers
    User.objects.filter(username__in=accounts).update(
        password=make_password(DEMO_PASSWORD), is_active=True
    )
    if "axes" in settings.INSTALLED_APPS:
        call_command("axes_reset", stdout=open(os.devnull, "w"))  # noqa: SIM115  # no lock-out left over from an earlier run
    from accounts.models import SignInThrottle

    SignInThrottle.objects.all().delete()  # nor a sign-in paused by an earlier run's failures
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return caseworkers, managers, totp_keys(managers, accounts)


def run_locust(users: int, args, host: str, env: dict, out: Path) -> dict:
    """One locust run; its figures as bench/load_users.py writes them."""
    ramp = math.ceil(users / args.spawn_rate)
    result = out / f"users{users}.json"
    command = [
        str(BIN / "locust"),
        f"--locustfile={BENCH / 'load_users.py'}",
        "--headless",
        f"--users={users}",
        f"--spawn-rate={args.spawn_rate}",
        # A ceiling only: load_users.py stops `--duration` seconds after the last sign-in.
        f"--run-time={ramp + args.duration + SIGN_IN_ALLOWANCE}s",
        f"--host={host}",
        "--only-summary",
        "--stop-timeout=10",
        "--loglevel=WARNING",
    ]
    print(f"\n{users} users: started over {ramp}s ({args.spawn_rate:g}/s) ...", flush=True)
    run_env = {
        **env,
        "LOAD_USERS": str(users),
        "LOAD_DURATION": str(args.duration),
        "LOAD_RESULT": str(result),
    }
    done = subprocess.run(command, env=run_env, capture_output=True, text=True, check=False)
    (out / f"users{users}.log").write_text(done.stdout + done.stderr)
    if not result.exists():
        sys.exit(f"locust wrote no figures; see {out / f'users{users}.log'}")
    figures = json.loads(result.read_text())
    figures["cpu_warning"] = any("CPU usage" in line for line in done.stderr.splitlines())
    figures["load"] = os.getloadavg()[0]
    return figures


def ms(value) -> str:
    return "-" if value is None else f"{value:.0f}"


def report(results: list[dict]) -> None:
    print(
        f"\n{'users':>6}{'requests':>10}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}{'errors':>8}"
        f"   sign-in rush"
    )
    for run in results:
        total, rush = run["total"], run["sign_in"] or {}
        rate = total["requests"] / run["seconds"] if run["seconds"] else 0
        print(
            f"{run['users']:>6}{total['requests']:>10,}{rate:>8.1f}{ms(total['median']):>11}"
            f"{ms(total['p95']):>8}{total['failures']:>8}   "
            + (
                f"{rush.get('requests', 0)} sign-ins in {rush['seconds']:.0f}s, median "
                f"{ms(rush.get('median'))} ms, p95 {ms(rush.get('p95'))} ms"
                if rush
                else "did not finish"
            )
        )
    for run in results:
        notes = [f"load average at the end {run['load']:.1f}"]
        if run["cpu_warning"]:
            notes.append("locust itself short of CPU")
        seconds = f"{run['seconds']:.0f}s measured" if run["seconds"] else "never measured"
        print(f"\n{run['users']} users, {seconds} ({'; '.join(notes)})")
        print(f"  {'page':<30}{'requests':>9}{'median':>8}{'p95':>8}{'failed':>8}")
        for page in filter(lambda page: page["requests"], run["pages"]):
            print(
                f"  {page['method'] + ' ' + page['name']:<30}{page['requests']:>9}"
                f"{ms(page['median']):>8}{ms(page['p95']):>8}{page['failures']:>8}"
            )
        for failure in run["failures"]:
            print(
                f"  failed: {failure['method']} {failure['name']}: {failure['error']} "
                f"x{failure['count']}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="50,200", help="simulated users, one run each")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured per run")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--wait", default="3,12", help="seconds a user thinks: min,max")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--plans", type=int, default=30_000, help="council size (kpis.py)")
    parser.add_argument("--rebuild", action="store_true", help="build the council again")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/load.py runs against PostgreSQL: set DATABASE_URL")
    counts = [int(n) for n in args.users.split(",")]

    caseworkers, managers, keys = prepare(args.plans, args.rebuild, max(counts))
    print(
        f"{Child.objects.count():,} children; {len(caseworkers)} caseworkers with cases, "
        f"{len(managers)} managers; two-factor: "
        f"{f'{len(keys)} TOTP devices' if keys else 'not installed (no TOTP step)'}"
    )
    work = Path(tempfile.mkdtemp(prefix="send-portal-load-"))
    redis = Redis().start()
    env = web_environment(work, REDIS_URL=redis.url)
    web = None
    try:
        collectstatic(env)
        web = Gunicorn(env, args.workers, work / "gunicorn.log").start()
        print(f"gunicorn: {args.workers} workers on {web.url}; Redis on port {redis.port}")
        locust_env = {
            **os.environ,
            "LOAD_CASEWORKERS": ",".join(caseworkers),
            "LOAD_MANAGERS": ",".join(managers),
            "LOAD_PASSWORD": DEMO_PASSWORD,
            "LOAD_TOTP_KEYS": json.dumps(keys),
            "LOAD_WAIT": args.wait,
        }
        results = []
        for users in counts:
            results.append(run_locust(users, args, web.url, locust_env, work))
            time.sleep(2)
    finally:
        if web:
            web.stop()
        redis.stop()
    print(f"\nthink time {args.wait} s; locust's output and the gunicorn log in {work}")
    report(results)


if __name__ == "__main__":
    main()

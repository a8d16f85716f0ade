"""Time the heavy downloads - a board report's PDF and a plan version's PDF - against the render
each download used to do, measured in the same run.

    DEBUG=true DATABASE_URL=sqlite:////tmp/heavy.sqlite3 MEDIA_ROOT=/tmp/heavy-media \\
        .venv/bin/python manage.py migrate
    ... .venv/bin/python manage.py seed_demo --children 400
    ... .venv/bin/python bench/downloads.py

Builds one board report for the last calendar year through the Celery task, called in-process
as the worker would (KPIs, charts, appendix and the four stored downloads), then downloads its
PDF as the head of service through Django's test Client: the first and second download, and the
median of `--requests` more. The baseline is the render a download used to run
(reporting.board.render.paper_pdf on the same report). Then the same for the PDF of a plan
version: the worker's render, then downloads that stream the kept file. The report's own page
is timed too, against drawing its charts (which it did on every view before). (Threads in this one
process cannot show what the render did to other pages - each download held a server worker
for seconds - so it times the downloads themselves: a server worker is now held for
milliseconds.) It writes a report and files into the database and MEDIA_ROOT it is given: never a
council's.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

import django

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from plans.models import PlanVersion  # noqa: E402
from plans.tasks import render_plan_pdf  # noqa: E402
from reporting.board import render  # noqa: E402
from reporting.models import BoardReport  # noqa: E402
from reporting.tasks import build_board_report  # noqa: E402
from tests.accounts.otp_helpers import VerifyingClient  # noqa: E402


def timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content)


def report_line(label: str, ms: float, baseline: float) -> None:
    print(f"{label:<44}{ms:>10.1f}{ms / baseline:>10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="timed downloads after two")
    args = parser.parse_args()
    setup_test_environment()  # lets the test Client's "testserver" host through
    year = date.today().year - 1
    report = BoardReport.objects.create(
        title="Bench: SEND performance",
        report_to="Scrutiny Committee",
        reporting_officer="Head of SEND",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        snapshot=date(year + 1, 1, 16),
    )
    build_ms, status = timed(lambda: build_board_report(report.pk))
    assert status == BoardReport.Status.READY, status
    report.refresh_from_db()
    # What a download did before: draw the charts and render the PDF.
    unkept = BoardReport.objects.get(pk=report.pk)
    unkept.chart_svgs = []
    render_ms, _pdf = timed(lambda: render.paper_pdf(unkept))
    head = User.objects.get(username="harper")
    client = VerifyingClient()
    client.force_login(head)
    url = reverse("board:download", args=[report.pk, "pdf"])
    first_ms, first = timed(lambda: download(client, url))
    second_ms, _ = timed(lambda: download(client, url))
    more = [timed(lambda: download(client, url))[0] for _ in range(args.requests)]
    print(
        f"\nBoard report {report.pk}: {len(report.content.get('kpis', []))} KPIs, PDF "
        f"{len(first):,} bytes; built by the task in {build_ms / 1000:.1f} s (all four files)"
    )
    print(f"{'':<44}{'ms':>10}{'x render':>10}")
    report_line("render the PDF (what each download did)", render_ms, render_ms)
    report_line("board PDF, first download", first_ms, render_ms)
    report_line("board PDF, second download", second_ms, render_ms)
    report_line(f"board PDF, median of {args.requests} more", statistics.median(more), render_ms)

    detail = reverse("board:detail", args=[report.pk])
    client.get(detail)
    page_ms = statistics.median(timed(lambda: client.get(detail))[0] for _ in range(args.requests))
    draw_ms, _ = timed(lambda: render.paper_context(unkept))
    report_line("report's page: drawing its charts (before)", draw_ms, render_ms)
    report_line("report's page, charts kept (median)", page_ms, render_ms)

    version = (
        PlanVersion.objects.select_related("plan")
        .filter(plan__child__isnull=False)
        .order_by("-pk")
        .first()
    )
    if version is None:
        print("No plan version to time: seed_demo issued none")
        return
    PlanVersion.objects.filter(pk=version.pk).update(pdf="", pdf_source="")
    plan_render_ms, _ = timed(lambda: render_plan_pdf(version.pk))
    plan_url = reverse(
        "plans:version_pdf", args=[version.plan.child_id, version.plan_id, version.number]
    )
    plan_first, _ = timed(lambda: download(client, plan_url))
    plan_second, _ = timed(lambda: download(client, plan_url))
    plan_more = [timed(lambda: download(client, plan_url))[0] for _ in range(args.requests)]
    report_line("render a plan version's PDF (the worker)", plan_render_ms, plan_render_ms)
    report_line("plan PDF, first download", plan_first, plan_render_ms)
    report_line("plan PDF, second download", plan_second, plan_render_ms)
    report_line(
        f"plan PDF, median of {args.requests} more", statistics.median(plan_more), plan_render_ms
    )
    report.delete()


if __name__ == "__main__":
    main()

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from cases.identifiers import is_valid_nhs_number, is_valid_uln, is_valid_upn
from cases.models import Child

pytestmark = pytest.mark.django_db


def _seed(children: int) -> str:
    out = StringIO()
    call_command("seed_demo", children=children, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_plausible_council_and_is_idempotent():
    output = _seed(120)
    assert "120 children added" in output
    assert "casey" in output and "send-portal-demo" in output
    assert Child.objects.count() == 120
    assert "0 children added" in _seed(120)
    assert Child.objects.count() == 120
    assert "40 children added" in _seed(160)

    children = list(Child.objects.all())
    assert all(is_valid_upn(c.upn) for c in children if c.upn)
    assert all(is_valid_nhs_number(c.nhs_number) for c in children)
    assert all(is_valid_uln(c.uln) for c in children if c.uln)
    assert len({c.upn for c in children if c.upn}) == len([c for c in children if c.upn])
    needs = Counter(c.primary_need for c in children if c.primary_need)
    assert needs.most_common(1)[0][0] == "ASD"  # the largest group nationally (31.5%)
    assert all(c.team_id for c in children)
    assert Child.history.filter(history_type="+").count() == 160  # audited as created


def test_demo_users_can_sign_in_with_each_role(client):
    _seed(20)
    # Managers, heads of service and administrators set up two-factor sign-in first.
    two_factor_setup = f"{reverse('two_factor_setup')}?next=%2F"
    for username, landing in [
        ("casey", reverse("home")),
        ("morgan", two_factor_setup),
        ("harper", two_factor_setup),
        ("admin", two_factor_setup),
        ("dpo", two_factor_setup),
    ]:
        client.logout()
        response = client.post(
            reverse("login"), {"username": username, "password": "send-portal-demo"}, follow=True
        )
        assert response.redirect_chain[-1][0] == landing, username
    assert User.objects.get(username="casey").lead_cases.exists()


def test_dashboard_counts_with_aggregate_queries(client, django_assert_max_num_queries):
    _seed(80)
    client.force_login(User.objects.get(username="harper"))  # the demo head of service
    # Each figure, split and trend year is one aggregate query, whatever the number of children.
    with django_assert_max_num_queries(70):
        response = client.get(reverse("dashboard"))
    assert response.context["totals"]["children"] == 80
    shares = sum(row["share"] for row in response.context["need_rows"])
    assert round(shares) == 100


def test_need_csv_matches_the_dashboard_for_a_team_manager(client):
    import csv
    import io

    _seed(120)
    manager = User.objects.get(username="morgan")  # North and South teams only
    client.force_login(manager)
    response = client.get(reverse("need_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    visible = Child.objects.filter(team__in=manager.teams.all()).exclude(primary_need="")
    assert sum(int(r["children"]) for r in rows) == visible.count() < Child.objects.count()
    asd = next(r for r in rows if r["need_code"] == "ASD")
    assert int(asd["children"]) == visible.filter(primary_need="ASD").count()


def test_seed_demo_records_requests_at_every_stage_through_the_services():
    from django.utils import timezone

    from cases.models import AssessmentRequest, Deadline

    _seed(150)
    stages = set(AssessmentRequest.objects.values_list("stage", flat=True))
    assert {"deciding", "assessing", "issued", "not_assessing"} <= stages
    today = timezone.localdate()
    statuses = {d.status(today) for d in Deadline.objects.all()}
    assert {"met", "met_late", "on_track", "overdue"} <= statuses
    requests, deadlines = AssessmentRequest.objects.count(), Deadline.objects.count()
    _seed(150)
    assert (AssessmentRequest.objects.count(), Deadline.objects.count()) == (requests, deadlines)
    # Every request's deadlines are exactly what the services derive (no hand-made rows).
    for request in AssessmentRequest.objects.filter(closure="")[:50]:
        assert request.deadlines.filter(kind="decision_to_assess").count() == 1


def test_the_demo_council_produces_a_clean_sen2_return():
    """A head of service can download the demo's return: its checks find no error (warnings
    allowed, each with its reason)."""
    from django.utils import timezone

    from reporting.kpis.base import census_day
    from reporting.sen2 import years
    from reporting.sen2.checks import run_checks
    from reporting.sen2.export import export_return

    _seed(150)
    this_year = timezone.localdate().year
    # This January's return and next January's, where the year is supported; else the latest.
    wanted = [y for y in (this_year, this_year + 1) if y in years.supported()]
    for year in wanted or years.supported()[-1:]:
        sen2, xml = export_return(census_day(year), "999")
        assert sen2.counts["plans"] > 50
        errors = [p for p in run_checks(sen2, xml) if p.is_error]
        assert errors == [], errors[:5]
    unexplained = Child.objects.filter(upn="", upn_unknown="").count()
    assert unexplained == 0
    assert not Child.objects.filter(plans__status="final", primary_need="").exists()

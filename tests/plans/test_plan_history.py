"""Changes to a child's plans, reviews and placements appear on the child's History tab."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.history import audit_page
from placements.services import placements as placement_services
from plans.services import editing
from tests.factories import SettingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


def test_plan_content_and_placements_are_in_the_audit_trail(client, caseworker, issued_plan, child):
    setting = SettingFactory(
        name="Brookfield School", urn="123456", setting_type="maintained_special", la_code="999"
    )
    placement_services.add_placement(
        child=child, by=caseworker, setting=setting, plan=issued_plan, entry_on=date(2024, 6, 3)
    )
    things = {entry.what for entry in audit_page(child=child).object_list}
    assert {"plan", "outcome", "provision item", "annual review", "placement"} <= {
        t.lower() for t in things
    }, things
    client.force_login(caseworker)
    body = client.get(reverse("cases:history", args=[child.pk])).content.decode()
    assert "Brookfield School" in body or "placement" in body.lower()


def test_the_history_tab_stays_bounded_as_plans_grow(client, caseworker, drafted_plan, child):
    client.force_login(caseworker)
    url = reverse("cases:history", args=[child.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(15):
        editing.add_outcome(plan=drafted_plan, by=caseworker, area="health", description=f"O{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) <= len(few) + 2, [q["sql"][:100] for q in many]

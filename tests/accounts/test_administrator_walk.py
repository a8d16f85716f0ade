"""Issue 17: an administrator manages accounts and reads no child's file; issue 18: nobody outside
the child's team opens a record by its id. Walk every URL of the case-file apps, with real ids,
as an administrator and as a caseworker and a team manager of another team: each must refuse
(403 or 404).

The URLs come from the project's resolver, so a page added to one of these apps later is walked
too; a pattern whose arguments this test cannot fill fails it, on purpose.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cases.services import assessment
from cases.services.documents import upload_document
from records.erasure import review_erasure
from tests.factories import (
    AlertFactory,
    ChildFactory,
    ContactFactory,
    CostLineFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    ReminderLogFactory,
    SettingFactory,
)
from tests.plans.conftest import drafted_plan, drafting_request, issued_plan  # noqa: F401

pytestmark = pytest.mark.django_db

CASE_FILE_NAMESPACES = {"cases", "plans", "placements", "records", "sen2", "annex_a"}
# The admin site's pages for those apps' models (the reminder machinery names children too).
CASE_FILE_ADMIN_PREFIXES = tuple(f"{app}_" for app in ("cases", "plans", "placements", "records"))
# Outside those namespaces, the reporting pages that read children's records.
CASE_FILE_NAMES = {"reports", "need_csv", "dashboard"}
# The directory of schools and providers holds no child's data; its pages are the
# administrator's to keep (placements.rules). They are walked too: a 200 must name no child.
DIRECTORY = {
    "placements:settings",
    "placements:setting",
    "placements:setting_new",
    "placements:setting_edit",
    "placements:settings_import",
    "placements:settings_template",
}


def _patterns(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern


@pytest.fixture
def record(child, caseworker, head_of_service, issued_plan, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    request = issued_plan.request if hasattr(issued_plan, "request") else None
    request = request or child.assessment_requests.order_by("pk").first()
    advice = assessment.request_advice(
        request=request, by=caseworker, body="ep", requested_on=date(2024, 2, 13)
    )
    contact = ContactFactory(child=child, name="Grace Stone", relationship="parent")
    document = upload_document(
        child=child,
        by=caseworker,
        kind="advice",
        title="EP report",
        uploaded_file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    deadline = child.deadlines.order_by("pk").first()
    alert = AlertFactory(
        deadline=deadline, owner=caseworker, kind="due_7", raised_on=timezone.localdate()
    )
    reminder = ReminderLogFactory(
        recipient=caseworker, kind="caseworker_digest", for_date=timezone.localdate()
    )
    setting = SettingFactory(
        name="Riverside Primary School",
        urn="100001",
        setting_type="mainstream_maintained",
        la_code="999",
        in_area=True,
    )
    placement = PlacementFactory(
        child=child, setting=setting, plan=issued_plan, entry_on=date(2024, 9, 1), rank=1
    )
    cost = CostLineFactory(
        placement=placement,
        financial_year=2024,
        kind="top_up",
        funding_source="education",
        amount=Decimal("1000"),
    )
    budget = PersonalBudgetFactory(
        plan=issued_plan, kind="E", annual_amount=Decimal("500"), start_on=date(2024, 4, 1)
    )
    old = ChildFactory(
        first_name="Oldest", last_name="Stone", date_of_birth=date(1980, 1, 1), team=child.team
    )
    erasure = review_erasure(child_ids=[old.pk], by=head_of_service)
    review = issued_plan.reviews.order_by("pk").first()
    assert review is not None, "an issued plan has its first review scheduled"
    version = issued_plan.versions.order_by("number").first()
    ids = {
        "pk": child.pk,
        "request_id": request.pk,
        "contact_pk": contact.pk,
        "document_pk": document.pk,
        "alert_pk": alert.pk,
        "plan_id": issued_plan.pk,
        "review_id": review.pk,
        "number": version.number,
        "ceasing_step": "propose",
        "placement_pk": placement.pk,
        "cost_pk": cost.pk,
        "budget_pk": budget.pk,
        "setting_pk": setting.pk,
    }
    by_name = {
        "cases:request_step": {"step": "decision"},
        "cases:request_item_step": {"step": "advice-received", "item_id": advice.pk},
        "plans:outcome_edit": {"item_id": issued_plan.outcomes.get().pk},
        "plans:outcome_delete": {"item_id": issued_plan.outcomes.get().pk},
        "plans:provision_edit": {"item_id": issued_plan.provision.get().pk},
        "plans:provision_delete": {"item_id": issued_plan.provision.get().pk},
        "plans:provision_check": {"item_id": issued_plan.provision.get().pk},
        "plans:review_step": {"step": "meeting"},
        "records:erasure_confirm": {"pk": erasure.pk},
    }
    admin_objects = {"cases_alert": alert.pk, "cases_reminderlog": reminder.pk}
    urls = {}
    for namespace, pattern in _patterns():
        in_admin = (
            namespace == "admin"
            and pattern.name.startswith(CASE_FILE_ADMIN_PREFIXES)
            and not pattern.name.startswith("placements_setting_")  # the directory
        )
        if (
            namespace not in CASE_FILE_NAMESPACES
            and not (namespace is None and pattern.name in CASE_FILE_NAMES)
            and not in_admin
        ):
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        known = {**ids, **by_name.get(name, {})}
        if in_admin:
            model = pattern.name.rsplit("_", 1)[0]
            known["object_id"] = admin_objects[model]
        wanted = list(pattern.pattern.converters)
        assert set(wanted) <= set(known), f"teach this test the arguments of {name}"
        urls[name] = reverse(name, kwargs={arg: known[arg] for arg in wanted})
    # Only apps with a model in the admin site have an index page there.
    for app in ("cases", "placements"):
        urls[f"admin:app_list:{app}"] = reverse("admin:app_list", kwargs={"app_label": app})
    return urls


def test_an_administrator_is_refused_every_case_file_url(client, administrator, child, record):
    client.force_login(administrator)
    identifiers = [child.first_name, child.last_name, child.date_of_birth.strftime("%-d %B %Y")]
    refused, shown, answered = {}, {}, []
    for name, url in record.items():
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace")
            if name in DIRECTORY and response.status_code in (200, 302):
                shown[(name, method)] = response.status_code
                leaked = [i for i in identifiers if i and i in text]
                assert not leaked, f"{method.upper()} {name} ({url}) shows {leaked}"
                continue
            if response.status_code in (403, 404, 405):
                refused[(name, method)] = response.status_code
            else:
                answered.append(f"{response.status_code} from {method.upper()} {name} ({url})")
    assert not answered, "an administrator got " + "; ".join(answered)
    walked = len(record)
    refused_urls = {name for name in record if {(name, "get"), (name, "post")} <= set(refused)}
    print(
        f"\nadministrator walk: {walked} URLs ({walked - len(DIRECTORY & set(record))} case-file, "
        f"{len(DIRECTORY & set(record))} directory); {len(refused_urls)} refused on every "
        f"method; {len(refused)} GET/POST requests refused, {len(shown)} directory answers "
        "with no child named"
    )
    assert walked >= 80  # every pattern of the six apps, not a handful
    assert refused_urls >= set(record) - DIRECTORY


@pytest.mark.parametrize("visitor", ["outsider", "other_team_manager"])
def test_someone_in_another_team_is_refused_every_url_with_an_id(
    client, request, other_team, child, record, visitor
):
    """Issue 18: every URL that takes an id, walked as someone who must not see that child
    (a caseworker, or a team manager, of another team): 403 or 404, never a page."""
    if visitor == "other_team_manager":
        from accounts.roles import TEAM_MANAGER
        from tests.factories import UserFactory

        user = UserFactory(username="mo", role=TEAM_MANAGER, teams=[other_team])
    else:
        user = request.getfixturevalue(visitor)
    client.force_login(user)
    with_ids = {
        name: url
        for name, url in record.items()
        if not name.startswith("admin:") and name not in DIRECTORY and _takes_an_id(name)
    }
    answered = []
    for name, url in with_ids.items():
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            if response.status_code not in (403, 404, 405):
                answered.append(f"{response.status_code} from {method.upper()} {name} ({url})")
    print(f"\n{visitor} walk: {len(with_ids)} URLs with an id, each refused on GET and POST")
    assert not answered, f"{visitor} got " + "; ".join(answered)
    assert len(with_ids) >= 60  # every record page of the case-file apps, not a handful


def _takes_an_id(name: str) -> bool:
    namespace, _, short = name.rpartition(":")
    for space, pattern in _patterns():
        if (space or "") == namespace and pattern.name == short:
            return bool(pattern.pattern.converters)
    return False

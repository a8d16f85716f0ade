"""Walk every URL of a child's record, as each kind of visitor, and check the answer.

The list of URLs comes from cases.urls itself, so a page added later is walked too: a new
pattern whose arguments this test cannot fill fails it, on purpose.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.services import assessment
from cases.services.documents import upload_document
from cases.urls import urlpatterns
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "child",
    "contacts",
    "requests",
    "request",
    "documents",
    "document_download",
    "chronology",
    "history",
}
NOT_ABOUT_ONE_CHILD = {
    *("caseload", "caseload_csv", "children", "child_new", "reassign"),
    *("alerts", "alerts_bulk", "alert_acknowledge", "alert_snooze"),  # test_alert_pages.py
}


@pytest.fixture
def record(child, caseworker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child.date_of_birth = date(2015, 5, 1)
    child.save()
    received = timezone.localdate() - timedelta(days=30)
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=received
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=received + timedelta(days=5)
    )
    advice = assessment.request_advice(
        request=request, by=caseworker, body="ep", requested_on=received + timedelta(days=6)
    )
    contact = ContactFactory(child=child, name="Grace Stone", relationship="parent")
    document = upload_document(
        child=child,
        by=caseworker,
        kind="advice",
        title="EP report",
        uploaded_file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    args = {
        "pk": child.pk,
        "request_id": request.pk,
        "step": "advice-received",
        "item_id": advice.pk,
        "contact_pk": contact.pk,
        "document_pk": document.pk,
    }
    urls = {}
    for pattern in urlpatterns:
        if pattern.name in NOT_ABOUT_ONE_CHILD:
            continue
        names = list(pattern.pattern.converters)
        assert set(names) <= set(args), f"teach this test the arguments of {pattern.name}"
        kwargs = {n: args[n] for n in names}
        if pattern.name == "request_step":
            kwargs["step"] = "advice"  # a step about the request, not one item of it
        urls[pattern.name] = reverse(f"cases:{pattern.name}", kwargs=kwargs)
    return urls


@pytest.mark.parametrize(
    "visitor",
    ["caseworker", "team_manager", "outsider", "head_of_service", "administrator", "anonymous"],
)
def test_every_record_url_answers_as_the_role_allows(client, request, record, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    answers = {name: client.get(url).status_code for name, url in record.items()}
    for name, status in answers.items():
        if visitor == "anonymous":
            expected = 302
        elif visitor in ("caseworker", "team_manager"):
            expected = 200
        elif visitor == "head_of_service":
            expected = 200 if name in READ_ONLY else 403
        elif visitor == "outsider" and name == "child":
            # Walking ids finds nothing: the need-to-know card answers only a precise search
            # (tests/cases/test_lookups.py).
            expected = 404
        else:
            expected = 403
        assert status == expected, f"{visitor} on {name} ({record[name]}): {status}"


def test_outsiders_and_readers_cannot_post_to_any_record_url(
    client, record, outsider, head_of_service
):
    for user in (outsider, head_of_service):
        client.force_login(user)
        for name, url in record.items():
            if name in READ_ONLY and user == head_of_service:
                continue
            assert client.post(url, {}).status_code in (403, 405), f"{user} POST {name}"

"""Factories for the cases app. Dates follow the statutory order: a request is received, then
decided on, then advice is asked for, then a plan drafted and issued."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from cases.codes import Need, SenStatus, Sex
from cases.identifiers import make_upn
from cases.models import (
    AdviceRequest,
    Alert,
    AssessmentRequest,
    CaseAllocation,
    CaseEvent,
    CaseFlag,
    CaseNote,
    Child,
    ChildLookup,
    Consultation,
    Contact,
    Deadline,
    Disagreement,
    Document,
    RecordView,
    ReminderLog,
    TimeLimitException,
)
from cases.models.assessment import Decision, Source

from .accounts import TeamFactory, UserFactory

RECEIVED = date(2024, 1, 8)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    # Of school age on the dates tests use (2024-2026): an under-5's plan is reviewed every
    # 6 months by default, which tests about the under-5s set up on purpose.
    date_of_birth = factory.Faker(
        "date_between", start_date=date(2008, 1, 1), end_date=date(2018, 8, 31)
    )
    sex = Sex.FEMALE
    upn = factory.Sequence(lambda n: make_upn("999", 4000 + n // 1000, 15, n % 1000))
    sen_status = SenStatus.EHC_PLAN
    primary_need = Need.ASD
    team = factory.SubFactory(TeamFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = Contact.Relationship.PARENT


class CaseAllocationFactory(factory.django.DjangoModelFactory):
    """Who holds the case from when: by default the child's team and lead caseworker, now."""

    class Meta:
        model = CaseAllocation

    child = factory.SubFactory(ChildFactory)
    team = factory.SelfAttribute("child.team")
    lead_caseworker = factory.SelfAttribute("child.lead_caseworker")
    started_at = factory.LazyFunction(timezone.now)


class RecordViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordView

    child = factory.SubFactory(ChildFactory)
    user = factory.SubFactory(UserFactory)
    path = factory.LazyAttribute(lambda view: view.child.get_absolute_url())


class ChildLookupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildLookup

    child = factory.SubFactory(ChildFactory)
    user = factory.SubFactory(UserFactory)


def _weeks_after_received(weeks: int):
    return factory.LazyAttribute(lambda request: request.received_on + timedelta(weeks=weeks))


class AssessmentRequestFactory(factory.django.DjangoModelFactory):
    """A request received from a parent. Its `stage` follows from the steps given (as the
    services keep it), unless a test passes one. The traits record the steps in time:
    `decided_to_assess` (week 5) and `issued` (decided at week 5 and 14, draft at 15, final
    plan at 19: inside the 20 weeks)."""

    class Meta:
        model = AssessmentRequest

    child = factory.SubFactory(ChildFactory)
    source = Source.PARENT
    received_on = RECEIVED

    class Params:
        decided_to_assess = factory.Trait(
            assess_decision=Decision.YES, assess_decision_on=_weeks_after_received(5)
        )
        issued = factory.Trait(
            decided_to_assess=True,
            issue_decision=Decision.YES,
            issue_decision_on=_weeks_after_received(14),
            draft_sent_on=_weeks_after_received(15),
            final_issued_on=_weeks_after_received(19),
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        request = model_class(*args, **kwargs)
        if "stage" not in kwargs:
            request.stage = request.current_stage()
        request.save(force_insert=True)
        return request


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    """Advice asked for once the council has decided to assess."""

    class Meta:
        model = AdviceRequest

    request = factory.SubFactory(AssessmentRequestFactory, decided_to_assess=True)
    body = AdviceRequest.Body.EDUCATIONAL_PSYCHOLOGY
    requested_on = factory.LazyAttribute(
        lambda advice: (advice.request.assess_decision_on or advice.request.received_on)
        + timedelta(days=1)
    )


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    request = factory.SubFactory(AssessmentRequestFactory, decided_to_assess=True)
    setting_name = "Hill Primary School"
    sent_on = factory.LazyAttribute(
        lambda consultation: consultation.request.received_on + timedelta(weeks=12)
    )


class TimeLimitExceptionFactory(factory.django.DjangoModelFactory):
    """An exception to the 6-week decision, for the family's circumstances (reg 10(4)(c))."""

    class Meta:
        model = TimeLimitException

    request = factory.SubFactory(AssessmentRequestFactory)
    step = TimeLimitException.Step.DECISION_TO_ASSESS
    reason = TimeLimitException.Reason.PERSONAL_CIRCUMSTANCES
    starts_on = factory.LazyAttribute(lambda exception: exception.request.received_on)
    note = "Family abroad"


class DisagreementFactory(factory.django.DjangoModelFactory):
    """Mediation about the content of a plan issued after the request."""

    class Meta:
        model = Disagreement

    request = factory.SubFactory(AssessmentRequestFactory, issued=True)
    kind = Disagreement.Kind.MEDIATION
    about = Disagreement.About.CONTENT
    started_on = factory.LazyAttribute(
        lambda disagreement: (disagreement.request.final_issued_on or RECEIVED) + timedelta(weeks=2)
    )


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A statutory step due on a day; `source` is unique, so every row stands alone."""

    class Meta:
        model = Deadline

    child = factory.SubFactory(ChildFactory)
    source = factory.Sequence(lambda n: f"test:{n}")
    kind = Deadline.Kind.DECISION_TO_ASSESS
    label = factory.LazyAttribute(lambda deadline: Deadline.Kind(deadline.kind).label)
    due_on = RECEIVED + timedelta(weeks=6)


class AlertFactory(factory.django.DjangoModelFactory):
    """A 14-day alert, raised 14 days before its deadline, for the deadline's owner."""

    class Meta:
        model = Alert

    deadline = factory.SubFactory(DeadlineFactory)
    owner = factory.SelfAttribute("deadline.owner")
    kind = Alert.Kind.DUE_14
    raised_on = factory.LazyAttribute(lambda alert: alert.deadline.due_on - timedelta(days=14))


class ReminderLogFactory(factory.django.DjangoModelFactory):
    """Today's digest for one caseworker, neither claimed nor sent."""

    class Meta:
        model = ReminderLog

    recipient = factory.SubFactory(UserFactory)
    kind = ReminderLog.Kind.CASEWORKER_DIGEST
    for_date = factory.LazyFunction(timezone.localdate)


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    child = factory.SubFactory(ChildFactory)
    happened_on = RECEIVED
    title = "Request for assessment received"


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    child = factory.SubFactory(ChildFactory)
    happened_on = RECEIVED
    summary = "Phone call with the family"


class CaseFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFlag

    child = factory.SubFactory(ChildFactory)
    kind = CaseFlag.Kind.PROVISION_GAP
    source = factory.Sequence(lambda n: f"plan:{n}")
    raised_on = RECEIVED


class DocumentFactory(factory.django.DjangoModelFactory):
    """An uploaded text file (the upload service checks real uploads; this is the row)."""

    class Meta:
        model = Document

    child = factory.SubFactory(ChildFactory)
    kind = Document.Kind.OTHER
    title = "Letter to the family"
    file = factory.django.FileField(filename="upload.txt", data=b"A letter\n")
    original_name = "letter.txt"
    content_type = "text/plain"
    size = 9

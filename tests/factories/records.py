"""Factories for the records app's audit of data subject rights, and the admin log entries
an erasure must also clear."""

import factory
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from records.models import Channel, Erasure, SubjectAccessExport

from .accounts import UserFactory
from .cases import ChildFactory


class SubjectAccessExportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectAccessExport

    child = factory.SubFactory(ChildFactory)
    requested_by = factory.SubFactory(UserFactory)
    channel = Channel.PAGE
    file_size = 1024


class ErasureFactory(factory.django.DjangoModelFactory):
    """A reviewed erasure awaiting confirmation; pass `children=[...]` to select records."""

    class Meta:
        model = Erasure
        skip_postgeneration_save = True

    child_count = 1
    reviewed_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def children(self, create, extracted, **kwargs):
        if create and extracted:
            self.children.set(extracted)


class LogEntryFactory(factory.django.DjangoModelFactory):
    """A change to a child made in the admin site, as the admin logs it."""

    class Meta:
        model = LogEntry

    class Params:
        changed = factory.SubFactory(ChildFactory)

    user = factory.SubFactory(UserFactory)
    content_type = factory.LazyAttribute(
        lambda entry: ContentType.objects.get_for_model(entry.changed)
    )
    object_id = factory.LazyAttribute(lambda entry: str(entry.changed.pk))
    object_repr = factory.LazyAttribute(lambda entry: str(entry.changed))
    action_flag = CHANGE

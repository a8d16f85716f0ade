"""The list of kinds (records.kinds) holds every model that reaches a child: a model added
later without a place in the export and the erasure fails here."""

import pytest
from django.apps import apps

from cases.models import Child
from records.kinds import KINDS, history_sources
from records.models import Erasure, SubjectAccessExport

# Not about the child: the audit of data subject rights itself.
AUDIT_MODELS = {Erasure, SubjectAccessExport, Erasure.children.through}


def _reaches_child(model, depth=0) -> bool:
    if model is Child:
        return True
    if depth > 4:
        return False
    return any(
        _reaches_child(field.related_model, depth + 1)
        for field in model._meta.concrete_fields
        if field.many_to_one or field.one_to_one
        # Another child's record through a user or a setting is not this child's.
        if field.related_model._meta.app_label in ("cases", "plans", "placements", "reporting")
        and field.related_model is not model
    )


def test_every_model_holding_a_childs_data_is_a_kind():
    listed = {kind.model for kind in KINDS}
    holding = {
        model
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        and model not in AUDIT_MODELS
        and _reaches_child(model)
    }
    assert holding - listed == set()


@pytest.mark.django_db
def test_every_kind_with_history_exports_it(child):
    sources = history_sources(child)
    for kind in KINDS:
        has_history = hasattr(kind.model, "history")
        assert (kind.key in sources) == has_history, kind.key

"""The pieces of core.locking on their own: the version counter, the hidden field, the check."""

import pytest
from django import forms

from cases.codes import SenStatus
from cases.models import Child
from cases.services import children
from core.locking import NOT_SENT, StaleEdit, VersionField, carry_version

pytestmark = pytest.mark.django_db


def test_every_save_raises_the_version_and_history_keeps_it(child, caseworker):
    assert Child.objects.get(pk=child.pk).version == 1
    children.update_child(child=child, by=caseworker, preferred_name="Mia")
    # A partial save (another app recording the SEN status) counts too.
    children.set_sen_status(child=child, by=caseworker, status=SenStatus.NONE, reason="Test")
    stored = Child.objects.get(pk=child.pk)
    assert (stored.version, stored.preferred_name, stored.sen_status) == (3, "Mia", "none")
    assert list(child.history.values_list("version", flat=True)) == [3, 2, 1]


def test_an_edit_with_nothing_changed_is_not_a_save(child, caseworker):
    children.update_child(child=child, by=caseworker, version=1, first_name=child.first_name)
    assert Child.objects.get(pk=child.pk).version == 1


def test_a_service_refuses_an_old_version_and_writes_nothing(child, caseworker, team_manager):
    children.update_child(child=child, by=team_manager, version=1, preferred_name="Mia")
    with pytest.raises(StaleEdit) as refused:
        children.update_child(child=child, by=caseworker, version=1, preferred_name="Millie")
    assert refused.value.current.preferred_name == "Mia"
    assert team_manager.get_full_name() in refused.value.messages[0]
    stored = Child.objects.get(pk=child.pk)
    assert (stored.version, stored.preferred_name) == (2, "Mia")


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("3", 3),
        (" 4 ", 4),
        ("", NOT_SENT),
        (None, NOT_SENT),
        ("0", NOT_SENT),
        ("-2", NOT_SENT),
        ("x", NOT_SENT),
        ("1e3", NOT_SENT),
        ("\x00", NOT_SENT),
    ],
)
def test_the_hidden_field_never_makes_the_form_invalid(sent, read):
    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "Mia", **({"version": sent} if sent is not None else {})})
    form.fields["version"] = VersionField()
    assert form.is_valid()
    assert form.cleaned_data["version"] == read


def test_carry_version_renders_the_hidden_field_with_a_crispy_layout(child, caseworker):
    from django.forms.models import model_to_dict
    from django.template import Context, Template

    from cases.forms.child import ChildForm

    form = ChildForm(initial=model_to_dict(child, fields=ChildForm.Meta.fields), user=caseworker)
    carry_version(form, child)
    page = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert 'type="hidden" name="version" value="1"' in page

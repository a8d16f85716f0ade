"""Reading a model's fields."""

from django.db import models


def own_field(model: type[models.Model], name: str) -> models.Field:
    """One of the model's own fields (not the reverse side of a relation), by name."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of the model's own")
    return field


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of one of the model's own fields."""
    return str(own_field(model, name).verbose_name)

"""Reading a model's fields."""

from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of one of the model's own fields (not a relation's reverse side)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of the model's own")
    return str(field.verbose_name)

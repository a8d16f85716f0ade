"""The access policy (cases.access) as django-rules permissions, for `has_perm` and templates."""

import rules

from . import access

rules.add_perm("cases.view_child_record", rules.predicate(access.may_view))
rules.add_perm("cases.change_child_record", rules.predicate(access.may_change))

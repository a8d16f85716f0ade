"""Who may read and change the settings directory, and whose placements a user may see.

Reading the directory is for anyone who works with children's records, and for those who keep
the directory; changing it (by hand or by CSV) is for administrators and managers, because a
wrong type or LA code changes what the KPIs and the SEN2 return count.
"""

import rules
from django.db.models import Q

from accounts.rules import does_casework, is_administrator, is_head_of_service, is_team_manager
from cases.rules import user_team_ids

manages_directory = is_administrator | is_head_of_service | is_team_manager

rules.add_perm("placements.view_directory", does_casework | is_head_of_service | manages_directory)
rules.add_perm("placements.change_directory", manages_directory)


def visible_children(user, prefix: str = "child__") -> Q:
    """The children whose placements the user may see by name, as cases.rules decides for the
    record itself: heads of service all, caseworkers and team managers their teams', others
    none (they see a count)."""
    if is_head_of_service(user):
        return Q()
    if does_casework(user):
        return Q(**{f"{prefix}team_id__in": user_team_ids(user)})
    return Q(pk__in=[])

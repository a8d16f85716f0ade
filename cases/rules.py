"""Need to know: who may open which child's record.

Caseworkers and team managers work their own teams' cases; heads of service read everything.
"""

import rules

from accounts.rules import does_casework, is_head_of_service


@rules.predicate
def in_users_team(user, child) -> bool:
    if child is None or child.team_id is None:
        return False
    return child.team_id in user_team_ids(user)


def user_team_ids(user) -> set[int]:
    if not hasattr(user, "_team_ids"):
        user._team_ids = set(user.teams.values_list("id", flat=True))
    return user._team_ids


rules.add_perm("cases.view_child_record", (does_casework & in_users_team) | is_head_of_service)
rules.add_perm("cases.change_child_record", does_casework & in_users_team)

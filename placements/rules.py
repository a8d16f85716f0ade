"""Who may read and change the settings directory (whose placements a user may see is the
access policy's: cases.access).

Reading the directory is for anyone who works with children's records, and for those who keep
the directory; changing it (by hand or by CSV) is for administrators and managers, because a
wrong type or LA code changes what the KPIs and the SEN2 return count.
"""

import rules

from accounts.rules import does_casework, is_administrator, is_head_of_service, is_team_manager

manages_directory = is_administrator | is_head_of_service | is_team_manager

rules.add_perm("placements.view_directory", does_casework | is_head_of_service | manages_directory)
rules.add_perm("placements.change_directory", manages_directory)

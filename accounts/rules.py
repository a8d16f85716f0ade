"""Who may reach each part of the service. Object rules for case records live in cases.rules."""

import rules

from .roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    TEAM_MANAGER,
)


def holds(role: str) -> rules.Predicate:
    """A role, as User.has_role decides it: one way of asking, for predicates and code alike."""

    @rules.predicate(name=f"holds {role}")
    def predicate(user) -> bool:
        return user.is_authenticated and user.has_role(role)

    return predicate


is_caseworker = holds(CASEWORKER)
is_team_manager = holds(TEAM_MANAGER)
is_head_of_service = holds(HEAD_OF_SERVICE)
is_administrator = holds(ADMINISTRATOR)
is_data_protection_officer = holds(DATA_PROTECTION_OFFICER)

does_casework = is_caseworker | is_team_manager
manages = is_team_manager | is_head_of_service

rules.add_perm("portal.view_caseload", does_casework | is_head_of_service)
rules.add_perm("portal.view_children", does_casework | is_head_of_service)
rules.add_perm("portal.view_dashboard", manages)
rules.add_perm("portal.view_reports", manages)
rules.add_perm("portal.administer", is_administrator & rules.is_staff)
# Reference data and the SEN2 return are council-wide: not for a single team's manager.
rules.add_perm("portal.manage_reference_data", is_head_of_service | is_administrator)
rules.add_perm("portal.run_board_report", manages)
# Administrators manage accounts and read no child's record: the return names every child.
rules.add_perm("portal.submit_sen2", is_head_of_service)
# Ofsted's Annex A lists name every child with a plan: the head of service answers for them.
rules.add_perm("portal.produce_annex_a", is_head_of_service)
# A team manager may read the SEN2 pre-submission checks for their own teams' children (the
# return is produced council-wide, so the file stays with submit_sen2).
rules.add_perm("portal.view_sen2_checks", manages)
# Data subject rights (records app): a child's whole record leaves the service, or is erased.
# Only the information governance officer answers for either (issue 17): not the head of
# service, whose work is the service's, nor an administrator, whose work is the accounts.
rules.add_perm("portal.export_subject_access", is_data_protection_officer)
rules.add_perm("portal.review_retention", is_data_protection_officer)
# Letters' wording is the council's standard text, with no child's data in it: administrators
# keep it, as they keep the accounts.
rules.add_perm("portal.edit_letter_wording", is_administrator)

# What someone refused is told: the roles that can do it, named as accounts.roles names them.
REFUSALS = {
    "portal.submit_sen2": f"Only a {HEAD_OF_SERVICE.lower()} can produce the SEN2 return",
    "portal.view_sen2_checks": (
        f"Only a {TEAM_MANAGER.lower()} or a {HEAD_OF_SERVICE.lower()} can read the SEN2 checks"
    ),
    "portal.export_subject_access": (
        f"Only a {DATA_PROTECTION_OFFICER.lower()} can export everything held about a child"
    ),
    "portal.review_retention": (
        f"Only a {DATA_PROTECTION_OFFICER.lower()} can review records past retention"
    ),
}


def refusal(perm: str) -> str:
    return REFUSALS.get(perm, "")

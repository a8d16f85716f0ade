"""The five roles of the service and the model permissions each holds, defined in code.

`sync_roles` makes the database groups match this table exactly; it runs after every migrate,
so a permission added here reaches every council's database with the next deployment.
Object-level rules (which child a caseworker may open) live in each app's `rules.py`.
"""

CASEWORKER = "Caseworker"
TEAM_MANAGER = "Team manager"
HEAD_OF_SERVICE = "Head of service"
ADMINISTRATOR = "Administrator"
# The council's information governance officer: answers subject access requests and reviews
# records past retention. Kept apart from administration, which manages accounts and never
# reads a child's file; someone who does both is given both roles.
DATA_PROTECTION_OFFICER = "Data protection officer"
ROLES = (CASEWORKER, TEAM_MANAGER, HEAD_OF_SERVICE, ADMINISTRATOR, DATA_PROTECTION_OFFICER)

_CASEWORK = [
    "cases.view_child",
    "cases.add_child",
    "cases.change_child",
]
_READ_ALL = [
    "cases.view_child",
    "accounts.view_team",
]
_ADMINISTER = [
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_team",
    "accounts.add_team",
    "accounts.change_team",
    "accounts.delete_team",
    "auth.view_group",
    # Sign-in security: see attempts and lift a lockout (delete the attempt); see and remove
    # someone's two-factor devices when they lose their phone, and the record of such changes.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
    "otp_static.view_staticdevice",
    "otp_static.delete_staticdevice",
    "accounts.view_twofactorevent",
    "accounts.view_accesschange",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CASEWORKER: _CASEWORK,
    TEAM_MANAGER: [*_CASEWORK, "accounts.view_team"],
    HEAD_OF_SERVICE: _READ_ALL,
    ADMINISTRATOR: _ADMINISTER,
    # Its rights are the portal's own (accounts.rules), not model permissions.
    DATA_PROTECTION_OFFICER: [],
}


def sync_roles() -> None:
    """Create the role groups and give each exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None:
                raise LookupError(f"Role {role!r} names an unknown permission {perm!r}")
            wanted.append(found)
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, app_config=None, **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # post_migrate fires once per app; act once, after our own app, with every app's
    # permissions created first (Django would otherwise create them after this handler).
    if app_config is None or app_config.label != "accounts":
        return
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    sync_roles()

"""Demo users and teams for a synthetic council. Never run against a real council's data."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Team, User
from .roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    TEAM_MANAGER,
    sync_roles,
)

DEMO_PASSWORD = "send-portal-demo"  # noqa: S105 - printed to the developer; demo data only
TEAM_NAMES = ("North team", "South team", "East team", "West team")
CHILDREN_PER_CASEWORKER = 150


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    teams: tuple[str, ...]
    job_title: str


DEMO_USERS = (
    DemoUser("casey", "Casey", "Walker", CASEWORKER, ("North team",), "SEN caseworker"),
    DemoUser(
        "morgan", "Morgan", "Price", TEAM_MANAGER, ("North team", "South team"), "SEN team manager"
    ),
    DemoUser("harper", "Harper", "Lewis", HEAD_OF_SERVICE, (), "Head of SEND"),
    DemoUser("admin", "Alex", "Admin", ADMINISTRATOR, (), "Systems administrator"),
    DemoUser("dpo", "Dana", "Reed", DATA_PROTECTION_OFFICER, (), "Information governance officer"),
)

_CASEWORKER_FIRST = ("Sam", "Jo", "Priya", "Tom", "Aisha", "Dan", "Ruth", "Owen", "Mei", "Kate")
_CASEWORKER_LAST = ("Hughes", "Patel", "Evans", "Khan", "Murphy", "Shaw", "Begum", "Reid")


def ensure_teams() -> list[Team]:
    return [Team.objects.get_or_create(name=name)[0] for name in TEAM_NAMES]


def ensure_demo_users() -> list[DemoUser]:
    """Create (or reset) the named demo users, one per role, all with DEMO_PASSWORD."""
    sync_roles()
    teams = {team.name: team for team in ensure_teams()}
    password = make_password(DEMO_PASSWORD)
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@demo.send-portal.invalid",
                "job_title": demo.job_title,
                "password": password,
                "is_staff": demo.role == ADMINISTRATOR,
                "is_active": True,
            },
        )
        user.groups.set([Group.objects.get(name=demo.role)])
        user.teams.set([teams[name] for name in demo.teams])
    return list(DEMO_USERS)


def ensure_caseworkers(children: int) -> dict[int, list[User]]:
    """Enough caseworkers for the number of children, spread over the teams; by team id."""
    teams = ensure_teams()
    per_team = max(2, -(-children // (CHILDREN_PER_CASEWORKER * len(teams))))
    group = Group.objects.get(name=CASEWORKER)
    password = make_password(DEMO_PASSWORD)
    by_team: dict[int, list[User]] = {}
    for t, team in enumerate(teams):
        staff = []
        for n in range(per_team):
            username = f"cw{t + 1}{n + 1:03d}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": _CASEWORKER_FIRST[(t * 7 + n) % len(_CASEWORKER_FIRST)],
                    "last_name": _CASEWORKER_LAST[(t * 3 + n) % len(_CASEWORKER_LAST)],
                    "email": f"{username}@demo.send-portal.invalid",
                    "job_title": "SEN caseworker",
                    "password": password,
                },
            )
            if created:
                user.groups.add(group)
                user.teams.add(team)
            staff.append(user)
        by_team[team.id] = staff
    casey = User.objects.get(username="casey")
    by_team[teams[0].id].insert(0, casey)
    return by_team

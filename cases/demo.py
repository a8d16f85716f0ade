"""Synthetic children for a demo council, with realistic mixes and valid identifiers.

Each child is generated from its own index with its own random stream, so the data set is the
same on every machine and a second run (or a larger --children) adds only what is missing.
Shares follow docs/domain/national-figures.md (primary need of children with EHC plans, 2025).
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from .codes import Ethnicity, Need, SenStatus, Sex
from .identifiers import make_nhs_number, make_uln, make_upn
from .models import Child
from .models.child import UpnUnknown

BATCH_SIZE = 2000

# Primary need of children with EHC plans, England, January 2025 (DfE). DfE's 0.8% "not
# recorded" is left out: SEN2 needs a primary need for every plan, and the demo is clean data.
NEED_SHARES = {
    Need.ASD: 31.5,
    Need.SLCN: 21.3,
    Need.SEMH: 20.7,
    Need.MLD: 10.6,
    Need.SLD: 3.9,
    Need.PD: 3.9,
    Need.SPLD: 2.4,
    Need.HI: 1.4,
    Need.PMLD: 1.3,
    Need.OTH: 1.2,
    Need.VI: 0.8,
    Need.MSI: 0.3,
}
# Age on the day of seeding, as bands of (lowest, highest, share): plans peak at 5-15.
AGE_BANDS = ((0, 4, 5.0), (5, 10, 37.0), (11, 15, 35.0), (16, 19, 18.0), (20, 24, 5.0))
SEN_STATUS_SHARES = {SenStatus.EHC_PLAN: 72, SenStatus.SEN_SUPPORT: 25, SenStatus.NONE: 3}
SEX_SHARES = {Sex.MALE: 72, Sex.FEMALE: 27, Sex.UNKNOWN: 1}
ETHNICITY_SHARES = {
    Ethnicity.WBRI: 66,
    Ethnicity.WOTH: 5,
    Ethnicity.APKN: 4,
    Ethnicity.BAFR: 3,
    Ethnicity.MOTH: 3,
    Ethnicity.NOBT: 3,
    Ethnicity.AIND: 2,
    Ethnicity.MWBC: 2,
    Ethnicity.ABAN: 1.5,
    Ethnicity.MWAS: 1.5,
    Ethnicity.OOTH: 1.5,
    Ethnicity.AOTH: 1,
    Ethnicity.BCRB: 1,
    Ethnicity.BOTH: 1,
    Ethnicity.REFU: 1,
    Ethnicity.MWBA: 1,
    Ethnicity.WIRI: 0.5,
    Ethnicity.CHNE: 0.5,
    Ethnicity.WROM: 0.3,
    Ethnicity.WIRT: 0.2,
}
FIRST_NAMES = {
    Sex.MALE: (
        "Oliver",
        "Harry",
        "Jack",
        "George",
        "Noah",
        "Leo",
        "Jacob",
        "Oscar",
        "Charlie",
        "Muhammad",
        "Alfie",
        "Freddie",
        "Theo",
        "Arthur",
        "Joshua",
        "Logan",
        "Ethan",
        "Mason",
        "Riley",
        "Kai",
        "Ibrahim",
        "Tyler",
        "Dylan",
        "Jayden",
        "Aaron",
        "Callum",
        "Kyle",
        "Reuben",
        "Zain",
        "Finley",
    ),
    Sex.FEMALE: (
        "Olivia",
        "Amelia",
        "Isla",
        "Ava",
        "Mia",
        "Ivy",
        "Lily",
        "Grace",
        "Freya",
        "Sophia",
        "Ella",
        "Poppy",
        "Evie",
        "Maya",
        "Aisha",
        "Zara",
        "Chloe",
        "Ruby",
        "Hannah",
        "Nia",
    ),
    Sex.UNKNOWN: ("Alex", "Charlie", "Jordan", "Robin", "Sam", "Jamie", "Rowan", "Riley"),
}
LAST_NAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Hussain",
    "Ali",
    "Begum",
    "Lewis",
    "Harris",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Baker",
    "Lee",
    "Allen",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Campbell",
    "Scott",
)


def _pick(rng: random.Random, shares: dict):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def demo_upn(index: int, birth_year: int) -> str:
    """A valid UPN unique to the index: establishment and serial encode it."""
    establishment = 2000 + index // 1000
    year_allocated = (birth_year + 4) % 100  # allocated on entry to Reception
    return make_upn(settings.LA_CODE, establishment, year_allocated, index % 1000)


MAX_CHILDREN = 100_000


def demo_nhs_number(index: int) -> str:
    """A valid number in the NHS test range (999...), unique to the index: the demo child's key.

    About one nine-digit stem in eleven has no valid check digit; those move to a higher band
    that no index below MAX_CHILDREN reaches directly.
    """
    for offset in (0, 500_000, 700_000, 900_000):
        number = make_nhs_number(f"999{index + offset:06d}")
        if number:
            return number
    raise ValueError(f"no test NHS number for demo child {index}")


def _uln(rng: random.Random) -> str:
    while True:
        uln = make_uln(f"4{rng.randrange(10**8):08d}")
        if uln:
            return uln


def build_child(index: int, today: date, team_ids: list[int], caseworkers: dict) -> Child:
    rng = random.Random(f"send-portal-demo-child-{index}")  # noqa: S311 - repeatable demo data
    low, high, _ = rng.choices(AGE_BANDS, weights=[band[2] for band in AGE_BANDS])[0]
    age_days = rng.randrange(low * 365 + 1, (high + 1) * 365 - 1)
    born = today - timedelta(days=age_days)
    sex = _pick(rng, SEX_SHARES)
    status = _pick(rng, SEN_STATUS_SHARES)
    need = _pick(rng, NEED_SHARES) if status != SenStatus.NONE else ""
    secondary = ""
    if need and rng.random() < 0.4:
        secondary = rng.choice([code for code in NEED_SHARES if code != need])
    team_id = team_ids[index % len(team_ids)]
    lead = None if rng.random() < 0.05 else rng.choice(caseworkers[team_id])
    aged_14 = born.replace(year=born.year + 14) if (born.month, born.day) != (2, 29) else None
    return Child(
        first_name=rng.choice(FIRST_NAMES[sex]),
        last_name=rng.choice(LAST_NAMES),
        preferred_name=rng.choice(FIRST_NAMES[sex])[:3] if rng.random() < 0.05 else "",
        date_of_birth=born,
        sex=sex,
        ethnicity=_pick(rng, ETHNICITY_SHARES),
        upn=demo_upn(index, born.year) if age_days >= 4 * 365 else "",
        # A child not yet at school has no UPN yet, and SEN2 asks why (UN1).
        upn_unknown="" if age_days >= 4 * 365 else UpnUnknown.UN1,
        uln=_uln(rng) if aged_14 and aged_14 <= today else "",
        nhs_number=demo_nhs_number(index),
        postcode=f"DB{1 + index % 9} {rng.randrange(10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        home_la=settings.LA_CODE,
        looked_after=rng.random() < 0.05,
        eal=rng.random() < 0.15,
        fsm=rng.random() < 0.35,
        sen_status=status,
        primary_need=need,
        secondary_need=secondary,
        team_id=team_id,
        lead_caseworker=lead,
    )


def _batches(indexes: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(indexes), size):
        yield indexes[start : start + size]


def seed_children(count: int, *, caseworkers: dict, today: date) -> int:
    """Create demo children 0..count-1 that do not exist yet; return how many were added."""
    if count > MAX_CHILDREN:
        raise ValueError(f"the demo council has at most {MAX_CHILDREN:,} children")
    team_ids = sorted(caseworkers)
    added = 0
    for batch in _batches(list(range(count)), BATCH_SIZE):
        numbers = {demo_nhs_number(i): i for i in batch}
        existing = set(
            Child.objects.filter(nhs_number__in=list(numbers)).values_list("nhs_number", flat=True)
        )
        new = [
            build_child(i, today, team_ids, caseworkers)
            for number, i in numbers.items()
            if number not in existing
        ]
        if new:
            bulk_create_with_history(
                new, Child, batch_size=BATCH_SIZE, default_change_reason="Demo data"
            )
            added += len(new)
    return added


def _steps_for(rng: random.Random, received: date, today: date):
    """The dates of each step of one demo request, as a caseworker would have recorded them;
    a step is left out once its date would be after today."""
    d: dict[str, Any] = {}
    d["decided_on"] = received + timedelta(days=rng.randint(20, 50))
    d["assess"] = "no" if rng.random() < 0.12 else "yes"
    d["advice"] = [
        (body, d["decided_on"] + timedelta(days=rng.randint(1, 6)))
        for body in ("ep", "health", "social_care", "education")
        if body == "ep" or rng.random() < 0.7
    ]
    d["advice_back"] = [
        requested + timedelta(days=rng.randint(25, 60)) for _, requested in d["advice"]
    ]
    d["issue_on"] = received + timedelta(days=rng.randint(85, 125))
    d["issue"] = "no" if rng.random() < 0.08 else "yes"
    d["draft_on"] = d["issue_on"] + timedelta(days=rng.randint(2, 20))
    d["final_on"] = d["draft_on"] + timedelta(days=rng.randint(16, 70))
    d["exception"] = rng.random() < 0.1
    d["withdraw"] = rng.random() < 0.04
    return d


def build_request(child: Child, index: int, today: date) -> None:
    """Record one demo request through the real services, up to whatever stage today allows."""
    from .models.assessment import REQUEST_SOURCES
    from .services import assessment as services
    from .services.children import update_child

    rng = random.Random(f"send-portal-demo-request-{index}")  # noqa: S311 - repeatable demo data
    if child.sen_status == SenStatus.EHC_PLAN:
        received = today - timedelta(days=rng.randint(200, 1500))
    else:
        received = today - timedelta(days=rng.randint(1, 220))
    received = max(received, child.date_of_birth + timedelta(days=30))
    if received > today:
        return
    by = child.lead_caseworker
    regime = "statement" if received.year < 2014 else "ehcp"
    request = services.record_request(
        child=child, by=by, regime=regime, source=rng.choice(REQUEST_SOURCES), received_on=received
    )
    d = _steps_for(rng, received, today)

    def done(day: date) -> bool:
        return day <= today

    if d["exception"] and done(received + timedelta(days=10)):
        services.record_exception(
            request=request,
            by=by,
            step="final_plan" if regime == "ehcp" else "final_statement",
            reason=rng.choice(["c", "d"]),
            starts_on=received + timedelta(days=10),
            ends_on=None,
            note="Family circumstances (demo data)",
        )
    if d["withdraw"] and done(received + timedelta(days=15)):
        services.close_request(
            request=request,
            by=by,
            closure="withdrawn",
            closed_on=received + timedelta(days=15),
            reason="The family withdrew the request (demo data)",
        )
        return
    if not done(d["decided_on"]):
        return
    services.record_assess_decision(
        request=request, by=by, decision=d["assess"], decided_on=d["decided_on"]
    )
    if d["assess"] == "no":
        return
    for (body, requested), back in zip(d["advice"], d["advice_back"], strict=True):
        if not done(requested):
            continue
        advice = services.request_advice(request=request, by=by, body=body, requested_on=requested)
        if done(back):
            services.record_advice_received(advice=advice, by=by, received_on=back)
    if not done(d["issue_on"]):
        return
    services.record_issue_decision(
        request=request, by=by, decision=d["issue"], decided_on=d["issue_on"]
    )
    if d["issue"] == "no" or not done(d["draft_on"]):
        return
    services.record_draft_sent(request=request, by=by, sent_on=d["draft_on"])
    if done(d["final_on"]):
        if not child.primary_need:
            # A plan says what the child's needs are; SEN2 reports the primary one.
            need_rng = random.Random(f"send-portal-demo-need-{index}")  # noqa: S311
            update_child(child=child, by=by, primary_need=_pick(need_rng, NEED_SHARES))
        services.record_final_issued(request=request, by=by, issued_on=d["final_on"])


# Shares of children with a request recorded: most children on SEN support are being assessed
# (that is why the service knows them); a sample of those with plans keep their history.
REQUEST_SHARES = {SenStatus.SEN_SUPPORT: 0.6, SenStatus.EHC_PLAN: 0.12, SenStatus.NONE: 0.3}


def seed_requests(*, today: date) -> int:
    """Give demo children requests at every stage, once: children with a request are skipped."""
    children = (
        Child.objects.filter(requests__isnull=True, lead_caseworker__isnull=False)
        .select_related("lead_caseworker")
        .order_by("pk")
    )
    added = 0
    for child in children.iterator(chunk_size=2000):
        index = int(child.nhs_number[3:9]) if child.nhs_number.startswith("999") else child.pk
        rng = random.Random(f"send-portal-demo-has-request-{index}")  # noqa: S311
        if rng.random() >= REQUEST_SHARES.get(child.sen_status, 0):
            continue
        build_request(child, index, today)
        added += 1
    return added

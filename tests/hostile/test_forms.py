"""Hostile input at every URL that takes a POST, through the real views on the real database.

Each page's form is read from its own HTML (tests/hostile/pages.py), then Hypothesis sends it
what a browser never would: control characters and NUL, 20,000-character strings, right-to-left
and combining text, SQL, HTML and spreadsheet formulas, 31 February and year 0, NaN and 10^30,
ids that do not exist or belong to another team, fields missing, fields doubled, fields unknown.
Every answer must be a redirect (accepted) or a refusal that says what is wrong, never a server
error, and a refusal must leave every table's row count as it was.

Pages that show something but take no form are posted to as well: a POST must never break them.
`test_every_url_is_covered` fails when a URL is added that this file does not know.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ..accounts.otp_helpers import VerifyingClient
from .conftest import HOSTILE, TALLY, check_answer, rolled_back, row_counts
from .pages import Form, post_form
from .strategies import NASTY_IDS, date_parts, hostile_number, hostile_text

pytestmark = pytest.mark.django_db

OMIT = object()
CSRF = "csrfmiddlewaretoken"


@dataclass(frozen=True)
class Case:
    url_name: str
    args: tuple[str, ...] = ()  # keys of the world fixture, or literals prefixed with "="
    user: str = "team_manager"
    renders_on_success: bool = False  # a 200 answer may be a success (a preview, a result)
    relogin: bool = False  # the POST may end the session (sign out, a new password)
    # A 200 answer may be a success that wrote (new backup codes are shown, not redirected to).
    shows_what_it_wrote: bool = False

    def url(self, world) -> str:
        values = [a[1:] if a.startswith("=") else _pk(world[a]) for a in self.args]
        return reverse(self.url_name, args=values)


def _pk(value):
    return getattr(value, "pk", value)


CHILD = ("child",)
PLAN = ("child", "plan")
PLACEMENT = ("child", "placement")
STEP = ("child", "request")
REVIEW = ("child", "plan", "review")
HOS = "head_of_service"
DPO = "data_protection_officer"

# Every URL of the service by name, with what fills its arguments and who posts.
CASES: dict[str, Case] = {
    # project and accounts
    "home": Case("home"),
    "healthz": Case("healthz"),
    "login": Case("login", user="anonymous", relogin=True),
    "logout": Case("logout", relogin=True),
    "password_change": Case("password_change", relogin=True),
    "password_change_done": Case("password_change_done"),
    "notification_preferences": Case("notification_preferences"),
    "password_reset": Case("password_reset", user="anonymous"),
    "password_reset_done": Case("password_reset_done", user="anonymous"),
    "password_reset_confirm": Case("password_reset_confirm", ("=MQ", "=set-password"), "anonymous"),
    "sign_in_unlock": Case("sign_in_unlock", ("=not-a-token",), "anonymous"),
    "password_reset_complete": Case("password_reset_complete", user="anonymous"),
    "two_factor_verify": Case("two_factor_verify"),
    "two_factor_setup": Case("two_factor_setup"),
    "account_security": Case("account_security"),
    "keep_alive": Case("keep_alive", renders_on_success=True),
    "two_factor_reset": Case("two_factor_reset", relogin=True),
    "backup_codes": Case("backup_codes", shows_what_it_wrote=True),
    # records (subject access and retention)
    "records:subject_access": Case("records:subject_access", CHILD, DPO, shows_what_it_wrote=True),
    "records:subject_access_find": Case("records:subject_access_find", user=DPO),
    "records:subject_access_export": Case("records:subject_access_export", ("=1",), user=DPO),
    "records:subject_access_download": Case("records:subject_access_download", ("=1",), user=DPO),
    "records:retention": Case("records:retention", user=DPO),
    "records:erasure_review": Case("records:erasure_review", user=DPO),
    "records:erasure_confirm": Case("records:erasure_confirm", ("=1",), user=DPO),
    # letters (wording, administrators)
    "letters:wordings": Case("letters:wordings", user="administrator"),
    "letters:wording": Case(
        "letters:wording", ("=decision_to_assess",), user="administrator", renders_on_success=True
    ),
    "letters:review_invitations": Case("letters:review_invitations"),
    "letters:review_invitations_send": Case("letters:review_invitations_send"),
    "letters:child_letters": Case("letters:child_letters", CHILD),
    "letters:letter_new": Case("letters:letter_new", CHILD),
    "letters:letter": Case("letters:letter", ("child", "letter")),
    "letters:letter_check": Case("letters:letter_check", ("child", "letter")),
    "letters:letter_again": Case("letters:letter_again", ("child", "letter")),
    "letters:letter_docx": Case("letters:letter_docx", ("child", "letter")),
    # cases
    "cases:caseload": Case("cases:caseload"),
    "cases:caseload_csv": Case("cases:caseload_csv"),
    "cases:children": Case("cases:children"),
    "cases:child": Case("cases:child", CHILD),
    "cases:child_new": Case("cases:child_new"),
    "cases:child_edit": Case("cases:child_edit", CHILD),
    "cases:reassign": Case("cases:reassign"),
    "cases:contacts": Case("cases:contacts", CHILD),
    "cases:contact_new": Case("cases:contact_new", CHILD),
    "cases:contact_edit": Case("cases:contact_edit", ("child", "contact")),
    "cases:contact_delete": Case("cases:contact_delete", ("child", "contact")),
    "cases:requests": Case("cases:requests", CHILD),
    "cases:request_new": Case("cases:request_new", CHILD),
    "cases:reassessment_new": Case("cases:reassessment_new", CHILD),
    "cases:request": Case("cases:request", STEP),
    **{
        f"cases:request_step[{step}]": Case("cases:request_step", (*STEP, f"={step}"))
        for step in (
            "decision",
            "advice",
            "issue-decision",
            "consultation",
            "draft-sent",
            "final-issued",
            "not-amending",
            "exception",
            "disagreement",
            "close",
        )
    },
    "cases:request_item_step[advice-received]": Case(
        "cases:request_item_step", (*STEP, "=advice-received", "advice")
    ),
    "cases:request_item_step[consultation-response]": Case(
        "cases:request_item_step", (*STEP, "=consultation-response", "consultation")
    ),
    "cases:documents": Case("cases:documents", CHILD),
    "cases:document_new": Case("cases:document_new", CHILD),
    "cases:document_download": Case("cases:document_download", ("child", "document")),
    "cases:document_remove": Case("cases:document_remove", ("child", "document")),
    "cases:chronology": Case("cases:chronology", CHILD),
    "cases:note_new": Case("cases:note_new", CHILD),
    "cases:history": Case("cases:history", CHILD),
    "cases:alerts": Case("cases:alerts", user="caseworker"),
    "cases:alerts_bulk": Case("cases:alerts_bulk", user="caseworker"),
    "cases:alert_acknowledge": Case("cases:alert_acknowledge", ("alert",), user="caseworker"),
    "cases:alert_snooze": Case("cases:alert_snooze", ("alert",), user="caseworker"),
    # plans
    "plans:plans": Case("plans:plans", CHILD),
    "plans:plan_start": Case("plans:plan_start", ("child", "plan_request")),
    "plans:transfer_in": Case("plans:transfer_in", CHILD),
    "plans:plan": Case("plans:plan", PLAN),
    # Issuing shows check your answers first: a 200 is that page, nothing written yet.
    "plans:plan_issue": Case("plans:plan_issue", PLAN, renders_on_success=True),
    "plans:plan_convert": Case("plans:plan_convert", PLAN),
    "plans:plan_review_settings": Case("plans:plan_review_settings", PLAN),
    "plans:plan_transfer_notice": Case("plans:plan_transfer_notice", PLAN),
    **{
        f"plans:cessation_step[{step}]": Case(
            "plans:cessation_step",
            (*PLAN, f"={step}"),
            renders_on_success=step in ("ceased", "decide"),
        )
        for step in (
            "propose",
            "consult",
            "decide",
            "not-cease",
            "mediation",
            "appeal",
            "appeal-outcome",
            "ceased",
        )
    },
    "plans:plan_reassessed_issue": Case(
        "plans:plan_reassessed_issue", PLAN, renders_on_success=True
    ),
    "plans:sections": Case("plans:sections", PLAN),
    "plans:outcome_new": Case("plans:outcome_new", PLAN),
    "plans:outcome_edit": Case("plans:outcome_edit", (*PLAN, "outcome")),
    "plans:outcome_delete": Case("plans:outcome_delete", (*PLAN, "outcome")),
    "plans:provision_new": Case("plans:provision_new", PLAN),
    "plans:provision_edit": Case("plans:provision_edit", (*PLAN, "provision")),
    "plans:provision_delete": Case("plans:provision_delete", (*PLAN, "provision")),
    "plans:provision_check": Case("plans:provision_check", (*PLAN, "provision")),
    "plans:review": Case("plans:review", REVIEW),
    **{
        f"plans:review_step[{step}]": Case(
            "plans:review_step", (*REVIEW, f"={step}"), renders_on_success=step == "amended-issued"
        )
        for step in ("meeting", "report", "decision", "amended-issued", "not-amended")
    },
    "plans:versions": Case("plans:versions", PLAN),
    "plans:compare": Case("plans:compare", PLAN),
    "plans:working_changes": Case("plans:working_changes", PLAN),
    "plans:version": Case("plans:version", (*PLAN, "=1")),
    "plans:version_print": Case("plans:version_print", (*PLAN, "=1")),
    "plans:version_pdf": Case("plans:version_pdf", (*PLAN, "=1")),
    "plans:draft_pdf": Case("plans:draft_pdf", PLAN),
    # placements
    "placements:settings_import": Case("placements:settings_import"),
    "placements:settings_template": Case("placements:settings_template"),
    "placements:settings": Case("placements:settings"),
    "placements:setting_new": Case("placements:setting_new"),
    "placements:setting": Case("placements:setting", ("setting",)),
    "placements:setting_edit": Case("placements:setting_edit", ("setting",)),
    "placements:costs": Case("placements:costs", CHILD),
    "placements:cost_new": Case("placements:cost_new", PLACEMENT),
    "placements:cost_edit": Case("placements:cost_edit", (*PLACEMENT, "cost")),
    "placements:cost_delete": Case("placements:cost_delete", (*PLACEMENT, "cost")),
    "placements:budget_new": Case("placements:budget_new", CHILD),
    "placements:budget_edit": Case("placements:budget_edit", ("child", "budget")),
    "placements:budget_delete": Case("placements:budget_delete", ("child", "budget")),
    "placements:placements": Case("placements:placements", CHILD),
    "placements:placement_new": Case("placements:placement_new", CHILD),
    "placements:placement": Case("placements:placement", PLACEMENT),
    "placements:placement_edit": Case("placements:placement_edit", PLACEMENT),
    "placements:placement_end": Case("placements:placement_end", PLACEMENT),
    "placements:placement_delete": Case("placements:placement_delete", PLACEMENT),
    # reporting
    "dashboard": Case("dashboard"),
    "reports": Case("reports"),
    "need_csv": Case("need_csv"),
    "dashboard:behind": Case("dashboard:behind", ("=T20",)),
    "reference:index": Case("reference:index", user=HOS),
    "reference:population": Case("reference:population", user=HOS),
    "reference:comparators": Case("reference:comparators", user=HOS),
    "reference:prevalence": Case("reference:prevalence", user=HOS),
    "reference:targets": Case("reference:targets", user=HOS),
    "reference:target_new": Case("reference:target_new", user=HOS),
    "reference:target_edit": Case("reference:target_edit", ("target",), user=HOS),
    "reference:target_delete": Case("reference:target_delete", ("target",), user=HOS),
    **{
        f"reference:import[{kind}]": Case("reference:import", (f"={kind}",), user=HOS)
        for kind in ("population", "comparators", "targets")
    },
    "reference:template": Case("reference:template", ("=targets",), user=HOS),
    "board:list": Case("board:list", user=HOS),
    "board:new": Case("board:new", user=HOS),
    "board:detail": Case("board:detail", ("report",), user=HOS),
    "board:status": Case("board:status", ("report",), user=HOS),
    "board:download": Case("board:download", ("report", "=pdf"), user=HOS),
    "board:edit": Case("board:edit", ("report",), user=HOS),
    "board:retry": Case("board:retry", ("report",), user=HOS),
    "board:delete": Case("board:delete", ("report",), user=HOS),
    "sen2:check": Case("sen2:check", user=HOS),
    "sen2:download": Case("sen2:download", user=HOS),
    "sen2:import": Case("sen2:import", user=HOS, renders_on_success=True),
    "sen2:import_confirm": Case("sen2:import_confirm", user=HOS),
    # A good POST answers with the file (200) and writes its audit row.
    "annex_a:list1": Case("annex_a:list1", user=HOS, shows_what_it_wrote=True),
}
# Django's admin is Django's own code, open to administrators only; the NUL check and the
# upload rules apply to it as to every page, and tests/hostile/test_uploads.py posts to it.
NOT_COVERED_NAMESPACES = ("admin",)


# --- what to send -------------------------------------------------------------------------------


def uploaded_files() -> st.SearchStrategy:
    names = st.one_of(
        st.sampled_from(
            ["a.csv", "a.xml", "a.pdf", "a.exe", "a", ".csv", "a.CSV", "a.csv.exe", "é€.csv"]
        ),
        hostile_text(40).map(lambda t: (t or "x")[:200] + ".csv"),
    )
    contents = st.one_of(
        st.binary(max_size=3000),
        st.sampled_from([b"", b"%PDF-1.4\n", b"name,type,la_code\nA,academy,999\n", b"<Message/>"]),
    )
    return st.builds(lambda n, c: SimpleUploadedFile(n, c), names, contents)


def field_values(form: Form, foreign_ids: list[str]) -> st.SearchStrategy[dict]:
    """A POST body for this form: each field kept, changed to something hostile, or left out."""
    parts: dict[str, st.SearchStrategy] = {}
    dates = sorted({n[:-2] for n, f in form.fields.items() if f.kind == "date-part"})
    for name, f in form.fields.items():
        if f.kind == "date-part" or name == CSRF:
            continue
        current = st.just(f.value)
        if f.kind == "choice" or f.kind == "checkbox":
            wrong = st.sampled_from([*foreign_ids, *NASTY_IDS])
            good = st.sampled_from(f.options) if f.options else current
            value = st.one_of(good, wrong, hostile_text(40), st.lists(good, max_size=3))
        elif f.kind == "number":
            value = st.one_of(current, hostile_number(), hostile_text(40))
        elif f.kind == "file":
            value = uploaded_files()
        else:  # text, textarea, hidden (an edit form's version number among them)
            value = st.one_of(current, hostile_text(), hostile_number())
        parts[name] = st.one_of(value, st.just(OMIT))
    for base in dates:
        current = tuple(form.fields.get(f"{base}_{i}").value for i in range(3))
        parts[base] = st.one_of(st.just(current), date_parts(), st.just(OMIT))
    extra = st.dictionaries(hostile_text(20), hostile_text(50), max_size=2)
    return st.tuples(st.fixed_dictionaries(parts), extra).map(lambda p: _body(p[0], p[1], dates))


def _body(parts: dict, extra: dict, dates: list[str]) -> dict:
    # A browser always sends the CSRF token: without it some views treat the POST as a GET.
    body = {k: v for k, v in extra.items() if k and k != CSRF}
    body[CSRF] = "token"
    for name, value in parts.items():
        if value is OMIT:
            continue
        if name in dates:
            body.update({f"{name}_{i}": part for i, part in enumerate(value)})
        else:
            body[name] = value
    return body


def blind_values() -> st.SearchStrategy[dict]:
    """For a URL whose page has no form: whatever a hostile client might post."""
    return st.dictionaries(
        st.one_of(
            st.sampled_from(["q", "id", "pk", "next", "version", "reason"]), hostile_text(20)
        ),
        st.one_of(hostile_text(), hostile_number()),
        max_size=4,
    )


# --- running it -----------------------------------------------------------------------------------


def hostile_posts(request, world, names: list[str]) -> dict[str, str]:
    """Post hostile bodies to each case; the failures by case (checked by the caller, so that
    one failing page does not hide the others)."""
    failures = {}
    for name in names:
        case = CASES[name]
        try:
            _post_case(request, world, name, case)
        except Exception as error:
            notes = " ".join(getattr(error, "__notes__", []))  # Hypothesis's falsifying example
            failures[name] = f"{type(error).__name__}: {error} {notes}"[:3000]
    return failures


def _post_case(request, world, name: str, case: Case) -> None:
    client = VerifyingClient(raise_request_exception=True)
    user = None if case.user == "anonymous" else request.getfixturevalue(case.user)
    if user is not None:
        client.force_login(user)
    url = case.url(world)
    page = client.get(url)
    readable = page.status_code == 200 and not page.streaming
    form = post_form(page.content.decode(errors="replace"), url) if readable else None
    strategy = field_values(form, world["foreign_ids"]) if form else blind_values()
    examples = HOSTILE.max_examples if form else max(3, HOSTILE.max_examples // 8)

    @hypothesis_settings(HOSTILE, max_examples=examples)
    @given(body=strategy)
    def attempt(body):
        with rolled_back():
            if case.relogin:
                client.logout()
                if user is not None:
                    client.force_login(user)
            before = row_counts()
            response = client.post(url, body)
            if case.shows_what_it_wrote and response.status_code == 200:
                TALLY["tried"] += 1
                TALLY["shown"] += 1
                return
            check_answer(
                response,
                before,
                label=f"{name} {url}",
                # A page with no form may treat a POST as a GET: it must still write nothing.
                renders_on_success=case.renders_on_success or form is None,
            )

    attempt()


def _group(prefixes: tuple[str, ...]) -> list[str]:
    return [n for n in CASES if n.startswith(prefixes)]


GROUPS = {
    "project and accounts": [
        n for n in CASES if ":" not in n and n not in _group(("dashboard", "reports", "need_csv"))
    ],
    "cases": _group(("cases:",)),
    "plans": _group(("plans:",)),
    "placements": _group(("placements:",)),
    "reporting": _group(
        ("dashboard", "reports", "need_csv", "reference:", "board:", "sen2:", "annex_a:")
    ),
    "records": _group(("records:",)),
    "letters": _group(("letters:",)),
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_hostile_posts_never_break_a_page_or_write_half(request, world, group):
    failures = hostile_posts(request, world, GROUPS[group])
    assert not failures, "\n\n".join(f"{name}: {error}" for name, error in failures.items())


AWKWARD = ["²", "\u0661", "99999999999999999999"]


def test_every_field_of_every_form_at_once(request, world):
    """One POST per page and value with every field (and every id list) set to that value: a
    superscript or Arabic-Indic digit passes str.isdigit() but not int() or an id lookup, and
    twenty 9s overflow date()."""
    failures = {}
    for name, case in CASES.items():
        client = VerifyingClient(raise_request_exception=True)
        user = None if case.user == "anonymous" else request.getfixturevalue(case.user)
        if user is not None:
            client.force_login(user)
        url = case.url(world)
        page = client.get(url)
        readable = page.status_code == 200 and not page.streaming
        form = post_form(page.content.decode(errors="replace"), url) if readable else None
        names = list(form.fields) if form else ["child", "team", "plan", "id", "q"]
        for value in AWKWARD:
            body = {n: value for n in names if n != CSRF} | {CSRF: "token"}
            with rolled_back():
                if case.relogin:
                    client.logout()
                    if user is not None:
                        client.force_login(user)
                before = row_counts()
                try:
                    response = client.post(url, body)
                    if not (case.shows_what_it_wrote and response.status_code == 200):
                        check_answer(
                            response,
                            before,
                            label=name,
                            renders_on_success=case.renders_on_success or form is None,
                        )
                except Exception as error:  # collected and reported below
                    failures[f"{name} {value!r}"] = f"{type(error).__name__}: {error}"[:500]
    assert not failures, "\n".join(f"{n}: {e}" for n, e in failures.items())


# --- coverage ------------------------------------------------------------------------------------


def _all_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in NOT_COVERED_NAMESPACES:
                continue
            names |= _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_covered():
    """A URL added to the service must be added to CASES (which also posts to pages that take
    no form), so that no page escapes the hostile tests."""
    covered = {case.url_name for case in CASES.values()}
    missing = _all_url_names() - covered
    assert not missing, f"add these URLs to tests/hostile/test_forms.py CASES: {sorted(missing)}"


def test_every_group_is_run():
    assert set().union(*GROUPS.values()) == set(CASES)

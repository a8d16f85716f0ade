"""Recompute the open statutory dates of plans under the corrected rules (issue 15).

* A review is complete when its decision is sent (s44(1), reg 20(10)): every "hold the annual
  review" row becomes "complete the annual review", done on the decision date.
* Reviews not yet held are re-dated: counted from the last review's decision (else the plan's
  making, or for a plan transferred in the later of 12 months from its last review and 3 months
  from the transfer, reg 15(5)), over "the period of 12 months starting with" that day; a plan
  that kept the old 12-month default takes the new default (6 months under school age). A
  review scheduled from a meeting whose decision is not yet sent is removed: it is scheduled
  when the decision is sent.
* Phase transfers: the open ones move to the day before 15 February / 31 March (reg 18
  "before"), and the review not yet held carries the transfer the child's setting gives.
* New prompts: the reg 15(4) notice for plans transferred in within the last 6 weeks, and the
  check of the review interval when a child with a plan turns 5 (settled already where a review
  was completed since).

Closed history keeps its recorded dates. The pure rules come from cases.statutory, as the
services use them; the counts of rows changed, by kind, are printed.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import migrations
from django.db.models import Q

from cases import statutory

PHASE_LAST_YEAR = {"nursery": -1, "primary": 6, "secondary": 11, "all_through": 13}
TRANSFER_LABELS = dict(statutory.TRANSFER_LABELS)


def _last_year(setting):
    if setting.phase in ("post16", "not_applicable"):
        return None
    if setting.low_age is not None and setting.high_age is not None:
        return statutory.setting_year_groups(
            setting.low_age, setting.high_age, setting.phase == "nursery"
        )[1]
    return PHASE_LAST_YEAR.get(setting.phase)


def _setting_last_year(Placement, plan, on):
    placement = (
        Placement.objects.filter(child_id=plan.child_id, rank=1, entry_on__lte=on)
        .filter(Q(leaving_on__isnull=True) | Q(leaving_on__gt=on))
        .select_related("setting")
        .order_by("-entry_on", "-pk")
        .first()
    )
    return None if placement is None else _last_year(placement.setting)


def _move_label(kind, into, deadline):
    year = "Reception" if into == 0 else f"Year {into}"
    return (
        f"Review and amend the plan by {deadline:%-d %B} "
        f"({TRANSFER_LABELS[kind].lower()}, into {year})"
    )


def recompute(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    AnnualReview = apps.get_model("plans", "AnnualReview")
    Deadline = apps.get_model("cases", "Deadline")
    Placement = apps.get_model("placements", "Placement")
    today = date.today()
    changed = Counter()

    def put(child, source, kind, label, due_on, completed_on=None):
        row, created = Deadline.objects.get_or_create(
            source=source,
            kind=kind,
            defaults={
                "child_id": child.pk,
                "label": label,
                "due_on": due_on,
                "completed_on": completed_on,
                "owner_id": child.lead_caseworker_id,
            },
        )
        if not created and (row.due_on, row.label, row.completed_on) != (
            due_on,
            label,
            completed_on,
        ):
            row.due_on, row.label, row.completed_on = due_on, label, completed_on
            row.save()

    Plan.objects.filter(review_interval_months=12).update(review_interval_months=None)

    for row in Deadline.objects.filter(kind="review_meeting").iterator():
        review = AnnualReview.objects.filter(pk=int(row.source.split(":")[1])).first()
        row.kind = "review_complete"
        row.label = "Complete the annual review (decision sent)"
        row.completed_on = review.decision_on if review else row.completed_on
        row.save()
        if row.completed_on is None:
            changed["review_complete (reopened or open)"] += 1

    # Open phase-transfer limits of reviews already held: "before" the date.
    for row in Deadline.objects.filter(kind="phase_transfer", completed_on__isnull=True):
        if (row.due_on.month, row.due_on.day) in ((2, 15), (3, 31)):
            row.due_on -= timedelta(days=1)
            row.save()
            AnnualReview.objects.filter(pk=int(row.source.split(":")[1])).update(
                phase_transfer_due=row.due_on
            )
            changed["phase_transfer (before the date)"] += 1

    plans = Plan.objects.filter(status="final").select_related("child")
    for plan in plans.iterator():
        child = plan.child
        pending = plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()
        undecided = plan.reviews.filter(meeting_on__isnull=False, decision_on__isnull=True)
        if pending is not None and undecided.exists():
            Deadline.objects.filter(source=f"review:{pending.pk}").delete()
            pending.delete()
            changed["review scheduled from a meeting, removed"] += 1
            pending = None
        if pending is not None:
            last = (
                plan.reviews.filter(decision_on__isnull=False)
                .exclude(pk=pending.pk)
                .order_by("-decision_on", "-pk")
                .first()
            )
            start = last.decision_on if last else (plan.responsible_from or plan.issued_on)
            is_ehcp = plan.kind == "ehc_plan"
            if last is None and plan.origin == "transferred_in" and plan.responsible_from:
                base = statutory.add_months(pending.due_on, -12)
                if base != plan.issued_on:
                    plan.last_reviewed_before_transfer = base
                    plan.save(update_fields=["last_reviewed_before_transfer"])
                due = statutory.transfer_in_review_due(plan.responsible_from, base)
            else:
                interval = statutory.review_interval(
                    child.date_of_birth, start, plan.review_interval_months
                )
                regime = statutory.REGIME_EHCP if is_ehcp else statutory.REGIME_STATEMENT
                due = statutory.next_review_due(start, interval, regime)
            transfer = None
            if is_ehcp:
                transfer = statutory.next_phase_transfer(
                    child.date_of_birth,
                    start,
                    year_group_offset=plan.year_group_offset,
                    setting_last_year=_setting_last_year(Placement, plan, start),
                    to_post16_institution=plan.to_post16_institution,
                )
            if transfer is not None and (
                not transfer.carried_by(start, due)
                or plan.reviews.exclude(pk=pending.pk)
                .filter(
                    phase_transfer_due__in=[
                        transfer.deadline,
                        transfer.deadline + timedelta(days=1),
                    ]
                )
                .exists()
            ):
                transfer = None
            if due != pending.due_on:
                changed["review_complete (re-dated)"] += 1
            pending.due_on = due
            source = f"review:{pending.pk}"
            if transfer is None:
                if pending.phase_transfer_due is not None:
                    changed["phase_transfer (no longer carried)"] += 1
                pending.transfer_to_year, pending.transfer_kind = None, ""
                pending.phase_transfer_due = None
                Deadline.objects.filter(source=source, kind="phase_transfer").delete()
            else:
                into = statutory.year_group(
                    child.date_of_birth, transfer.year, plan.year_group_offset
                )
                if pending.phase_transfer_due != transfer.deadline:
                    changed["phase_transfer (carried by the next review)"] += 1
                pending.transfer_to_year, pending.transfer_kind = into, transfer.kind.value
                pending.phase_transfer_due = transfer.deadline
                put(
                    child,
                    source,
                    "phase_transfer",
                    _move_label(transfer.kind.value, into, transfer.deadline),
                    transfer.deadline,
                )
            pending.save()
            put(
                child,
                source,
                "review_complete",
                "Complete the annual review (decision sent)",
                due,
            )
        if plan.origin == "transferred_in" and plan.responsible_from:
            notice_due = statutory.transfer_in_notice_due(plan.responsible_from)
            if notice_due >= today:
                put(
                    child,
                    f"transfer-in:{plan.pk}",
                    "transfer_in_notice",
                    "Tell the family about the transferred plan, whether the council will "
                    "assess and when it will review (reg 15(4))",
                    notice_due,
                )
                changed["transfer_in_notice (new)"] += 1
        fifth = statutory.add_months(child.date_of_birth, 12 * statutory.COMPULSORY_SCHOOL_AGE)
        if plan.issued_on and plan.issued_on < fifth:
            checked = (
                plan.reviews.filter(decision_on__gte=fifth)
                .order_by("decision_on")
                .values_list("decision_on", flat=True)
                .first()
            )
            put(
                child,
                f"school-age:{plan.pk}",
                "school_age_interval",
                "Turns 5: check the review interval (every 6 months until school age, then 12)",
                fifth,
                checked,
            )
            changed["school_age_interval (new, open)" if checked is None else
                    "school_age_interval (new, settled by a review since)"] += 1

    for row in Deadline.objects.filter(kind="phase_transfer"):
        review = AnnualReview.objects.get(pk=int(row.source.split(":")[1]))
        kind = TRANSFER_LABELS.get(review.transfer_kind, "phase transfer").lower()
        by = f"{review.phase_transfer_due:%-d %B}"
        if review.transfer_to_year is None:
            row.label = f"Review and amend the plan by {by} ({kind})"
        else:
            into = "Reception" if review.transfer_to_year == 0 else f"Year {review.transfer_to_year}"
            row.label = f"Review and amend the plan by {by} ({kind}, into {into})"
        row.save(update_fields=["label"])
    Deadline.objects.filter(kind="amended_plan").update(
        label="Issue the amended plan, or the decision not to amend"
    )
    if changed:
        print("\n  Statutory dates recomputed (issue 15):")  # noqa: T201
        for kind, count in sorted(changed.items()):
            print(f"    {kind}: {count}")  # noqa: T201


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_review_completion_transfers"),
        ("cases", "0009_deadline_kinds_reassessment_transfer_ceasing"),
        ("placements", "0004_setting_age_range"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]

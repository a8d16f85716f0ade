"""Aggregate reads for managers: one query per figure, whatever the number of children."""

from django.db.models import Count, Q, QuerySet

from cases.codes import Need, SenStatus


def headline_figures(children: QuerySet) -> dict:
    totals = children.aggregate(
        children=Count("id"),
        with_plan=Count("id", filter=Q(sen_status__in=[SenStatus.EHC_PLAN, SenStatus.STATEMENT])),
        sen_support=Count("id", filter=Q(sen_status=SenStatus.SEN_SUPPORT)),
    )
    by_need = dict(
        children.exclude(primary_need="")
        .values_list("primary_need")
        .annotate(n=Count("id"))
        .values_list("primary_need", "n")
    )
    need_rows = [
        {"code": code, "label": label, "count": by_need.get(code, 0)}
        for code, label in Need.choices
    ]
    need_rows.sort(key=lambda row: -row["count"])
    total_with_need = sum(row["count"] for row in need_rows) or 1
    for row in need_rows:
        row["share"] = 100 * row["count"] / total_with_need
    return {"totals": totals, "need_rows": need_rows}

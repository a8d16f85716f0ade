"""A plan complete enough to issue (plans.services.completeness), for tests that issue one."""

from plans.services import editing


def fill_plan(plan, by) -> None:
    editing.update_sections(
        plan=plan,
        by=by,
        section_b="Autism; anxiety at transitions.",
        section_i="A mainstream secondary school.",
        section_k="Advice from the educational psychologist and the school.",
    )
    outcome = editing.add_outcome(
        plan=plan, by=by, area="education", description="Reads aloud to the class"
    )
    editing.add_provision(
        plan=plan,
        by=by,
        description="Speech and language therapy",
        provider="NHS SALT service",
        frequency="Weekly, 30 minutes",
        funded_by="health",
        outcome=outcome,
    )
    plan.refresh_from_db()  # the services wrote through their own locked copy


def complete_content(plan) -> None:
    """The same content written straight to the rows, for a plan a factory made final."""
    from plans.models import Outcome, ProvisionItem

    plan.section_b = plan.section_b or "Autism; anxiety at transitions."
    plan.section_i = "A mainstream secondary school."
    plan.section_k = "Advice from the educational psychologist and the school."
    plan.save()
    outcome = Outcome.objects.create(
        plan=plan, area="education", description="Reads aloud to the class", position=1
    )
    ProvisionItem.objects.create(
        plan=plan,
        outcome=outcome,
        description="Speech and language therapy",
        provider="NHS SALT service",
        frequency="Weekly, 30 minutes",
        funded_by="health",
        position=1,
    )

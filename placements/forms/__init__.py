"""Forms for the placements pages (crispy-forms-gds). They check what was typed is complete and
well formed; the services decide whether it may be saved."""

# Placements and budgets mostly start with the school year.
SEPTEMBER = "For example, 1 9 2025"

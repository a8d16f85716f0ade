"""Every write to placements goes through these keyword-only functions, each one transaction.

A refusal is a ValidationError keyed by the field it is about (see core.forms.add_service_errors).
"""

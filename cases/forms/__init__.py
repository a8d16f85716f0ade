"""Forms for case records, one module per part of the record (crispy-forms-gds)."""

"""The DfE SEN2 person-level return: export for a reference date, pre-submission checks, import."""

"""Writes to plans and reviews: keyword-only functions, one transaction each (zulip's actions)."""

"""The managers' dashboard: headline tiles, trends, breakdowns, the children behind each."""

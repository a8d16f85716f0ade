"""The managers' dashboard: headline tiles, trends, breakdowns, and the children behind each figure."""

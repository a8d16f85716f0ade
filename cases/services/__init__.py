"""Every write to case records goes through a function here: views, imports, commands and
tests all call the same ones, each in one transaction."""

"""Validation rules. Each module checks one thing, has a rule id, and shows in its docstring
a passing and a failing example; `ALL_RULES` lists every id for the docs and the CLI."""

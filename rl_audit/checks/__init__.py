"""Check types: small pure functions over DataFrames, in one explicit registry.

Each module defines one check type; `REGISTRY` maps the type name used in rule
files to its `CheckType` (parameter schema + function). See `base` for the contract.
"""

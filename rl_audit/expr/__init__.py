"""The small, safe expression language of rule conditions: parse, type-check, evaluate."""

"""YAML rule files → validated, frozen `RuleSet`s: loading, schema, validation, examples."""

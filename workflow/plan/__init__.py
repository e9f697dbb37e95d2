"""The plan: its model and vocabularies, safe YAML with positions, loading, cross checks,
the JSON Schema, and where plan files come from."""

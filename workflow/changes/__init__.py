"""Changes: comparison by meaning, sentences about changes, report writers, Word tracked changes."""

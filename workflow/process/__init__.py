"""The political process: git (the only module that runs git), the tag scheme, stage rules,
history."""

"""Orchestration at the top of the house: approval steps that build, hash and tag; the demo;
scaffolding a new plan repository."""

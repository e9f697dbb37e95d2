"""Strategic municipal plans as YAML: validated, rendered, approved through git."""

__version__ = "0.1.0"

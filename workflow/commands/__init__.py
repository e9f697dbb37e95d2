"""One module per verb: parse options, call the core, print. Each exposes ``command``."""

"""The plan on the web: the static site built from git, and the live preview."""

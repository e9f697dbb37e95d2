"""The knowledge base: statistics snapshots (SSB JSON-stat 2.0), the SSB client, charts."""

"""Text: Markdown (one parser) and Norwegian formatting."""

"""Documents: template context, rendering, the deterministic DOCX package, PDF/A, export."""

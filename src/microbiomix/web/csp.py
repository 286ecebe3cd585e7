"""Content-Security-Policy values (no inline script anywhere)."""

# Pages use only same-origin style sheets.
DEFAULT_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Rendered reports are self-contained documents with their own inline styles and SVG, never script.
REPORT_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)

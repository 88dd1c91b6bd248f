"""The HTML report: one self-contained page (Jinja2 template, inline SVG charts)."""

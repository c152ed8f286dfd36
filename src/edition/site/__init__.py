"""Render for the web: the Markdown pages MkDocs publishes, redirects, downloads, search, the offline copy."""

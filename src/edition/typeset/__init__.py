"""Render for print: the PDFs (WeasyPrint)."""

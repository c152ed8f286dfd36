"""Invariants checked on every build: fidelity of the text and of the PDFs, glyphs the fonts lack."""

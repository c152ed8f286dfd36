"""Stages 2–6: the cleaning of plain text (normalise → page structure → layout → reflow → hyphens → structure → the source's own notes), with the Dutch word lists they use."""

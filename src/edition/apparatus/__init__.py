"""Stage 8: the apparatus: notes markup, registers and glossary, bibliography and citations, paragraph numbers, cross-references."""

"""Stage 7: the editors' YAML (reading and checking it, and applying its operations), skeletons and drafts."""

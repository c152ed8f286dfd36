"""Digital edition pipeline: raw Dutch texts → faithful, structured Markdown for MkDocs."""

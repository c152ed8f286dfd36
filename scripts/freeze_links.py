"""Write tests/snapshots/links.json from the current sources (run after a deliberate, redirected change)."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edition.apparatus.annotate import collect
from edition.build import load_all  # noqa: E402
from edition.apparatus.links import snapshot  # noqa: E402

out = ROOT / "tests" / "snapshots" / "links.json"
docs = load_all(ROOT)
out.write_text(json.dumps(snapshot(docs, collect(ROOT, docs)), ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
print(f"geschreven: {out.relative_to(ROOT)}")

#!/usr/bin/env bash
# Regenerate requirements.lock: the full transitive set, every package pinned ==, of the
# dependencies in pyproject.toml plus the `test` extra.
#
# It installs exactly the pinned [project.dependencies] and the `test` extra (i.e. `.[test]`
# without the project itself) into a scratch virtualenv and writes `pip freeze --exclude edition`.
# Run it after changing a dependency in pyproject.toml, on Python 3.11:
#
#     bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$PYTHON" - >"$scratch/requirements.in" <<'PY'
import tomllib

with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
    print(requirement)
PY

"$PYTHON" -m venv "$scratch/venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$scratch/venv/bin/python" -m pip install --quiet -r "$scratch/requirements.in"

python_version=$("$scratch/venv/bin/python" -c 'import platform; print(platform.python_version())')
{
    echo "# requirements.lock: every package the edition needs (dependencies + the \`test\` extra),"
    echo "# the full transitive set, pinned ==. Generated with Python $python_version; do not edit by hand."
    echo "# Regenerate after changing pyproject.toml:  bash scripts/lock.sh"
    echo "# (installs .[test] into a scratch venv, then: pip freeze --exclude edition)"
    "$scratch/venv/bin/python" -m pip freeze --exclude edition
} >requirements.lock.tmp
mv requirements.lock.tmp requirements.lock
echo "wrote requirements.lock ($(grep -vc '^#' requirements.lock) packages)" >&2

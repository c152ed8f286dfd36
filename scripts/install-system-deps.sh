#!/usr/bin/env bash
# Install the Debian packages the edition needs, but only those that are missing.
# Idempotent, and silent when everything is already present.
#
#   chromium           browser tests (Playwright drives /usr/bin/chromium; never `playwright install`)
#   fonts-dejavu-core  fonts
#   fonts-sil-charis   the PDF's typeface (embedded in the PDF; never downloaded at build time)
#   poppler-utils      pdftotext/pdfinfo: the fidelity check reads the PDF's text back
#   libpango-1.0-0     WeasyPrint's text layout (usually present already)
#   wdutch, hunspell-nl  the OpenTaal Dutch word lists (/usr/share/dict/dutch, /usr/share/hunspell/nl.dic):
#                      the cleaner decides with them which hyphens at a line end are real
#   python3-venv, make, default-jre-headless (java), npm only when missing (a fresh Debian machine lacks them; `make setup` needs both)
#
# Extra package names may be given as arguments. Uses sudo only when not run as root.
set -euo pipefail

packages=(chromium fonts-dejavu-core fonts-sil-charis poppler-utils libpango-1.0-0 libpangoft2-1.0-0
          wdutch hunspell-nl)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi
if ! command -v make >/dev/null 2>&1; then
    packages+=(make)
fi
# The Nu Html Checker (vnu-jar, from npm) runs on Java; most machines have one already.
if ! command -v java >/dev/null 2>&1; then
    packages+=(default-jre-headless)
fi
# npm installs package-lock.json (axe-core, vnu-jar, iframe-worker).
if ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi
packages+=("$@")

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [ "$status" != installed ]; then
        missing+=("$package")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found (not Debian?); install these packages yourself: ${missing[*]}" >&2
    exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-system-deps: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    as_root=(sudo)
    # Without a terminal (CI) sudo must not wait for a password.
    [ -t 0 ] || as_root+=(-n)
fi

echo "install-system-deps: installing ${missing[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-system-deps: done" >&2

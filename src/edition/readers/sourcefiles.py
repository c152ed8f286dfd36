"""Which files in sources/ are texts, and every file there that is not what an editor meant.

`sources/<slug>.txt` is a raw text, and so are `sources/<slug>.pdf`, `.html` (or `.htm`) and `.docx`, each
read by its reader (`edition.readers`); `sources/<slug>.yml` is its optional editorial file.  The slug becomes
a URL (`/teksten/<slug>/`), file names in docs/, site/ and the PDFs, HTML ids and the BibTeX key, so it
may hold only `a-z`, `0-9` and single hyphens (the README's naming rule is `JJJJ-MM-korte-naam`).

What `find_sources` does with each kind of entry (the policy; an editor gets all problems at once):

- Refused, with the fix:
  - a symbolic link, wherever it points: a link is how a file from outside the texts (`/etc/passwd`, or
    `.git/config`, which on a CI checkout holds a token) would be read and published;
  - a directory (also one named `x.txt`) and anything else that is not a regular file (a FIFO would
    hang the build);
  - names that differ only in Unicode normalisation (`café` written NFC and NFD) or in case (`X.txt`,
    `x.txt`): on macOS and Windows they are one file, on Linux two with one URL;
  - a slug with other characters than `a-z0-9-` (with the name to use instead);
  - a misspelt suffix (`.TXT`, `.text`, `.yaml`, `.YML`): rename;
  - an editorial file without its text (with the text it was probably meant for);
  - two sources with one slug (`x.txt` and `x.pdf`): one URL, one editorial file, so one must go;
  - formats that are not read: old Word (.doc), OpenDocument, RTF, epub, XHTML; with the command that
    makes one of the read formats of it;
  - any other file (notes, backups such as `x.txt~`): sources/ holds only texts and editorial files;
  - a file that cannot be read (permissions) or is larger than any reading text (`MAX_BYTES`).
- Ignored silently: hidden entries (name starting with `.`) that are not texts – `.DS_Store`,
  `.gitkeep`, editor swap and lock files (`.x.txt.swp`, `.#x.yml`, `.~lock.x.docx#`), macOS
  AppleDouble files (`._x.txt`, binary metadata written next to every file copied to a USB stick) –
  and Windows' `Thumbs.db` and `desktop.ini`.  They are never read.  A hidden file named like a text
  or editorial file (`.x.txt`, `.x.yml`) is refused: whoever made it expects it to be published.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path

from edition.errors import EditionError, Problem, closest

TEXT, EDITORIAL = ".txt", ".yml"
# Every suffix of a source (a text); all but `.txt` are read by a reader of `edition.readers`.
SOURCE_SUFFIXES = (TEXT, ".pdf", ".html", ".htm", ".docx")
# The largest file of each format that can still be one reading text (a PDF carries its pictures).
MAX_BYTES_OF = {".pdf": 200 * 1024 * 1024, ".docx": 50 * 1024 * 1024}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATED = re.compile(r"\d{4}-\d{2}-")
MAX_BYTES = 10 * 1024 * 1024  # the longest text of the edition is 19 kB; a whole novel is about 1 MB
# Misspelt suffixes → the right one.
SUFFIX_FIX = {".txt": TEXT, ".text": TEXT, ".yml": EDITORIAL, ".yaml": EDITORIAL,
              ".pdf": ".pdf", ".html": ".html", ".htm": ".htm", ".docx": ".docx"}
# Formats an editor may deliver that are not read, with how to make a read one of them.
NOT_READ_YET = {
    ".xhtml": "hernoem het naar {stem}.html (een opgeslagen webpagina)",
    ".doc": "open het in Word of LibreOffice en kies ‘Opslaan als’ → ‘Word-document (.docx)’",
    ".odt": "open het in LibreOffice en kies ‘Opslaan als’ → ‘Word-document (.docx)’, of: pandoc {name} -o {stem}.docx",
    ".rtf": "open het in een tekstverwerker en kies ‘Opslaan als’ → ‘Word-document (.docx)’",
    ".epub": "pandoc -t plain --wrap=none {name} -o {stem}.txt",
}
SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
# Hidden files left by tools, never texts even when their name ends in .txt.
_TOOL_FILES = ("._", ".#", ".~lock.")


def shown(name: str, non_ascii: bool = False) -> str:
    """A file name as it can be printed in a message: undecodable bytes as `\\xNN`, invisible and
    control characters (and, with `non_ascii`, every non-ASCII character) as `\\uNNNN`."""
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape for a byte that is not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif (non_ascii and code > 0x7E) or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def suggest_slug(stem: str) -> str:
    """The stem in the naming rule: lower case, accents dropped, every other run of characters a hyphen."""
    text = unicodedata.normalize("NFKD", stem.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _split(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, "." + suffix) if dot and stem else (name, "")


def _hidden_text(name: str) -> bool:
    if name.startswith(_TOOL_FILES):
        return False
    if name.lower() in (TEXT, EDITORIAL, ".yaml", ".text"):  # `.txt`: a text without a name
        return True
    return _split(name)[1].lower() in SUFFIX_FIX


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _why(exc: OSError) -> str:
    """The reason of an OSError, in Dutch where it is a common one."""
    return {errno.EACCES: "geen leesrechten", errno.EPERM: "geen toestemming", errno.ENOENT: "bestaat niet",
            errno.ELOOP: "symbolische koppeling", errno.EISDIR: "is een map"}.get(exc.errno, exc.strerror or str(exc))


def _where(name: str) -> str:
    return f"sources/{shown(name)}"


def _name_fix(stem: str, suffix: str) -> str:
    """How to name a file whose stem breaks the naming rule."""
    good = suggest_slug(stem)
    if not good:
        return f"Geef het bestand een naam volgens de regel JJJJ-MM-korte-naam{suffix} (zie README)."
    if DATED.match(good):
        return f"Bedoelde u ‘{good}{suffix}’? Hernoem het bestand (alleen a-z, 0-9 en streepjes; zie README)."
    return (f"Bedoelde u ‘JJJJ-MM-{good}{suffix}’? Hernoem het bestand naar jaar en maand van verschijnen en een "
            "korte naam in kleine letters met streepjes (zie README).")


def _collisions(names: list[str], problems: list[Problem]) -> set[str]:
    """Names that are one name after NFC and case folding; reported, and returned to skip them."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_folded(name), []).append(name)
    clashing = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        clashing.update(group)
        nfc = {unicodedata.normalize("NFC", n) for n in group}
        how = ("verschillen alleen in hoe Unicode de letters codeert (NFC of NFD)" if len(nfc) == 1
               else "verschillen alleen in hoofd- en kleine letters (of in de Unicode-codering)")
        listed = " en ".join(f"‘{shown(n, non_ascii=True)}’" for n in group)
        stem, suffix = _split(group[0])
        good = suggest_slug(stem)
        keep = f", onder de naam ‘{good}{suffix.lower()}’" if good else ""
        problems.append(Problem(
            _where(group[0]),
            f"de bestandsnamen {listed} {how}; op macOS en Windows zijn dat één bestand, en ze zouden hetzelfde "
            "webadres krijgen.",
            f"Houd één van de bestanden over{keep}, en verwijder of hernoem de andere."))
    return clashing


def _unreadable(path: Path) -> str | None:
    """Why `path` cannot be read (without following a link), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return _why(exc)
    os.close(fd)
    return None


def find_sources(root: Path) -> list[Path]:
    """The sources `sources/<slug>.txt` (or .pdf, .html, .htm, .docx), sorted by slug; every problem in sources/
    raised together."""
    folder = root / "sources"
    if folder.is_symlink():
        raise EditionError(Problem("sources/", f"de map sources/ is een symbolische koppeling (naar "
                                               f"{shown(os.readlink(folder))}).",
                                   "Maak van sources/ een gewone map in het project, met de bestanden zelf erin."))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise EditionError(Problem("sources/", f"de map kan niet gelezen worden ({_why(exc)}).",
                                   "Controleer dat sources/ een map is die u mag lezen.")) from None
    problems: list[Problem] = []
    visible = [e for e in entries if not e.name.startswith(".") and e.name.casefold() not in SYSTEM_FILES]
    for e in entries:
        if e.name.startswith(".") and _hidden_text(e.name):
            problems.append(Problem(_where(e.name), "een verborgen bestand (de naam begint met een punt); het "
                                    "wordt niet gepubliceerd.",
                                    f"Bedoelde u ‘{shown(e.name.lstrip('.'))}’? Hernoem het, of verwijder het."))
    clashing = _collisions([e.name for e in visible], problems)
    texts: dict[str, os.DirEntry] = {}
    editorial: dict[str, os.DirEntry] = {}
    misspelt_texts: set[str] = set()
    same: dict[str, list[os.DirEntry]] = {}  # slug → its sources (more than one is a problem)
    for e in visible:
        name = e.name
        if name in clashing:
            continue
        stem, suffix = _split(name)
        if e.is_symlink():
            try:
                target = f" (naar {shown(os.readlink(e.path))})"
            except OSError:
                target = ""
            problems.append(Problem(_where(name), f"is een symbolische koppeling{target}; die wordt niet gevolgd.",
                                    "Zet het bestand zelf in sources/ (een kopie), niet een koppeling ernaar."))
            continue
        if e.is_dir(follow_symlinks=False):
            problems.append(Problem(_where(name), "is een map; in sources/ worden geen mappen gelezen.",
                                    "Zet de ruwe teksten (.txt) en redactiebestanden (.yml) direct in sources/, "
                                    "en verplaats of verwijder deze map."))
            continue
        try:
            info = e.stat(follow_symlinks=False)
        except OSError as exc:
            problems.append(Problem(_where(name), f"kan niet gelezen worden ({_why(exc)}).",
                                    "Controleer het bestand en zijn rechten."))
            continue
        if not stat.S_ISREG(info.st_mode):
            problems.append(Problem(_where(name), "is geen gewoon bestand (maar bijvoorbeeld een named pipe of "
                                    "apparaatbestand).", "Verwijder het uit sources/."))
            continue
        if suffix in (*SOURCE_SUFFIXES, EDITORIAL):
            if suffix != EDITORIAL and not SLUG.match(stem):
                also = editorial_of(visible, stem)
                fix = _name_fix(stem, suffix)
                if also:
                    fix += f" Hernoem dan ook ‘{shown(also)}’."
                problems.append(Problem(_where(name), f"de naam ‘{shown(stem)}’ is niet bruikbaar als webadres: "
                                        "alleen kleine letters a-z, cijfers en enkele streepjes.", fix))
                misspelt_texts.add(stem)
                continue
            if suffix == EDITORIAL:
                editorial[stem] = e
            else:
                same.setdefault(stem, []).append(e)
        elif suffix.lower() in SUFFIX_FIX:
            right = SUFFIX_FIX[suffix.lower()]
            good = stem if SLUG.match(stem) else (suggest_slug(stem) or stem)
            kind = "ruwe tekst" if right != EDITORIAL else "redactiebestand"
            fix = f"Hernoem het naar ‘{shown(good)}{right}’."
            if any(o.name == f"{good}{right}" for o in visible):
                fix = f"Er is al een ‘{shown(good)}{right}’: voeg de twee samen tot dat ene bestand."
            problems.append(Problem(_where(name), f"een {kind} moet eindigen op ‘{right}’, niet op ‘{shown(suffix)}’; "
                                    "zo wordt het niet gelezen.", fix))
            if right != EDITORIAL:
                misspelt_texts.add(stem)
        elif suffix.lower() in NOT_READ_YET:
            how = NOT_READ_YET[suffix.lower()].format(name=shown(name), stem=shown(suggest_slug(stem) or stem))
            problems.append(Problem(_where(name), "dit formaat wordt niet gelezen; een bron is een .txt (platte tekst "
                                    "in UTF-8), .pdf, .html (opgeslagen webpagina) of .docx (Word).",
                                    f"Zet het om, bijvoorbeeld: {how}; kijk het resultaat na en verwijder dan dit "
                                    "bestand uit sources/."))
        else:
            problems.append(Problem(_where(name), "onbekend soort bestand; in sources/ horen alleen ruwe teksten "
                                    "(.txt) en redactiebestanden (.yml).",
                                    "Verplaats het bestand naar buiten sources/, of verwijder het."))
    for stem, group in sorted(same.items()):
        if len(group) == 1:
            texts[stem] = group[0]
            continue
        listed = " en ".join(f"‘{shown(g.name)}’" for g in sorted(group, key=lambda g: g.name))
        problems.append(Problem(_where(sorted(g.name for g in group)[0]),
                                f"twee bronnen met dezelfde naam: {listed}; ze zouden hetzelfde webadres en hetzelfde "
                                "redactiebestand krijgen.",
                                "Houd één bron over (bij voorkeur het bestand zoals de redactie het ontving, zoals de "
                                "pdf), en verwijder of hernoem de andere."))
        misspelt_texts.add(stem)  # its editorial file is not an orphan
    alone = [stem for stem in texts if stem not in editorial]  # texts an orphan may have been meant for
    folded = {_folded(stem): stem for stem in alone}
    clashing_stems = {_folded(_split(n)[0]) for n in clashing}
    for stem, e in editorial.items():
        if stem in texts or stem in misspelt_texts or _folded(stem) in clashing_stems:
            continue  # the problem of the text says what to do with its editorial file
        near = folded.get(_folded(stem)) or closest(stem, alone)
        near_name = texts[near].name if near in texts else f"{near}.txt"
        fix = (f"Bedoelde u ‘{shown(near)}.yml’, bij ‘{shown(near_name)}’? Hernoem het." if near
               else f"Zet de ruwe tekst ernaast onder de naam ‘{shown(stem)}.txt’, of verwijder dit bestand.")
        problems.append(Problem(_where(e.name), f"redactiebestand zonder ruwe tekst: ‘{shown(stem)}.txt’ (of .pdf, "
                                ".html, .docx) ontbreekt.", fix))
    for entry in (*texts.values(), *editorial.values()):
        path = folder / entry.name
        why = _unreadable(path)
        if why:
            problems.append(Problem(_where(entry.name), f"kan niet gelezen worden ({why}).",
                                    f"Geef leesrechten op het bestand (bijvoorbeeld: chmod a+r {_where(entry.name)})."))
        elif entry.stat(follow_symlinks=False).st_size > (limit := MAX_BYTES_OF.get(_split(entry.name)[1], MAX_BYTES)):
            kind = "redactiebestand" if entry.name.endswith(EDITORIAL) else "leestekst"
            problems.append(Problem(_where(entry.name), f"het bestand is groter dan {limit // (1024 * 1024)} MB; "
                                    f"dat is geen {kind}.",
                                    "Controleer of dit het goede bestand is; een tekst van deze omvang moet in delen."))
    if problems:
        problems.sort(key=lambda p: p.where)
        raise EditionError(problems)
    return [folder / e.name for _, e in sorted(texts.items())]


def editorial_of(entries, stem: str) -> str | None:
    """The name of the editorial file next to a text with this stem, if any."""
    for e in entries:
        if _split(e.name) == (stem, EDITORIAL):
            return e.name
    return None


def read_source(path: Path, where: str) -> bytes:
    """The bytes of a raw text named on the command line, or an EditionError (not a traceback) when it
    is a directory, not a regular file, or unreadable.  A link given explicitly is followed."""
    try:
        info = path.stat()
    except OSError as exc:
        raise EditionError(Problem(where, f"bestand niet gevonden of niet bereikbaar ({_why(exc)}).")) from None
    if stat.S_ISDIR(info.st_mode):
        raise EditionError(Problem(where, "is een map, geen bestand.", "Geef het pad van een ruwe tekst (.txt)."))
    if not stat.S_ISREG(info.st_mode):
        raise EditionError(Problem(where, "is geen gewoon bestand.", "Geef het pad van een ruwe tekst (.txt)."))
    if path.suffix.lower() in (EDITORIAL, ".yaml", ".bib", ".json"):
        raise EditionError(Problem(where, "is een gegevensbestand, geen ruwe tekst.",
                                   f"Geef het pad van de ruwe tekst zelf (bijvoorbeeld {path.with_suffix(TEXT).as_posix()}); "
                                   "met --with-yaml past `edition clean` het redactiebestand ernaast toe."))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EditionError(Problem(where, f"kan niet gelezen worden ({_why(exc)}).",
                                   f"Geef leesrechten op het bestand (bijvoorbeeld: chmod a+r {where}).")) from None

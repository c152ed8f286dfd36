"""JSON-schema validation of the editors' YAML files, with Dutch messages and YAML line numbers.

Every message names the field, says what was expected and what is there, in words an editor
knows ("tekst", "lijst", "ja/nee") and never as a Python value (no `datetime.date(…)`, no
`{'a': 1}`): a value is shown shortened, a list or mapping by its size.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

import jsonschema

from edition.errors import EditionError, Problem
from edition.dutch import count
from edition.editorial.yamlfile import Located

MAX_PROBLEMS = 30  # per file; a file that is wrong everywhere is not listed line by line

_TYPES_NL = {"string": "tekst", "object": "tabel (sleutel: waarde)", "array": "lijst", "boolean": "true of false",
             "integer": "geheel getal", "number": "getal", "null": "leeg"}


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads(resources.files("edition").joinpath(f"schema/{name}").read_text("utf-8"))


def _errors(validator, data):
    """Every violation; for a `oneOf` whose value has the type of one alternative (a mapping where
    "text or mapping" is allowed), the violations inside that alternative instead."""
    for err in validator.iter_errors(data):
        yield from _expand(err)


def _expand(err):
    if err.validator in ("oneOf", "anyOf") and err.context:
        inner = [c for c in err.context if not (c.validator == "type" and not c.relative_path)]
        if inner:
            for c in inner:
                yield from _expand(c)
            return
    yield err


def check_schema(located: Located, name: str, hint: str) -> None:
    """Raise one EditionError listing every schema violation, each at its file:line."""
    if located.empty:
        raise EditionError(Problem(f"{located.path}:1", "het bestand is leeg (of bevat alleen commentaar).",
                                   f"Vul het bestand in, of verwijder het. {hint}"))
    validator = jsonschema.Draft202012Validator(schema(name))
    problems = []
    # In the order of the file (then by field), as the editor reads it.
    errors = sorted(_errors(validator, located.data),
                    key=lambda e: (located.line(tuple(e.absolute_path)), [str(p) for p in e.absolute_path]))
    for err in errors[:MAX_PROBLEMS]:
        key_path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})), key=str)
            key_path += tuple(extra[:1])  # point at the unknown key itself
        field = "/".join(str(p) for p in key_path) or "(hoofdniveau)"
        what, fix = dutch_and_fix(err)
        problems.append(Problem(located.where(key_path), f"veld ‘{field}’: {what}", fix or hint))
    if len(errors) > MAX_PROBLEMS:
        problems.append(Problem(located.path, f"en nog {count(len(errors) - MAX_PROBLEMS, 'schemafout', 'schemafouten')} in dit bestand.",
                                "Herstel eerst de fouten hierboven; controleer daarna opnieuw."))
    if problems:
        raise EditionError(problems)


def kind_of(value) -> str:
    """What a YAML value is, in the editors' words."""
    if value is None:
        return "leeg (geen waarde)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een tabel (sleutel: waarde)"
    return "een onbekend soort waarde"


def show(value, limit: int = 60) -> str:
    """A value as the editor wrote it, shortened; lists and mappings by their size."""
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = str(value)  # yamlfile keeps numbers under 100 digits
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"‘{text if len(text) <= limit else text[: limit - 1] + '…'}’"
    if isinstance(value, list):
        return f"een lijst met {len(value)} element{'' if len(value) == 1 else 'en'}"
    if isinstance(value, dict):
        keys = ", ".join(str(k) for k in list(value)[:3]) + (", …" if len(value) > 3 else "")
        return f"een tabel met {len(value)} sleutel{'' if len(value) == 1 else 's'} ({keys})"
    return "een onbekende waarde"


def _expected(types) -> str:
    types = [types] if isinstance(types, str) else list(types)
    return " of ".join(_TYPES_NL.get(t, t) for t in types)


def dutch(err: jsonschema.ValidationError) -> str:
    """Schema errors in the editors' language, with the offending value."""
    return dutch_and_fix(err)[0]


def dutch_and_fix(err: jsonschema.ValidationError) -> tuple[str, str | None]:
    """(message, a fix for this kind of error or None for the file's general hint)."""
    v = err.validator
    if v == "required":
        missing = [p for p in err.validator_value if p not in (err.instance or {})]
        return f"verplicht veld ontbreekt: {', '.join(missing)}", None
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted((str(e) for e in set(err.instance) - set(allowed)))
        hints = [f"{e} (bedoelde u ‘{m[0]}’?)" if (m := difflib.get_close_matches(e, allowed, 1)) else e
                 for e in extra]
        return f"onbekend veld: {', '.join(hints)}; toegestaan: {', '.join(allowed)}", None
    if v == "enum":
        return (f"waarde {show(err.instance)} is niet toegestaan; kies uit: "
                f"{', '.join(show(x) if not isinstance(x, str) else x for x in err.validator_value)}"), None
    if v == "type" or v in ("oneOf", "anyOf"):
        if v == "type":
            expected = _expected(err.validator_value)
        else:
            expected = " of ".join(_expected(s.get("type", "?")) for s in err.validator_value)
        what = f"verwacht {expected}, maar hier staat {kind_of(err.instance)}"
        if not isinstance(err.instance, (list, dict, type(None))):
            what += f" ({show(err.instance)})"
        fix = None
        if "tekst" in expected and isinstance(err.instance, (bool, int, float)):
            fix = "Zet de waarde tussen aanhalingstekens; YAML leest haar anders als getal of als true/false."
        elif err.instance is None:
            fix = "Vul na de dubbele punt een waarde in, of laat het veld weg als het niet verplicht is."
        return what, fix
    if v == "pattern":
        return f"waarde {show(err.instance)} heeft niet de vereiste vorm ({err.validator_value})", None
    if v in ("minLength", "minItems"):
        return "mag niet leeg zijn", None
    return f"waarde {show(err.instance)} voldoet niet aan de regel ‘{v}’ van het schema", None

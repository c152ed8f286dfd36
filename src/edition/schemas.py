"""JSON-schema validation of the editors' YAML files, with Dutch messages and YAML line numbers."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

import jsonschema

from .errors import EditionError, Problem
from .yamlfile import Located


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads(resources.files("edition").joinpath(f"schema/{name}").read_text("utf-8"))


def check_schema(located: Located, name: str, hint: str) -> None:
    """Raise one EditionError listing every schema violation, each at its file:line."""
    validator = jsonschema.Draft202012Validator(schema(name))
    problems = []
    for err in sorted(validator.iter_errors(located.data), key=lambda e: [str(p) for p in e.absolute_path]):
        key_path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            key_path += tuple(extra[:1])  # point at the unknown key itself
        field = "/".join(str(p) for p in key_path) or "(hoofdniveau)"
        problems.append(Problem(located.where(key_path), f"veld ‘{field}’: {dutch(err)}", hint))
    if problems:
        raise EditionError(problems)


def dutch(err: jsonschema.ValidationError) -> str:
    """Schema errors in the editors' language, with the offending value."""
    v = err.validator
    if v == "required":
        missing = [p for p in err.validator_value if p not in (err.instance or {})]
        return f"verplicht veld ontbreekt: {', '.join(missing)}"
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        hints = [f"{e} (bedoelde u ‘{m[0]}’?)" if (m := difflib.get_close_matches(e, allowed, 1)) else e
                 for e in extra]
        return f"onbekend veld: {', '.join(hints)}; toegestaan: {', '.join(allowed)}"
    if v == "enum":
        return f"waarde {err.instance!r} is niet toegestaan; kies uit: {', '.join(map(str, err.validator_value))}"
    if v == "type":
        return f"waarde {err.instance!r} heeft het verkeerde type (verwacht: {err.validator_value})"
    if v == "pattern":
        return f"waarde {err.instance!r} heeft niet de vereiste vorm ({err.validator_value})"
    if v == "minLength":
        return "mag niet leeg zijn"
    if v == "minItems":
        return "mag niet leeg zijn"
    return err.message

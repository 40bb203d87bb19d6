"""JSON Schema for qualify's data and files: ``qualify.json_schema(name)``, ``qualify schema``.

An API can document what it returns (``"evaluation"``, ``"comparison"``...), and
an editor can check a framework file as it is typed: the framework-file schema
ships in the package as ``qualify/schemas/framework-file.schema.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._core.comparison import Comparison
from .._core.evidence_schema import evidence_schema
from .._core.framework import Framework
from .._core.handoff import Handoff
from .._core.results import Evaluation
from .._core.schema import schema_of
from .._plugins.registry import registry
from ..errors import QualifyError
from .agreement_files import AgreementFile
from .framework_files import FrameworkFileSpec

__all__ = ["EVIDENCE", "SCHEMAS", "SHIPPED", "json_schema"]


#: What :func:`json_schema` describes, by name.
SCHEMAS: dict[str, tuple[Any, str]] = {
    "evaluation": (Evaluation, "what to_dict writes for one evaluation"),
    "framework": (Framework, "what to_dict writes for a framework"),
    "framework-file": (FrameworkFileSpec, "a framework file, TOML or JSON"),
    "comparison": (Comparison, "what to_dict writes for compare's comparison"),
    "handoff": (Handoff, "what to_dict writes for one hand-off"),
    "agreement-file": (AgreementFile, "a hand-off agreement file, TOML or JSON"),
}

#: Where the framework-file schema ships, for editors (taplo, VS Code).
SHIPPED = Path(__file__).parent.parent / "schemas" / "framework-file.schema.json"


#: The schema that describes input for one framework, rather than qualify's own data.
EVIDENCE = "evidence"


def json_schema(name: str, *, framework: str | Framework | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of *name*: ``"evaluation"``, ``"framework"``,
    ``"framework-file"``, ``"comparison"``, ``"handoff"`` or ``"agreement-file"``;
    or ``"evidence"``, what a lead may hold for *framework* (a registered name or a
    :class:`~qualify.Framework`): each criterion and disqualifier with its label as
    ``title``, its question as ``description`` and the values its scale accepts, so
    a web form or a request body can be checked before :func:`qualify.evaluate`.

    Scales include every registered scale type, a plugin's too.

    :param name: which schema: ``"evaluation"``, ``"framework"``, ``"framework-file"``,
        ``"comparison"``, ``"handoff"``, ``"agreement-file"`` or ``"evidence"``.
    :param framework: for ``"evidence"`` only: a registered name or a
        :class:`~qualify.Framework`.
    :raises QualifyError: for another name, listing those accepted; for
        ``"evidence"`` without a framework, or a framework given for another name.
    """
    if name == EVIDENCE:
        if framework is None:
            raise QualifyError(
                "json_schema('evidence') describes what a lead may hold for one framework;"
                " name it: json_schema('evidence', framework='bant')"
            )
        return evidence_schema(framework if isinstance(framework, Framework) else registry.get(framework))
    if name not in SCHEMAS:
        raise QualifyError(
            f"no JSON Schema is named {name!r}; accepted: {', '.join((*SCHEMAS, EVIDENCE))}"
        )
    if framework is not None:
        raise QualifyError(
            f"framework= goes with json_schema('evidence') only; the {name!r} schema is the"
            " same for every framework"
        )
    registry.load()  # a plugin's scale types belong in the schema
    cls, title = SCHEMAS[name]
    schema = schema_of(cls, title=f"qualify {name}: {title}")
    if name.endswith("-file"):  # a file leaves a key out, never writes null
        schema = _without_null(schema)
    if name == "framework-file":  # a file may hold a CRM mapping and nothing else
        schema["required"] = [key for key in schema["required"] if key != "name"]
        schema["anyOf"] = [
            {"required": ["name"]},
            {"required": ["mapping"], "maxProperties": 1},
        ]
    return schema


def _without_null(schema: Any) -> Any:
    """*schema* with ``anyOf [X, null]`` read as X: what a file may leave out, it never sets
    to null (TOML has no null), and an editor then points at the bad value itself."""
    if isinstance(schema, list):
        return [_without_null(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    options = schema.get("anyOf")
    if isinstance(options, list):
        kept = [option for option in options if option != {"type": "null"}]
        if len(kept) == 1 and len(kept) < len(options):  # what else it says still holds
            rest = {key: value for key, value in schema.items() if key != "anyOf"}
            return _without_null({**kept[0], **rest})
        if len(kept) < len(options):
            schema = {**schema, "anyOf": kept}
    return {key: _without_null(value) for key, value in schema.items()}

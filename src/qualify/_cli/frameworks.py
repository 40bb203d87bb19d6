"""The ``frameworks``, ``show`` and ``validate`` commands: frameworks as text for people."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, TextIO

from .._core.convert import to_dict
from .._core.framework import Framework
from .._core.mapping import FieldMap
from .._files.folders import load_folder
from .._files.formats import FrameworkFileError
from .._files.framework_files import load_file
from .._plugins import registry as _registry
from .._views.describe import criterion_flags, describe_scale, stage_flags, threshold_text
from ..errors import QualifyError, UnknownFrameworkError
from .output import printable_lines

__all__ = ["frameworks_command", "show_command", "validate_command"]

_FILE_SUFFIXES = (".toml", ".json")


def frameworks_command(out: TextIO, form: str = "text") -> int:
    """List every framework and mapping with its title, version and origin."""
    if form == "json":
        out.write(json.dumps(_listing(), indent=2) + "\n")
        return 0
    rows = []
    for name in _registry.list_frameworks():
        framework = _registry.get_framework(name)
        rows.append(
            (
                name,
                f"{framework.title}, version {framework.version}",
                _registry.framework_origin(name),
            )
        )
    width = max(len(name) for name, _, _ in [("name", "", ""), *rows])
    title_width = max(len(title) for _, title, _ in [("", "title", ""), *rows])
    out.write("Frameworks:\n")
    for name, title, origin in [("name", "title", "from plugin"), *rows]:
        out.write(f"  {name:<{width}}  {title:<{title_width}}  {origin}\n")
    out.write(
        "\nCriteria, and the concept each measures when its key does not say it"
        " (* this framework's own):\n"
    )
    for name, _, _ in rows:
        framework = _registry.get_framework(name)
        criteria = ", ".join(
            f"{c.key}*"
            if c.concept is None
            else c.key
            if c.concept == c.key
            else f"{c.key} ({c.concept})"
            for c in framework.criteria
        )
        out.write(textwrap.fill(criteria, width=88, initial_indent=f"  {name:<{width}}  ",
                                subsequent_indent=" " * (width + 4)) + "\n")  # fmt: skip
    mappings = _registry.list_field_maps()
    if mappings:
        out.write("\nCRM field mappings:\n")
        for name in mappings:
            mapping = _registry.get_field_map(name)
            target = f" (for {mapping.framework})" if mapping.framework else ""
            out.write(f"  {name}{target}\n")
    return 0


def _listing() -> dict[str, Any]:
    """What ``qualify frameworks --format json`` prints."""
    frameworks = []
    for name in _registry.list_frameworks():
        framework = _registry.get_framework(name)
        frameworks.append(
            {
                "name": name,
                "title": framework.title,
                "version": framework.version,
                "origin": _registry.framework_origin(name),
                "criteria": [{"key": c.key, "concept": c.concept} for c in framework.criteria],
            }
        )
    mappings = [
        {"name": name, "framework": _registry.get_field_map(name).framework}
        for name in _registry.list_field_maps()
    ]
    return {"frameworks": frameworks, "mappings": mappings, "concepts": _registry.list_concepts()}


def _shown(name: str) -> tuple[Framework | None, FieldMap | None]:
    """The framework and mapping *name* stands for: a file, a framework or a mapping."""
    if Path(name).suffix.casefold() in _FILE_SUFFIXES:
        return load_file(name)
    if name in _registry.list_frameworks():
        return _registry.get_framework(name), None
    if name in _registry.list_field_maps():
        return None, _registry.get_field_map(name)
    raise UnknownFrameworkError(
        f"no framework, mapping or concept is registered as {name!r}. Frameworks:"
        f" {', '.join(_registry.list_frameworks())}; mappings:"
        f" {', '.join(_registry.list_field_maps()) or 'none'}; concepts:"
        f" {', '.join(_registry.list_concepts())}; or give a .toml or .json file."
    )


def _show_concept(name: str, out: TextIO) -> None:
    concept = _registry.get_concept(name)
    _heading(f"Concept {concept.label} ({concept.name})", out)
    if concept.description:
        out.write(textwrap.fill(concept.description, width=88) + "\n")
    for group in concept.equivalents:
        out.write(f"same answer: {' = '.join(group)}\n")
    out.write("\nMeasured by:\n")
    for framework_name in _registry.list_frameworks():
        for criterion in _registry.get_framework(framework_name).criteria:
            if criterion.concept == concept.name:
                out.write(
                    f"  {framework_name}: {criterion.key} ({describe_scale(criterion.scale)})\n"
                )


class _Printable:
    """A stream that writes what it is given with control characters escaped: a hostile
    file's title or question cannot retitle or clear the terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(printable_lines(text))


def show_command(name: str, stream: TextIO, form: str = "text") -> int:
    """Print a framework (what it judges, how, what it takes to qualify), a CRM mapping or
    a concept (what it is, which answers mean the same, which criteria measure it); with
    *form* ``"json"``, what ``to_dict`` writes of each."""
    if form == "json":
        stream.write(json.dumps(_shown_data(name), indent=2) + "\n")
        return 0
    out: Any = _Printable(stream)
    if name in _registry.list_concepts() and name not in _registry.list_frameworks():
        _show_concept(name, out)
        return 0
    framework, mapping = _shown(name)
    if framework is not None:
        _show_framework(framework, out)
    if mapping is not None:
        if framework is not None:
            out.write("\n")
        _show_mapping(mapping, out)
    return 0


def _shown_data(name: str) -> dict[str, Any]:
    if name in _registry.list_concepts() and name not in _registry.list_frameworks():
        return {"concept": to_dict(_registry.get_concept(name))}
    framework, mapping = _shown(name)
    found: dict[str, Any] = {}
    if framework is not None:
        found["framework"] = to_dict(framework)
    if mapping is not None:
        found["mapping"] = to_dict(mapping)
    return found


def _heading(text: str, out: TextIO) -> None:
    out.write(f"{text}\n{'=' * len(text)}\n")


def _show_mapping(mapping: FieldMap, out: TextIO) -> None:
    """Print which CRM field feeds which criterion, and how each value translates."""
    target = f" for {mapping.framework}" if mapping.framework else ""
    _heading(f"CRM field mapping {mapping.name}{target}", out)
    if mapping.description:
        out.write(textwrap.fill(mapping.description, width=88) + "\n")
    if mapping.no_evidence:
        out.write(f"No evidence in any field: {', '.join(mapping.no_evidence)}\n")
    out.write(f"Decimal separator: {mapping.decimal!r}\n\nFields\n------\n")
    for field in mapping.fields:
        out.write(f"{field.column} -> {field.criterion}\n")
        if field.values:
            pairs = "; ".join(f"{label} = {value!r}" for label, value in field.values)
            out.write(
                textwrap.fill(pairs, width=88, initial_indent="    ", subsequent_indent="    ")
            )
            out.write("\n")
        for threshold, value in field.at_least:
            out.write(f"    at least {threshold:g} = {value!r}\n")
        if not field.values and not field.at_least:
            out.write("    read as it is, by the criterion's scale\n")
        if field.no_evidence:
            out.write(f"    no evidence: {', '.join(field.no_evidence)}\n")


def _show_framework(framework: Framework, out: TextIO) -> None:
    _heading(f"{framework.title} ({framework.name}, version {framework.version})", out)
    if framework.extends:
        out.write(f"Extends: {framework.extends}\n")
    if framework.description:
        out.write(textwrap.fill(framework.description, width=88) + "\n")
    required = [c.key for c in framework.criteria if c.required]
    out.write(
        f"\nQualified at {threshold_text(framework)}"
        + (f", with {', '.join(required)} met" if required else "")
        + ".\n"
    )
    model = framework.probability
    if model is not None:
        unknown = ", ".join(f"{key} {offset:+g}" for key, offset in model.unknown if offset)
        out.write(
            f"Chance of winning: logistic in the score, log-odds {model.intercept:g}"
            f" + {model.per_point:g} per point"
            + (f"; when unknown: {unknown}" if unknown else "")
            + (f"; disqualified {model.disqualified:+g}" if model.disqualified else "")
            + f" (fitted on {model.outcomes:,} outcomes).\n"
        )
    out.write("\nCriteria\n--------\n")
    total = sum(c.weight for c in framework.criteria)
    for criterion in framework.criteria:
        flag = "".join(f", {flag}" for flag in criterion_flags(criterion, framework))
        share = 100 * criterion.weight / total
        out.write(
            f"{criterion.key}: {criterion.label}"
            f" (weight {criterion.weight:g}, {share:.0f} points{flag})\n"
        )
        if criterion.of is not None:  # asked nothing: the cell of two answers
            out.write(f"    pairs {criterion.of[0]} and {criterion.of[1]}: asked nothing\n")
        else:
            out.write(f"    ask:   {criterion.question}\n")
        out.write(f"    scale: {describe_scale(criterion.scale)}\n")
        if criterion.seen:
            seen = ", ".join(f"{name} {count:,}" for name, count in criterion.seen)
            out.write(f"    seen:  {seen}\n")
    if framework.stages:
        out.write("\nStages\n------\n")
        for number, stage in enumerate(framework.stages, start=1):
            out.write(
                f"{number}. {stage.key}: {stage.label} ({stage_flags(stage)})\n"
            )
    if framework.disqualifiers:
        out.write("\nDisqualifiers\n-------------\n")
        for disqualifier in framework.disqualifiers:
            out.write(
                f"{disqualifier.key}: {disqualifier.label}\n    ask:   {disqualifier.question}\n"
            )


def _check(path: Path) -> str:
    """Load one file or folder; return what it holds, or raise."""
    if path.is_dir():
        frameworks = load_folder(path)
        return f"frameworks {', '.join(f.name for f in frameworks) or '(none)'}"
    framework, mapping = load_file(path)
    held = []
    if framework is not None:
        held.append(f"framework {framework.name} ({len(framework.criteria)} criteria)")
    if mapping is not None:
        held.append(f"mapping {mapping.name} ({len(mapping.fields)} fields)")
    return ", ".join(held)


def validate_command(files: list[str], out: TextIO, form: str = "text") -> int:
    """Check each file or folder; print OK or every problem (``json``: one object per file,
    with ``errors`` as :meth:`FrameworkFileError.errors
    <qualify.FrameworkFileError.errors>` gives them); return 1 if any failed."""
    failed = 0
    found: list[dict[str, object]] = []
    for name in files:
        try:
            summary = _check(Path(name))
        except QualifyError as exc:
            failed += 1
            if form == "json":
                errors = exc.errors() if isinstance(exc, FrameworkFileError) else [
                    {"loc": [], "msg": str(exc), "type": "file_error", "file": name}
                ]  # fmt: skip
                found.append({"file": name, "ok": False, "holds": None, "errors": errors})
            else:
                out.write(f"FAIL {exc}\n")
            continue
        if form == "json":
            found.append({"file": name, "ok": True, "holds": summary, "errors": []})
        else:
            out.write(f"OK   {name}: {summary}\n")
    if form == "json":
        out.write(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    elif failed:
        out.write(f"{failed} of {len(files)} failed\n")
    return 1 if failed else 0

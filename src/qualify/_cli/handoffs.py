"""``qualify handoffs``: judge a file of leads by a hand-off agreement, and report what sales did."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from .._core.convert import to_dict
from .._core.evidence import clean_value
from .._core.handoff import Agreement, Handoff
from .._files.agreement_files import load_agreement
from .._learn.handoffs import handoff_report
from .._plugins import registry as _registry
from .._plugins.evaluate import evaluate
from ..errors import QualifyError
from .evaluate import framework_and_mapping, writing
from .input import InputError, input_format, reading
from .learn import _Skipped
from .output import printable, printable_lines

__all__ = ["add_handoffs_parser", "handoffs_command"]

#: What the review column may say, read ignoring case.
ACCEPTED_WORDS = frozenset({"accepted", "accept", "yes", "true"})
REJECTED_WORDS = frozenset({"rejected", "reject", "no", "false"})


def add_handoffs_parser(commands: Any, common: Any) -> None:
    """The ``handoffs`` command's arguments; *common* adds the input options evaluate has."""
    run = commands.add_parser(
        "handoffs",
        help="judge leads by a hand-off agreement and report what sales did, per source and rep",
        description=(
            "Evaluate every lead in FILE by the framework the agreement names, decide hand"
            " over or keep nurturing, apply sales' reviews where the file records them"
            " (accepted, or rejected with one of the agreement's reasons: a rejection"
            " below the agreement goes back to its source, one of a lead that met it is"
            " flagged), and report per source and per rep."
        ),
    )
    common(run)
    run.set_defaults(framework=None)
    run.add_argument(
        "--agreement", required=True, metavar="FILE", help="the agreement file (.toml or .json)"
    )
    for option, default, what in (
        ("--id", None, "the lead's name (default: its row number)"),
        ("--source", "source", "where the lead came from"),
        ("--rep", "rep", "the sales rep who reviewed it"),
        ("--review", "review", "sales' answer: accepted or rejected (blank: not reviewed)"),
        ("--reason", "reason", "why a lead was rejected: one of the agreement's reasons"),
        ("--outcome", None, "won or lost, for the conversion of accepted leads"),
    ):
        run.add_argument(
            option,
            dest=f"{option[2:]}_column",
            default=default,
            metavar="COLUMN",
            help=f"the column holding {what}" + (f" (default: {default})" if default else ""),
        )
    run.add_argument(
        "--format", choices=("text", "json"), default="text", help="the report's format"
    )
    run.add_argument(
        "--leads", metavar="FILE", help="also write every lead's hand-off to FILE, as JSON Lines"
    )


def _review(value: object) -> bool | None:
    text = clean_value("review", value)
    if text is None:
        return None
    folded = str(text).strip().casefold()
    if folded in ACCEPTED_WORDS:
        return True
    if folded in REJECTED_WORDS:
        return False
    raise QualifyError(
        f"the review says {value!r}; accepted: accepted or rejected (any case), or blank for"
        " a lead not reviewed yet"
    )


def _text(row: dict[str, Any], column: str | None) -> str | None:
    if column is None or column not in row:
        return None
    value = clean_value(column, row[column])
    return None if value is None else str(value).strip()


def _handoff(
    row: dict[str, Any], place: str, agreement: Agreement, args: argparse.Namespace, judge: Any
) -> Handoff:
    lead = _text(row, args.id_column) or place
    handoff = agreement.hand_off(judge(row), lead=lead, source=_text(row, args.source_column))
    accepted = _review(row.get(args.review_column))
    if accepted is None:
        return handoff
    return agreement.review(
        handoff,
        accepted=accepted,
        reason=None if accepted else _text(row, args.reason_column),
        rep=_text(row, args.rep_column),
    )


def handoffs_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Judge and report the leads of ``args.file``; 1 when rows were reported, else 0."""
    agreement = load_agreement(args.agreement)
    if args.framework is None:
        args.framework = agreement.framework
        framework, mapping = _registry.get_framework(agreement.framework), None
        if args.mapping is not None:
            framework, mapping = framework_and_mapping(args, err)
    else:
        framework, mapping = framework_and_mapping(args, err)
    if framework.name != agreement.framework:
        raise InputError(
            f"agreement {agreement.name!r} is about framework {agreement.framework!r}, not"
            f" {framework.name!r}"
        )

    def judge(row: dict[str, Any]) -> Any:
        return evaluate(row, framework, mapping=mapping, other_keys="ignore")

    skipped = _Skipped(err)
    form = input_format(args.file, args.input_format)
    defaults = {"--source": "source", "--rep": "rep", "--review": "review", "--reason": "reason"}
    given = {
        "--id": args.id_column,
        "--source": args.source_column,
        "--rep": args.rep_column,
        "--review": args.review_column,
        "--reason": args.reason_column,
        "--outcome": args.outcome_column,
    }
    # a column named on the command line must exist; a default one may be absent
    named = {option: column for option, column in given.items() if column != defaults.get(option)}
    handoffs: list[Handoff] = []
    outcomes: dict[str, Any] = {}
    seen: set[str] = set()
    reported = 0
    with reading(args.file, args.encoding) as stream:
        for position, row in enumerate(skipped.rows(stream, args, form, named), start=1):
            place = f"row {position}"
            try:
                handoff = _handoff(row, place, agreement, args, judge)
            except QualifyError as exc:
                reported += 1
                err.write(f"error: {place}: {printable(str(exc))}\n")
                continue
            if handoff.lead in seen:
                raise InputError(
                    f"{place}: lead {handoff.lead!r} appears twice; name leads uniquely with"
                    " --id COLUMN"
                )
            seen.add(handoff.lead)
            handoffs.append(handoff)
            if args.outcome_column is not None:
                outcomes[handoff.lead] = row.get(args.outcome_column)
    if not handoffs:
        raise InputError("no lead could be judged; see the errors above")
    report = handoff_report(handoffs, outcomes=outcomes or None)
    with writing(args.output, out, args.file) as target:
        if args.format == "json":
            target.write(json.dumps(to_dict(report), indent=2) + "\n")
        else:
            target.write(printable_lines(report.text()))
    if args.leads is not None:
        with writing(args.leads, out, args.file) as leads:
            for handoff in handoffs:
                leads.write(json.dumps(to_dict(handoff)) + "\n")
    return 1 if reported or skipped.count else 0

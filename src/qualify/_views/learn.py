"""Views of a backtest: the notebook HTML and the plain-text report of ``qualify backtest``."""

from __future__ import annotations

from html import escape

from .._core.results import Verdict
from .._learn.calibrate import Calibration
from .._learn.validate import describe_choice
from .._learn.report import AgeRate, Backtest, Rate, RungRate
from .describe import threshold_text
from .parts import VERDICT_COLOURS, badge, bar

__all__ = ["backtest_html", "backtest_text", "calibration_html", "calibration_text"]

_TABLE = 'style="border-collapse:collapse;font-size:0.9em"'
_CELL = 'style="padding:2px 8px;border-bottom:1px solid #d0d7de;text-align:left"'
_NUMBER = 'style="padding:2px 8px;border-bottom:1px solid #d0d7de;text-align:right"'


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _interval(rate: Rate | RungRate | AgeRate) -> str:
    return "-" if rate.rate is None else f"{rate.low:.1%} to {rate.high:.1%}"


def _table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(
        f"<th {_NUMBER if i in numeric else _CELL}>{escape(h)}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td {_NUMBER if i in numeric else _CELL}>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _headline(backtest: Backtest) -> str:
    auc = "-" if backtest.auc is None else f"{backtest.auc:.3f}"
    extra = []
    if backtest.open:
        extra.append(f"{backtest.open:,} still open")
    if backtest.skipped:
        extra.append(f"{backtest.skipped:,} not scored")
    note = f" ({', '.join(extra)}, left out)" if extra else ""
    return (
        f"{backtest.framework} {backtest.framework_version}: {backtest.n:,} leads with an"
        f" outcome{note}, {backtest.won:,} won ({_percent(backtest.base_rate)});"
        f" ROC AUC of the score {auc}"
    )


class _Section:
    """One table of a backtest report: a title, a header, rows of plain text, the number
    columns (aligned right)."""

    def __init__(self, title: str, header: list[str], rows: list[list[str]], numbers: set[int]):
        self.title, self.header, self.rows, self.numbers = title, header, rows, numbers


def _sections(backtest: Backtest) -> list[_Section]:
    """Every table of the report, in order, as plain text."""
    sections = [
        _Section(
            "Conversion by verdict",
            ["verdict", "leads", "won", "rate", "95% interval"],
            [
                [r.group, f"{r.n:,}", f"{r.won:,}", _percent(r.rate), _interval(r)]
                for r in backtest.verdicts
            ],
            {1, 2, 3},
        )
    ]
    if backtest.deciles:
        sections.append(
            _Section(
                "Lift by score band (best first; equal scores share a band)",
                ["band", "scores", "leads", "won", "rate", "lift", "won so far"],
                [
                    [
                        str(b.rank),
                        f"{b.low:.1f} to {b.high:.1f}" if b.low != b.high else f"{b.low:.1f}",
                        f"{b.n:,}",
                        f"{b.won:,}",
                        _percent(b.rate),
                        "-" if b.lift is None else f"{b.lift:.2f}",
                        _percent(b.captured),
                    ]
                    for b in backtest.deciles
                ],
                {2, 3, 4, 5, 6},
            )
        )
    for criterion in backtest.criteria:
        sections.append(
            _Section(
                f"{criterion.label} ({criterion.key}):"
                f" information value {criterion.information_value:.3f}",
                ["rung", "leads", "won", "rate", "95% interval", "WoE"],
                [
                    [
                        r.rung,
                        f"{r.n:,}",
                        f"{r.won:,}",
                        _percent(r.rate),
                        _interval(r),
                        f"{r.woe:+.2f}",
                    ]  # fmt: skip
                    for r in criterion.rungs
                ],
                {1, 2, 3, 5},
            )
        )
    if backtest.groups:
        costs = any(g.cost is not None for g in backtest.groups)
        header = ["group", "leads", "won", "rate", "qualified"]
        header += ["cost", "per qualified", "per won"] if costs else []
        rows = []
        for g in backtest.groups:
            row = [g.group, f"{g.n:,}", f"{g.won:,}", _percent(g.rate), _percent(g.qualified_share)]
            if costs:
                row += [_money(g.cost), _money(g.cost_per_qualified), _money(g.cost_per_won)]
            rows.append(row)
        sections.append(
            _Section(f"By {backtest.by or 'group'}", header, rows, set(range(1, len(header))))
        )
    if backtest.ages:
        sections.append(
            _Section(
                "Won within months of coming in",
                ["within", "leads old enough", "won", "rate", "95% interval"],
                [
                    [
                        f"{a.months} months",
                        f"{a.n:,}",
                        f"{a.won:,}",
                        _percent(a.rate),
                        _interval(a),
                    ]  # fmt: skip
                    for a in backtest.ages
                ],
                {1, 2, 3},
            )
        )
    drift = backtest.drift
    if drift is not None:
        rows = [["conversion", _percent(drift.base_rate_older), _percent(drift.base_rate_newer)]]
        rows += [
            [f"unknown: {u.label} ({u.key})", _percent(u.older), _percent(u.newer)]
            for u in drift.unknown
        ]
        sections.append(
            _Section(
                f"Drift: {drift.older:,} older leads against {drift.newer:,} newer",
                ["", "older", "newer"],
                rows,
                {1, 2},
            )
        )
    chance = backtest.chance
    if chance is not None:
        sections.append(
            _Section(
                f"Can the chance be trusted? ROC AUC {_auc(chance.auc)}, log loss"
                f" {chance.log_loss:.4f}, Brier score {chance.brier:.4f}, calibration error"
                f" {chance.calibration_error:.3f}",
                ["chance", "leads", "won", "mean chance", "share won", "95% interval"],
                [
                    [
                        f"{b.low:.0%} to {b.high:.0%}",
                        f"{b.n:,}",
                        f"{b.won:,}",
                        _percent(b.mean_chance),
                        _percent(b.rate),
                        f"{_percent(b.rate_low)} to {_percent(b.rate_high)}",
                    ]  # fmt: skip
                    for b in chance.bins
                ],
                {1, 2, 3, 4},
            )
        )
    return sections


def backtest_html(backtest: Backtest) -> str:
    """Headline, conversion by verdict, lift by score band, each criterion's rungs, groups
    and ages; verdicts with their colours and a bar."""
    parts = [f"<div><b>{escape(_headline(backtest))}</b></div>"]
    top = max((r.rate or 0.0 for r in backtest.verdicts), default=0.0) or 1.0
    for number, section in enumerate(_sections(backtest)):
        rows = [[escape(cell) for cell in row] for row in section.rows]
        header = section.header
        if number == 0:  # the verdicts: a badge, and a bar of the rate
            header = [*header, ""]
            for row, rate in zip(rows, backtest.verdicts, strict=True):
                verdict = Verdict(rate.group)
                row[0] = badge(verdict)
                row.append(bar((rate.rate or 0.0) / top, VERDICT_COLOURS[verdict]))
        parts.append(f'<div style="margin-top:0.7em">{escape(section.title)}</div>')
        parts.append(_table(header, rows, section.numbers))
    return f'<div class="qualify-backtest" style="text-align:left">{"".join(parts)}</div>'


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def _columns(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def backtest_text(backtest: Backtest) -> str:
    """The backtest as plain text for a terminal: the same tables as the notebook view."""
    lines = [_headline(backtest)]
    for section in _sections(backtest):
        lines += ["", section.title, *_columns([section.header, *section.rows], section.numbers)]
    return "\n".join(lines) + "\n"


def _calibration_lines(calibration: Calibration) -> list[tuple[str, str]]:
    """Label and value rows describing a calibration."""
    strength = "-" if calibration.strength is None else describe_choice(calibration.validation)
    lines = [
        ("declared", f"{calibration.declared.name} {calibration.declared.version}"),
        ("calibrated", f"{calibration.framework.name} {calibration.framework.version}"),
        ("outcomes", f"{calibration.n:,} ({calibration.won:,} won)"),
        (
            "held-out ROC AUC",
            f"{_auc(calibration.auc_before)} declared score,"
            f" {_auc(calibration.auc_after)} calibrated chance",
        ),  # fmt: skip
        (
            "held-out log loss",
            f"{calibration.log_loss_before:.4f} declared,"
            f" {calibration.log_loss_after:.4f} calibrated",
        ),  # fmt: skip
        ("pull toward the declared weights", strength),
        ("validated on", _validated_on(calibration)),
        ("result", calibration.reason),
        (
            "qualified at",
            f"{threshold_text(calibration.framework)}: {calibration.qualified_share:.1%} of the"
            " leads learned from",
        ),
    ]
    random = calibration.random
    if random is not None:
        lines.append(
            (
                "random folds would say",
                f"ROC AUC {_auc(random.auc_before)} declared, {_auc(random.auc_after)}"
                f" calibrated, {describe_choice(random)}",
            )
        )
    lines += [("reversed", f"{r.criterion}: {r.rung} now above {r.above}") for r in calibration.reversed]
    lines += [
        ("pair learned", f"{p.key}: {p.of[0]} with {p.of[1]}, held-out log loss {p.gain:.4f}"
                         f" lower per lead ({p.leads:,} leads answered both)")
        for p in calibration.pairs
    ]  # fmt: skip
    credits = [
        f"{c.key} {c.unknown_satisfaction:g}" for c in calibration.framework.criteria
        if c.unknown_satisfaction
    ]
    if credits:
        lines.append(("unknown earns", ", ".join(credits)))
    lines += [("warning", text) for text in calibration.warnings]
    return lines


def _validated_on(calibration: Calibration) -> str:
    validation = calibration.validation
    if validation.method == "time":
        life = (
            "every lead alike"
            if validation.half_life is None
            else f"a lead's say halved every {validation.half_life:,.0f} leads of age"
        )
        return (
            f"the newest leads: {validation.folds} folds, each tested on the block after the"
            f" leads it learned from ({validation.leads:,} leads tested); {life}"
        )
    return f"{validation.folds} random folds ({validation.leads:,} leads)"


def _leads(count: float) -> str:
    return f"{count:g} lead" if count == 1 else f"{count:g} leads"


def _auc(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _weights(calibration: Calibration, declared: dict[str, float]) -> list[list[str]]:
    rows = []
    for criterion in calibration.framework.criteria:
        before = declared.get(criterion.key)
        rows.append(
            [
                criterion.label,
                criterion.key,
                "-" if before is None else f"{before:g}",
                f"{criterion.weight:g}",
            ]
        )
    return rows


def calibration_html(calibration: Calibration) -> str:
    """What was fitted, held-out numbers, the weights before and after, and both backtests."""
    facts = "".join(
        f"<tr><td {_CELL}>{escape(label)}</td><td {_CELL}>{escape(value)}</td></tr>"
        for label, value in _calibration_lines(calibration)
    )
    declared = {c.key: float(c.weight) for c in calibration.declared.criteria}
    weights = _table(
        ["criterion", "key", "declared weight", "calibrated weight"],
        [[escape(cell) for cell in row] for row in _weights(calibration, declared)],
        {2, 3},
    )
    return (
        '<div class="qualify-calibration" style="text-align:left">'
        f"<table {_TABLE}>{facts}</table><div>Weights</div>{weights}"
        f"<details><summary>Backtest of the declared framework</summary>"
        f"{backtest_html(calibration.before)}</details>"
        f"<details><summary>Backtest of the calibrated framework on held-out leads</summary>"
        f"{backtest_html(calibration.after)}</details></div>"
    )


def calibration_text(calibration: Calibration) -> str:
    """The calibration as plain text: the facts and the weights before and after."""
    width = max(len(label) for label, _ in _calibration_lines(calibration))
    lines = [f"{label:<{width}}  {value}" for label, value in _calibration_lines(calibration)]
    declared = {c.key: float(c.weight) for c in calibration.declared.criteria}
    rows = [["criterion", "key", "declared weight", "calibrated weight"]]
    rows += _weights(calibration, declared)
    return "\n".join([*lines, "", *_columns(rows, {2, 3})]) + "\n"

"""qualify: sales-lead qualification frameworks as typed, pluggable data.

``qualify.evaluate(evidence, "bant")`` turns what a team knows about a lead
into a score, a verdict, the stage reached and the questions to ask next.
"""

from __future__ import annotations

import importlib as _importlib
import logging as _logging
from typing import TYPE_CHECKING as _TYPE_CHECKING

from ._core.comparison import Asked, Comparison, NotCarried, SharedQuestion
from ._core import display as _display
from ._core.concepts import Concept
from ._core.criteria import Criterion, Disqualifier, Stage
from ._core.evidence import NOT_KNOWN, Channel, Evidence, EvidenceInput
from ._core.fields import Field
from ._core.framework import Framework
from ._core.handoff import Agreement, Decision, Handoff, Routing
from ._core.mapping import FieldMap
from ._core.probability import Chance, Probability
from ._core import pydantic as _pydantic  # noqa: F401 - gives the results pydantic's hooks
from ._core.results import (
    Answer,
    CriterionResult,
    Evaluation,
    Missing,
    RowProblems,
    Stale,
    Status,
    Unvetted,
    Verdict,
)
from ._core.touches import (
    TOUCH_BUDGET,
    ContactHistory,
    Direction,
    Pursuit,
    Touch,
    TouchOutcome,
    contact_history,
)
from ._core.scales import (
    Band,
    Boolean,
    EvidenceValue,
    Level,
    Levels,
    Months,
    Numbers,
    Scale,
    Threshold,
)
from ._plugins.evaluate import evaluate
from ._plugins.many import evaluate_many
from ._plugins.several import compare, evaluate_all
from ._plugins.registry import (
    framework_origin,
    get_concept,
    get_field_map,
    get_framework,
    list_concepts,
    list_field_maps,
    list_frameworks,
    register_plugin,
    unregister_plugin,
)
from .errors import (
    ConversionError,
    EvidenceError,
    FrameworkError,
    MissingExtraError,
    OutcomeError,
    PluginError,
    PluginLoadWarning,
    Problem,
    UnknownConceptWarning,
    QualifyError,
    UnknownCriterionError,
    UnknownFrameworkError,
)

if _TYPE_CHECKING:  # loaded on first use (see __getattr__), named here for type checkers
    from ._core.convert import from_dict, to_dict
    from .hookspecs import hookimpl
    from ._files.agreement_files import (
        dump_agreement,
        dumps_agreement,
        load_agreement,
        loads_agreement,
    )
    from ._files.folders import register_path
    from ._files.schemas import json_schema
    from ._files.formats import FrameworkFileError
    from ._files.framework_files import (
        dump_framework,
        dumps_framework,
        load_framework,
        loads_framework,
    )
    from ._files.mapping_files import (
        dump_field_map,
        dumps_field_map,
        load_field_map,
        loads_field_map,
    )
    from ._learn.backtest import backtest
    from ._learn.calibrate import Calibration, calibrate
    from ._learn.shape import Reversal
    from ._learn.validate import Validation
    from ._learn.handoffs import HandoffGroup, HandoffReport, handoff_report
    from ._learn.report import (
        AgeRate,
        Backtest,
        ChanceBin,
        ChanceReport,
        Drift,
        CriterionBacktest,
        GroupRate,
        Rate,
        RungRate,
        ScoreBand,
        UnknownShare,
    )
    from ._tables.frames import evaluate_frame
    from ._tables.summary import Summary, summarize

#: Names loaded on first use, by the module that holds them: files, learning, tables and
#: views stay unimported until a program reaches for them, so ``import qualify`` is quick.
_LAZY: dict[str, tuple[str, ...]] = {
    "._core.convert": ("from_dict", "to_dict"),
    ".hookspecs": ("hookimpl",),
    "._files.agreement_files": (
        "dump_agreement", "dumps_agreement", "load_agreement", "loads_agreement",
    ),
    "._files.folders": ("register_path",),
    "._files.schemas": ("json_schema",),
    "._files.formats": ("FrameworkFileError",),
    "._files.framework_files": (
        "dump_framework", "dumps_framework", "load_framework", "loads_framework",
    ),
    "._files.mapping_files": (
        "dump_field_map", "dumps_field_map", "load_field_map", "loads_field_map",
    ),
    "._learn.backtest": ("backtest",),
    "._learn.calibrate": ("Calibration", "calibrate",),
    "._learn.shape": ("Reversal",),
    "._learn.validate": ("Validation",),
    "._learn.handoffs": ("HandoffGroup", "HandoffReport", "handoff_report",),
    "._learn.report": (
        "AgeRate", "Backtest", "ChanceBin", "ChanceReport", "Drift", "CriterionBacktest",
        "GroupRate", "Rate", "RungRate", "ScoreBand", "UnknownShare",
    ),
    "._tables.frames": ("evaluate_frame",),
    "._tables.summary": ("Summary", "summarize",),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    """A name of :data:`_LAZY` (imported now, then kept), or ``__version__``."""
    module = _HOME.get(name)
    if module is not None:
        value = getattr(_importlib.import_module(module, __name__), name)
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module 'qualify' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME, "__version__"})


def _version() -> str:
    """The installed version of qualify, such as ``"0.1.0.dev0"``."""
    metadata = _importlib.import_module("importlib.metadata")
    try:
        return str(metadata.version("qualify"))
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0.0.0+unknown"


# the core finds its notebook views through this on first use; it never imports them
_display.register_later(lambda: _importlib.import_module("._views.html", __name__).register_views())

# A library logs and lets the application decide: silent unless the application
# configures logging.getLogger("qualify").
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

__all__ = [
    "AgeRate",
    "Agreement",
    "Answer",
    "Asked",
    "Backtest",
    "Band",
    "Boolean",
    "Calibration",
    "Chance",
    "ChanceBin",
    "ChanceReport",
    "Channel",
    "Comparison",
    "Concept",
    "ContactHistory",
    "ConversionError",
    "Criterion",
    "CriterionBacktest",
    "CriterionResult",
    "Decision",
    "Direction",
    "Disqualifier",
    "Drift",
    "Evaluation",
    "Evidence",
    "EvidenceError",
    "EvidenceInput",
    "EvidenceValue",
    "Field",
    "FieldMap",
    "Framework",
    "FrameworkError",
    "FrameworkFileError",
    "GroupRate",
    "Handoff",
    "HandoffGroup",
    "HandoffReport",
    "Level",
    "Levels",
    "Missing",
    "MissingExtraError",
    "Months",
    "NOT_KNOWN",
    "NotCarried",
    "Numbers",
    "OutcomeError",
    "PluginError",
    "PluginLoadWarning",
    "Probability",
    "Problem",
    "Pursuit",
    "QualifyError",
    "Rate",
    "Reversal",
    "Routing",
    "RowProblems",
    "RungRate",
    "Scale",
    "ScoreBand",
    "SharedQuestion",
    "Stage",
    "Stale",
    "Status",
    "Summary",
    "TOUCH_BUDGET",
    "Threshold",
    "Touch",
    "TouchOutcome",
    "UnknownConceptWarning",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "UnknownShare",
    "Unvetted",
    "Validation",
    "Verdict",
    "backtest",
    "calibrate",
    "compare",
    "contact_history",
    "dump_agreement",
    "dump_field_map",
    "dump_framework",
    "dumps_agreement",
    "dumps_field_map",
    "dumps_framework",
    "evaluate",
    "evaluate_all",
    "evaluate_frame",
    "evaluate_many",
    "framework_origin",
    "from_dict",
    "get_concept",
    "get_field_map",
    "get_framework",
    "handoff_report",
    "hookimpl",
    "json_schema",
    "list_concepts",
    "list_field_maps",
    "list_frameworks",
    "load_agreement",
    "load_field_map",
    "load_framework",
    "loads_agreement",
    "loads_field_map",
    "loads_framework",
    "register_path",
    "register_plugin",
    "summarize",
    "to_dict",
    "unregister_plugin",
]

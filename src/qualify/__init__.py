"""qualify: sales-lead qualification frameworks as typed, pluggable data.

``qualify.evaluate(evidence, "bant")`` turns what a team knows about a lead
into a score, a verdict, the stage reached and the questions to ask next.
"""

from __future__ import annotations

import importlib as _importlib
import warnings as _warnings

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

# True for type checkers only (mypy and pyright know the name); typing itself is not imported
# here: it costs more than the rest of ``import qualify``
TYPE_CHECKING = False
if TYPE_CHECKING:  # loaded on first use (see __getattr__), named here for type checkers
    from ._core.comparison import Comparison
    from ._core.concepts import Concept
    from ._core.criteria import Criterion, Disqualifier, Stage
    from ._core.evidence import NOT_KNOWN, Channel, Evidence, EvidenceInput
    from ._core.fields import Field
    from ._core.framework import Framework
    from ._core.mapping import FieldMap
    from ._core.probability import Chance, Probability
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
    from ._learn.calibrate import calibrate
    from ._tables.frames import evaluate_frame
    from ._tables.summary import summarize
    from . import journey, reports

#: Names loaded on first use, by the module that holds them: nothing but the errors is
#: imported until a program reaches for a name, so ``import qualify`` is quick (a command
#: line, a serverless function or a test run that never evaluates pays nothing for it).
_LAZY: dict[str, tuple[str, ...]] = {
    "._core.comparison": ("Comparison",),
    "._core.concepts": ("Concept",),
    "._core.criteria": ("Criterion", "Disqualifier", "Stage"),
    "._core.evidence": ("NOT_KNOWN", "Channel", "Evidence", "EvidenceInput"),
    "._core.fields": ("Field",),
    "._core.framework": ("Framework",),
    "._core.mapping": ("FieldMap",),
    "._core.probability": ("Chance", "Probability"),
    "._core.results": (
        "Answer", "CriterionResult", "Evaluation", "Missing", "RowProblems", "Stale", "Status",
        "Unvetted", "Verdict",
    ),
    "._core.scales": (
        "Band", "Boolean", "EvidenceValue", "Level", "Levels", "Months", "Numbers", "Scale",
        "Threshold",
    ),
    "._plugins.evaluate": ("evaluate",),
    "._plugins.many": ("evaluate_many",),
    "._plugins.several": ("compare", "evaluate_all"),
    "._plugins.registry": (
        "framework_origin", "get_concept", "get_field_map", "get_framework", "list_concepts",
        "list_field_maps", "list_frameworks", "register_plugin", "unregister_plugin",
    ),
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
    "._learn.calibrate": ("calibrate",),
    "._tables.frames": ("evaluate_frame",),
    "._tables.summary": ("summarize",),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}

#: Names that moved to a public submodule before 1.0, by that submodule: the old
#: ``qualify.X`` still works, with a DeprecationWarning, until 1.0.
_MOVED: dict[str, tuple[str, ...]] = {
    "journey": (
        "Agreement", "ContactHistory", "Decision", "Direction", "Handoff", "HandoffGroup",
        "HandoffReport", "Pursuit", "Routing", "TOUCH_BUDGET", "Touch", "TouchOutcome",
        "contact_history", "handoff_report",
    ),
    "reports": (
        "AgeRate", "Asked", "Backtest", "Calibration", "ChanceBin", "ChanceReport",
        "CriterionBacktest", "Drift", "GroupRate", "NotCarried", "Rate", "Reversal",
        "RungRate", "ScoreBand", "SharedQuestion", "Summary", "UnknownShare", "Validation",
    ),
}
_MOVED_TO = {name: module for module, names in _MOVED.items() for name in names}
_SUBMODULES = ("journey", "reports")


def __getattr__(name: str) -> object:
    """A name of :data:`_LAZY` (imported now, then kept), a public submodule,
    ``__version__``, or a name that moved (with a DeprecationWarning)."""
    module = _HOME.get(name)
    if module is not None:
        _core_ready()
        value = getattr(_importlib.import_module(module, __name__), name)
    elif name in _SUBMODULES:
        _core_ready()
        value = _importlib.import_module(f".{name}", __name__)
    elif name == "__version__":
        value = _version()
    elif name in _MOVED_TO:
        home = _MOVED_TO[name]
        _warnings.warn(
            f"qualify.{name} moved to qualify.{home}.{name}; import it from there"
            " (the old name goes in 1.0)",
            DeprecationWarning,
            stacklevel=2,
        )
        _core_ready()
        # not kept: every use of the old name is told
        return getattr(_importlib.import_module(f".{home}", __name__), name)
    else:
        raise AttributeError(f"module 'qualify' has no attribute {name!r}")
    globals()[name] = value
    return value


_ready: list[bool] = []


def _core_ready() -> None:
    """Load the core with the hooks that give its results to pydantic (once): whatever name
    a program reaches for first, an Evaluation it meets can go into a pydantic model."""
    if not _ready:
        _importlib.import_module("._core.pydantic", __name__)
        # the core finds its notebook views through this on first use; it never imports them
        display = _importlib.import_module("._core.display", __name__)
        display.register_later(
            lambda: _importlib.import_module("._views.html", __name__).register_views()
        )
        _ready.append(True)


def __dir__() -> list[str]:
    return sorted({*__all__, *_SUBMODULES, "__version__"})


def _version() -> str:
    """The installed version of qualify, such as ``"0.1.0.dev0"``."""
    metadata = _importlib.import_module("importlib.metadata")
    try:
        return str(metadata.version("qualify"))
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0.0.0+unknown"



# Logging is silent unless the application configures the "qualify" logger: the
# modules that log take their loggers from _core/logs.py, which sets that up.

__all__ = [
    "Answer",
    "Band",
    "Boolean",
    "Chance",
    "Channel",
    "Comparison",
    "Concept",
    "ConversionError",
    "Criterion",
    "CriterionResult",
    "Disqualifier",
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
    "Level",
    "Levels",
    "Missing",
    "MissingExtraError",
    "Months",
    "NOT_KNOWN",
    "Numbers",
    "OutcomeError",
    "PluginError",
    "PluginLoadWarning",
    "Probability",
    "Problem",
    "QualifyError",
    "RowProblems",
    "Scale",
    "Stage",
    "Stale",
    "Status",
    "Threshold",
    "UnknownConceptWarning",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "Unvetted",
    "Verdict",
    "backtest",
    "calibrate",
    "compare",
    "dump_agreement",
    "dump_field_map",
    "dump_framework",
    "dumps_agreement",
    "dumps_field_map",
    "dumps_framework",
    "evaluate",
    "evaluate_frame",
    "evaluate_many",
    "framework_origin",
    "from_dict",
    "get_concept",
    "get_field_map",
    "get_framework",
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

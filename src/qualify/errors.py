"""The exceptions and warnings qualify raises.

Every error a caller can cause is a :class:`QualifyError`, so one ``except``
clause catches them all; each message names the offending thing and what is
accepted instead.
"""

from __future__ import annotations

__all__ = [
    "ConversionError",
    "EvidenceError",
    "FrameworkError",
    "MissingExtraError",
    "OutcomeError",
    "Problem",
    "PluginError",
    "PluginLoadWarning",
    "QualifyError",
    "UnknownConceptWarning",
    "UnknownCriterionError",
    "UnknownFrameworkError",
]


class QualifyError(Exception):
    """Base class of every error qualify raises on bad input."""


class MissingExtraError(QualifyError, ImportError):
    """An optional feature needs a package that is not installed.

    Also an :class:`ImportError`, so ``except ImportError:`` around an optional
    feature catches it. ``extra`` names the extra that installs what is missing
    (``pip install "qualify[<extra>]"``); the message says so too.
    """

    def __init__(self, feature: str, package: str, extra: str) -> None:
        super().__init__(f'{feature} needs {package}: pip install "qualify[{extra}]"', name=package)
        self.feature = feature
        self.package = package
        self.extra = extra

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.feature, self.package, self.extra))


class FrameworkError(QualifyError, ValueError):
    """A framework is malformed, or two plugins claim the same framework name."""


class UnknownFrameworkError(QualifyError, LookupError):
    """No registered framework has the requested name."""


class Problem(str):
    """One problem with evidence: its sentence (a ``str``, as it reads in a message),
    and for a program, where it is and what was wrong.

    ``loc`` is the path to the bad value, outermost first: a criterion or
    disqualifier key, a CRM column, and before them the record (its id or
    position) in a batch. ``input`` is the value refused (``None`` when there is
    none to name), ``accepted`` what would have been accepted, in words, and
    ``type`` a short code: ``"value_not_accepted"``, ``"value_not_translated"``,
    ``"value_type"``, ``"unknown_key"``, ``"pair_evidence"`` (evidence for a pair criterion,
    which follows from two others) or ``"value_error"``.
    """

    loc: tuple[str | int, ...]
    input: object
    accepted: str | None
    type: str

    def __new__(
        cls,
        message: str,
        *,
        loc: tuple[str | int, ...] = (),
        input: object = None,  # noqa: A002 - the name pydantic and FastAPI use
        accepted: str | None = None,
        type: str = "value_error",  # noqa: A002
    ) -> Problem:
        made = super().__new__(cls, message)
        made.loc, made.input, made.accepted, made.type = tuple(loc), input, accepted, type
        return made

    def at(self, *outer: str | int) -> Problem:
        """The same problem, *outer* before its location (a record around a key)."""
        return Problem(
            str(self), loc=(*outer, *self.loc), input=self.input, accepted=self.accepted,
            type=self.type,
        )  # fmt: skip

    def __reduce__(self) -> tuple[object, ...]:
        return (_problem, (str(self), self.loc, self.input, self.accepted, self.type))


def _problem(
    message: str, loc: tuple[str | int, ...], given: object, accepted: str | None, kind: str
) -> Problem:
    return Problem(message, loc=loc, input=given, accepted=accepted, type=kind)


def given(value: object) -> object:
    """*value* as :attr:`Problem.input` holds it: text, a finite number, a flag or ``None``
    as they are, anything else (an infinity included) as its ``repr``, so ``errors()``
    stays valid JSON."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float) and value - value == 0.0:  # finite
        return value
    try:
        return repr(value)
    except RecursionError:  # lists in lists past Python's depth, as a JSON file may hold
        return f"<a {type(value).__name__} nested too deeply to show>"
    except ValueError:  # an int too long to turn into text
        return f"<a {type(value).__name__} too long to show>"


def problem_of(text: str, **where: object) -> Problem:
    """*text* as a :class:`Problem`: itself if it is one (it knows best where it is), else
    one located by *where* (the keywords of :class:`Problem`)."""
    return text if isinstance(text, Problem) else Problem(text, **where)  # type: ignore[arg-type]


class EvidenceError(QualifyError, ValueError):
    """Evidence has a value, type or shape the framework cannot accept.

    ``problems`` lists each problem found, one sentence each: a CRM row read
    through a mapping is checked whole, so every bad field is named at once.
    :meth:`errors` gives the same problems for a program: where each is, the
    value refused and what is accepted.
    """

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    def errors(self) -> list[dict[str, object]]:
        """Each problem as a dict, in the shape pydantic's ``ValidationError.errors()``
        gives: ``loc`` (a list: record, then key or CRM column, where known), ``msg``
        (the sentence), ``type``, ``input`` (the value refused) and ``accepted``."""
        found: list[dict[str, object]] = []
        for text in self.problems:
            problem = problem_of(text)
            found.append(
                {
                    "loc": list(problem.loc),
                    "msg": str(problem),
                    "type": problem.type,
                    "input": problem.input,
                    "accepted": problem.accepted,
                }
            )
        return found

    @classmethod
    def of(cls, problems: list[str]) -> EvidenceError:
        """One error for several *problems*: the message lists them all."""
        if len(problems) == 1:
            return cls(problems[0])
        listed = " ".join(f"({n}) {problem}" for n, problem in enumerate(problems, start=1))
        return cls(f"{len(problems)} problems: {listed}", problems=tuple(problems))

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), str(self), self.problems))


def _rebuild(kind: type[EvidenceError], message: str, problems: tuple[str, ...]) -> EvidenceError:
    return kind(message, problems=problems)


class UnknownCriterionError(EvidenceError, LookupError):
    """Evidence names a key that is neither a criterion nor a disqualifier."""


class ConversionError(QualifyError, ValueError):
    """Data given to :func:`qualify.from_dict` does not describe the requested type."""


class OutcomeError(QualifyError, ValueError):
    """A backtest's outcome says neither won nor lost, or outcomes and leads do not line up.

    ``lead`` is the position of the lead it is about, counted from 1 (``None`` when it is
    about no one lead), so a caller can name the lead its own way (a CSV line, an id).
    """

    def __init__(self, message: str, *, lead: int | None = None) -> None:
        super().__init__(message)
        self.lead = lead


class PluginError(QualifyError):
    """A plugin cannot be registered, or its hook failed or returned something unusable."""


class UnknownConceptWarning(UserWarning):
    """A framework file names a concept that no plugin or folder registers: most likely a
    typo, and its criterion then shares no answers with other frameworks'."""


class PluginLoadWarning(UserWarning):
    """A plugin could not be loaded and was skipped; the other plugins still work."""

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


class EvidenceError(QualifyError, ValueError):
    """Evidence has a value, type or shape the framework cannot accept.

    ``problems`` lists each problem found, one sentence each: a CRM row read
    through a mapping is checked whole, so every bad field is named at once.
    """

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

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

"""Coverage-guided fuzzing of qualify with atheris (``pip install -e . --group fuzz``).

    python fuzz/fuzz_qualify.py -runs=20000            # a bounded run, as CI does
    python fuzz/fuzz_qualify.py -max_total_time=600    # a longer hunt

Each input is read one of five ways: as evidence (JSON when it parses, else
values drawn from the bytes) for every built-in framework; as a raw CRM row
through the ``dynamics365`` mapping; as a framework or mapping file (TOML and
JSON); as the input file of ``qualify evaluate`` (CSV, JSON Lines, JSON) in
every output format; and as two files of a frameworks folder. Anything
but a :class:`qualify.QualifyError` with a message is a crash; so is a change to
the evidence passed in. The hypothesis tests in ``tests/test_fuzz.py`` cover
the same ground with structured inputs on every test run.
"""

from __future__ import annotations

import contextlib
import copy
import io
from datetime import datetime
import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import qualify
    from qualify._files.folders import load_folder
    from qualify.cli import main as main_command

FRAMEWORKS = sorted(qualify.list_frameworks())
KEYS = sorted({k for n in FRAMEWORKS for k in qualify.get_framework(n).keys})
FOLDER = Path(tempfile.mkdtemp(prefix="qualify-fuzz-"))


def _evidence(data: atheris.FuzzedDataProvider) -> object:
    text = data.ConsumeUnicodeNoSurrogates(data.remaining_bytes())
    try:
        return json.loads(text)
    except ValueError:
        pass
    values: list[object] = [None, True, 3, -1.5, float("nan"), float("inf"), text, text[:3]]
    return {
        key: values[i % len(values)]
        for i, key in enumerate(KEYS)
        if i < len(text) and text[i] > "m"
    }


def _check(call: object, *args: object, **kwargs: object) -> None:
    try:
        call(*args, **kwargs)  # type: ignore[operator]
    except qualify.QualifyError as error:
        if not str(error).strip():
            raise AssertionError(f"{type(error).__name__} without a message") from error


def _command(body: bytes, suffix: str, form: str) -> None:
    """Run ``qualify evaluate`` on *body*: it exits 0, 1 or 2, and never raises."""
    path = FOLDER / f"leads{suffix}"
    path.write_bytes(body)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main_command(["evaluate", str(path), "--format", form])
    if code not in (0, 1, 2):
        raise AssertionError(f"qualify evaluate exited {code}")
    if "\x1b" in out.getvalue() + err.getvalue() and form == "table":
        raise AssertionError("a control character reached the terminal output")


def _folder(first: bytes, second: bytes) -> None:
    folder = FOLDER / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "a.toml").write_bytes(first)
    (folder / "b.json").write_bytes(second)
    _check(load_folder, folder)


def test_one_input(raw: bytes) -> None:
    data = atheris.FuzzedDataProvider(raw)
    choice = data.ConsumeIntInRange(0, 8)
    if choice == 0:
        evidence = _evidence(data)
        before = copy.deepcopy(evidence)
        for name in FRAMEWORKS:
            _check(qualify.evaluate, evidence, name)
        if repr(evidence) != repr(before):
            raise AssertionError("evaluate changed the evidence it was given")
    elif choice == 1:
        row = _evidence(data)
        _check(qualify.evaluate, row, "bant", mapping="dynamics365")
    elif choice == 2:
        body = data.ConsumeBytes(data.remaining_bytes())
        for suffix in (".toml", ".json"):
            path = FOLDER / f"input{suffix}"
            path.write_bytes(body)
            _check(qualify.load_framework, path)
            _check(qualify.load_field_map, path)
    elif choice == 3:
        suffix = (".csv", ".jsonl", ".json")[data.ConsumeIntInRange(0, 2)]
        form = ("table", "csv", "jsonl", "json")[data.ConsumeIntInRange(0, 3)]
        _command(data.ConsumeBytes(data.remaining_bytes()), suffix, form)
    elif choice == 4:
        half = data.ConsumeIntInRange(0, data.remaining_bytes())
        _folder(data.ConsumeBytes(half), data.ConsumeBytes(data.remaining_bytes()))
    elif choice == 5:  # several frameworks at once, scoped keys and concepts included
        names = [FRAMEWORKS[data.ConsumeIntInRange(0, len(FRAMEWORKS) - 1)] for _ in range(2)]
        _check(qualify.compare, _evidence(data), sorted(set(names)))
    elif choice == 6:  # the journey: as of an instant, observed when, touches, the order
        at = data.ConsumeUnicodeNoSurrogates(30)
        ask = ("points", "decision", "gain", at)[data.ConsumeIntInRange(0, 3)]
        evidence = _evidence(data)
        _check(qualify.evaluate, evidence, "bant", ask=ask)
        _check(qualify.evaluate, evidence, "bant", as_of=datetime(2026, 1, 1), observed_at=at)
        try:
            result = qualify.evaluate(evidence, "bant")
        except qualify.QualifyError:
            return
        for missing in result.missing:
            missing.answers  # worked out on demand: must never raise
    elif choice == 7:  # a stored evaluation or concept read back
        text = data.ConsumeUnicodeNoSurrogates(data.remaining_bytes())
        try:
            document = json.loads(text)
        except ValueError:
            return
        if isinstance(document, dict):
            _check(qualify.from_dict, document, qualify.Evaluation)
            _check(qualify.from_dict, document, qualify.Concept)
    else:  # a backtest over fuzzed leads
        leads = _evidence(data)
        if isinstance(leads, dict):
            _check(qualify.backtest, [leads, {**leads, "won": "no"}], "bant", "won", by="team")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

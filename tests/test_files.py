"""Framework files: TOML and JSON in and out, extends, folders, and every kind of error."""

from __future__ import annotations

import json
import os
import textwrap
from typing import Any
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import qualify
from qualify import Framework, FrameworkFileError

from .conftest import RunPython
from .test_properties import frameworks

BUILTINS = ["bant", "icare", "meeting-gate", "rant", "short-term-lead", "teleprospecting"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_round_trips(name: str, suffix: str, tmp_path: Path) -> None:
    framework = qualify.get_framework(name)
    path = tmp_path / f"{name}{suffix}"
    qualify.dump_framework(framework, path)
    assert qualify.load_framework(path) == framework


def test_dumped_toml_reads_like_a_hand_written_file() -> None:
    text = qualify.dumps_framework(qualify.get_framework("bant"))
    assert text.startswith('name = "bant"\ntitle = "BANT"\n')
    assert "[[criteria]]" in text and "[criteria.scale]" in text
    assert '[[criteria.scale.levels]]\nname = "none"' in text


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(framework=frameworks())
def test_generated_frameworks_survive_dump_and_load(framework: Framework, tmp_path: Path) -> None:
    for suffix in (".toml", ".json"):
        path = tmp_path / f"generated{suffix}"
        qualify.dump_framework(framework, path)
        assert qualify.load_framework(path) == framework


def test_rant_is_a_real_framework_file() -> None:
    rant = qualify.get_framework("rant")
    bant = qualify.get_framework("bant")
    assert rant.extends == "bant"
    assert [c.key for c in rant.criteria] == ["resources", "authority", "need", "timeframe"]
    assert rant.criterion("resources").weight == bant.criterion("budget").weight
    assert rant.criteria[1:] == bant.criteria[1:]
    lead = {"resources": "obtainable", "authority": "engaged", "need": "validated", "timeframe": 3}
    assert qualify.evaluate(lead, "rant").verdict is qualify.Verdict.QUALIFIED


class TestExtends:
    def test_a_file_overrides_only_what_it_names(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "acme.toml",
            """
            name = "acme-bant"
            extends = "bant"
            version = "2026.1"
            qualified_at = 80
            drop = ["timeframe"]

            [change.need]
            label = "Business pain"
            weight = 6

            [[add]]
            key = "champion"
            label = "Champion"
            question = "Who pushes for us inside the account?"
            weight = 2
        """,
        )
        acme = qualify.load_framework(path)
        bant = qualify.get_framework("bant")
        assert acme.extends == "bant" and acme.title == bant.title
        assert [c.key for c in acme.criteria] == ["budget", "authority", "need", "champion"]
        assert acme.criterion("need").label == "Business pain"
        assert acme.criterion("need").question == bant.criterion("need").question
        assert acme.criterion("champion").scale == qualify.Boolean()

    def test_chains_in_a_folder(self, tmp_path: Path) -> None:
        write(
            tmp_path,
            "b_regional.toml",
            """
            name = "acme-emea"
            extends = "acme-bant"
            qualified_at = 60
        """,
        )
        write(
            tmp_path,
            "a_company.toml",
            """
            name = "acme-bant"
            extends = "rant"
            title = "ACME RANT"
        """,
        )
        name = qualify.register_path(tmp_path)
        try:
            emea = qualify.get_framework("acme-emea")
            assert emea.extends == "acme-bant" and emea.title == "ACME RANT"
            assert emea.criteria == qualify.get_framework("rant").criteria
            assert emea.qualified_at == 60
            assert qualify.framework_origin("acme-emea") == name == f"path:{tmp_path}"
        finally:
            qualify.unregister_plugin(name)
        assert "acme-emea" not in qualify.list_frameworks()

    def test_cycles_are_reported(self, tmp_path: Path) -> None:
        write(tmp_path, "a.toml", 'name = "a"\nextends = "b"\n')
        write(tmp_path, "b.toml", 'name = "b"\nextends = "a"\n')
        with pytest.raises(FrameworkFileError, match="a cycle of frameworks: a -> b -> a"):
            qualify.register_path(tmp_path)
        assert "a" not in qualify.list_frameworks()

    def test_unknown_parent(self, tmp_path: Path) -> None:
        path = write(tmp_path, "x.toml", 'name = "x"\nextends = "bnat"\n')
        with pytest.raises(FrameworkFileError, match=r"x\.toml: extends: .*Did you mean 'bant'"):
            qualify.load_framework(path)


ERRORS = [
    ("syntax.toml", 'name = "x"\ntitle = "X\n', r"not valid TOML: .*\(at line 2, column 11\)"),
    ("syntax.json", '{"name": "x",\n "title": }', r"not valid JSON: .*\(at line 2, column 11\)"),
    ("list.json", "[1, 2]", "holds a table, not a list"),
    (
        "typo.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        wieght = 2
    """,
        r"criteria\[0\]: unknown key 'wieght' \(did you mean 'weight'\?\); accepted keys: key, label",
    ),
    (
        "type.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        weight = "heavy"
    """,
        r"criteria\[0\]\.weight: expected a number, got str 'heavy'",
    ),
    (
        "flag.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        required = "no"
    """,
        r"criteria\[0\]\.required: expected true or false",
    ),
    (
        "levels.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        [criteria.scale]
        type = "levels"
        [[criteria.scale.levels]]
        name = "good"
        satisfaction = 1.0
        [[criteria.scale.levels]]
        name = "bad"
        satisfaction = 0.0
    """,
        r"criteria\[0\]\.scale: levels run from worst to best",
    ),
    (
        "scale.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        scale = { type = "os.system" }
    """,
        r"criteria\[0\]\.scale: scale type 'os.system' is not known; accepted: boolean, levels, months, numbers",
    ),
    ("missing.toml", 'name = "x"\n', "title and criteria required"),
    ("noname.toml", 'title = "X"\n', r"name: required field missing"),
    (
        "orphan.toml",
        'name = "x"\ntitle = "X"\ndrop = ["a"]\n',
        "drop only apply to a file that extends",
    ),
    (
        "stage.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "fit"
        label = "Fit"
        question = "Fit?"
        [[stages]]
        key = "one"
        label = "One"
        requires = ["fitt"]
    """,
        "stage 'one' of framework 'x' requires 'fitt', which is not one of its criteria: fit",
    ),
    ("framework.yaml", "name: x\n", "ends in .toml or .json"),
]


@pytest.mark.parametrize(("filename", "text", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_each_kind_of_error_names_file_path_and_problem(
    filename: str, text: str, message: str, tmp_path: Path
) -> None:
    path = write(tmp_path, filename, text)
    with pytest.raises(FrameworkFileError, match=message) as caught:
        qualify.load_framework(path)
    assert str(caught.value).startswith(str(path))
    assert caught.value.path == str(path)
    assert isinstance(caught.value, qualify.QualifyError)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "many.toml",
        """
        name = "x"
        title = "X"
        [[criteria]]
        key = "a"
        label = "A"
        question = "?"
        wieght = 3
        [[criteria]]
        key = "b"
        label = "B"
        question = "?"
        weight = "heavy"
    """,
    )
    with pytest.raises(FrameworkFileError) as caught:
        qualify.load_framework(path)
    assert len(caught.value.problems) == 2


def test_a_file_cannot_run_code(tmp_path: Path) -> None:
    # Strings that look like code stay strings; nothing is imported or evaluated.
    path = write(
        tmp_path,
        "sneaky.toml",
        """
        name = "sneaky"
        title = "__import__('os').system('touch pwned')"
        [[criteria]]
        key = "fit"
        label = "{{7*7}}"
        question = "${jndi:ldap://example}"
        scale = { type = "levels", levels = [{ name = "eval('1')", satisfaction = 1.0 }] }
    """,
    )
    framework = qualify.load_framework(path)
    assert framework.title.startswith("__import__")
    assert framework.criteria[0].label == "{{7*7}}"
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_folder_problems_are_all_reported(tmp_path: Path) -> None:
    write(tmp_path, "one.toml", 'name = "one"\nextends = "bant"\n')
    write(tmp_path, "two.toml", 'name = "one"\nextends = "bant"\n')
    write(tmp_path, "three.toml", 'name = "three"\n')
    with pytest.raises(FrameworkFileError) as caught:
        qualify.register_path(tmp_path)
    text = str(caught.value)
    assert "name 'one' is also used by" in text and "title and criteria required" in text


def test_register_path_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FrameworkFileError, match="not a folder"):
        qualify.register_path(tmp_path / "nowhere")


def test_frameworks_path_environment_variable(run_with_plugins: RunPython, tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    write(team, "acme.toml", 'name = "acme-bant"\nextends = "bant"\nqualified_at = 85\n')
    broken = tmp_path / "broken"
    broken.mkdir()
    write(broken, "bad.toml", 'name = "bad"\n')
    result = run_with_plugins(
        """
        import qualify
        print(qualify.list_frameworks())
        print(qualify.get_framework("acme-bant").qualified_at)
        """,
        plugins={},
        env={"QUALIFY_FRAMEWORKS_PATH": os.pathsep.join([str(team), str(broken), ""])},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['acme-bant', 'anum', 'bant', 'champ', 'faint', 'gpctba-ci', 'icare', 'meddic', 'meddicc', 'meddpicc', 'meeting-gate', 'neat', 'rant', 'scotsman', 'short-term-lead', 'spiced', 'teleprospecting']",
        "85",
    ]
    assert "PluginLoadWarning" in result.stderr and "broken" in result.stderr


def test_json_files_load_like_toml(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    path.write_text(json.dumps({"name": "acme", "extends": "icare", "qualified_at": 90}))
    assert qualify.load_framework(path).qualified_at == 90


def test_dump_refuses_what_is_not_a_framework(tmp_path: Path) -> None:
    with pytest.raises(qualify.FrameworkError, match="takes a Framework"):
        qualify.dump_framework({"name": "x"}, tmp_path / "x.toml")  # type: ignore[arg-type]


def test_file_errors_survive_pickling(tmp_path: Path) -> None:
    # Batch jobs send errors between processes.
    import pickle

    path = write(tmp_path, "x.toml", 'name = "x"\n')
    with pytest.raises(FrameworkFileError) as caught:
        qualify.load_framework(path)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.path, again.problems, str(again)) == (
        caught.value.path,
        caught.value.problems,
        str(caught.value),
    )


def test_a_complete_file_whose_parent_is_not_registered_stands_alone(tmp_path: Path) -> None:
    base = qualify.get_framework("bant").customize(name="team-bant", qualified_at=65)
    child = base.customize(name="team-bant-2026", version="2026")
    path = tmp_path / "child.toml"
    qualify.dump_framework(child, path)  # extends "team-bant", which is not registered
    loaded = qualify.load_framework(path)
    assert loaded == child and loaded.extends == "team-bant"
    partial = tmp_path / "partial.toml"
    partial.write_text('name = "x"\nextends = "team-bant"\nqualified_at = 80\n', encoding="utf-8")
    with pytest.raises(qualify.FrameworkFileError, match="no framework is registered as 'team-bant'"):
        qualify.load_framework(partial)


def test_a_framework_and_a_mapping_read_back_from_text() -> None:
    acme = qualify.get_framework("bant").customize(name="acme-text", qualified_at=60)
    for form in ("toml", "json"):
        text = qualify.dumps_framework(acme, format=form)
        assert qualify.loads_framework(text, format=form) == acme
    mapping = qualify.get_field_map("dynamics365")
    for form in ("toml", "json"):
        text = qualify.dumps_field_map(mapping, format=form)
        assert qualify.loads_field_map(text, format=form) == mapping
    with pytest.raises(qualify.FrameworkFileError, match="<text>.*qualified_at"):
        qualify.loads_framework('name = "x"\nextends = "bant"\nqualified_at = 1000\n')
    with pytest.raises(qualify.FrameworkFileError, match="format must be 'toml' or 'json'"):
        qualify.loads_framework("", format="yaml")
    with pytest.raises(qualify.FrameworkFileError, match="decode bytes first"):
        qualify.loads_framework(b'name = "x"')  # type: ignore[arg-type]
    with pytest.raises(qualify.FrameworkFileError, match="loads_field_map"):
        qualify.loads_framework('[mapping]\nframework = "bant"\n[[mapping.fields]]\ncolumn = "B"\ncriterion = "budget"\n')


def test_an_agreement_read_back_from_text() -> None:
    agreement = qualify.journey.Agreement(
        name="acme-handoff", framework="bant", qualified_at=60, require=["need"],
        reasons=["no budget", "wrong contact"],
    )  # fmt: skip
    for form in ("toml", "json"):
        text = qualify.dumps_agreement(agreement, format=form)
        assert qualify.loads_agreement(text, format=form) == agreement
    with pytest.raises(qualify.FrameworkFileError, match=r"<text>.*no \[agreement\] table in the text"):
        qualify.loads_agreement('name = "x"\n')
    with pytest.raises(qualify.FrameworkFileError, match="holds only"):
        qualify.loads_agreement(qualify.dumps_agreement(agreement) + '\n[other]\nx = 1\n')


#: Each loader with its writer and something to write: a framework, a mapping, an agreement.
LOADERS = [
    (qualify.load_framework, qualify.dumps_framework, lambda: qualify.get_framework("bant")),
    (qualify.load_field_map, qualify.dumps_field_map, lambda: qualify.get_field_map("dynamics365")),
    (
        qualify.load_agreement,
        qualify.dumps_agreement,
        lambda: qualify.journey.Agreement(name="a", framework="bant", reasons=["no budget"]),
    ),
]


@pytest.mark.parametrize(("load", "dumps", "item"), LOADERS)
def test_a_loader_given_text_for_a_path_names_the_function_that_reads_text(
    load: Any, dumps: Any, item: Any
) -> None:
    """The text of a file passed to load_* is refused, naming its loads_* twin."""
    wanted = load.__name__.replace("load_", "loads_", 1)
    for form in ("toml", "json"):
        with pytest.raises(qualify.FrameworkFileError, match=rf"this is the text of one; read text with {wanted}\(text\)"):
            load(dumps(item(), format=form))
    with pytest.raises(qualify.FrameworkFileError, match="takes a path"):
        load(42)


@pytest.mark.parametrize(("load", "dumps", "item"), LOADERS)
def test_a_loader_reads_a_binary_file_as_it_reads_its_path(
    load: Any, dumps: Any, item: Any, tmp_path: Path
) -> None:
    """A file opened "rb" (or bytes in memory) reads as its path does; its format comes from
    format= or its name, never from a look at its content."""
    import io

    for form in ("toml", "json"):
        path = tmp_path / f"item.{form}"
        path.write_text(dumps(item(), format=form), encoding="utf-8")
        from_path = load(path)
        with path.open("rb") as handle:
            assert load(handle) == from_path
        assert load(io.BytesIO(path.read_bytes()), format=form) == from_path
        with pytest.raises(FrameworkFileError, match="cannot tell the format .* give format="):
            load(io.BytesIO(path.read_bytes()))
        with path.open(encoding="utf-8") as handle, pytest.raises(
            FrameworkFileError, match=r"binary mode: open\(path, 'rb'\)"
        ):
            load(handle)
        with pytest.raises(FrameworkFileError, match="format= with a file object only"):
            load(path, format=form)
    with pytest.raises(FrameworkFileError, match="<file>: not UTF-8"):
        load(io.BytesIO(b"\xff\xfe"), format="toml")
    with pytest.raises(FrameworkFileError, match="format must be 'toml' or 'json'"):
        load(io.BytesIO(b""), format="yaml")

"""Concepts: the crosswalk between frameworks as data, defined once, extended by plugins."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pytest

import qualify
from qualify import Concept
from qualify.cli import main
from qualify.testing import registered_plugin


def test_every_concept_a_built_in_criterion_names_is_defined() -> None:
    named = {
        c.concept
        for name in qualify.list_frameworks()
        for c in qualify.get_framework(name).criteria
        if c.concept
    }
    assert named <= set(qualify.list_concepts())
    budget = qualify.get_concept("budget")
    assert budget.label == "Budget" and budget.description


def test_an_answer_carries_as_it_is_or_through_its_equivalents() -> None:
    timing = qualify.get_concept("timing")
    urgency = qualify.get_framework("anum").criterion("urgency").scale
    critical = qualify.get_framework("spiced").criterion("critical_event").scale
    flag = qualify.get_framework("short-term-lead").criterion("urgency").scale
    assert timing.carry("top", urgency) == "top"
    assert timing.carry("top", critical) == "dated"
    assert timing.carry("Dated", urgency) == "top"  # read as a label is read: any case
    assert timing.carry("top", flag) == "yes"
    assert timing.carry("planned", flag) is None  # no equivalent a yes/no can hold
    assert timing.carry(4, urgency) is None


def test_evaluate_all_reads_champ_s_priority_as_spiced_s_critical_event() -> None:
    result = qualify.compare({"prioritization": "top"}, ["champ", "spiced", "icare"])
    assert result.evaluation("spiced").result("critical_event").value == "dated"
    assert result.evaluation("icare").result("imperative").value == "compelling"
    assert result.not_carried == ()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Budget", "label": "Budget"}, "concept name"),
        ({"name": "budget", "label": " "}, "label of concept"),
        ({"name": "t", "label": "T", "equivalents": [["a", "b"], ["b"]]}, "in two groups"),
        ({"name": "t", "label": "T", "equivalents": "top"}, "list of lists"),
        ({"name": "t", "label": "T", "equivalents": [[]]}, "empty group"),
    ],
)
def test_bad_concepts_say_what_is_wrong(fields: dict[str, object], message: str) -> None:
    with pytest.raises(qualify.FrameworkError, match=message):
        Concept(**fields)  # type: ignore[arg-type]


class _Plugin:
    @qualify.hookimpl
    def qualify_concepts(self) -> Iterable[Concept]:
        return [Concept(name="security_review", label="Security review")]


class _Clash:
    @qualify.hookimpl
    def qualify_concepts(self) -> Iterable[Concept]:
        return [Concept(name="budget", label="Money")]


def test_a_plugin_adds_concepts_and_may_not_take_one_already_defined() -> None:
    with registered_plugin(_Plugin(), name="security"):
        assert "security_review" in qualify.list_concepts()
    assert "security_review" not in qualify.list_concepts()
    with pytest.raises(qualify.FrameworkError, match="concept name 'budget' is claimed by both"):
        qualify.register_plugin(_Clash(), name="clash")
    with pytest.raises(qualify.UnknownFrameworkError, match="Did you mean 'budget'"):
        qualify.get_concept("budgte")


def test_show_prints_a_concept_and_who_measures_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "timing"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Concept Timing (timing)\n")
    assert "same answer: top = dated = compelling = yes" in out
    assert "  spiced: critical_event (none 0 < possible 0.4 < dated 1)" in out


def test_a_concept_round_trips() -> None:
    timing = qualify.get_concept("timing")
    assert qualify.from_dict(qualify.to_dict(timing), Concept) == timing


def test_a_company_file_maps_its_criteria_to_concepts_its_own_way(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "acme.toml"
    path.write_text(
        'name = "acme"\nextends = "bant"\n'
        '[change.timeframe]\nconcept = "interest"\n'
        '[[add]]\nkey = "security_review"\nlabel = "Security review"\n'
        'question = "Has their security team approved us?"\nconcept = "paper_process"\n',
        encoding="utf-8",
    )
    acme = qualify.load_framework(path)
    assert acme.criterion("timeframe").concept == "interest"
    assert acme.criterion("security_review").concept == "paper_process"
    assert 'concept = "paper_process"' in qualify.dumps_framework(acme)
    result = qualify.compare({"paper_process": True}, [acme, "meddpicc"])
    assert result.evaluation("acme").result("security_review").satisfaction == 1.0
    # MEDDPICC's own key is the concept's name: every scale reads true as fully met
    assert result.evaluation("meddpicc").result("paper_process").satisfaction == 1.0
    assert result.not_carried == ()


def test_a_folder_of_files_redefines_a_concept_and_adds_its_own(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "acme"
    folder.mkdir()
    (folder / "concepts.toml").write_text(
        '[[concepts]]\nname = "timing"\nlabel = "Timing, ACME\'s way"\n'
        'equivalents = [["top", "dated", "this quarter"], ["planned", "possible"]]\n'
        '[[concepts]]\nname = "security_review"\nlabel = "Security review"\n',
        encoding="utf-8",
    )
    (folder / "acme.toml").write_text(
        'name = "acme"\nextends = "bant"\n[change.timeframe]\n'
        'scale = { type = "levels", levels = [{ name = "later", satisfaction = 0.3 },'
        ' { name = "this quarter", satisfaction = 1.0 }] }\n',
        encoding="utf-8",
    )
    before = qualify.get_concept("timing")
    plugin = qualify.register_path(folder)
    try:
        assert qualify.get_concept("timing").label == "Timing, ACME's way"
        assert "security_review" in qualify.list_concepts()
        result = qualify.compare({"prioritization": "top"}, ["champ", "acme"])
        assert result.evaluation("acme").result("timeframe").value == "this quarter"
    finally:
        qualify.unregister_plugin(plugin)
    assert qualify.get_concept("timing") == before  # the built-in definition is back
    assert "security_review" not in qualify.list_concepts()


def test_a_bad_concept_in_a_file_names_the_file(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "bad"
    folder.mkdir()
    (folder / "concepts.toml").write_text('[[concepts]]\nname = "Timing"\nlabel = "T"\n')
    with pytest.raises(qualify.FrameworkFileError, match="concepts.toml"):
        qualify.register_path(folder)


def test_the_environment_s_folders_redefine_concepts_too(tmp_path: object) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "timing.toml").write_text(
        '[[concepts]]\nname = "timing"\nlabel = "Timing, our way"\n', encoding="utf-8"
    )
    env = {**os.environ, "QUALIFY_FRAMEWORKS_PATH": str(folder)}
    shown = subprocess.run(
        [sys.executable, "-m", "qualify", "show", "timing"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Concept Timing, our way (timing)")


def test_a_file_naming_a_concept_nothing_registers_is_warned_of(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(
        'name = "typo"\nextends = "bant"\n[change.budget]\nconcept = "budgett"\n', encoding="utf-8"
    )
    with pytest.warns(qualify.UnknownConceptWarning, match="names the concept 'budgett'"):
        framework = qualify.load_framework(path)
    assert framework.criterion("budget").concept == "budgett"  # loaded all the same
    fine = tmp_path / "fine.toml"
    fine.write_text('name = "fine"\nextends = "bant"\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qualify.load_framework(fine)  # bant's own concepts are registered: no warning


def test_a_concept_redefined_at_run_time_changes_what_compare_carries_at_once(
    tmp_path: object,
) -> None:
    """compare remembers how it routed each lead's answers; registering a plugin that
    redefines a concept must change the next comparison, and unregistering it restore it."""
    from pathlib import Path

    lead = {"prioritization": "top"}
    before = qualify.compare(lead, ["champ", "spiced"])
    assert before.evaluation("spiced").result("critical_event").value == "dated"
    folder = Path(str(tmp_path)) / "acme-timing"
    folder.mkdir()
    (folder / "concepts.toml").write_text(
        '[[concepts]]\nname = "timing"\nlabel = "Timing, seen slower"\n'
        'equivalents = [["top", "possible"], ["low", "none"]]\n',
        encoding="utf-8",
    )
    plugin = qualify.register_path(folder)
    try:
        during = qualify.compare(lead, ["champ", "spiced"])
        assert during.evaluation("spiced").result("critical_event").value == "possible"
    finally:
        qualify.unregister_plugin(plugin)
    after = qualify.compare(lead, ["champ", "spiced"])
    assert after == before


"""Plugins: built-ins, runtime registration, installed entry points, broken plugins."""

from __future__ import annotations

import types
from collections.abc import Iterable

import pytest

import qualify
from qualify.testing import registered_plugin

from .conftest import RunPython, make_framework


class AcmePlugin:
    """A company plugin providing its own framework."""

    @qualify.hookimpl
    def qualify_frameworks(self) -> Iterable[qualify.Framework]:
        return [make_framework("acme-bant", title="ACME BANT")]


def test_builtins_are_registered_through_the_hook() -> None:
    assert qualify.list_frameworks() == [
        "anum",
        "bant",
        "champ",
        "faint",
        "gpctba-ci",
        "icare",
        "meddic",
        "meddicc",
        "meddpicc",
        "meeting-gate",
        "neat",
        "rant",
        "scotsman",
        "short-term-lead",
        "spiced",
        "teleprospecting",
    ]
    assert qualify.framework_origin("bant") == "qualify.frameworks.bant"
    assert qualify.get_framework("icare").title == "I CARE"


def test_plugins_load_lazily_not_at_import(run_with_plugins: RunPython) -> None:
    result = run_with_plugins(
        """
        import sys, qualify
        assert "qualify.frameworks.bant" not in sys.modules, "loaded at import"
        qualify.list_frameworks()
        assert "qualify.frameworks.bant" in sys.modules
        print("ok")
        """,
        plugins={},
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_register_and_unregister_at_run_time() -> None:
    plugin = AcmePlugin()
    name = qualify.register_plugin(plugin, name="acme")
    try:
        assert name == "acme"
        assert "acme-bant" in qualify.list_frameworks()
        assert qualify.framework_origin("acme-bant") == "acme"
        assert qualify.evaluate({"fit": True}, "acme-bant").framework == "acme-bant"
    finally:
        assert qualify.unregister_plugin("acme") == "acme"
    assert "acme-bant" not in qualify.list_frameworks()
    with pytest.raises(qualify.UnknownFrameworkError):
        qualify.get_framework("acme-bant")


def test_a_module_can_be_a_plugin() -> None:
    module = types.ModuleType("acme_module_plugin")

    @qualify.hookimpl
    def qualify_frameworks() -> list[qualify.Framework]:
        return [make_framework("acme-module")]

    module.qualify_frameworks = qualify_frameworks  # type: ignore[attr-defined]
    with registered_plugin(module) as name:
        assert name == "acme_module_plugin"
        assert "acme-module" in qualify.list_frameworks()
    assert "acme-module" not in qualify.list_frameworks()


def test_testing_helper_unregisters_even_on_failure() -> None:
    with pytest.raises(RuntimeError), registered_plugin(AcmePlugin()):
        assert "acme-bant" in qualify.list_frameworks()
        raise RuntimeError("test failed")
    assert "acme-bant" not in qualify.list_frameworks()


def test_two_plugins_claiming_one_name() -> None:
    class Impostor:
        @qualify.hookimpl
        def qualify_frameworks(self) -> list[qualify.Framework]:
            return [make_framework("bant")]

    with pytest.raises(qualify.FrameworkError) as caught:
        qualify.register_plugin(Impostor(), name="impostor")
    message = str(caught.value)
    assert "'bant'" in message and "'qualify.frameworks.bant'" in message
    assert "'impostor'" in message
    # nothing was registered, and the original is intact
    assert qualify.framework_origin("bant") == "qualify.frameworks.bant"
    with pytest.raises(qualify.PluginError, match="not registered"):
        qualify.unregister_plugin("impostor")


def test_one_plugin_claiming_a_name_twice() -> None:
    class Twice:
        @qualify.hookimpl
        def qualify_frameworks(self) -> list[qualify.Framework]:
            return [make_framework("twice"), make_framework("twice")]

    with pytest.raises(qualify.FrameworkError, match="'twice'"):
        qualify.register_plugin(Twice())
    assert "twice" not in qualify.list_frameworks()


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        ("bant", "iterable of qualify.Framework, got str"),
        (42, "iterable of qualify.Framework, got int"),
        ([{"name": "x"}], "got a dict"),
        (make_framework("single"), "single item"),
    ],
)
def test_a_plugin_returning_garbage_is_refused(returned: object, message: str) -> None:
    class Garbage:
        @qualify.hookimpl
        def qualify_frameworks(self) -> object:
            return returned

    with pytest.raises(qualify.PluginError, match=message):
        qualify.register_plugin(Garbage(), name="garbage")
    assert "garbage" not in qualify.list_frameworks()


def test_a_plugin_that_raises_is_refused() -> None:
    class Raises:
        @qualify.hookimpl
        def qualify_frameworks(self) -> list[qualify.Framework]:
            raise RuntimeError("database down")

    with pytest.raises(qualify.PluginError, match="'raises'.*RuntimeError: database down"):
        qualify.register_plugin(Raises(), name="raises")


def test_a_misspelt_hook_is_refused() -> None:
    class Typo:
        @qualify.hookimpl
        def qualify_framework(self) -> list[qualify.Framework]:
            return []

    with pytest.raises(qualify.PluginError, match="'typo' cannot be registered"):
        qualify.register_plugin(Typo(), name="typo")


def test_the_same_plugin_twice() -> None:
    plugin = AcmePlugin()
    with registered_plugin(plugin, name="acme"):
        with pytest.raises(qualify.PluginError, match="cannot be registered"):
            qualify.register_plugin(plugin, name="acme-again")
    assert "acme-bant" not in qualify.list_frameworks()


GOOD_PLUGIN = """
import qualify

@qualify.hookimpl
def qualify_frameworks():
    return [qualify.Framework(
        name="meddic-lite",
        title="MEDDIC lite",
        criteria=[qualify.Criterion(key="champion", label="Champion", question="Who sells for us inside?")],
    )]
"""


def test_an_installed_plugin_is_found_through_its_entry_point(run_with_plugins: RunPython) -> None:
    result = run_with_plugins(
        """
        import qualify
        print(qualify.list_frameworks())
        print(qualify.framework_origin("meddic-lite"))
        print(qualify.evaluate({"champion": "yes"}, "meddic-lite").verdict)
        """,
        plugins={"meddic": GOOD_PLUGIN},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == [
        "['anum', 'bant', 'champ', 'faint', 'gpctba-ci', 'icare', 'meddic', 'meddic-lite', 'meddicc', 'meddpicc', 'meeting-gate', 'neat', 'rant', 'scotsman', 'short-term-lead', 'spiced', 'teleprospecting']",
        "meddic",
        "qualified",
    ]


def test_the_cli_lists_installed_plugins(run_with_plugins: RunPython) -> None:
    result = run_with_plugins(
        "from qualify.cli import main; raise SystemExit(main(['frameworks']))",
        plugins={"meddic": GOOD_PLUGIN},
    )
    assert result.returncode == 0, result.stderr
    assert any(
        line.split()[:1] == ["meddic-lite"] and line.split()[-1] == "meddic"  # its plugin
        for line in result.stdout.splitlines()
    )


BROKEN_PLUGINS = {
    "fails-import": "raise ImportError('missing dependency acme_sdk')\n",
    "raises": """
        import qualify
        @qualify.hookimpl
        def qualify_frameworks():
            raise RuntimeError("cannot reach the CRM")
    """,
    "garbage": """
        import qualify
        @qualify.hookimpl
        def qualify_frameworks():
            return ["not a framework"]
    """,
    "invalid": """
        import qualify
        @qualify.hookimpl
        def qualify_frameworks():
            return [qualify.Framework(name="broken", title="Broken", criteria=[])]
    """,
    "duplicate": """
        import qualify
        @qualify.hookimpl
        def qualify_frameworks():
            return [qualify.get_framework.__module__ and qualify.Framework(
                name="bant", title="Fake BANT",
                criteria=[qualify.Criterion(key="x", label="X", question="X?")])]
    """,
}


def test_broken_plugins_are_isolated_and_named(run_with_plugins: RunPython) -> None:
    result = run_with_plugins(
        """
        import qualify
        print(qualify.list_frameworks())
        print(qualify.get_framework("bant").title, qualify.framework_origin("bant"))
        print(qualify.evaluate({"need": "validated"}, "bant").verdict)
        """,
        plugins={**BROKEN_PLUGINS, "meddic": GOOD_PLUGIN},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['anum', 'bant', 'champ', 'faint', 'gpctba-ci', 'icare', 'meddic', 'meddic-lite', 'meddicc', 'meddpicc', 'meeting-gate', 'neat', 'rant', 'scotsman', 'short-term-lead', 'spiced', 'teleprospecting']",
        "BANT qualify.frameworks.bant",
        "nurture",
    ]
    warnings = [line for line in result.stderr.splitlines() if "PluginLoadWarning" in line]
    assert len(warnings) == 5, result.stderr
    stderr = result.stderr
    assert "'fails-import'" in stderr and "missing dependency acme_sdk" in stderr
    assert "'raises'" in stderr and "cannot reach the CRM" in stderr
    assert "'garbage'" in stderr and "got a str" in stderr
    assert "'invalid'" in stderr and "at least one criterion" in stderr
    assert "'duplicate'" in stderr and "'qualify.frameworks.bant'" in stderr


def test_disable_plugins_by_entry_point_name(run_with_plugins: RunPython) -> None:
    script = "import qualify; print(qualify.list_frameworks())"
    plugins = {"raises": BROKEN_PLUGINS["raises"], "meddic": GOOD_PLUGIN}
    blocked = run_with_plugins(script, plugins, env={"QUALIFY_DISABLE_PLUGINS": " raises , x"})
    assert "PluginLoadWarning" not in blocked.stderr
    assert "meddic-lite" in blocked.stdout
    everything = run_with_plugins(script, plugins, env={"QUALIFY_DISABLE_PLUGINS": "*"})
    assert (
        everything.stdout.strip()
        == "['anum', 'bant', 'champ', 'faint', 'gpctba-ci', 'icare', 'meddic', 'meddicc', 'meddpicc', 'meeting-gate', 'neat', 'rant', 'scotsman', 'short-term-lead', 'spiced', 'teleprospecting']"
    )
    assert everything.stderr == ""


def test_a_name_taken_by_a_plugin_is_said_in_one_sentence() -> None:
    import types

    first = types.SimpleNamespace(
        qualify_frameworks=lambda: [qualify.get_framework("bant").customize(name="clash-one")]
    )
    second = types.SimpleNamespace(
        qualify_frameworks=lambda: [qualify.get_framework("bant").customize(name="clash-two")]
    )
    qualify.register_plugin(first, name="clash")
    try:
        with pytest.raises(qualify.PluginError) as raised:
            qualify.register_plugin(second, name="clash")
        assert str(raised.value) == (
            "plugin 'clash' cannot be registered: a plugin of that name is registered already;"
            " give this one another name, or unregister that one first"
        )
        assert "clash-two" not in qualify.list_frameworks()
    finally:
        qualify.unregister_plugin("clash")

"""``qualify completion bash|zsh``: a shell completion script, written from the parser.

The script completes commands, each command's options, the values an option
accepts (formats, orders, colours), the registered frameworks and mappings
after ``-f``/``-m``, and file names elsewhere. It is written from the argparse
parser itself, so it cannot drift from the options the command takes; the
framework names are those registered when it was written.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterable

from .._plugins.registry import list_field_maps, list_frameworks

__all__ = ["SHELLS", "completion_script"]

#: The shells a script is written for: zsh runs bash's through ``bashcompinit``.
SHELLS = ("bash", "zsh")

# options whose value names a framework or a mapping
_FRAMEWORKS = frozenset({"-f", "--framework"})
_MAPPINGS = frozenset({"-m", "--mapping"})


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public walk of its parsers
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _words(items: Iterable[object]) -> str:
    return " ".join(shlex.quote(str(item)) for item in items)


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of *parser*'s command for *shell* (``bash`` or ``zsh``)."""
    commands = _commands(parser)
    frameworks = _words(list_frameworks())
    mappings = _words(list_field_maps())
    values: list[str] = []  # "command option") the words it takes
    options: list[str] = []  # command) its options
    for name, sub in commands.items():
        flags: list[str] = []
        for action in sub._actions:
            flags += action.option_strings
            for flag in action.option_strings:
                if action.choices:
                    words = _words(action.choices)
                elif flag in _FRAMEWORKS:
                    words = frameworks
                elif flag in _MAPPINGS:
                    words = mappings
                else:
                    continue
                values.append(
                    f'    "{name} {flag}") COMPREPLY=($(compgen -W "{words}" -- "$cur")); return;;'
                )
        for action in sub._actions:  # a positional with choices (schema NAME)
            if not action.option_strings and action.choices:
                values.append(
                    f'    "{name} {name}") COMPREPLY=($(compgen -W "{_words(action.choices)}"'
                    ' -- "$cur")); return;;'
                )
        options.append(f'    {name}) opts="{_words(flags)}";;')
    script = f"""# qualify {shell} completion: eval "$(qualify completion {shell})"
_qualify() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local cmd="${{COMP_WORDS[1]}}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{_words(commands)} --help --version" -- "$cur")); return
  fi
  case "$cmd $prev" in
{chr(10).join(values)}
  esac
  case "$cmd" in
{chr(10).join(options)}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); return; fi
  COMPREPLY=($(compgen -f -- "$cur"))
}}
complete -o default -F _qualify qualify
"""
    if shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script

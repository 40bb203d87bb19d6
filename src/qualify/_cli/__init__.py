"""The ``qualify`` command: argument parsing, readers, writers and subcommands.

Private: the public entry point is :func:`qualify.cli.main`. Nothing else in
the package imports this layer.
"""

"""Plugins and the registry: pluggy behind a typed front, frameworks by name.

Private: import the public names from :mod:`qualify`. This layer imports the
core and the public hook specifications, nothing above them.
"""

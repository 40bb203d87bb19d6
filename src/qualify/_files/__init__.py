"""Framework and mapping files (TOML and JSON), folders of them, the TOML writer.

Private: import the public names from :mod:`qualify`. This layer imports the
core and the registry, which resolves the frameworks a file extends.
"""

"""The built-in frameworks, each a plugin of the same shape a third party writes.

Every module here defines one framework and returns it from the
``qualify_frameworks`` hook; :mod:`qualify` registers the modules through the
same call it uses for installed plugins.
"""

"""Views for people: notebook HTML, charts, plain-language descriptions.

Private: import the public names from :mod:`qualify` and :mod:`qualify.plot`.
"""

"""The typed core: model, scales, engine, field mappings, converter, shared checks.

Private: import the public names from :mod:`qualify`. This layer imports
nothing of the package but :mod:`qualify.errors`; everything else imports it.
"""

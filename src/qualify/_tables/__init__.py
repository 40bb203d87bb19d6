"""Tables: ``evaluate_frame`` over dataframes (arrays and lazy expressions), summaries.

Private: import the public names from :mod:`qualify`. Table libraries are
optional extras, imported only when a table is given.
"""

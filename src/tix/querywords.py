"""Marks shared by the command line and the query parser, kept light to import.

The command line marks a negated field word (``-status:done``) with ``NEGATION`` instead of
"-", which the option parser would take for an option; the query parser reads both as "not".
"""

NEGATION = "\u2212"

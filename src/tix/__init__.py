"""tix: a ticket tracker for the Markdown ticket folders teams already keep in git.

The package is a library first: ``tix.document`` holds files losslessly, ``tix.dialects`` reads
each ticket style into ``tix.model.Ticket`` objects with the spans of their fields,
``tix.workspace`` finds, configures and loads a ticket folder, and ``tix.cli`` is one thin
front end on top. Importing ``tix`` itself stays cheap: nothing heavy is imported here.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

"""Click's exception types, wherever this version of Typer keeps them.

Typer used to depend on Click; recent releases vendor it as ``typer._click``. tix only needs
the exception classes, to turn usage errors into ``tix: error:`` lines and exit status 2.
"""

from __future__ import annotations

try:
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # Typer releases that depend on Click itself
    from click.exceptions import ClickException, UsageError  # type: ignore[no-redef,import-not-found,unused-ignore]

__all__ = ["ClickException", "UsageError"]

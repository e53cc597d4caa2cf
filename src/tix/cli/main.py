"""The ``tix`` console script: answer ``--version`` at once, import the rest only when needed.

``tix --version`` is typed in scripts and checks; it prints without loading the command line
framework. Everything else goes to ``tix.cli.app``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run ``tix`` and return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:
        from tix import __version__

        sys.stdout.write(f"tix {__version__}\n")
        return 0
    import gc

    # One command lives for a fraction of a second and makes no garbage cycles worth
    # collecting; the cyclic collector would only walk the loaded workspace again and again
    # (a sixth of a warm run at 10,000 tickets). Reference counting still frees everything.
    gc.disable()
    from tix.cli.app import run

    return run(arguments)

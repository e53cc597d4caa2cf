"""Entry point for ``python -m tix``."""

from tix.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())

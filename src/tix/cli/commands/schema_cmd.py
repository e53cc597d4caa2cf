"""``tix schema``: the JSON Schema of a ticket's front-matter in this workspace."""

from __future__ import annotations

import typer

from tix.cli.output import print_json
from tix.cli.session import open_workspace


def print_schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a native ticket's front-matter, with this workspace's statuses
    and priorities, for editors with a YAML language server and for check-jsonschema."""
    from tix.schema import front_matter_schema

    print_json(front_matter_schema(open_workspace(ctx).config))

"""`ballotcalc schema`: the JSON Schema of the ballot file, for editors (yaml-language-server)."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema of the ballot file, generated from the models.

    Point your editor at it for validation and completion, e.g. with the first line of a ballot file:
    `# yaml-language-server: $schema=ballot.schema.json` after `ballotcalc schema > ballot.schema.json`.
    """
    import json

    from ballotcalc.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False))

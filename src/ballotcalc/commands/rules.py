"""`ballotcalc rules`: the legal regimes ballotcalc applies, with their sources."""

from __future__ import annotations

import click

from ballotcalc.commands.common import complete_regime


@click.command()
@click.argument("regime_id", required=False, metavar="[ID]", shell_complete=complete_regime)
def rules(regime_id: str | None) -> None:
    """List the legal regimes ballotcalc applies, or show one in full with its sources."""
    from ballotcalc.render.rules import render_regime, render_regimes
    from ballotcalc.rules import rulebook

    book = rulebook()
    if regime_id is None:
        click.echo(render_regimes(book), nl=False)
    else:
        click.echo(render_regime(book, book.get(regime_id)), nl=False)

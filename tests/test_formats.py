"""Renderers as strategies (issue 17, item 7): one enum per command's `--format`, the click choices
built from it, and every member mapped to a renderer. Walks every member of every enum, so a format
added to an enum without a renderer (or a template) fails here, and so does a command whose choices
drift from its enum."""

from __future__ import annotations

import datetime as dt
import enum
from importlib import resources

import click
import pytest
from tests.conftest import BALLOTS

from ballotcalc.cli import cli
from ballotcalc.judging import judge, load_ballot
from ballotcalc.planning import plan
from ballotcalc.render import RenderOptions
from ballotcalc.render.documents import DocumentKind
from ballotcalc.render.formats import (
    FORMAT_ENUMS,
    DocumentFormat,
    ResultFormat,
    TargetFormat,
    TimelineFormat,
)
from ballotcalc.render.templating import finalizer, template_name
from ballotcalc.timeline import timeline

BALLOT = BALLOTS / "rmt-lu-pay-2025.yaml"


def _format_choices(name: str) -> list[str]:
    ctx = click.Context(cli)
    command = cli.get_command(ctx, name)
    assert command is not None, name
    (option,) = [p for p in command.params if isinstance(p, click.Option) and "--format" in p.opts]
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_every_command_with_a_format_is_in_the_table() -> None:
    ctx = click.Context(cli)
    with_format = {
        name
        for name in cli.list_commands(ctx)
        if any(
            isinstance(p, click.Option) and "--format" in p.opts
            for p in (cli.get_command(ctx, name) or click.Command(name)).params
        )
    }
    assert with_format == set(FORMAT_ENUMS)


@pytest.mark.parametrize("command", sorted(FORMAT_ENUMS))
def test_the_choices_are_the_enum(command: str) -> None:
    formats: type[enum.StrEnum] = FORMAT_ENUMS[command]
    assert _format_choices(command) == [member.value for member in formats]


@pytest.mark.parametrize("fmt", list(ResultFormat))
def test_every_result_format_renders(fmt: ResultFormat) -> None:
    outcome = judge(load_ballot(BALLOT))
    text = fmt.renderer()([outcome], RenderOptions())
    assert isinstance(text, str) and "10424" in text.replace(",", "")


@pytest.mark.parametrize("fmt", list(TimelineFormat))
def test_every_timeline_format_renders(fmt: TimelineFormat) -> None:
    revised = dt.datetime(2025, 8, 1, tzinfo=dt.UTC)  # when the ballot file was last changed
    data = fmt.renderer()(timeline(load_ballot(BALLOT)), RenderOptions(revised=revised))
    # the date of the ballot, 29 July 2025 (iCalendar writes dates without dashes)
    assert isinstance(data, bytes) and (b"2025-07-29" in data or b"20250729" in data)


@pytest.mark.parametrize("fmt", list(TargetFormat))
def test_every_target_format_renders(fmt: TargetFormat) -> None:
    # hmrc-2011.yaml ships its returns as counted while the ballot was open
    text = fmt.renderer()(plan(load_ballot(BALLOTS / "hmrc-2011.yaml")), RenderOptions())
    assert isinstance(text, str) and "hmrc" in text.lower()


@pytest.mark.parametrize("fmt", list(DocumentFormat))
def test_every_document_format_has_escaping_and_templates(fmt: DocumentFormat) -> None:
    assert callable(finalizer(fmt))
    shipped = resources.files("ballotcalc.render").joinpath("templates")
    for kind in DocumentKind:
        assert shipped.joinpath(template_name(kind, fmt)).is_file(), (kind, fmt)

"""`ballotcalc new`: the skeleton loads, validates and passes the schema, whatever was typed.

The expected values are the user's own input: a title typed as `yes` must come back as the text
`yes`, not as a boolean, a list or a comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ballotcalc.commands import new as new_module
from ballotcalc.judging import load_ballot
from ballotcalc.loading import load_yaml_file
from ballotcalc.model import json_schema
from conftest import Run

VALIDATOR = Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)

HOSTILE = [
    "yes",
    "no",
    "0123",
    "1:20",
    "#",
    "a: b # c",
    "[x]",
    "{a: 1}",
    "'quote\"",
    "- item",
    "&anchor *alias !tag",
    "%YAML 1.2",
    "@everyone",
    "null",
    "~",
    "true",
    "back\\slash \\n not a newline",
    "Ysbyty Gwynedd \u2013 caf\u00e9 \u2603",
    "line one\nline two",
    "tab\there",
    "sep\u2028arated\u2029and\u0085next",
    "bom\ufeffinside",
    "bell\x07 del\x7f c1\x9b",
    "emoji \U0001f4e2",
    '"',
    "---",
    "...",
]


def assert_valid_ballot(run: Run, path: Path) -> None:
    """What `validate` says (nothing) and what the editor's schema says (nothing)."""
    checked = run("validate", str(path))
    assert (checked.stdout, checked.stderr) == ("", "")
    data = load_yaml_file(path).data
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=ballot.schema.json"


@pytest.mark.parametrize("title", HOSTILE, ids=repr)
def test_hostile_text_from_flags_stays_text(run: Run, tmp_path: Path, title: str) -> None:
    path = tmp_path / "ballot.yaml"
    run("new", "--no-input", "--title", title, "--union", title, "--employer", title, str(path))
    assert_valid_ballot(run, path)
    ballot = load_ballot(path).ballot
    assert ballot.title == title.strip()
    assert ballot.union == title.strip()
    assert ballot.employer == title.strip()


@pytest.mark.parametrize("title", [t for t in HOSTILE if "\n" not in t], ids=repr)
def test_hostile_text_from_prompts_stays_text(run: Run, tmp_path: Path, title: str) -> None:
    path = tmp_path / "ballot.yaml"
    answers = [title, title, "", "2023-01-09", "2023-02-06", "1200", "education"]
    run("new", "--input", str(path), input="\n".join(answers) + "\n")
    assert_valid_ballot(run, path)
    ballot = load_ballot(path).ballot
    assert (ballot.title, ballot.union, ballot.employer) == (title.strip(), title.strip(), None)


def test_flags_fill_every_main_field(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nhs.yaml"
    run(
        "new", str(path), "--no-input", "--title", "Pay 2023", "--union", "RCN",
        "--employer", "NHS England", "--opened", "2023-05-23", "--closed", "2023-06-23",
        "--eligible", "280000", "--important-public-service", "health",
        "--jurisdiction", "gb", "--kind", "consultative",
    )  # fmt: skip
    assert_valid_ballot(run, path)
    b = load_ballot(path).ballot
    assert (b.title, b.union, b.employer) == ("Pay 2023", "RCN", "NHS England")
    assert (str(b.opened), str(b.closed), b.eligible) == ("2023-05-23", "2023-06-23", 280000)
    assert (b.important_public_service, b.jurisdiction, b.kind) == ("health", "gb", "consultative")
    assert [(q.id, q.type) for q in b.questions] == [("strike", "strike"), ("asos", "asos")]


def test_skeleton_is_a_live_ballot_never_judged(run: Run, tmp_path: Path) -> None:
    """No figures: `check` refuses it and `result` shows it open, instead of judging placeholder
    zeros."""
    path = tmp_path / "b.yaml"
    run(
        "new", "--no-input", "--title", "T", "--opened", "2024-01-08", "--eligible", "50", str(path)
    )
    loaded = load_ballot(path)
    assert loaded.live and loaded.ballot.results is None and loaded.ballot.votes_cast is None
    assert "no results yet" in run("check", str(path), expect=2).stderr
    shown = run("result", str(path)).stdout
    assert "open: no results yet" in shown and "mandate" not in shown
    text = path.read_text(encoding="utf-8")
    assert "# results:" in text and "#   strike: {yes: 0, no: 0, spoiled: 0}" in text


def test_no_input_without_fields_is_still_valid(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    done = run("new", "--no-input", str(path))
    assert done.stdout == "" and done.stderr == ""
    assert_valid_ballot(run, path)
    text = path.read_text(encoding="utf-8")
    for commented in ("# union:", "# opened: YYYY-MM-DD", "# eligible: 0", "# votes_cast: 0"):
        assert commented in text


def test_dash_and_no_path_mean_stdout(run: Run, tmp_path: Path) -> None:
    dash = run("new", "--no-input", "--title", "yes", "-").stdout
    bare = run("new", "--no-input", "--title", "yes").stdout
    assert dash == bare and 'title: "yes"' in dash
    assert dash.startswith("# yaml-language-server: $schema=ballot.schema.json\n")
    assert list(tmp_path.iterdir()) == []


def test_prompts_go_to_stderr_so_stdout_is_the_file(run: Run, tmp_path: Path) -> None:
    done = run("new", "--input", "-", input="Pay\n\n\n\n\n\n\n")
    assert "Title" in done.stderr and "Title" not in done.stdout
    path = tmp_path / "b.yaml"
    path.write_text(done.stdout, encoding="utf-8")
    assert_valid_ballot(run, path)


def test_prompts_on_a_terminal_by_default(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_module, "stdin_is_terminal", lambda: True)
    path = tmp_path / "b.yaml"
    # blank title is asked again; a bad date and a bad count too
    answers = ["", "Pay", "PCS", "DWP", "1 March", "2019-03-18", "2019-04-29", "1,234", "1234",
               "hospital", "none"]  # fmt: skip
    done = run("new", str(path), input="\n".join(answers) + "\n")
    assert "cannot be empty" in done.stderr
    assert "is not a date" in done.stderr and "is not a whole number" in done.stderr
    b = load_ballot(path).ballot
    assert (b.title, b.union, b.employer, b.eligible) == ("Pay", "PCS", "DWP", 1234)
    assert (str(b.opened), str(b.closed), b.important_public_service) == (
        "2019-03-18",
        "2019-04-29",
        None,
    )
    assert_valid_ballot(run, path)


def test_flags_given_are_not_asked(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_module, "stdin_is_terminal", lambda: True)
    path = tmp_path / "b.yaml"
    done = run(
        "new", str(path), "--title", "T", "--union", "U", "--employer", "E",
        "--opened", "2020-01-06", "--closed", "2020-01-31", "--eligible", "10",
        "--important-public-service", "none",
    )  # fmt: skip
    assert done.stderr == ""
    assert load_ballot(path).ballot.title == "T"


def test_not_on_a_terminal_never_asks(run: Run, tmp_path: Path) -> None:
    """CliRunner's stdin is not a terminal: no prompt, no waiting for input."""
    done = run("new", str(tmp_path / "b.yaml"))
    assert done.stderr == ""


def test_never_overwrites_without_force(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("mine\n", encoding="utf-8")
    refused = run("new", "--no-input", "--title", "T", str(path), expect=2)
    assert "already exists; use --force" in refused.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"
    run("new", "--no-input", "--title", "T", "--force", str(path))
    assert load_ballot(path).ballot.title == "T"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "  "], "cannot be empty"),
        (["--opened", "2024-02-01", "--closed", "2024-01-31"], "is before the ballot opened"),
        (["--eligible", "-1"], "--eligible"),
        (["--opened", "2024-13-01"], "is not a date"),
        (["--title", "x" * 501], "at most 500"),
        (["--important-public-service", "police"], "police"),
    ],
)
def test_bad_flags_are_usage_errors(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "b.yaml"
    refused = run("new", "--no-input", *args, str(path), expect=2)
    assert message in refused.stderr
    assert not path.exists()


def test_custom_schema_reference(run: Run) -> None:
    out = run("new", "--no-input", "--schema", "https://example.org/ballot.schema.json").stdout
    assert (
        out.splitlines()[0]
        == "# yaml-language-server: $schema=https://example.org/ballot.schema.json"
    )


def test_quoted_round_trips_every_character_class() -> None:
    """Each printable or escaped character survives the strict loader unchanged."""
    from ballotcalc.loading import parse_yaml

    sample = "".join(chr(c) for c in [*range(1, 0x250), 0x2028, 0x2029, 0xFEFF, 0x1F4E2])
    text = f"title: {new_module.quoted(sample)}\n"
    assert parse_yaml(text.encode("utf-8"), "t").data == {"title": sample}


def test_input_that_ends_before_the_questions_do_writes_nothing(run: Run, tmp_path: Path) -> None:
    """End of input (or Ctrl-C) mid-way is an error (2, not the 1 that `check` uses for "no
    mandate"), and no half-made file is left."""
    path = tmp_path / "b.yaml"
    done = run("new", "--input", str(path), input="Pay\n", expect=2)
    assert "not all answered" in done.stderr and "nothing was written" in done.stderr
    assert "Aborted" not in done.stderr
    assert list(tmp_path.iterdir()) == []


# --- a survey (kind: survey): those asked and those who responded, nothing to judge --------------


def test_a_survey_file_validates_and_result_gives_its_response_rate(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "s.yaml"
    run("new", "--no-input", "--kind", "survey", "--title", "Staff survey", "--union", "PCS",
        "--eligible", "200", "--responses", "146", str(path))  # fmt: skip
    assert_valid_ballot(run, path)
    b = load_ballot(path).ballot
    assert (b.kind, b.eligible, b.responses, b.questions) == ("survey", 200, 146, [])
    shown = " ".join(run("result", str(path)).stdout.split())
    rate = f"{146 * 100 / 200:.1f}%"  # 73.0%
    assert f"146 of the 200 asked responded to this survey: a response rate of {rate}." in shown
    # the counts filled in later, by hand: the rate follows them
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nresponses: 146\n", "\nresponses: 151\n"), encoding="utf-8")
    shown = " ".join(run("result", str(path)).stdout.split())
    assert f"a response rate of {151 * 100 / 200:.1f}%." in shown  # 75.5%
    # a survey gives no mandate: check never passes it
    assert "no mandate (survey)" in run("check", str(path), expect=1).stdout


def test_a_survey_is_asked_who_responded_not_about_a_public_service(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_module, "stdin_is_terminal", lambda: True)
    path = tmp_path / "s.yaml"
    answers = ["Survey", "", "", "", "", "300", "", "120"]  # the count who responded is required
    done = run("new", "--kind", "survey", str(path), input="\n".join(answers) + "\n")
    assert "Number who responded" in done.stderr and "cannot be empty" in done.stderr
    assert "Important public service" not in done.stderr
    b = load_ballot(path).ballot
    assert (b.title, b.eligible, b.responses, b.important_public_service) == (
        "Survey", 300, 120, None,
    )  # fmt: skip
    assert_valid_ballot(run, path)


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--kind", "survey"], "--responses"),  # its one figure: never a placeholder
        (["--responses", "3"], "--responses"),  # a ballot has no responses
        (["--kind", "survey", "--responses", "3", "--important-public-service", "health"],
         "--important-public-service"),  # a survey has no test
    ],
)  # fmt: skip
def test_survey_options_out_of_place_write_nothing(
    run: Run, tmp_path: Path, args: list[str], flag: str
) -> None:
    path = tmp_path / "s.yaml"
    done = run("new", "--no-input", *args, str(path), expect=2)
    assert flag in done.stderr and "Traceback" not in done.stderr
    assert not path.exists()


def test_a_survey_with_more_responses_than_asked_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    done = run("new", "--no-input", "--kind", "survey", "--eligible", "100", "--responses", "101",
               str(path), expect=2)  # fmt: skip
    assert "responses:" in done.stderr and "is more than the 100 asked" in done.stderr
    assert not path.exists()

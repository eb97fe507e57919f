"""Letters with a union profile (`--profile`), and the footer (`--no-footer`): issue 20 item 2.

The expected words come from the example profile (examples/union.toml, read here with tomllib),
the ballot file and the day set by BALLOTCALC_TODAY, never from what ballotcalc printed. Golden
letters (tests/golden/letter/) are regenerated with the documents' command:

    BALLOTCALC_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_documents.py tests/test_letters.py
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from ballotcalc.render import NOT_LEGAL_ADVICE
from conftest import BALLOTS, ROOT, Run
from test_documents import readable

EXAMPLE = ROOT / "examples" / "union.toml"
PROFILE = tomllib.loads(EXAMPLE.read_text("utf-8"))
CWU = "ballots/cwu-royal-mail-2023.yaml"
CWU_PATH = str(ROOT / CWU)
"""Closed 2023-02-16 (its file): the year in the example's reference format."""
TODAY = "2023-02-20"
TODAY_WRITTEN = "20 February 2023"
FORMATS = ("markdown", "text", "html")
SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}
GOLDEN = Path(__file__).resolve().parent / "golden" / "letter"
UPDATE = os.environ.get("BALLOTCALC_UPDATE_GOLDEN", "") not in ("", "0")
DOCUMENTS = {
    "summary": ("summary",),
    "notice-members": ("notice", "--to", "members"),
    "notice-employer": ("notice", "--to", "employer"),
}
NEXT_STEPS_START = "The National Executive Committee will meet"


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """From the repository root (ballots named ballots/x.yaml), on a fixed day."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("BALLOTCALC_TODAY", TODAY)


def letter(run: Run, doc: str, fmt: str, *extra: str, ballot: str = CWU) -> str:
    return run(*DOCUMENTS[doc], ballot, "--format", fmt, *extra).stdout


def in_order(text: str, *parts: str) -> list[int]:
    """Where each part appears, each searched for after the one before (each must appear)."""
    found: list[int] = []
    start = 0
    for part in parts:
        at = text.find(part, start)
        assert at >= 0, f"{part!r} is not in the letter after {parts[len(found) - 1]!r}"
        found.append(at)
        start = at + len(part)
    return found


# --- golden letters -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_golden_letter(run: Run, at_root: None, doc: str, fmt: str) -> None:
    output = letter(run, doc, fmt, "--profile", "examples/union.toml")
    golden = GOLDEN / f"{doc}.{SUFFIX[fmt]}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: regenerate the golden files (module docstring)"
    assert output == golden.read_text(encoding="utf-8")


# --- what a letter says, and in what order --------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_a_letter_has_head_body_and_end_in_order(
    run: Run, at_root: None, doc: str, fmt: str
) -> None:
    text = readable(fmt, letter(run, doc, fmt, "--profile", "examples/union.toml"))
    employer = doc == "notice-employer"
    addressing = PROFILE["employer" if employer else "members"]
    reference = f"{PROFILE['short_name']}/2023/cwu-royal-mail-2023"  # {union_short}/{year}/{slug}
    body = "Royal Mail Group"  # the ballot's employer, in the body of every document
    order = in_order(
        text,
        PROFILE["name"],
        *PROFILE["address"],
        reference,
        TODAY_WRITTEN,
        addressing["salutation"],
        body,
        addressing["closing"],
        PROFILE["signatory"],
        PROFILE["role"],
    )
    if employer:
        assert NEXT_STEPS_START not in text, "the union's next steps went to the employer"
        assert "Dear Member" not in text
    else:
        at = in_order(text, NEXT_STEPS_START, "Thank you to every member who voted.")
        assert order[-4] < at[0] < at[1] < order[-3], "next steps belong between body and closing"


def test_the_reference_placeholders(run: Run, at_root: None, tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "Union of Examples"\nsignatory = "S"\n'
        'reference = "{union_short}-{document}-{year}-{ballot_slug}"\n',
        encoding="utf-8",
    )
    ballot = tmp_path / "Pay Ballot 2019 (final).yaml"
    ballot.write_text((BALLOTS / "pcs-2019-pay.yaml").read_text("utf-8"), encoding="utf-8")
    for doc, kind in (("summary", "circular"), ("notice-members", "members"),
                      ("notice-employer", "employer")):  # fmt: skip
        text = letter(run, doc, "text", "--profile", str(profile), ballot=str(ballot))
        # no short_name: the name; closed 2019-04-29; the file name made a slug
        assert f"Our reference: Union of Examples-{kind}-2019-pay-ballot-2019-final\n" in text


def test_the_ballots_own_reference_and_next_steps_win_and_are_escaped(
    run: Run, at_root: None, tmp_path: Path
) -> None:
    ballot = tmp_path / "b.yaml"
    ballot.write_text(
        (BALLOTS / "cwu-royal-mail-2023.yaml").read_text("utf-8")
        + "reference: 'CWU/<b>IA</b>/7'\n"
        + "next_steps: |\n  Branch meetings <script>x</script> next week.\n\n"
        + "  Then [a link](http://x.invalid) and *stars*.\n",
        encoding="utf-8",
    )
    html = letter(run, "summary", "html", "--profile", str(EXAMPLE), ballot=str(ballot))
    assert "Our reference: CWU/&lt;b&gt;IA&lt;/b&gt;/7" in html
    assert "<p>Branch meetings &lt;script&gt;x&lt;/script&gt; next week.</p>" in html
    assert NEXT_STEPS_START not in html  # the ballot's next steps replace the profile's
    md = letter(run, "summary", "markdown", "--profile", str(EXAMPLE), ballot=str(ballot))
    assert r"Then \[a link\](http://x.invalid) and \*stars\*." in md
    assert "Our reference: CWU/\\<b\\>IA\\</b\\>/7" in md


def test_a_ballot_with_next_steps_but_no_profile_is_as_before(run: Run, tmp_path: Path) -> None:
    """Without a profile a document is not a letter: the ballot's letter fields are not used."""
    ballot = tmp_path / "b.yaml"
    original = (BALLOTS / "cwu-royal-mail-2023.yaml").read_text("utf-8")
    ballot.write_text(original + "reference: R/1\nnext_steps: Meet on Monday.\n", "utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(original, "utf-8")
    with_fields = run("summary", str(ballot)).stdout
    without = run("summary", str(plain)).stdout
    assert "Meet on Monday" not in with_fields and "R/1" not in with_fields
    # only the footer's provenance line differs (the file's name and its sha256)
    assert [line for line in with_fields.splitlines() if "sha256" not in line] == [
        line for line in without.splitlines() if "sha256" not in line
    ]


# --- finding the profile --------------------------------------------------------------------------


@pytest.fixture
def ballot_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ballots"
    folder.mkdir()
    (folder / "b.yaml").write_text((BALLOTS / "cwu-royal-mail-2023.yaml").read_text("utf-8"))
    return folder


def _profile(path: Path, name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'name = "{name}"\nsignatory = "S"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("file_name", ["union.toml", "ballotcalc.toml"])
def test_a_profile_beside_the_ballot_is_found(run: Run, ballot_dir: Path, file_name: str) -> None:
    _profile(ballot_dir / file_name, "Beside Union")
    assert run("summary", str(ballot_dir / "b.yaml")).stdout.startswith("**Beside Union**")


def test_the_config_folder_then_beside_then_the_option(
    run: Run, ballot_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))  # click.get_app_dir on Linux and BSDs
    _profile(config / "ballotcalc" / "union.toml", "Config Union")
    ballot = str(ballot_dir / "b.yaml")
    assert run("summary", ballot).stdout.startswith("**Config Union**")
    _profile(ballot_dir / "union.toml", "Beside Union")
    assert run("summary", ballot).stdout.startswith("**Beside Union**")
    option = _profile(tmp_path / "elsewhere.toml", "Option Union")
    assert run("summary", ballot, "--profile", str(option)).stdout.startswith("**Option Union**")
    assert run("summary", ballot, "--no-profile").stdout.startswith("# ")


def test_two_profiles_beside_a_ballot_are_refused(run: Run, ballot_dir: Path) -> None:
    _profile(ballot_dir / "union.toml", "A")
    _profile(ballot_dir / "ballotcalc.toml", "B")
    result = run("summary", str(ballot_dir / "b.yaml"), expect=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "two union profiles" in result.stderr and "--profile" in result.stderr


# --- a profile that cannot be used: one line, FILE:LINE: field: message, exit 2 ------------------

BAD_PROFILES = [
    # (file text, line, field, words in the message)
    ('name = "U"\nsignatory = "S"\nsalutation = "Dear Member"\n', 3, "salutation", "unknown key"),
    ('name = "U"\nsignatory = "S"\n\n[members]\nsalutation = "Hi"\nclosing = "Bye"\nsign = "x"\n',
     7, "members.sign", "unknown key"),
    ('name = "U"\nsignatory = "S"\nreference = "{union}/{year}"\n', 3, "reference",
     "unknown placeholder {union}"),
    ('name = "U"\nsignatory = "S"\nreference = "{year:04d}"\n', 3, "reference", "no format"),
    ('name = "U"\nsignatory = "S"\naddress = "1 Street"\n', 3, "address", "list"),
    ('name = "U"\nsignatory = 7\n', 2, "signatory", "string"),
    ('name = "U"\nsignatory = "S"\n[employer]\nsalutation = "Dear Sir or Madam"\n', 3,
     "employer.closing", "required"),
    ('name = "U"\nsignatory = "S"\nrole = "GS\n', 3, None, "not valid TOML"),
    ('name = "U"\nsignatory = "  "\n', 2, "signatory", "at least 1 character"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "field", "words"), BAD_PROFILES)
def test_a_bad_profile_is_one_located_line(
    run: Run, tmp_path: Path, text: str, line: int, field: str | None, words: str
) -> None:
    profile = tmp_path / "union.toml"
    profile.write_text(text, encoding="utf-8")
    result = run("summary", CWU_PATH, "--profile", str(profile), expect=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    where = f"{profile}:{line}: " + (f"{field}: " if field else "")
    assert result.stderr.startswith(where), result.stderr
    assert words in result.stderr


def test_a_missing_required_key_is_named(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "union.toml"
    profile.write_text('signatory = "S"\n', encoding="utf-8")
    result = run("summary", CWU_PATH, "--profile", str(profile), expect=2)
    assert result.stderr == f"{profile}: name: is required\n"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: None, "no such union profile file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b'name = "\xff"\n'), "UTF-8"),
        (lambda p: os.mkfifo(p), "FIFO"),
    ],
)
def test_a_profile_that_cannot_be_read(
    run: Run, tmp_path: Path, make: Callable[[Path], object], words: str
) -> None:
    profile = tmp_path / "union.toml"
    make(profile)
    result = run("summary", CWU_PATH, "--profile", str(profile), expect=2)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{profile}")
    assert words in result.stderr, result.stderr


# --- the footer ----------------------------------------------------------------------------------


def _provenance(text: str) -> bool:
    return re.search(r"ballotcalc \S+ · regime \S+ · .+ sha256 [0-9a-f]{64}", text) is not None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", list(DOCUMENTS))
@pytest.mark.parametrize("with_profile", [False, True])
def test_no_footer(run: Run, at_root: None, doc: str, fmt: str, with_profile: bool) -> None:
    """By default every document carries the provenance and the not-legal-advice line;
    --no-footer takes the provenance off any document, and the not-legal-advice line off a notice
    (the statutory information, no conclusion), never off a circular (it says "mandate")."""
    extra = ("--profile", "examples/union.toml") if with_profile else ("--no-profile",)
    full = readable(fmt, letter(run, doc, fmt, *extra))
    assert _provenance(full) and NOT_LEGAL_ADVICE in full
    bare = readable(fmt, letter(run, doc, fmt, *extra, "--no-footer"))
    assert not _provenance(bare) and "sha256" not in bare
    assert (NOT_LEGAL_ADVICE in bare) is (doc == "summary")
    if with_profile and doc != "summary":  # the letter ends with its signatory
        assert bare.rstrip().endswith(PROFILE["role"])


def test_json_keeps_its_provenance(run: Run) -> None:
    out = run("result", CWU_PATH, "--format", "json").stdout
    assert '"sha256"' in out


def test_the_guide_shows_the_example_profile() -> None:
    """docs/guide.md's profile is examples/union.toml (the same values), and its placeholders are
    the ones a reference format may use."""
    from ballotcalc.profile import REFERENCE_FIELDS

    guide = (ROOT / "docs" / "guide.md").read_text("utf-8")
    shown = re.findall(r"```toml\n(.*?)```", guide, re.S)
    assert [tomllib.loads(block) for block in shown] == [PROFILE]
    section = guide.split("## A letter with a profile", 1)[1].split("\n## ", 1)[0]
    for name in REFERENCE_FIELDS:
        assert f"`{{{name}}}`" in section, name


# --- the notices of ballot and of action (notice --of ballot|action) --------------------------------


def test_a_notice_of_ballot_as_a_letter_to_the_employer(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_advance_notices import TWO_EMPLOYERS, WORKFORCE

    monkeypatch.setenv("BALLOTCALC_TODAY", "2026-03-30")
    (tmp_path / "workforce.csv").write_text(WORKFORCE, encoding="utf-8")
    ballot = tmp_path / "two.yaml"
    ballot.write_text(TWO_EMPLOYERS, encoding="utf-8")
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "Union of Examples"\nsignatory = "S. Igned"\nreference = "UE/{document}/{year}"\n'
        'next_steps = "Branch meetings next week."\n',
        encoding="utf-8",
    )
    args = ("notice", str(ballot), "--of", "ballot", "--received", "2026-02-20", "--unit",
            "North Trust", "--format", "text", "--profile", str(profile))  # fmt: skip
    text = run(*args).stdout
    # a notice to an employer: [employer] addressing (the defaults), no next steps; the reference's
    # {document} is "ballot" and {year} the year the ballot closed (2026-03-20)
    in_order(text, "Union of Examples", "Our reference: UE/ballot/2026", "30 March 2026",
             "Dear Sir or Madam", "North Trust", "Yours faithfully", "S. Igned",
             NOT_LEGAL_ADVICE)  # fmt: skip
    assert "Branch meetings" not in text
    bare = run(*args, "--no-footer").stdout
    assert NOT_LEGAL_ADVICE not in bare and bare.rstrip().endswith("S. Igned")
    plain = run(*args[:-2], "--no-profile").stdout
    assert "Dear Sir or Madam" not in plain and NOT_LEGAL_ADVICE in plain

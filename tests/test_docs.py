"""The docs are true: generated pages are current, every command and option is documented, every
`ballotcalc ...` example in the README, CONTRIBUTING.md and docs/ runs, every ballot they show is
valid, and every relative link leads somewhere."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import click
import pytest

from ballotcalc.cli import cli
from conftest import ROOT, Run

sys.path.insert(0, str(ROOT / "docs"))
import generate

PAGES = sorted(generate.PAGES)
GUIDES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
PAGES_WITH_LINKS = [
    *GUIDES,
    ROOT / "SECURITY.md",
    ROOT / "CHANGELOG.md",
    ROOT / "tests/data/README.md",
]


@pytest.mark.parametrize("name", PAGES)
def test_generated_page_is_current(name: str) -> None:
    """Regenerate with `.venv/bin/python docs/generate.py` after changing the code."""
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == generate.PAGES[name](), f"docs/{name} is stale: run docs/generate.py"


def _commands() -> list[click.Command]:
    ctx = click.Context(cli)
    return [c for name in cli.list_commands(ctx) if (c := cli.get_command(ctx, name))]


# Added in this round of work on a branch that may not edit README.md or CONTRIBUTING.md (the
# lead's): the lead names them there on merging, then empties these.
README_PENDING: set[str] = set()
LAYOUT_PENDING: set[str] = set()


def test_every_command_and_option_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for command in _commands():
        assert f"ballotcalc {command.name}" in readme or command.name in README_PENDING, (
            f"README does not mention {command.name}"
        )
        assert command.help, f"{command.name} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts} has no help text"
                assert param.opts[-1] in reference


def _blocks(path: Path, *languages: str) -> list[str]:
    """The fenced code blocks of a page in one of `languages`."""
    pattern = r"```(?:" + "|".join(languages) + r")\n(.*?)```"
    return re.findall(pattern, path.read_text("utf-8"), re.S)


def _page_files(path: Path) -> dict[str, str]:
    """The files a page asks its reader to write: a yaml block whose first line is `# NAME.yaml`."""
    files = {}
    for block in _blocks(path, "yaml"):
        if match := re.match(r"# ([\w.-]+\.ya?ml)\n", block):
            files[match[1]] = block
    return files


def _examples() -> list[tuple[str, str]]:
    found = []
    for path in GUIDES:
        for block in _blocks(path, "sh", "console", "bash"):
            for line in block.splitlines():
                line = line.split("  #")[0].strip().removeprefix("$ ")
                if line.startswith("ballotcalc ") and "<" not in line:
                    found.append((path.name, line))
    return found


EXAMPLES = _examples()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 5
    assert {page for page, _ in EXAMPLES} >= {"README.md", "guide.md"}


@pytest.mark.parametrize(("page", "line"), EXAMPLES, ids=[f"{p}: {x}" for p, x in EXAMPLES])
def test_example_runs(
    run: Run, page: str, line: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run where a reader would: beside a copy of ballots/ and the files the page has them write,
    so an example that writes (`-o circular.html`) never touches the repository."""
    shutil.copytree(ROOT / "ballots", tmp_path / "ballots")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # the example union profile
    (tmp_path / "out").mkdir()
    source = next(p for p in GUIDES if p.name == page)
    for name, text in _page_files(source).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line.split(" > ")[0].split(" | ")[0], comments=True)[1:]
    result = run(*args, expect=None)
    assert result.exit_code in (0, 1), f"{page}: {line}\n{result.stderr}"


BALLOT_BLOCKS = [
    (path.name, block)
    for path in GUIDES
    for block in _blocks(path, "yaml")
    if re.search(r"^title:", block, re.M)
]


def test_there_are_ballots_shown() -> None:
    assert {page for page, _ in BALLOT_BLOCKS} >= {"README.md", "ballot-files.md"}


@pytest.mark.parametrize(
    ("page", "block"), BALLOT_BLOCKS, ids=[f"{p}: {b.split(chr(10))[0]}" for p, b in BALLOT_BLOCKS]
)
def test_a_ballot_shown_is_valid(run: Run, page: str, block: str, tmp_path: Path) -> None:
    """A whole ballot file shown in the docs validates without an error or a warning."""
    path = tmp_path / "shown.yaml"
    path.write_text(block, encoding="utf-8")
    result = run("validate", str(path), expect=None)
    assert (result.exit_code, result.stderr) == (0, ""), f"{page}:\n{block}\n{result.stderr}"


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text("utf-8"), flags=re.S)
    anchors: set[str] = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        slug, n = _slug(heading), 1
        while slug in anchors:  # a repeated heading gets -1, -2, ...
            slug, n = f"{_slug(heading)}-{n}", n + 1
        anchors.add(slug)
    return anchors


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return re.findall(r"\]\(([^)\s]+)\)", text)


LINKS = [
    (path, link)
    for path in PAGES_WITH_LINKS
    for link in _links(path)
    if not re.match(r"[a-z]+:", link)  # http:, https:, mailto: are not checked offline
]


def test_there_are_links() -> None:
    assert {path.name for path, _ in LINKS} >= {"README.md", "CONTRIBUTING.md"}


@pytest.mark.parametrize(
    ("page", "link"), LINKS, ids=[f"{p.relative_to(ROOT)}: {x}" for p, x in LINKS]
)
def test_relative_link_resolves(page: Path, link: str) -> None:
    """Every relative link in the README, CONTRIBUTING.md and docs/ leads to a file in the
    repository, and a link to a heading (`page.md#heading`) to a heading that exists."""
    target, _, anchor = link.partition("#")
    path = (page.parent / target).resolve() if target else page
    assert path.is_relative_to(ROOT), f"{page.name}: {link} leads outside the repository"
    assert path.exists(), f"{page.name}: {link}: no such file"
    if anchor:
        assert path.suffix == ".md", (
            f"{page.name}: {link}: an anchor into a page that is not markdown"
        )
        assert anchor in _anchors(path), f"{page.name}: {link}: no such heading in {path.name}"


PYTHON = [(path.name, block) for path in GUIDES for block in _blocks(path, "python")]


def test_there_is_a_library_example() -> None:
    assert any(page == "CONTRIBUTING.md" for page, _ in PYTHON)


@pytest.mark.parametrize(("page", "block"), PYTHON, ids=[p for p, _ in PYTHON])
def test_python_example_runs(
    page: str, block: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Python example runs from the repository root, and a `print(...)  # VALUE` prints VALUE."""
    monkeypatch.chdir(ROOT)
    exec(compile(block, page, "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    for expected in re.findall(r"^print\(.*\)\s+# (.+)$", block, re.M):
        assert expected.strip() in printed, f"{page}: expected {expected!r} among {printed[:5]}"


def _layout() -> set[str]:
    """The paths CONTRIBUTING.md's layout picture names: indentation nests a name under a folder."""
    section = (ROOT / "CONTRIBUTING.md").read_text("utf-8").split("\n## Layout\n", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.S)
    assert block, "CONTRIBUTING.md: no layout picture under '## Layout'"
    named: set[str] = set()
    folders: list[tuple[int, str]] = []
    for line in block[1].splitlines():
        names = line.split("#")[0].split()
        if not names:
            continue
        indent = len(line) - len(line.lstrip())
        folders = [(i, f) for i, f in folders if i < indent]
        prefix = "".join(f for _, f in folders)
        named.update(prefix + name for name in names)
        if len(names) == 1 and names[0].endswith("/"):
            folders.append((indent, names[0]))
    return named


def test_the_layout_picture_is_true() -> None:
    """Every path in the picture exists, and every module and folder of the package is in it."""
    named = _layout()
    absent = sorted(p for p in named if not (ROOT / p).exists())
    assert not absent, f"CONTRIBUTING.md's layout names what is not there: {absent}"
    package = ROOT / "src" / "ballotcalc"
    shown = {
        str(p.relative_to(ROOT)) + ("/" if p.is_dir() else "")
        for folder in (package, package / "render")
        for p in folder.iterdir()
        if p.suffix == ".py" or (p.is_dir() and not p.name.startswith("__"))
    }
    missing = sorted(shown - named - LAYOUT_PENDING)
    assert not missing, f"CONTRIBUTING.md's layout leaves out: {missing}"


def test_the_readme_error_example_is_what_validate_prints(run: Run, tmp_path: Path) -> None:
    """The README shows the one-line error for its first ballot with `votes_cast: 59000` typed."""
    readme = ROOT / "README.md"
    text = readme.read_text("utf-8")
    assert "`votes_cast: 59000` typed by mistake" in text
    shown = re.search(r"```text\n(pay-2019\.yaml:\d+: .*)\n```", text)
    assert shown, "README: no error example for pay-2019.yaml"
    ballot = _page_files(readme)["pay-2019.yaml"]
    (tmp_path / "pay-2019.yaml").write_text(
        re.sub(r"^votes_cast: \d+", "votes_cast: 59000", ballot, flags=re.M), encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = run("validate", "pay-2019.yaml", expect=2)
    assert result.stderr.strip() == shown[1]


def _yaml_words(value: object) -> set[str]:
    """Every key and every text value in a parsed YAML tree."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {w for v in value.values() for w in _yaml_words(v)}
    if isinstance(value, list):
        return {w for v in value for w in _yaml_words(v)}
    return {value} if isinstance(value, str) else set()


def test_adding_a_regime_names_the_keys_the_table_has() -> None:
    """CONTRIBUTING.md's 'Adding a regime' names every key a regime entry has, and no key the table
    does not have: a key renamed or added in rules/regimes.yaml makes this fail until the guide says
    how to fill it in."""
    from ballotcalc.loading import parse_yaml

    table = parse_yaml(
        (ROOT / "src/ballotcalc/rules/regimes.yaml").read_bytes(), "regimes.yaml"
    ).data
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("\n## Adding a regime\n", 1)[1].split("\n## ", 1)[0]
    named = {
        span
        for span in re.findall(r"`([a-z_0-9]+)`", section)
        if not span.startswith("test_") and span not in {"null", "true", "false"}
    }
    unknown = sorted(named - _yaml_words(table))
    assert not unknown, f"'Adding a regime' names what regimes.yaml does not have: {unknown}"
    rules_tests = (ROOT / "tests" / "test_rules.py").read_text("utf-8")
    for name in re.findall(r"`(test_\w+)`", section):
        assert f"def {name}(" in rules_tests, (
            f"'Adding a regime' names {name}: not in test_rules.py"
        )
    keys = {key for regime in table["regimes"] for key in regime}
    unnamed = sorted(keys - named)
    assert not unnamed, f"'Adding a regime' does not say how to fill in: {unnamed}"

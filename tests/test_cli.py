"""The command line: exit codes, data on stdout, problems on stderr, never a traceback.

``explore`` (the default command) opens the Textual app, so it is only ever
run here on stories that fail to load.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from loader_helpers import DATES, INVALID, MINIMAL, REPO, WARNINGS, bundled_path
from loader_helpers import run_cli as run

from crisis_tui import __version__
from crisis_tui.loader import bundled_story_path
from crisis_tui.loader.spec import SECTIONS

# -- top level -----------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"crisis-tui, version {__version__}\n"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    for command in ("explore", "validate", "export", "schema"):
        assert command in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["validate", "export", "schema", "explore"])
def test_each_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"crisis-tui {command}" in result.stdout


def test_missing_story_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "nosuch.yaml"
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"{path}: error: no such file\n"


def test_missing_story_file_relative_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("nosuch.yaml")
    assert result.exit_code == 1
    assert result.stderr == "nosuch.yaml: error: no such file\n"


def test_explore_on_an_invalid_story_lists_its_errors_and_exits_1() -> None:
    path = INVALID / "unknown-reference.yaml"
    result = run("explore", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:39:14: error: 'speaker' names unknown actor")


def test_misspelt_command_suggests_the_right_one() -> None:
    result = run("valdate", "x")
    assert result.exit_code == 2
    assert "no such command or story file 'valdate'; did you mean 'validate'?" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["--frobnicate"], ["validate", "--frobnicate", "x.yaml"]])
def test_unknown_option_exits_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crisis_tui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert result.stdout == f"crisis-tui, version {__version__}\n"


# -- validate ------------------------------------------------------------


def test_validate_valid_story_exits_0_with_counts_on_stdout() -> None:
    result = run("validate", str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout == f"{MINIMAL}: valid: 1 events, 1 quotes, 2 actors, 1 places\n"
    assert result.stderr == ""


def test_validate_prints_warnings_on_stderr_and_still_exits_0() -> None:
    result = run("validate", str(WARNINGS))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{WARNINGS}: valid: ")
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert all(
        re.fullmatch(rf"{re.escape(str(WARNINGS))}:\d+:\d+: warning: .+", ln) for ln in lines
    )
    assert f"{WARNINGS}:17:9: warning: actor 'bystander' is never referred to" in lines


def test_validate_invalid_story_exits_1_with_errors_on_stderr() -> None:
    path = INVALID / "unknown-enum-value.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:17:11: error: 'persn' is not a valid kind (one of: person, organisation, "
        "government, armed-force, media, country, group); did you mean 'person'?",
        f"{path}: invalid: 1 error",
    ]


def test_validate_reports_all_ten_mistakes_sorted_by_line() -> None:
    path = INVALID / "ten-mistakes.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    pattern = re.compile(rf"{re.escape(str(path))}:(\d+):(\d+): error: (.+)")
    found = [(int(m[1]), int(m[2]), m[3]) for m in map(pattern.fullmatch, errors) if m]
    assert len(found) == len(errors) == 10
    expected = [
        (2, 9, "unsupported format 'crisis-story/2'"),
        (5, 3, "unknown key 'langauge' in story; did you mean 'language'?"),
        (6, 13, "unknown timezone 'Europe/Pariss'"),
        (10, 14, "'speaker' must name an actor, but 'city' is a place"),
        (15, 11, "'2019-02-30' is not a date on the calendar"),
        (23, 11, "'articel' is not a valid kind"),
        (24, 17, "'paragraphs' must be a whole number from 1 to 100000"),
        (28, 13, "'within' names unknown place 'nowhere'"),
        (32, 11, "'side' names unknown side 'lef'; did you mean 'left'?"),
        (33, 14, 'unquoted, YAML reads NO as false: write "NO" in quotes'),
    ]
    assert [(line, col) for line, col, _ in found] == [(line, col) for line, col, _ in expected]
    for (_, _, message), (_, _, phrase) in zip(found, expected, strict=True):
        assert phrase in message
    lines = [int(m[1]) for m in map(pattern.fullmatch, result.stderr.splitlines()) if m]
    assert lines == sorted(lines)
    assert result.stderr.splitlines()[-1] == f"{path}: invalid: 10 errors"


def test_validate_several_files_reports_each_and_fails_if_any_fails() -> None:
    bad = INVALID / "duplicate-id.yaml"
    result = run("validate", str(MINIMAL), str(bad))
    assert result.exit_code == 1
    assert result.stdout == f"{MINIMAL}: valid: 1 events, 1 quotes, 2 actors, 1 places\n"
    assert f"{bad}:27:9: error: duplicate id 'alice' (first used on line 15)" in result.stderr


def test_validate_accepts_story_option() -> None:
    result = run("validate", "--story", str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{MINIMAL}: valid")


def test_validate_without_a_file_checks_the_bundled_story() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith(f"{bundled_story_path()}: valid: ")


def test_validate_bundled_story_is_clean() -> None:
    path = bundled_path()
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith(f"{path}: valid: ")


def test_validate_in_a_real_process_keeps_streams_apart(tmp_path: Path) -> None:
    path = INVALID / "ten-mistakes.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "crisis_tui", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count(": error: ") == 10
    assert "Traceback" not in result.stderr


# -- export --------------------------------------------------------------


def test_export_json_to_stdout() -> None:
    result = run("export", "--story", str(MINIMAL), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["story"]["title"] == "Minimal story"
    assert [q["id"] for q in data["quotes"]] == ["hello"]


@pytest.mark.parametrize("kind", list(SECTIONS))
def test_a_json_export_of_one_kind_validates_again(kind: str, tmp_path: Path) -> None:
    exported = tmp_path / f"{kind}.json"
    assert run("export", "--format", "json", "--kind", kind, "-o", str(exported)).exit_code == 0
    result = run("validate", str(exported))
    assert result.exit_code == 0, result.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert len(data[kind]) == len(yaml.safe_load(bundled_path().read_text(encoding="utf-8"))[kind])


def test_export_defaults_to_the_bundled_story() -> None:
    bundled_path()
    result = run("export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["story"]["timezone"] == "America/Caracas"
    assert len(data["quotes"]) > 0


def test_export_csv_without_kind_is_a_usage_error() -> None:
    result = run("export", "--story", str(MINIMAL), "--format", "csv")
    assert result.exit_code == 2
    assert "CSV holds one table: choose one with --kind" in result.stderr
    assert result.stdout == ""


def test_export_csv_with_kind() -> None:
    result = run("export", "--story", str(MINIMAL), "--format", "csv", "--kind", "actors")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header == ",".join(spec.key for spec in SECTIONS["actors"].fields)
    assert [row.split(",")[0] for row in rows] == ["alice", "outlet"]


def test_export_markdown() -> None:
    result = run("export", "--story", str(MINIMAL), "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Minimal story\n")
    assert "“Hello”" in result.stdout


def test_export_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    result = run("export", "--story", str(MINIMAL), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "crisis-story/1"


def test_export_to_a_missing_directory_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "story.json"
    result = run("export", "--story", str(MINIMAL), "--format", "json", "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert str(out) in result.stderr


def test_export_of_a_missing_story_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "nosuch.yaml"
    result = run("export", "--story", str(path), "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"{path}: error: no such file\n"


def test_export_of_an_invalid_story_exits_1_with_diagnostics() -> None:
    path = INVALID / "para-out-of-range.yaml"
    result = run("export", "--story", str(path), "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:35:32: error: paragraph 11 is outside source")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "yaml"],
        ["export", "--format", "csv", "--kind", "quot"],
        ["export"],
    ],
    ids=["unknown-format", "unknown-kind", "no-format"],
)
def test_export_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args, "--story", str(MINIMAL))
    assert result.exit_code == 2
    assert result.stdout == ""


# -- schema --------------------------------------------------------------


def test_schema_is_json_schema_for_story_files() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stderr == ""
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["format", "story"]
    assert schema["properties"]["format"]["const"] == "crisis-story/1"
    assert "quotes" in schema["properties"]
    for key, section in SECTIONS.items():
        items = schema["properties"][key]["items"]
        assert list(items["properties"]) == [spec.key for spec in section.fields]
        assert items["required"] == [spec.key for spec in section.fields if spec.required]
        assert items["additionalProperties"] is False
    assert schema["properties"]["quotes"]["items"]["properties"]["sources"]["minItems"] == 1


class _PlainLoader(yaml.SafeLoader):
    """YAML as the language server sees it: dates stay strings (YAML 1.2 has no timestamp)."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("which", ["minimal", "bundled", "bundled-json-export"])
def test_stories_validate_against_the_schema(which: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    if which == "minimal":
        document = yaml.load(MINIMAL.read_text(encoding="utf-8"), Loader=_PlainLoader)
    elif which == "bundled":
        document = yaml.load(bundled_path().read_text(encoding="utf-8"), Loader=_PlainLoader)
    else:
        bundled_path()
        document = json.loads(run("export", "--format", "json").stdout)
    jsonschema.validate(document, schema)


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    """A small validator for the JSON Schema constructs ``crisis-tui schema`` uses."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _check(value, target, root, where)
    if "anyOf" in schema:
        branches = [_check(value, option, root, where) for option in schema["anyOf"]]
        return [] if any(not problems for problems in branches) else [f"{where}: no anyOf matches"]
    problems: list[str] = []
    kind = schema.get("type")
    types: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
    }
    if kind is not None and (
        not isinstance(value, types[kind])
        or (kind in ("integer", "number") and isinstance(value, bool))
    ):
        return [f"{where}: {value!r} is not {kind}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value!r} below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{where}: {value!r} above maximum")
    if kind == "array":
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{where}: too few items")
        for index, item in enumerate(value):
            problems += _check(item, schema.get("items", {}), root, f"{where}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        problems += [
            f"{where}: missing {key}" for key in schema.get("required", []) if key not in value
        ]
        for key, item in value.items():
            if key in properties:
                problems += _check(item, properties[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected key {key!r}")
    return problems


@pytest.mark.parametrize("which", ["minimal", "dates", "bundled", "bundled-json-export"])
def test_stories_satisfy_the_schema_without_jsonschema(which: str) -> None:
    """The same check as the jsonschema test, with a small validator, so it always runs."""
    schema = json.loads(run("schema").stdout)
    document: Any
    if which == "minimal":
        document = yaml.load(MINIMAL.read_text(encoding="utf-8"), Loader=_PlainLoader)
    elif which == "dates":
        document = yaml.load(DATES.read_text(encoding="utf-8"), Loader=_PlainLoader)
    elif which == "bundled":
        document = yaml.load(bundled_path().read_text(encoding="utf-8"), Loader=_PlainLoader)
    else:
        bundled_path()
        document = json.loads(run("export", "--format", "json").stdout)
    assert _check(document, schema, schema, "$") == []


def test_the_small_validator_catches_mistakes() -> None:
    schema = json.loads(run("schema").stdout)
    document = yaml.load(MINIMAL.read_text(encoding="utf-8"), Loader=_PlainLoader)
    document["actors"][0]["kind"] = "persn"
    document["quotes"][0]["sources"] = []
    document["events"][0]["when"] = "30/04/2019"
    document["extra"] = 1
    assert len(_check(document, schema, schema, "$")) == 4

"""The loader's traps: YAML 1.1 booleans, numbers and dates, aliases, tags, duplicate keys."""

from __future__ import annotations

import time

from workflow.yamlsafe import parse


def test_norway_problem_words_stay_text():
    parsed = parse("a: NO\nb: no\nc: yes\nd: off\ne: on\nf: Yes\n")
    assert parsed.problems == []
    assert parsed.data == {"a": "NO", "b": "no", "c": "yes", "d": "off", "e": "on", "f": "Yes"}


def test_numbers_dates_and_times_keep_what_the_user_wrote():
    parsed = parse("a: 0012\nb: 1.10\nc: 2024-05-01\nd: 12:30\ne: 2027-13-01\nf: 1_000\n")
    assert parsed.data == {"a": "0012", "b": "1.10", "c": "2024-05-01", "d": "12:30", "e": "2027-13-01", "f": "1_000"}


def test_null_and_plain_booleans_are_typed_but_quoted_ones_are_text():
    parsed = parse("a:\nb: ~\nc: true\nd: 'true'\ne: False\n")
    assert parsed.data == {"a": None, "b": None, "c": True, "d": "true", "e": False}


def test_duplicate_key_is_located_at_the_second_key():
    parsed = parse("tittel: En\nvisjon: V\ntittel: To\n")
    assert parsed.problems == [((3, 1), "nøkkelen «tittel» står to ganger (første gang på linje 1)")]
    assert parsed.data["tittel"] == "En"


def test_aliases_are_refused_with_position():
    parsed = parse("a: &x [1, 2]\nb: *x\n")
    assert parsed.problems == [((2, 4), "YAML-alias (*navn) er ikke tillatt; skriv verdien ut")]


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    parsed = parse("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0  # refused at the first alias, nothing expanded
    assert parsed.data is None
    assert "alias" in parsed.problems[0][1]


def test_python_object_tags_are_refused():
    parsed = parse("a: !!python/object/apply:os.system ['echo pwned']\nb: !!binary aGVp\n")
    messages = [m for _, m in parsed.problems]
    assert messages == [
        "YAML-taggen tag:yaml.org,2002:python/object/apply:os.system er ikke tillatt",
        "YAML-taggen tag:yaml.org,2002:binary er ikke tillatt",
    ]


def test_xml_invalid_characters_are_located():
    parsed = parse('a: ok\nb: "vertikal\\x0btab"\n')
    assert parsed.problems == [((2, 4), "tegnet U+000B kan ikke stå i et Word-dokument")]


def test_syntax_error_is_located():
    parsed = parse("a: [1, 2\nb: c\n")
    assert parsed.data is None
    (line, _col), message = parsed.problems[0]
    assert line >= 2 and message.startswith("ugyldig YAML")


def test_deep_nesting_is_an_error_not_a_crash():
    parsed = parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert parsed.problems and "nestet" in parsed.problems[0][1]


def test_invalid_utf8_is_located():
    parsed = parse(b"a: ok\nb: \xff\n")
    assert parsed.problems == [((2, 4), "filen er ikke gyldig UTF-8")]

"""The loader's traps: YAML 1.1 booleans, numbers and dates, aliases, tags, duplicate keys."""

from __future__ import annotations


from workflow.plan.yamlsafe import parse


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


def test_billion_laughs_is_refused_at_the_first_alias():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    parsed = parse("\n".join(lines) + "\n")
    # one problem, at the first alias (line 2, column 8): nothing was expanded or walked
    assert parsed.problems == [((2, 8), "YAML-alias (*navn) er ikke tillatt; skriv verdien ut")]
    assert parsed.data is None


def test_python_object_tags_are_refused():
    parsed = parse("a: !!python/object/apply:os.system ['echo pwned']\nb: !!binary aGVp\n")
    messages = [m for _, m in parsed.problems]
    assert messages == [
        "YAML-taggen !!python/object/apply:os.system er ikke tillatt",
        "YAML-taggen !!binary er ikke tillatt",
    ]


def test_xml_invalid_characters_are_located():
    parsed = parse('a: ok\nb: "vertikal\\x0btab"\n')
    assert parsed.problems == [((2, 4), "tegnet U+000B kan ikke stå i et Word-dokument")]


def test_syntax_error_is_located():
    parsed = parse("a: [1, 2\nb: c\n")
    assert parsed.data is None
    (line, _col), message = parsed.problems[0]
    assert line >= 2 and message == "listen i [ ] er ikke lukket med ] (eller det mangler et komma)"


def test_deep_nesting_is_an_error_not_a_crash():
    parsed = parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert parsed.problems and "nestet" in parsed.problems[0][1]


def test_invalid_utf8_is_located():
    parsed = parse(b"a: ok\nb: \xff\n")
    assert parsed.problems == [((2, 4), "filen er ikke gyldig UTF-8")]


# Broken YAML a project group really writes, and what each must not say: PyYAML's English.
BROKEN = {
    "a: b\n- c\n": "liste",
    "a: [1, 2\n": "]",
    "a: {b: 1\n": "}",
    "a: 'uten slutt\n": "anførselstegn",
    'a: "ukjent \\q"\n': "\\q",
    "  a: 1\nb: 2\n": "innrykk",
    "a:\n  - 1\n b: 2\n": "innrykk",
    "a: |x\n  t\n": "|",
    "- a\nb: 1\n": "liste",
    "a: @x\n": "«@»",
    "a: `x\n": "«`»",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n": "%YAML",
    "a: &x 1\nb: &x 2\n": "&x",
    "a: b\n---\nc: d\n": "ett YAML-dokument",
    "{a: 1}}\n": "}",
    "a: [b]c\n": "anførselstegn",
    "a: 'x'y\n": "anførselstegn",
    'a: "\\u12"\n': "\\u",
    "a: |\n  x\n y\n": "innrykk",
    "a: *\n": "*",
    "a:\n  b: 1\n c: 2\n": "innrykk",
    "a: b\nc\n": "kolon",
}
ENGLISH = ("expected", "found", "but ", "while ", "could not", "not allowed", "occurrence", "stream")


def test_yaml_syntax_errors_are_explained_in_norwegian():
    for text, hint in BROKEN.items():
        parsed = parse(text)
        assert parsed.data is None, text
        [((line, col), message)] = parsed.problems
        assert line >= 1 and col >= 1
        assert not any(word in message for word in ENGLISH), (text, message)
        assert hint in message, (text, message)


def test_a_line_without_colon_is_reported_where_it_stands():
    assert parse("a: b\nc\nd: e\n").problems[0][0] == (2, 1)

"""Word-level text differences: words with æøå stay whole, punctuation and spaces are kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.text.wordiff import DELETE, EQUAL, INSERT, new_text, old_text, tokens, word_diff


def test_tokens_keep_norwegian_words_whole_and_lose_nothing():
    text = "Næringsforum på Røros, «lokalmat» og   grønn omstilling – 2020–2028!"
    parts = tokens(text)
    assert "".join(parts) == text
    assert "Næringsforum" in parts and "Røros" in parts and "lokalmat" in parts
    assert "," in parts and "«" in parts and "!" in parts and "   " in parts


def test_changed_word_before_comma_leaves_the_comma_alone():
    parts = word_diff("Etablere et næringsforum, med fire møter.", "Etablere et næringsråd, med fire møter.")
    assert parts == [
        (EQUAL, "Etablere et "),
        (DELETE, "næringsforum"),
        (INSERT, "næringsråd"),
        (EQUAL, ", med fire møter."),
    ]


def test_neighbouring_changed_words_read_as_one_change():
    parts = word_diff("fire bedriftsmøter i året", "seks årlige samlinger i året")
    assert parts == [(DELETE, "fire bedriftsmøter"), (INSERT, "seks årlige samlinger"), (EQUAL, " i året")]


def test_added_sentence_and_punctuation_change():
    parts = word_diff("Øke rekrutteringen.", "Øke rekrutteringen; også blant unge i Åsgrenda!")
    assert (EQUAL, "Øke rekrutteringen") in parts
    assert old_text(parts) == "Øke rekrutteringen."
    assert new_text(parts) == "Øke rekrutteringen; også blant unge i Åsgrenda!"
    assert all(op != DELETE or text == "." for op, text in parts)


def test_empty_sides():
    assert word_diff("", "Ny tekst") == [(INSERT, "Ny tekst")]
    assert word_diff("Gammel tekst", "") == [(DELETE, "Gammel tekst")]
    assert word_diff("", "") == []
    assert word_diff("Lik tekst.", "Lik tekst.") == [(EQUAL, "Lik tekst.")]


def test_line_breaks_are_kept():
    parts = word_diff("Første avsnitt.\n\n- punkt én", "Første avsnitt.\n\n- punkt to")
    assert new_text(parts) == "Første avsnitt.\n\n- punkt to"
    assert (DELETE, "én") in parts and (INSERT, "to") in parts


_alphabet = st.sampled_from(list("abcæøåÆØÅ .,;:!?«»–-\n\t0123"))


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=60), st.text(_alphabet, max_size=60))
def test_diff_rebuilds_both_texts(old, new):
    parts = word_diff(old, new)
    assert old_text(parts) == old
    assert new_text(parts) == new
    assert all(text for _, text in parts)
    assert all(a[0] != b[0] for a, b in zip(parts, parts[1:]))  # neighbours merged

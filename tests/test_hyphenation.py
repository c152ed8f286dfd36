"""Line-end hyphens (edition.hyphenation.decide) and the Dutch word list behind them (edition.wordlist).

The cleaning fixtures (tests/fixtures/cleaning-hyphens.txt) test whole snippets with the real OpenTaal
list; here each rule is tested on its own, most of them with a small word list of our own, so that
a rule that stops working fails here even when the real list happens to know the word.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from edition.cleaning import hyphenation, lexicon, wordlist
from edition.errors import EditionError
from edition.cleaning.hyphenation import Evidence, decide
from edition.pipeline import clean_text


def small_list(*words: str, forbidden: tuple[str, ...] = ()) -> wordlist.WordList:
    return wordlist.WordList(frozenset(words), frozenset(forbidden))


@pytest.fixture
def words(monkeypatch):
    """Replace the OpenTaal list by a few words: `words("a", "b")`."""
    def use(*entries: str, forbidden: tuple[str, ...] = ()) -> None:
        wl = small_list(*entries, forbidden=forbidden)
        monkeypatch.setattr(wordlist, "load", lambda: wl)
    return use


NONE = Evidence([])


# --- the word list --------------------------------------------------------------------------------

def test_real_list_is_loaded_once_and_has_hyphenated_entries():
    wl = wordlist.load()
    assert wl is wordlist.load()
    assert wl.knows("tv-programma") and wl.knows("minister-president") and wl.knows("zwart-wit")
    assert not wl.knows("tvprogramma")
    assert wl.knows("Gewapend")  # a lower-case entry at the start of a sentence
    assert not wl.knows("vooren")  # "Vooren" is a place: its lower-case form is no word
    assert wl.is_name("Poetin") and not wl.is_name("Regering")


def test_missing_list_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(wordlist, "WORD_LIST", tmp_path / "geen-lijst")
    wordlist.load.cache_clear()
    try:
        with pytest.raises(EditionError) as info:
            clean_text("Een tekst met een af-\ngebroken woord aan het einde van de\nregel, zoals gewoonlijk.\n",
                       "x.txt")
    finally:
        wordlist.load.cache_clear()
    problem = info.value.problems[0]
    assert problem.where == str(tmp_path / "geen-lijst")
    assert "woordenlijst ontbreekt" in problem.what
    assert "bash scripts/install-system-deps.sh" in problem.fix and "wdutch" in problem.fix


def test_hunspell_stems_forbidden_forms_and_ligature():
    words, forbidden = wordlist.parse_hunspell("4\nbinnengeleidt/Fw\nvrĳstelling/Ze\n-BV\nkoppel/Cx\nhuis\n")
    assert forbidden == {"binnengeleidt"}
    assert words == {"vrijstelling", "huis"}  # "-BV" and a compound-only stem are no words on their own


def test_forbidden_form_is_not_a_word():
    wl = small_list("binnengeleid", "binnengeleidt", forbidden=("binnengeleidt",))
    assert wl.knows("binnengeleid") and not wl.knows("binnengeleidt")


def test_hyphen_heads_count_hyphenated_and_joined_entries():
    wl = small_list("tv-programma", "tv-toestel", "tv-kijker", "tv-Amerika", "oudpapier", "papier", "oud-minister")
    assert wl.hyphen_heads["tv"] == 3  # "tv-Amerika" (a capital after the hyphen) does not count
    assert wl.joined_heads("oud") == 1 and wl.joined_heads("tv") == 0


# --- each rule --------------------------------------------------------------------------------------

def test_signature_keeps_its_defaults(words):
    words("gewapend")
    assert decide("ge-", "wapend").join


def test_soft_hyphen_always_joins(words):
    words("minister-president")
    v = decide("minister\u00ad", "president", "", NONE)
    assert v.join and not v.doubtful and "U+00AD" in v.reason
    assert decide("olieraffinaderij\u00ad", "en", "de", NONE).join


def test_word_list_hyphenated_form_keeps(words):
    words("tv-programma", "programma")
    v = decide("tv-", "programma", "", NONE)
    assert not v.join and not v.doubtful


def test_word_list_joined_form_joins(words):
    words("gewapend", "onderhandelingen")
    assert decide("ge-", "wapend", "", NONE).join
    v = decide("onder-", "handelingen", "", NONE)
    assert v.join and "woordenlijst" in v.reason


def test_word_list_sees_the_whole_hyphenated_group(words):
    words("rood-wit-blauw")
    assert not decide("rood-wit-", "blauw", "", NONE).join
    assert not decide("rood-", "wit-blauw", "", NONE).join


def test_text_evidence_beats_the_word_list(words):
    words("vicepremier", "premier")
    ev = Evidence("de vice-premier sprak".split())
    v = decide("vice-", "premier", "", ev)
    assert not v.join and "elders in de tekst" in v.reason


def test_text_evidence_from_a_longer_hyphenated_word(words):
    words("zwart", "wit")
    ev = Evidence("die zwart-witfoto hing".split())
    assert not decide("zwart-", "wit", "", ev).join


def test_hyphen_prefixes_of_the_spelling(words):
    words("minister", "roker", "profit")
    for left, right in (("ex-", "minister"), ("oud-", "minister"), ("niet-", "roker"), ("non-", "profit")):
        v = decide(left, right, "", NONE)
        assert not v.join and "voorvoegsel" in v.reason, (left, v)


def test_vice_is_no_hyphen_prefix(words):
    words("voorzitter")
    assert decide("vice-", "voorzitter", "", NONE).join


def test_first_part_the_list_writes_with_a_hyphen(words):
    words(*(f"interim-{w}" for w in ("kabinet", "bestuur", "manager", "regering", "directeur", "oplossing",
                                     "periode", "voorzitter", "dividend", "rapport")), "akkoord")
    v = decide("interim-", "akkoord", "", NONE)
    assert not v.join and "10 keer met streepje" in v.reason
    words("interim-kabinet", "interimbestuur", "bestuur", "interimrapport", "rapport", "akkoord")
    assert decide("interim-", "akkoord", "", NONE).join  # as often joined as hyphenated: no rule


def test_letter_words_without_vowels(words):
    words("netwerk")
    v = decide("pc-", "netwerk", "", NONE)
    assert not v.join and "klinker" in v.reason


def test_orthography(words):
    words()
    assert not decide("Noord-", "Korea", "", NONE).join
    assert not decide("A4-", "formaat", "", NONE).join
    assert not decide("COVID-19-", "vaccin", "", NONE).join
    assert not decide("EU-", "landen", "", NONE).join
    assert not decide("e-", "mail", "", NONE).join
    v = decide("St.-", "Petersburg,", "", NONE)
    assert not v.join


def test_words_in_capitals_are_decided_in_lower_case(words):
    words("oorlogsmisdaden")
    assert decide("OORLOGS-", "MISDADEN", "", NONE).join
    assert not decide("NOORD-", "KOREA", "", NONE).join


def test_anti_before_an_unknown_formation_keeps_with_doubt(words):
    words("dogmatische", "antilichamen")
    v = decide("anti-", "dogmatische", "", NONE)
    assert not v.join and v.doubtful
    assert decide("anti-", "lichamen", "", NONE).join  # the list writes it joined


def test_proper_noun_and_a_lower_case_part_is_doubtful(words):
    words("Poetin", "regime")
    v = decide("Poetin-", "regime", "", NONE)
    assert not v.join and v.doubtful and "eigennaam" in v.reason


def test_coordinate_adjectives_keep_with_doubt(words):
    words("economisch", "politieke")
    v = decide("economisch-", "politieke", "", NONE)
    assert not v.join and v.doubtful


def test_vowel_clash_keeps(words):
    words("zee", "egel")
    assert not decide("zee-", "egel", "", NONE).join


# --- suspended compounds ----------------------------------------------------------------------------

def test_suspended_when_x_en_is_no_word(words):
    words("nadelen", "voordelen", "delen")
    v = decide("voor-", "en", "nadelen", NONE)
    assert not v.join and v.space and not v.doubtful


def test_x_en_that_is_a_word_joins(words):
    words("olieraffinaderijen", "olieraffinaderij")
    v = decide("olieraffinaderij\u2010", "en", "de", NONE)
    assert v.join and not v.doubtful and "geen weglatingsstreepje" in v.reason
    assert decide("olieraffinaderij-", "en", "raffinage", NONE).doubtful  # a content word follows


def test_x_en_that_is_a_word_but_the_next_word_completes_x(words):
    words("landen", "landbouw", "tuinbouw", "bouw")
    v = decide("land-", "en", "tuinbouw", NONE)
    assert not v.join and v.space and v.doubtful


def test_a_name_does_not_make_x_en_a_word(words):
    words("Vooren", "nadelen")
    assert not decide("voor-", "en", "nadelen", NONE).join


# --- the typesetter's own character -----------------------------------------------------------------

WEASYPRINT_TOKENS = "de NAVO-top en Noord-Korea".split()


def test_u2010_in_a_text_that_writes_its_hyphens_as_hyphen_minus_is_the_typesetters(words):
    words("minister-president", "zwart-wit")
    ev = Evidence(WEASYPRINT_TOKENS)
    assert ev.typesetter_hyphen() == hyphenation.HYPHEN
    v = decide("minister-pre\u2010", "sident", "", ev)
    assert v.join and "U+2010" in v.reason
    v = decide("zwart\u2010", "wit", "", ev)  # the list knows "zwart-wit": joined, but doubtful
    assert v.join and v.doubtful


def test_u2010_is_decided_by_the_rules_when_the_text_uses_it_itself(words):
    words("zwart-wit")
    ev = Evidence("de NAVO\u2010top en Noord-Korea en oud-minister".split())
    assert ev.typesetter_hyphen() is None
    assert not decide("zwart\u2010", "wit", "", ev).join


def test_hyphen_minus_at_a_line_end_is_the_words_own_when_the_typesetter_uses_u2010(words):
    words("olieraffinaderijen")
    ev = Evidence(WEASYPRINT_TOKENS, line_end_hyphens=Counter({"\u2010": 5, "-": 1}))
    v = decide("lidmaatschaps-", "onderhandelingen", "", ev)
    assert not v.join and "U+2010" in v.reason
    assert decide("voor-", "en", "nadelen", ev).space


# --- every verdict explains itself -----------------------------------------------------------------

CASES = [("ge-", "wapend", ""), ("tv-", "programma", ""), ("voor-", "en", "nadelen"), ("Zuid-", "Korea", ""),
         ("anti-", "dogmatische", ""), ("Poetin-", "regime", ""), ("zelfbeschik-", "king", ""),
         ("xq-", "zzv", ""), ("sociaal-", "economische", ""), ("kinder-", "tot", "en"), ("-", "x", ""),
         ("Amster-", "dam", ""), ("olieraffinaderij‐", "en", "de")]


@pytest.mark.parametrize("left,right,nxt", CASES)
def test_every_verdict_gives_a_dutch_reason(left, right, nxt):
    v = decide(left, right, nxt, NONE)
    assert v.reason[0].islower() or v.reason[0] == "‘"
    assert not any(w in v.reason.split() for w in ("the", "word", "hyphen", "list"))


def test_lexicon_facade_uses_the_list():
    assert lexicon.listed("tv-programma") and not lexicon.listed("tvprogramma")
    assert lexicon.listed_common("landen") and not lexicon.listed_common("Vooren")
    assert lexicon.is_name("Poetin") and not lexicon.is_name("Regering")


def test_fixture_file_has_enough_cases():
    text = (Path(__file__).parent / "fixtures" / "cleaning-hyphens.txt").read_text("utf-8")
    ids = [line[4:] for line in text.split("\n") if line.startswith("=== ")]
    assert len(ids) >= 40
    assert sum(i.startswith("join") for i in ids) >= 10 and sum(i.startswith("keep") for i in ids) >= 15
    assert sum(i.startswith("suspended") for i in ids) >= 5

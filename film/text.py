"""Words as the crew compares them: lowercase, letters and digits, inner apostrophes kept ("don't"); and the
content words of a text with their light stems, one implementation for the story engine that tries to carry
the pitch's words and the scorecard that counts whether it did."""

from __future__ import annotations

import re


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")  # where one sentence ends and the next begins


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.lower(), re.U)


def opening_words(text: str, sentences: int = 2) -> int:
    """How many words the first `sentences` sentences of `text` hold, as a prose check counts them after it
    has joined its lines. It never falls as text is appended (a sentence can only end at its close, and no
    word is split by what follows), so once it is over a check's limit, no continuation brings it under: a
    model can stop writing a piece that can no longer pass."""
    flat = " ".join(text.replace("\u200b", "").split())
    return len(words(" ".join(SENTENCE_END.split(flat)[:sentences])))


def short(text: object, limit: int = 80) -> str:
    """Text quoted back in a message, on one line and cut to a readable length."""
    text = " ".join(str(text).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = set("""a an the and or but if of to in on at by for with from into onto over under about after before during
until while as than that this these those there their they them he she her his him it its is are was were be been
being do does did has have had who whom whose which what when where why how all any both each few more most other
some such no nor not only own same so too very can will just one two three must gets get becomes become
our your my me we us you i""".split())


def stem(word: str) -> str:
    """A light suffix stripper: storms/storm, befriends/befriend, teaches/teach, making/mak, stars/star."""
    w = word.lower()
    w = w[:-2] if w.endswith("'s") else w
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + keep
    for suffix, longer in (("ing", 5), ("ed", 4)):
        if w.endswith(suffix) and len(w) > longer:
            w = w[: -len(suffix)]
            return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" else w
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def content_words(text: str) -> list[str]:
    """The text's content words: no stop words, no short words or numbers, each once, in order."""
    out = []
    for w in WORD.findall(text.lower().replace("’", "'")):
        w = w[:-2] if w.endswith("'s") else w
        if w not in STOP and len(w) > 2 and not w.isdigit():
            out.append(w)
    return list(dict.fromkeys(out))


# The function words that give a language away, for the few languages a pitch in Latin letters is most often
# written in besides English. Words shared with English ("a", "in", "die", "den", "con") are left out.
FUNCTION_WORDS = {
    "Spanish": set("el la los las del que y un una unos con por para su sus es está pero muy como cuando se lo "
                   "al sin sobre entre hasta".split()),
    "French": set("le la les des du et une est dans avec pour qui sur pas ne au aux ce cette son sa ses mais "
                  "comme quand".split()),
    "German": set("der das und ein eine einen mit ist nicht zu im dem des auf sich wird sie er aber wenn "
                  "nach".split()),
    "Italian": set("il lo gli della delle e che per una nel nella sul è non come ma quando suo sua".split()),
    "Portuguese": set("os um uma com para não do da dos das em no na é que mas como quando seu sua".split()),
}
ENGLISH = STOP | set("lonely finds meets learns tries wants".split())
SCRIPTS = {"CJK": "Chinese or Japanese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
           "ARABIC": "Arabic", "HEBREW": "Hebrew", "CYRILLIC": "a Cyrillic-script language", "GREEK": "Greek",
           "DEVANAGARI": "Hindi", "THAI": "Thai", "BENGALI": "Bengali", "TAMIL": "Tamil", "ARMENIAN": "Armenian",
           "GEORGIAN": "Georgian", "ETHIOPIC": "Amharic"}


def not_english(text: str) -> str | None:
    """The language a pitch seems to be written in when it is not English (the crew writes English only), or
    "no words" when it has no letters at all (only emoji or symbols); None for English, or when unsure. By the
    script of its letters, then, in Latin letters, by its function words against English ones."""
    import unicodedata

    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "no words"
    scripts: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "")
        script = "LATIN" if name.startswith("LATIN") else next((s for s in SCRIPTS if name.startswith(s)), "OTHER")
        scripts[script] = scripts.get(script, 0) + 1
    latin = scripts.pop("LATIN", 0)
    if latin < len(letters) / 2:
        script = max(scripts, key=scripts.get)
        return SCRIPTS.get(script, "a script the crew cannot write")
    found = words(text)
    english = sum(w in ENGLISH for w in found)
    foreign = {lang: sum(w in marks for w in found) for lang, marks in FUNCTION_WORDS.items()}
    lang = max(foreign, key=foreign.get)
    return lang if foreign[lang] >= 2 and foreign[lang] > english else None

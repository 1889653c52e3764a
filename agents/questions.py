"""A pitch asked as a question, told as the statement its story plays: 'Why did the baker lock the door?' is the
story of a baker who locks the door (nobody knows why); 'What if the moon forgot to rise?' is the story of
a moon that forgot to rise. Read from the parse (tools/parse.py: the question word, the auxiliary, the subject),
so any question reads the same way; a sentence that asks nothing stays as it is.
"""

from __future__ import annotations

from tools.parse import parse

WH = ("why", "where", "when", "how", "what", "who", "which")
IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}
PLURAL_SUBJECTS = {"i", "you", "we", "they"}


def third_person(verb: str) -> str:
    """The present tense a singular subject takes: 'lock' -> 'locks', 'hide' -> 'hides', 'carry' -> 'carries'."""
    v = verb.lower()
    if v in IRREGULAR:
        return IRREGULAR[v]
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if v.endswith("y") and len(v) > 1 and v[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,")
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!")) else ".")


def as_statement(sentence: str) -> str:
    """The statement a question pitch plays (see the module's docstring); any other sentence unchanged."""
    if not sentence.rstrip().endswith("?"):
        return sentence
    doc = parse(sentence.rstrip().rstrip("?").rstrip())
    if len(doc) < 3:
        return sentence
    if doc[0].lower_ == "what" and doc[1].lower_ == "if":  # 'What if X?': X is the story
        return _sentence(doc[2:].text)
    wh = doc[0].lower_ if doc[0].lower_ in WH else ""
    if wh in ("who", "what") and doc[0].dep_ in ("nsubj", "nsubjpass"):  # 'Who stole the bike?'
        return _sentence(f"{'someone' if wh == 'who' else 'something'} {doc[1:].text}") + f" Nobody knows {wh}."
    aux = doc[1 if wh else 0]
    if not (aux.pos_ == "AUX" or aux.tag_ == "MD"):
        return sentence
    subject = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.i > aux.i), None)
    if subject is None:
        return sentence
    who = doc[subject.left_edge.i:subject.right_edge.i + 1].text
    rest = doc[subject.right_edge.i + 1:]
    said = aux.text.lower()
    if aux.lemma_ == "do" or aux.tag_ == "MD":  # 'did the baker lock the door' -> 'the baker locks the door'
        verb = next((t for t in rest if t.tag_ in ("VB", "VBP")), None)
        if verb is None:
            return sentence
        singular = subject.tag_ in ("NN", "NNP") and subject.lower_ not in PLURAL_SUBJECTS
        between = doc[rest.start:verb.i].text  # 'never' in 'why do twins never sleep'
        said = f"{between} {third_person(verb.text) if singular else verb.text}".strip()
        rest = doc[verb.i + 1:rest.end] if verb.i + 1 < rest.end else None
    told = _sentence(f"{who} {said} {rest.text if rest is not None else ''}")
    return f"{told} Nobody knows {wh}." if wh else told

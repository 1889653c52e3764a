"""The Writer: treatment (roles, place, beats) and screenplay (action and dialogue), and revisions on notes.

The program owns the structure — how many scenes a runtime holds, which beat each scene plays, who speaks
when and how many lines fit — and the model fills one short piece at a time (a beat sentence, an action
line, a line of dialogue), each checked by agents.wording and retried with a new seed when it fails.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from langgraph.runtime import Runtime

from agents import beats as written_beats
from agents import address, implied, meaning, roles, story, wording
from agents.context import Context, status, turn
from agents.grammar import article
from agents.places import PLACE_WORDS, choose_place, location_for
from agents.premise import complete, premise_for
from agents.reading import place_phrase, read_pitch
from agents.state import CrewState
from film import events
from film.cast import Character
from film.script import Action, Beat, Line, Location, Scene, Treatment
from film.text import STOP
from memory import continuity
from memory.situations import library
from prompts import example_names, render, template
from tools.exchange import ANSWERS, IGNORES, takes_up
from tools.parse import parse

WORDS_PER_SECOND = 2.6  # a calm speaking pace; the shot list uses the same figure
LINE_PAUSE = 0.6


def scene_seconds(seconds: int) -> list[float]:
    """How many scenes a film of this length holds (about 12 s each, one to six) and how long each lasts."""
    n = max(1, min(6, math.ceil(seconds / 12 - 0.01)))
    return [seconds / n] * n


def speaking_seconds(text: str) -> float:
    return len(wording.words(text)) / WORDS_PER_SECOND + LINE_PAUSE


def lines_for(scene_seconds: float) -> int:
    """How many lines of dialogue fit a scene, after a couple of seconds to establish it."""
    return max(1, min(6, round((scene_seconds - 2.5) / 3.2)))


def cue(character: Character) -> str:
    return character.name.split(" ")[0].upper()


# a describing word, never 'before' or 'their' ('one-eyed', 'three-legged' are)
DESCRIBING = rf"(?!(?:{'|'.join(sorted(STOP))})\b(?!-))[\w-]+ "
DETERMINER = r"(?:the |an |a |his |her |their |its |my |our |your |every |each )?"
POSSESSIVES = ("his", "her", "their", "its", "my", "our", "your")
# not a role inside another told apart from it (agents/premise.distinct): 'astronaut' in 'the other astronaut'
TOLD_APART = "".join(f"(?<!{w} )" for w in ("other", "elder", "younger", "youngest", "third", "fourth"))


def named(text: str, characters: list[Character], introduced: set[str] | None = None) -> str:
    """Replace role phrases ('the lighthouse keeper') with the cast's first names. Given `introduced`, a
    character not yet in it is introduced once with the pitch's words for them ('Mara, the lonely lighthouse
    keeper,') and added to it. Two characters of one role are 'the owner' and 'the other owner' (or 'the elder
    brother' and 'the younger brother'), and together 'the two rival owners'."""
    first = {c.id: c.name.split(" ")[0] for c in characters}
    word, det = DESCRIBING, DETERMINER
    # a possessor may describe too ('the witch's apprentice'); a match never starts inside one ('s apprentice')
    adjective = rf"(?:(?:{word}){{0,2}}[\w-]+['’]s )?(?:{word}){{0,2}}" if introduced is not None else ""  # 'late father's'

    def called(group: list[Character], said: str, owner: str = "", det: str = "") -> str:
        names = " and ".join(first[c.id] for c in group)
        if introduced is None or all(c.id in introduced for c in group):
            return names + owner
        introduced.update(c.id for c in group)
        if group[0].role[:1].isupper():  # the pitch's role is the person's own name ('Marisol Quintero')
            return names + owner
        if said.split()[0].lower() in group[0].role.split():  # 'Traveler misses ...': a capital of the sentence
            said = said[:1].lower() + said[1:]
        # 'his dad's signature': his dad Marco's signature; 'her dad': Marco, her dad
        the = det.lower() if det.lower().strip() in POSSESSIVES else "the "
        if owner:  # 'The witch's wand' opening a sentence: 'The witch Sabrina's wand'
            return f"{the[:1].upper() if det[:1].isupper() else the[:1]}{the[1:]}{said} {names}{owner}"
        return f"{names}, {the}{said},"

    def one(m: re.Match, group: list[Character]) -> str:
        """One person's role phrase: the words before it that do not describe it (a verb: 'teaches teenage
        daughter') stay where they stand, before the name."""
        kept = _not_describing(m.string, m.start(2), m.end(2))
        if not kept:
            return called(group, m.group(2), m.group(3) or "", m.group(1))
        return m.group(1) + m.group(2)[:kept] + called(group, m.group(2)[kept:], m.group(3) or "")

    by_role: dict[str, list[Character]] = {}
    for c in characters:
        by_role.setdefault(c.role, []).append(c)
    for role, group in sorted(by_role.items(), key=lambda kv: -len(kv[0])):
        # not a role inside a longer one ('eagle' in 'the eagle huntress')
        r = "".join(f"(?<!{re.escape(o[:-len(role)])})" for o in by_role if o != role and o.endswith(" " + role)) \
            + re.escape(role) + "".join(f"(?!{re.escape(o[len(role):])})" for o in by_role
                                        if o != role and o.startswith(role + " "))
        if len(group) > 1:
            text = re.sub(rf"\b{det}(?:two |three |four |both )?((?:{word}){{0,2}}{r}s)\b",
                          lambda m: called(group, m.group(1)), text,
                          flags=re.I)
            text = re.sub(rf"\b{det}((?:other|younger|second) {adjective}{r})\b",
                          lambda m: called(group[1:2], m.group(1)), text, flags=re.I)
        name = role[:1].isupper()  # a name takes no article and no describing words before it
        text = re.sub(rf"(?<![\w'’-])({det}){TOLD_APART}({'' if name else adjective}{r})\b(['’]s\b)?",
                      lambda m: one(m, group[:1]), text, flags=re.I)
    text = re.sub(r",\s*([.!?;:,])", r"\1", text)
    if introduced is not None:
        text = re.sub(r",\s*$", "", _closes_after_its_clause(_closes_after_place(text)))
    return text[:1].upper() + text[1:]


def _not_describing(text: str, start: int, end: int) -> int:
    """How many characters at the start of the role phrase text[start:end] are a verb of the sentence and what
    comes before it ('teaches teenage daughter', 'Teaching grandma'): a verb that heads its own clause describes no
    one ('grieving' in 'a grieving widower' does; 0 when nothing is cut)."""
    words = [t for t in parse(text) if start <= t.idx < end]
    verbs = [t for t in words[:-1] if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "nmod")
             and "-" not in text[max(0, t.idx - 1):t.idx + len(t.text) + 1]]  # not a word of 'one-eyed'
    verbs += [p for v in verbs for p in v.children if p.dep_ == "prt" and p in words[:-1]]  # 'pay off'
    last = max(verbs, key=lambda t: t.i, default=None)
    return last.idx + len(last.text_with_ws) - start if last is not None else 0


INTRODUCTION = re.compile(r"\b([A-Z][\w'’-]*(?: and [A-Z][\w'’-]*)?), ((?:the|his|her|their|its) [^,]+),")


def _closes_after_its_clause(text: str) -> str:
    """'... realizes Vanessa, the visitor, she is searching is ...': an introduction closes after the clause that
    belongs to its noun (a relative clause or a participle: 'the visitor she is searching', 'the wolf killing
    his goats'; an infinitive is the verb's: 'shows Pell, the nephew, how to shear'), read from the parse of the
    sentence without the name; not inside it."""
    for m in reversed(list(INTRODUCTION.finditer(text))):
        plain = text[:m.start()] + m.group(2) + text[m.end():]
        end = m.start() + len(m.group(2))
        head = next((t for t in parse(plain) if t.idx < end <= t.idx + len(t.text)), None)
        clause = [c for c in head.children if c.i > head.i and c.dep_ in ("relcl", "acl")
                  and not any(t.tag_ == "TO" for t in c.children)] if head else []  # 'teaches her to drive'
        if not clause:
            continue
        last = max((c.right_edge for c in clause), key=lambda t: t.i)
        if head.dep_ in ("nsubj", "nsubjpass", "ROOT") and not any(
                t.pos_ in ("VERB", "AUX") for t in head.doc[last.i + 1:last.sent.end]):
            continue  # the parse let the clause take the sentence's own verb: leave it as it was
        stop = last.idx + len(last.text)
        text = f"{text[:m.start()]}{m.group(1)}, {plain[m.start():stop]},{plain[stop:]}"
    return re.sub(r",\s*([.!?;:,])", r"\1", text)


def _closes_after_place(text: str) -> str:
    """'George, the night cleaner, at a dental clinic notices ...': where the role is held belongs to it, and the
    introduction closes before the verb ('George, the night cleaner at a dental clinic, notices')."""
    m = re.search(r", (?:at|in|on|from|of) ", text)
    if m is None or not re.search(r"\w+, the [^,]+$", text[:m.start()]):
        return text
    rest = text[m.start() + 2:]
    verb = next((t for t in parse(rest) if t.tag_ in ("VBZ", "VBD", "MD") and t.dep_ not in ("relcl", "acl")
                 or t.text in ",.;!?"), None)  # not the verb of the role's own clause ('who judges ...')
    if verb is None or verb.tag_ not in ("VBZ", "VBD", "MD") or verb.i < 2:
        return text
    clause = verb.head if verb.dep_ in ("aux", "auxpass") else verb
    at = min([verb.idx] + [c.idx for c in clause.children if c.i < verb.i and c.dep_ in ("advmod", "neg")])
    return f"{text[:m.start()]} {rest[:at].rstrip()}, {rest[at:]}"  # before 'finally gets', not inside it


def _echo_source(name: str, *texts: str) -> str:
    """What a piece must not copy: the prompt's own examples and the texts it was given."""
    return "\n".join([template(name).template, *texts])


def embedder(runtime: Runtime[Context], node: str):
    """MiniLM through the run's recorder (so a replay embeds nothing), as the story engine calls it."""
    embed = runtime.context.memory.embed if runtime.context.memory is not None else None
    return (lambda texts: embed(texts, node)) if embed else None


def _read(state: CrewState, runtime: Runtime[Context], node: str):
    """The pitch read and planned by the story engine; a person's notes join as direction: the people and
    objects they name join the reading, and each note lands in the beat closest to it in meaning."""
    seconds = scene_seconds(state.pitch.seconds)
    pitch = story.told(state.pitch.text)
    reading = read_pitch(pitch)
    if not reading.people:  # the people it implies, not the nearest library story's
        reading = reading.model_copy(update={"people": implied.people(pitch)})
    premise = premise_for(reading)
    if not premise.played and sum(p.count for p in reading.people) == 1:  # whom the lead's story needs
        reading = reading.model_copy(update={"people": reading.people + implied.people(
            pitch, lead=reading.people[0].role, described=reading.lead)})
    if not reading.place and not premise.played:  # the model names places; a drawn set competes
        status(runtime, "Writer", "choosing the place")
        reading = reading.model_copy(update={"place": _setting(runtime, pitch, reading.roles(), node)})
    reading = complete(reading, premise)
    if state.direction:
        asked = read_pitch(state.direction)
        reading.objects += [o for o in asked.objects if o not in reading.objects]
        reading.content_words += [w for w in asked.content_words if w not in reading.content_words]
        reading.want = asked.want or reading.want
    plan = story.plan_premise(premise, seconds, reading) if premise.played else \
        story.plan_story(pitch, seconds, reading)
    if state.direction:
        sims = meaning.similarities(state.direction, [s.beat for s in plan.scenes])
        target = plan.scenes[max(range(len(sims)), key=sims.__getitem__)]
        target.beat = f"{target.beat} {_sentence(state.direction)}"
        target.must_carry += [w for w in story.content_words(state.direction) if w not in target.must_carry]
    return reading, plan, premise


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def treatment(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Read the pitch (who, where, which objects, what someone wants and what stands in the way), choose the
    dramatic situation it plays, and lay out one beat per scene in the pitch's own words."""
    pitch, node = state.pitch.text, "writer.treatment"
    status(runtime, "Writer", "reading the pitch")
    with meaning.embedding(embedder(runtime, node)):
        reading, plan, premise = _read(state, runtime, node)
    roles = reading.roles()[:4]
    while len(roles) < 2:
        roles.append("stranger")
    setting = reading.place
    beats = [Beat(index=s.index, function=s.function, summary=s.beat, seconds=s.seconds, purpose=s.purpose,
                  wants=s.wants, must_carry=s.must_carry) for s in plan.scenes]
    result = Treatment(logline=pitch, roles=roles, setting=setting, beats=beats, reading=reading,
                       situation=plan.situation, premise=premise)
    who = ", ".join(f"{p.count} × {p.role}" if p.count > 1 else p.role for p in reading.people)
    read = "; ".join(f"{k}: {v}" for k, v in (("who", who), ("where", setting), ("when", reading.time),
                                               ("objects", ", ".join(reading.objects)), ("wants", reading.want),
                                               ("in the way", reading.obstacle)) if v)
    told = (f"The premise ({premise.situation}): {premise.told()}" if premise.played else
            f"The nearest situation of the library ({premise.situation}, cosine {premise.similarity:.2f}) is another "
            "story: it lends the lines only its example exchanges.")
    text = (f"I read the pitch — {read}. {told} It plays as {plan.situation} in {len(beats)} scene(s) of "
            f"{state.pitch.seconds} s: " + " ".join(f"{b.function.title()} ({b.purpose}): {b.summary}" for b in beats))
    return {"treatment": result, "discussion": [turn(runtime, node, "Writer", "Director", text)]}


def _setting(runtime: Runtime[Context], pitch: str, roles: list[str], node: str) -> str:
    """The main place of a pitch that names none: of SETTINGS places the model names ('a bank', 'the boxing
    ring': those that name somewhere, reading.place_phrase, and no role) and the drawn set closest in meaning to
    the pitch, the one closest to the pitch (MiniLM). The drawn set competes because the small model often
    names a place of no story ('a room', 'the old house' for a nurse's last night shift: a hospital ward)."""
    llm = runtime.context.llm
    role_words = {w for r in roles for w in wording.words(r)} - PLACE_WORDS

    def check(text: str) -> str | None:
        said = wording.phrase(text.split("\n")[0], min_words=1, max_words=10)
        said = place_phrase(said) if said else None
        return said if said and not set(wording.words(said)) & role_words else None

    found = llm.candidates(render("setting", pitch=pitch), node=node, artifact="treatment/setting", check=check,
                           n=SETTINGS, max_tokens=16)
    drawn = article(choose_place("", pitch))
    found = list(dict.fromkeys([*found, drawn]))
    near = meaning.similarities(pitch, found)
    best = max(range(len(found)), key=near.__getitem__)
    runtime.context.recorder.log(events.Choice(node=node, artifact="treatment/setting", chosen=best, candidates=[
        {"text": t, "score": round(x, 4), "why": "the drawn set nearest the pitch" if t == drawn else "the model's"}
        for t, x in zip(found, near)]))
    return found[best]


SETTINGS = 3  # place phrases the model proposes for a pitch that names none
CANDIDATES = 3  # lines the model proposes for each line of dialogue; the program keeps the best
LINE_WORDS = 18  # the most words a line of dialogue may have (in its first two sentences)
# a candidate is stopped once its first two sentences pass LINE_WORDS by more than the words the check strips
# before counting (a cue such as 'MARY-JO:', a list mark): it is refused whatever the model writes next
LINE_STOP_WORDS = LINE_WORDS + 3
REPLY_EXTRA = 2  # a reply gets this many more: of five tries, one more often answers the line before it
FORM = 0.3  # the weight of answering in form within a reply's answer score (MiniLM's meaning is the rest)
LATER = 0.3  # the weight of being answered by the line after it, in a rewrite of a line that has one


def want_of(beat: Beat, speaker: Character, characters: list[Character]) -> str:
    """What the speaker wants in this scene, from the story engine's plan (by role, else by cast order)."""
    if speaker.role in beat.wants:
        return beat.wants[speaker.role]
    wants = list(beat.wants.values())
    index = next((i for i, c in enumerate(characters) if c.id == speaker.id), 0)
    return wants[index % len(wants)] if wants else "to be heard"


PRESENT = 0.2  # what a line loses for 'she' or 'he' where the only one it can mean is standing there


def voice_of(character: Character, premise) -> str:
    """How a character speaks: the library role's manner ('tired, lists facts, goes sharp when hurt') where the
    film plays that role's situation, else the trait casting gave them ('shy and quiet'): two people in a
    scene given two manners sound different."""
    if premise is not None and premise.played:
        for p in premise.people:
            if p.role.lower() == character.role.lower() and p.voice:
                return p.voice
    return character.trait


def _who(character: Character) -> str:
    """'WAYNE, the night nurse' (a role that is the person's own name stays a name)."""
    return cue(character) + ("" if character.role[:1].isupper() else f", the {character.role}")


def people_line(cast: Sequence[Character], premise) -> str:
    """Who is in the scene and how each speaks, as the prompt's 'People:' line gives it."""
    return " ".join(f"{_who(c)}, {voice_of(c, premise).rstrip('.')}." for c in cast)


def examples(premise, function: str, characters: list[Character], k: int = 2) -> str:
    """Example exchanges of the premise's situation, the one written for this beat first, each with who speaks
    and how (the library's `voice`): the base model continues a document in kind when the document shows good
    dialogue of the same kind. Where the film plays the situation, its roles are this film's people, so the
    examples are spoken by this scene's names (WAYNE:, not NIGHT NURSE:) and read as the film's own scenes."""
    if premise is None:
        return ""
    by_role = {c.role.lower(): c for c in characters} if premise.played else {}
    exchanges, beats, voices = premise.exchanges, premise.beats, {p.role: p.voice for p in premise.people}
    if not premise.played:  # another story, told by its own people as its sentence tells it: no pilot called Grandma
        own = next((s for s in library() if s.id == premise.situation), None)
        if own is None:
            return ""
        exchanges, voices = own.exchanges, {p.role: p.voice for p in own.people}
        beats = {b: written_beats.told(text) for b, text in own.beats.items()}
    blocks = []
    for e in sorted(exchanges, key=lambda e: e.beat != function)[:k]:
        roles = list(dict.fromkeys(r for r, _ in e.lines))
        said = {r: cue(by_role[r.lower()]) if r.lower() in by_role else r.upper() for r in roles}
        who = " ".join(f"{_who(by_role[r.lower()]) if r.lower() in by_role else r.upper()}"
                       f"{', ' + voices[r].rstrip('.') if voices.get(r) else ''}." for r in roles)
        scene = beats.get(e.beat, "")
        scene = named(scene, characters) if premise.played else scene
        lines = "".join(f"{said[r]}: {text}\n" for r, text in e.lines)
        blocks.append(f"Story: {premise.description}\nPeople: {who}\nScene: {scene[:1].upper() + scene[1:]}\n{lines}")
    return "\n".join(blocks)


def _write_line(runtime: Runtime[Context], state: CrewState, beat: Beat, scene_beat: str,
                said: list[tuple[Character, str]], speaker: Character, artifact: str, seen: set[str],
                direction: str = "", film: Sequence[str] = (), keep: str = "", stay: float = 0.15,
                cast: Sequence[Character] = (), answered_by: str = "") -> str | None:
    """The best of several lines the model proposes for `speaker`, written knowing the premise (who they are to
    each other, what happened before, what is at stake), the scene's beat, what the speaker wants and the line
    it answers, with example exchanges of the same situation in the prompt; scored by how well it answers that
    line, plays the scene and the speaker's want, keeps to the story, and does not reuse the film's word pairs.
    `film`: every line said so far; `keep`: the line a rewrite replaces, which stands unless a candidate scores
    above it (a rewrite that answers worse is no rewrite). Every candidate and its score is an event (a replay
    makes the same choice); `stay`: the weight of keeping to the story (a rewrite of a line off its beat asks
    more)."""
    node = "writer.screenplay"
    want = want_of(beat, speaker, state.characters)
    scene_text = f"{scene_beat} {direction}".strip()
    dialogue = "".join(f"{cue(c)}: {t}\n" for c, t in said)
    premise = state.treatment.premise if state.treatment is not None else None
    cast = list(cast) or _scene_cast(state.characters, beat.summary)
    if speaker not in cast:
        cast = [speaker, *cast]
    shown = examples(premise, beat.function, state.characters) + "\n" if premise else ""
    told = named(premise.told(), state.characters) if premise and premise.played else ""  # a far one: not this story
    prompt = render("line", pitch=state.story(), premise=f"Premise: {told}\n" if told else "", examples=shown,
                    people=people_line(cast, premise), beat=scene_text, dialogue=dialogue,
                    who=speaker.name.split(" ")[0], want=want, speaker=cue(speaker))
    beat_seen = {wording.norm(s) for s in wording.sentences(scene_beat)}
    own_cue = re.compile(rf"^\s*{re.escape(cue(speaker))}\s*:", re.I)  # the model often repeats the cue
    previous = said[-1][1] if said else ""

    def check(t: str) -> str | None:
        clean = wording.prose(own_cue.sub("", t), min_words=1, max_words=LINE_WORDS,
                              prompt=_echo_source("line", state.pitch.text, scene_beat, shown), seen=seen | beat_seen,
                              banned=example_names("line"))
        clean = clean and address.spoken(address.kin_address(clean, speaker, cast), speaker, state.characters,
                                         state.story(), cast)
        clean = clean if clean and address.addressed(clean, speaker, cast, state.characters) else None
        # a fragment says nothing unless it answers the line before ('On the shelf.' to 'Where is it?')
        return clean if clean and (wording.has_clause(clean) or previous and
                                   takes_up(previous, clean).score >= ANSWERS) else None

    n = CANDIDATES + (REPLY_EXTRA if previous else 0)  # a reply needs more tries to answer
    found = runtime.context.llm.candidates(prompt, node=node, artifact=artifact, check=check, n=n, max_tokens=32,
                                           over_words=LINE_STOP_WORDS)
    if keep and keep not in found:
        found.append(keep)
    forms = [takes_up(previous, t).score if previous else 0.0 for t in found]
    if max(forms, default=0.0) >= ANSWERS:  # one answers: those that ignore the line are refused, not scored
        kept = [i for i, f in enumerate(forms) if f > IGNORES]
        found, forms = [found[i] for i in kept], [forms[i] for i in kept]
    if keep in found and previous:  # a rewrite never answers worse than the line it replaces
        floor = forms[found.index(keep)]
        kept = [i for i, f in enumerate(forms) if f >= floor]
        found, forms = [found[i] for i in kept], [forms[i] for i in kept]
    # a rewrite of a line that a later line answers must still be the line that one answers
    later = [takes_up(t, answered_by).score for t in found] if answered_by else []
    if later and max(later) >= ANSWERS:
        kept = [i for i, f in enumerate(later) if f > IGNORES]
        found, forms, later = [found[i] for i in kept], [forms[i] for i in kept], [later[i] for i in kept]
    if not found:
        runtime.context.recorder.log(events.Choice(node=node, artifact=artifact, candidates=[], chosen=-1))
        return None
    embed = embedder(runtime, node)
    with meaning.embedding(embed):
        v = meaning.vectors([f"{scene_text} {speaker.name.split(' ')[0]} wants {want}.", previous or scene_text,
                           f"{story.told(state.story())} {told}".strip(), *found])
    fit, answer = v[3:] @ v[0], (v[3:] @ v[1] if previous else [0.0] * len(found))
    on_story = v[3:] @ v[2]
    pairs = {p for t in film for p in _pairs(t)}
    scored = [score_line(text, a, f, previous, pairs, float(p), stay, form=m)
              for text, f, a, p, m in zip(found, map(float, fit), map(float, answer), on_story, forms)]
    for s, text in zip(scored, found):
        if address.speaks_of_present(text, speaker, cast, state.characters):
            s["score"] = round(s["score"] - PRESENT, 4)
            s["why"] += ", speaks of someone present as 'she' or 'he'"
    for s, taken in zip(scored, later):
        s["score"] = round(s["score"] + LATER * taken, 4)
        s["why"] += f", answered by the line after it {taken:.2f}"
    best = max(range(len(scored)), key=lambda i: scored[i]["score"])
    runtime.context.recorder.log(events.Choice(node=node, artifact=artifact, candidates=scored, chosen=best))
    return found[best]


def score_line(text: str, answer: float, fit: float, previous: str, pairs: set[tuple[str, str]],
               on_story: float = 0.0, stay: float = 0.15, form: float | None = None) -> dict:
    """One candidate's score: how well it answers the line before (MiniLM; with `form`, how it takes the line up
    by its grammar, tools/exchange.py: a question answered in kind, a request agreed to or refused), fits the
    scene and the speaker's want, keeps to the story (the pitch and its premise); less the share of its word
    pairs the film (or the line itself) already used (distinct-2), and far less when more than half of its words
    only repeat the line it answers. No word of the pitch is asked for: a line is judged as drama, not as
    coverage."""
    meant = answer
    if form is not None and previous:
        answer = (1 - FORM) * answer + FORM * form
    echo = _echo_share(text, previous)
    mine = _pairs(text)
    reused = sum(p in pairs or mine.index(p) < i for i, p in enumerate(mine)) / len(mine) if mine else 0.0
    w_answer, w_fit = (0.65, 0.1) if previous else (0.45, 0.3)  # a reply weighs answering above fitting
    score = w_answer * answer + w_fit * fit + stay * on_story - 0.3 * reused - (1.0 if echo > 0.5 else 0.0)
    parts = f" (MiniLM {meant:.2f}, in form {form:.2f})" if form is not None and previous else ""
    return {"text": text, "score": round(score, 4),
            "why": f"answers {answer:.2f}{parts}, fits {fit:.2f}, on the story {on_story:.2f}, reuses {reused:.2f} "
                   f"of its word pairs, echoes {echo:.2f}"}


def _pairs(text: str) -> list[tuple[str, str]]:
    """A line's word pairs, as distinct-2 counts them."""
    w = story.WORD.findall(text.lower())
    return list(zip(w, w[1:]))


def _echo_share(text: str, previous: str) -> float:
    """The share of a reply's words that only repeat the line it answers."""
    mine, theirs = wording.words(text), set(wording.words(previous))
    return sum(w in theirs for w in mine) / len(mine) if mine and theirs else 0.0


SLEEPING = ("asleep", "sleeping", "unconscious", "in a coma", "comatose")


def asleep(character: Character, beat: str) -> bool:
    """The beat has this person asleep or out cold ('finds the girl asleep', 'a sleeping child'): they say
    nothing in it. Falling asleep is not being asleep: who 'falls asleep holding her hand' spoke before."""
    role, state = re.escape(character.role.lower()), "|".join(SLEEPING)
    text = re.sub(r"\b(?:falls?|falling|fell) (?:asleep|unconscious)\b", "", beat.lower())
    return bool(re.search(rf"\b(?:{state}) (?:[\w-]+ ){{0,2}}{role}\b|\b{role}\b,? (?:(?:is|was|lies|lying|"
                          rf"who|still|now|fast|sound|already) ){{0,3}}(?:{state})\b", text))


# verbs and participles by which a pitch gives an animal speech ('a talking parrot', 'the cat tells the mice')
SPEECH = {"talk", "speak", "say", "tell", "ask", "answer", "reply", "chat", "argue", "whisper", "shout", "sing",
          "narrate", "explain", "gossip", "joke", "confess", "promise", "lecture", "complain"}


def speechless(character: Character, characters: list[Character], pitch: str, lead: str = "") -> bool:
    """An animal in a story with people in it says nothing (it is there, and it acts), unless the pitch gives
    it speech ('a talking parrot', 'a cat who argues') or tells the story through it (it is the `lead`, the
    pitch's subject: 'a detective cat investigates ...'); in a story of animals only, animals talk."""
    if character.kind != "animal" or all(c.kind == "animal" for c in characters):
        return False
    called = {character.role.lower().split()[-1], character.name.lower().split()[0]}
    if called & set(re.findall(r"[a-z']+", lead.lower())):
        return False
    for t in parse(pitch):
        if t.lower_ in called or t.lemma_.lower() in called:
            verbs = [c for c in t.children if c.dep_ in ("amod", "compound", "acl", "relcl")]
            if t.dep_ in ("nsubj", "nsubjpass"):
                verbs.append(t.head)
            if any(v.lemma_.lower() in SPEECH for v in verbs):
                return False
    return True


def mute(character: Character, state: CrewState) -> bool:
    """`speechless` for a character of this film."""
    reading = state.treatment.reading if state.treatment is not None else None
    return speechless(character, state.characters, state.pitch.text, reading.lead if reading is not None else "")


def _scene_cast(characters: list[Character], beat: str) -> list[Character]:
    """Who is in a scene: the people its beat names (a role in the plural, "the fishermen", names all who share
    it, as the singular does: agents/roles.py), with the leads when it names fewer than two: a group the pitch
    counts ("three fishermen") is there whole wherever it is named, so a team or a family is not cut to two.
    Those who speak (`speakers`) come first: one of each role in the order the beat names them, then the others."""
    at = roles.named_by_role(characters, beat)
    cast = sorted((c for c in characters if c.id in at), key=lambda c: at[c.id][0])
    cast += [c for c in characters if c not in cast][:max(0, 2 - len(cast))]
    first = [c for k, c in enumerate(cast) if all(d.role != c.role for d in cast[:k])]
    return first + [c for c in cast if c not in first]


def speakers(cast: list[Character], lines: int) -> list[Character]:
    """Of a scene's people (`_scene_cast`), those who speak: no more than can each say a line."""
    return cast[:max(2, lines)]


def screenplay(state: CrewState, runtime: Runtime[Context]) -> dict:
    node = "writer.screenplay"
    assert state.treatment is not None
    reading = state.treatment.reading
    location = location_for(state.treatment.setting, state.pitch.text,
                            objects=reading.objects if reading is not None else (),
                            region=reading.region if reading is not None else "")
    seen = {wording.norm(s) for s in wording.sentences(state.pitch.text)}
    scenes: list[Scene] = []
    introduced: set[str] = set()
    film: list[str] = []
    for beat in state.treatment.beats:
        scene_id = f"scene-{beat.index}"
        cast = _scene_cast(state.characters, beat.summary)
        awake = [c for c in cast if not asleep(c, beat.summary) and not mute(c, state)] or cast
        # one awake person with a sleeper (or a dog) says one thing to them, not a monologue
        count = lines_for(beat.seconds) if len(awake) > 1 or len(cast) < 2 else 1
        voices = speakers(awake, count)
        scene_beat = named(beat.summary, state.characters, introduced)
        action = scene_beat  # the beat itself, in the pitch's words: the story the scene must tell
        seen.update(wording.norm(s) for s in wording.sentences(action))
        elements: list[Action | Line] = [Action(text=action)]
        said: list[tuple[Character, str]] = []
        for k in range(1, count + 1):
            speaker = voices[(k - 1) % len(voices)]
            status(runtime, "Writer", f"{scene_id}: line {k} ({cue(speaker)})")
            text = _write_line(runtime, state, beat, scene_beat, said, speaker, f"{scene_id}/line-{k}", seen,
                               film=film, cast=cast)
            if text is None:
                continue
            seen.update(wording.norm(s) for s in wording.sentences(text))
            said.append((speaker, text))
            film.append(text)
            elements.append(Line(id=f"{scene_id}/line-{k}", character_id=speaker.id, text=text))
        scenes.append(Scene(id=scene_id, index=beat.index, beat=beat.index, location_id=location.id,
                            characters=[c.id for c in cast], seconds=beat.seconds, elements=elements))
    memory = runtime.context.memory
    memory.remember("locations", [(location.id, f"{location.name}: {location.description}, "
                                                f"{'interior' if location.interior else 'exterior'}, "
                                                f"{location.time_of_day.lower()}",
                                   {**location.model_dump(exclude={"id", "description", "props"}),
                                    "props": ", ".join(location.props), "source": "Writer"})],
                    node=node)
    checked = [record_scene(runtime, state, scene, location, node) for scene in scenes]
    lines = sum(len(s.lines()) for s in scenes)
    text = (f"First draft: {len(scenes)} scenes, {lines} lines of dialogue, all at {location.name}. "
            f"Checked against the ledger: {'; '.join(checked)}.")
    return {"locations": [location], "scenes": scenes,
            "discussion": [turn(runtime, node, "Writer", "Director", text)]}


def record_scene(runtime: Runtime[Context], state: CrewState, scene: Scene, location: Location,
                 node: str) -> str:
    """Check a scene against what the ledger already holds, then write its facts; says what was found."""
    memory = runtime.context.memory
    names = " and ".join(c.name for c in state.characters if c.id in scene.characters)
    earlier = [h for h in memory.recall("continuity", f"{names}: injuries, wardrobe, exits", node=node, n=8)
               if h.meta.get("scene_index", 0) < scene.index]
    carried = [f for f in continuity.ledger(memory, f"scene-{scene.index - 1}") if f.kind == "injury"] \
        if scene.index > 1 else []
    memory.forget("continuity", {"scene_id": scene.id}, node=node)
    facts = continuity.scene_facts(scene, location, state.characters,
                                   f"{state.pitch.text} {state.treatment.setting}", carried)
    continuity.remember_facts(memory, facts, node=node)
    kinds = sorted({f.kind for f in facts if f.kind not in ("presence", "wardrobe", "time")})
    return (f"{scene.id} {len(facts)} facts" + (f" ({', '.join(kinds)})" if kinds else "")
            + (f", {len(earlier)} earlier facts recalled" if earlier else "")
            + (f", carried {len(carried)} injury" if carried else ""))


def revise(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Answer every open note from the Director: rewrite, cut or add, and say which in a reply that quotes it. A
    line with several notes is rewritten once, for all of them (the floor and the weight of the story that each
    asks), not once a note: a second rewrite of the first's result cost as many calls again."""
    node = "writer.revise"
    scenes = [s.model_copy(deep=True) for s in state.scenes]
    by_id = {s.id: s for s in scenes}
    rnd = state.script_round + 1
    replies = []
    for note in [n for n in state.notes if n.to == "Writer" and n.author == "You"]:
        replies.append(_answer_person(runtime, state, scenes, note, rnd))
    crew_notes = [n for n in state.notes if n.to == "Writer" and n.author != "You"]
    rewritten: dict[str, str] = {}  # a line's one rewrite this round, made for all of its notes
    for note in crew_notes:
        scene = by_id[note.target.split("/")[0]]
        seen = {wording.norm(s) for sc in scenes for e in sc.elements for s in wording.sentences(e.text)
                if not (isinstance(e, Line) and e.id == note.target)}
        seen.update(wording.norm(s) for s in wording.sentences(state.pitch.text))
        if note.kind == "no_action":
            beat = named(state.treatment.beats[scene.beat - 1].summary, state.characters)
            scene.elements.insert(0, Action(text=beat))
            done = f"added an action line to {scene.id}: {beat}"
        elif note.kind == "runs_long" and (short := _first_sentence(scene, note.target)) is not None:
            scene.elements = [e.model_copy(update={"text": short}) if isinstance(e, Line) and e.id == note.target
                              else e for e in scene.elements]
            done = f'trimmed {note.target} to its first sentence, "{short}", rather than cut a line of the exchange'
        elif note.kind == "runs_long" and (last := _answering_last(scene, note.target)) is not None:
            scene.elements = [e for e in scene.elements if e is not last]
            done = (f"cut {last.id}, the scene's last line, rather than {note.target}, which the lines after it "
                    f"answer (cut, they would answer nothing)")
        elif note.kind in ("speaker_left", "runs_long"):
            scene.elements = [e for e in scene.elements if not (isinstance(e, Line) and e.id == note.target)]
            done = f"cut {note.target}"
        elif (line := next((e for e in scene.elements if isinstance(e, Line) and e.id == note.target),
                           None)) is None:
            done = f"{note.target} was cut by an earlier note this round, so there is nothing to rewrite"
        elif note.target in rewritten:
            done = f"the rewrite for the note before answers this one too: {rewritten[note.target]}"
        elif note.kind == "drifts" and (sleeper := next(
                (c for c in state.characters if c.id in note.about
                 and asleep(c, state.treatment.beats[scene.beat - 1].summary)), None)) is not None:
            done = f"{sleeper.name.split(' ')[0]} is asleep in {scene.id}, so says nothing there"
        else:
            status(runtime, "Writer", f"rewriting {line.id}")
            cast = {c.id for c in state.characters}
            silent = [c for c in note.about if c in cast] if note.kind == "drifts" else []
            speaker = state.character(silent[0]) if silent else state.character(line.character_id) \
                if line.character_id in cast else state.characters[0]
            beat = state.treatment.beats[scene.beat - 1]
            kinds = {n.kind for n in crew_notes if n.target == line.id}
            drifts = "drifts" in kinds and not silent  # a line off its scene's beat
            text = _write_line(runtime, state, beat, named(beat.summary, state.characters),
                               _said_before(state, scene, line), speaker, f"{line.id}/rev-{rnd}", seen,
                               film=_film_lines(scenes, line),
                               keep=line.text if "no_answer" in kinds or drifts else "",
                               stay=0.45 if drifts else 0.15, cast=_cast_of(state, scene),
                               answered_by=_answer_to(scene, line))
            if text is None:
                scene.elements = [e for e in scene.elements if e is not line]
                done = f"found no better line, so I cut {line.id}"
            elif text == line.text:
                done = f"no rewrite scored above it, so {line.id} stands"
            else:
                line.text, line.character_id = text, speaker.id
                done = f"{line.id} now reads: {cue(speaker)}: {text}"
            rewritten[line.id] = done
        replies.append(turn(runtime, node, "Writer", note.author, _reply(note.text, done)))
    touched = {n.target.split("/")[0] for n in state.notes if n.to == "Writer"}
    if any(n.target == "film" for n in state.notes if n.to == "Writer"):
        touched = {s.id for s in scenes}
    for scene in scenes:
        if scene.id in touched:
            record_scene(runtime, state, scene, state.location(scene.location_id), node)
    return {"scenes": scenes, "notes": [], "script_round": rnd, "discussion": replies}


def _reply(note: str, done: str) -> str:
    """A reply that quotes the note and says what was done, ending once ('now reads: ... Nanna.', not '..')."""
    return f'Re "{note}": {done}' + ("" if done.endswith((".", "!", "?", "…")) else ".")


def _film_lines(scenes: list[Scene], line: Line) -> list[str]:
    """Every line of the film but `line`: what a rewrite of it need not say again."""
    return [e.text for s in scenes for e in s.lines() if e.id != line.id]


def _cast_of(state: CrewState, scene: Scene) -> list[Character]:
    return [c for c in state.characters if c.id in scene.characters]


def _answer_to(scene: Scene, line: Line) -> str:
    """The line after `line` in its scene when another speaker says it: what a rewrite of `line` must still be
    answered by."""
    lines = scene.lines()
    at = next((i for i, e in enumerate(lines) if e.id == line.id), len(lines))
    after = lines[at + 1] if at + 1 < len(lines) else None
    return after.text if after is not None and after.character_id != line.character_id else ""


def _first_sentence(scene: Scene, target: str) -> str | None:
    """A long line of several sentences, cut to its first where that says something (a clause, three words or
    more): trimming a line keeps the exchange that cutting one would break."""
    line = next((e for e in scene.lines() if e.id == target), None)
    said = wording.sentences(line.text) if line is not None else []
    return said[0] if len(said) > 1 and len(wording.words(said[0])) >= 3 and wording.has_clause(said[0]) else None


def _answering_last(scene: Scene, target: str) -> Line | None:
    """The scene's last line, where cutting `target` instead would leave the line after it answering nothing."""
    lines = scene.lines()
    at = next((i for i, e in enumerate(lines) if e.id == target), None)
    if at is None or at + 1 >= len(lines) or lines[at + 1].character_id == lines[at].character_id:
        return None
    return lines[-1]


def _said_before(state: CrewState, scene: Scene, line: Line) -> list[tuple[Character, str]]:
    """The lines of the scene before `line` (by cast members), which a rewrite of it must answer."""
    cast = {c.id: c for c in state.characters}
    said = []
    for e in scene.lines():
        if e.id == line.id:
            break
        if e.character_id in cast:
            said.append((cast[e.character_id], e.text))
    return said


def _answer_person(runtime: Runtime[Context], state: CrewState, scenes: list[Scene], note, rnd: int):
    """A person's note on the screenplay: rewrite the lines it is about (a line, a scene, or all of them) with
    the note as direction, and reply quoting it with what changed."""
    targets = [e for s in scenes for e in s.lines()
               if note.target == "film" or e.id == note.target or e.id.startswith(note.target + "/")]
    cast = {c.id for c in state.characters}
    seen = {wording.norm(x) for s in scenes for e in s.elements for x in wording.sentences(e.text)}
    changed = []
    for line in targets:
        scene = next(s for s in scenes if line.id.startswith(s.id + "/"))
        beat = state.treatment.beats[scene.beat - 1]
        speaker = state.character(line.character_id) if line.character_id in cast else state.characters[0]
        status(runtime, "Writer", f"rewriting {line.id} for your note")
        text = _write_line(runtime, state, beat, named(beat.summary, state.characters),
                           _said_before(state, scene, line), speaker, f"{line.id}/note-{rnd}", seen,
                           direction=note.text, film=_film_lines(scenes, line), cast=_cast_of(state, scene),
                           answered_by=_answer_to(scene, line))
        if text and text != line.text:
            seen.update(wording.norm(x) for x in wording.sentences(text))
            changed.append(f"{line.id} {cue(speaker)}: {text}")
            line.text = text
    done = ("rewrote " + "; ".join(changed)) if changed else "found no better lines, so the screenplay stands"
    return turn(runtime, "writer.revise", "Writer", "You", _reply(note.text, done))
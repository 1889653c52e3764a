"""Casting: one character per role, each with a name, a trait, a fixed look and a fixed voice.

Who each character is comes from the story engine's reading of the pitch (role, kind, sex), or from the role's
words when the reading does not say, or from the pronouns the treatment's beats use for them; a person whose sex
nothing tells is cast as a woman or a man so the cast stays mixed. The model fills a small cast sheet (name, trait,
wardrobe) per role through the JSON-schema seam; the program then dresses the character from who they are (an elder
is grey and slight, a child small, a robot boxy and bald, a ghost pale; a keeper carries a lantern, a detective a
notebook), seeded from the run, and gives them a voice from tools/voice.py's catalogue that fits their kind and sex
and that no one else in the cast has, so they stay recognisable in pictures and by ear. Looks and voices never
change later in the film, and a character reused from the library keeps both.
"""

from __future__ import annotations

import random
import re

from langgraph.runtime import Runtime
from pydantic import BaseModel, field_validator

from agents import wording
from agents.context import Context, status, turn
from agents.people import kind_of
from agents.pronouns import sexes_in
from agents.state import CrewState
from film.cast import Character, Look, VoiceSpec, describe
from film.ids import slug
from film.recorder import derive_seed
from film.story import Person
from film.text import STOP
from memory.names import first_names
from prompts import example_names, render
from tools import lexicon
from tools.image.palette import CLOTHES, COLOURS
from tools.parse import parse
from tools.voice import cast_voice, say_voice

HAIR = {"black": "#1c1c1c", "brown": "#5b3a29", "auburn": "#8d3b1f", "blond": "#d8b45a", "grey": "#a0a0a0",
        "white": "#e8e8e8", "silver": "#bdc3c7"}
# Hair styles the animatic draws (tools/image/figures/look.py reads long, bun, ponytail, curly, braid, bald words).
HAIR_STYLES = {"female": ["long", "bun", "ponytail", "wavy", "short", "curly", "braided"],
               "male": ["short", "curly", "cropped", "swept-back", "short", "receding"],
               "unknown": ["short", "curly", "long", "cropped"]}
PALE = ["white", "cream", "silver", "grey"]  # a ghost's clothes
METAL = ["silver", "grey", "copper", "brass", "rust"]  # a machine's plating
# Accessories a role's words call for (the first word found wins), then per kind and sex a pool to draw from.
ROLE_ACCESSORIES = {"keeper": "lantern", "miner": "lantern", "detective": "notebook",
                    "inspector": "notebook", "writer": "notebook", "journalist": "notebook", "reporter": "notebook",
                    "teacher": "round glasses", "librarian": "round glasses", "professor": "round glasses",
                    "scientist": "round glasses", "doctor": "round glasses", "mail": "satchel", "postman": "satchel",
                    "courier": "satchel", "student": "backpack", "hiker": "backpack", "explorer": "backpack",
                    "pilot": "goggles", "mechanic": "tool belt", "engineer": "tool belt", "builder": "tool belt",
                    "plumber": "wrench", "farmer": "straw hat", "gardener": "straw hat", "fisherman": "knitted beanie",
                    "sailor": "knitted beanie", "captain": "cap", "photographer": "camera", "musician": "headphones",
                    "dj": "headphones", "cowboy": "cowboy hat", "magician": "top hat", "witch": "cloak",
                    "wizard": "cloak", "king": "cape", "queen": "necklace", "shepherd": "staff", "chef": "apron tie",
                    "baker": "flower", "lawyer": "tie", "banker": "tie", "guard": "cap", "soldier": "helmet"}
KIND_ACCESSORIES = {"elder": ["cane", "round glasses", "pocket watch", "knitted scarf", "wool cardigan pin"],
                    "child": ["backpack", "cap", "knitted beanie", "satchel", "book"],
                    "machine": ["tool belt", "antenna lamp", "wrench", "headphones"],
                    "spirit": ["locket", "lantern", "cloak", "pendant"],
                    "animal": ["bell necklace", "scarf", "cap"],
                    "female": ["scarf", "earrings", "necklace", "wide-brimmed hat", "umbrella", "satchel", "locket",
                               "flower", "round glasses"],
                    "male": ["cap", "tie", "pocket watch", "satchel", "scarf", "wide-brimmed hat", "round glasses",
                             "fedora hat", "knitted beanie"],
                    "unknown": ["scarf", "satchel", "cap", "round glasses", "umbrella", "backpack"]}
BUILD_WORDS = {"broad": {"big", "giant", "strong", "burly", "guard", "chef", "blacksmith", "wrestler", "soldier"},
               "round": {"jolly", "plump", "stout", "baker", "cook", "innkeeper"},
               "slim": {"thin", "skinny", "dancer", "ballerina", "thief"},
               "tall": {"tall", "lanky", "captain", "queen", "king"}}
BUILDS = {"female": ["slim", "tall", "round", "slim", "broad"], "male": ["tall", "broad", "round", "slim", "tall"],
          "unknown": ["tall", "slim", "broad", "round"]}
WHO = {("human", "female"): "a woman", ("human", "male"): "a man", ("child", "female"): "a girl",
       ("child", "male"): "a boy", ("elder", "female"): "an old woman", ("elder", "male"): "an old man"}
# First names that read as one sex to most viewers (memory/names): a person is given one of their own sex, and when
# the pitch does not say the sex, the name decides it, so what people hear matches the name they read.
FIRST_NAMES = first_names()
KIND_WORDS = {"machine": "a machine", "animal": "an animal", "spirit": "a spirit", "human": "a person",
              "child": "a child", "elder": "an elder"}
FALLBACK_NAMES = {"female": ["Mara Quinn", "Ines Calder", "Ruth Ellery", "Ada Lind", "Nell Harper"],
                  "male": ["Theo Vance", "Jonah Pike", "Felix Moreau", "Oscar Bell", "Sami Okafor"]}


class CastSheet(BaseModel):
    """What the model writes for one role; every field is checked before it is accepted."""

    name: str
    trait: str
    wardrobe: str

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if wording.name(v, set()) is None:
            raise ValueError("not a name")
        return wording.name(v, set())

    @field_validator("trait", "wardrobe")
    @classmethod
    def _phrase(cls, v: str) -> str:
        text = wording.phrase(v, min_words=1, max_words=8)
        if text is None:
            raise ValueError("not a short phrase")
        return text


def who_is(role: str, person: Person | None, pitch: str, first: bool, told: str = "unknown") -> tuple[str, str]:
    """(kind, sex) of the character playing `role`: the story engine's reading of the pitch where it says,
    else the role's own words ('old', 'girl', 'robot'), for the first role the pitch's pronouns, and last the
    pronouns the treatment's beats use for them (`told`: agents/pronouns.py)."""
    kind = person.kind if person is not None else "human"
    sex = person.sex if person is not None else "unknown"
    own_kind, own_sex = kind_of(role)
    kind = own_kind if kind == "human" else kind
    if sex == "unknown" and kind != "machine":
        pronouns = set(wording.words(pitch)) if first and person is None else set()
        sex = (own_sex if own_sex != "unknown" else "female" if pronouns & {"she", "her"} else
               "male" if pronouns & {"he", "his", "him"} else told)
    return kind, sex


def settle_sex(kind: str, sex: str, cast_sexes: list[str], rng: random.Random) -> str:
    """A sex for a person nothing in the pitch sexes, so the cast stays mixed: the one the cast has fewer of,
    a seeded coin on a tie. Machines stay unknown; animals and spirits keep what they were read as."""
    if sex != "unknown" or kind in ("machine", "animal", "spirit"):
        return sex
    women, men = cast_sexes.count("female"), cast_sexes.count("male")
    if women != men:
        return "female" if women < men else "male"
    return rng.choice(["female", "male"])


def _pick(options: list[str], used: set[str], rng: random.Random) -> str:
    fresh = [o for o in options if o not in used]
    return rng.choice(fresh or options)


def design_look(role: str, wardrobe: str, kind: str, sex: str, rng: random.Random, used: set[str],
                used_accessories: set[str] | None = None) -> Look:
    """A look that follows from who the character is, drawn with the character's own seeded `rng` so casts
    differ from run to run: clothes colours from the wardrobe's words (else a colour no one in the cast wears;
    a ghost's are pale, a machine's metal), a silhouette from kind and build words (a child short, a robot boxy,
    an elder slight or round), hair from kind and sex (an elder grey or white, a robot none), and an accessory
    the role calls for (a keeper's lantern) or one from the kind's or sex's pool no one else in the cast wears."""
    ws = set(wording.words(role))
    wardrobe_words = wording.words(wardrobe)
    used_accessories = used_accessories if used_accessories is not None else set()
    own = [COLOURS[w] for w in wardrobe_words if w in CLOTHES]
    pool = PALE if kind == "spirit" else METAL if kind == "machine" else list(CLOTHES)
    free = [COLOURS[n] for n in pool if COLOURS[n] not in used] or [COLOURS[n] for n in pool]
    if kind == "spirit":
        own = [c for c in own if c in {COLOURS[n] for n in PALE}]
    main = next((c for c in own if c not in used), None) or rng.choice(free)
    accent_pool = [COLOURS[n] for n in CLOTHES if COLOURS[n] != main]
    accent = next((c for c in own if c != main), None) or rng.choice(accent_pool)
    used.add(main)
    if kind == "machine":
        silhouette = "boxy"
    elif kind in ("child", "animal"):
        silhouette = "short"
    elif kind == "elder":
        silhouette = rng.choice(["slim", "round"])
    elif kind == "spirit":
        silhouette = rng.choice(["tall", "slim"])
    else:
        silhouette = next((b for b, keys in BUILD_WORDS.items() if ws & keys), None) or rng.choice(BUILDS[sex])
    if kind == "machine":
        hair, hair_colour = "none", COLOURS["silver"]
    elif kind == "animal":
        colour = rng.choice(["brown", "black", "auburn", "grey", "white"])
        hair, hair_colour = f"{colour} fur", HAIR[colour]
    else:
        colour = (rng.choice(["grey", "white", "silver"]) if kind == "elder" else "white" if kind == "spirit"
                  else rng.choice(["black", "brown", "auburn", "blond", "black", "brown"]))
        styles = HAIR_STYLES[sex]
        if kind == "elder" and sex == "male":
            styles = ["short", "receding", "bald", "cropped"]
        elif kind == "elder" and sex == "female":
            styles = ["bun", "short", "curly", "wavy"]
        elif kind == "spirit":
            styles = ["long flowing", "wispy"]
        style = rng.choice(styles)
        hair = "bald" if style == "bald" else f"{colour} {style}"
        hair_colour = HAIR[colour]
    by_role = next((ROLE_ACCESSORIES[w] for w in wording.words(role) if w in ROLE_ACCESSORIES), None)
    if by_role is None or by_role in used_accessories:
        pool_key = kind if kind in KIND_ACCESSORIES else sex
        by_role = _pick(KIND_ACCESSORIES[pool_key], used_accessories, rng)
    accessory = by_role
    if not any(w in COLOURS for w in accessory.split()) and rng.random() < 0.6:
        accessory = f"{rng.choice([n for n in CLOTHES if COLOURS[n] not in (main,)])} {accessory}"
    used_accessories.add(by_role)
    return Look(palette=[main, accent, hair_colour], silhouette=silhouette, wardrobe=wardrobe, hair=hair,
                accessory=accessory)


def match_reused(roles: list[str], candidates: list[Character]) -> dict[int, Character]:
    """Give each reused character the role closest in meaning (greedy, best pairs first), one role each."""
    if not candidates:
        return {}
    from memory.embedding import MiniLMEmbedding

    embed = MiniLMEmbedding()
    r, c = embed(roles), embed([f"the {x.role}. {describe(x)}" for x in candidates])
    pairs = sorted(((float(sum(a * b for a, b in zip(r[i], c[j]))), i, j) for i in range(len(roles))
                    for j in range(len(candidates))), reverse=True)
    chosen: dict[int, Character] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in chosen and j not in used:
            chosen[i] = candidates[j].model_copy(update={"role": roles[i]})
            used.add(j)
    return chosen


def _kind_words(kind: str, sex: str) -> str:
    return KIND_WORDS.get(kind, kind) + (f" ({sex})" if sex != "unknown" else "")


def _people(state: CrewState) -> dict[str, Person]:
    """The story engine's reading of each role (kind, sex), by role."""
    reading = state.treatment.reading if state.treatment is not None else None
    return {p.role: p for p in reading.people} if reading is not None else {}


def _reads_as_other_sex(name: str, sex: str) -> bool:
    """A first name most viewers read as the other sex than the one the character is cast as ('Fiona, the
    boyfriend')."""
    first = name.split(" ")[0].lower()
    return sex in ("female", "male") and any(first in names for x, names in FIRST_NAMES.items() if x != sex)


def own_sex_name(name: str, sex: str, kind: str, rng: random.Random, taken: set[str]) -> str:
    """The model's name, or, for a person whose first name viewers would not read as their sex ('Skeeter' for
    a woman, an invented word), a first name of that sex from memory/names with the model's surname kept. A
    robot, an animal or a spirit may be called anything."""
    first, _, rest = name.partition(" ")
    if kind not in ("human", "child", "elder") or sex not in FIRST_NAMES or first.lower() in FIRST_NAMES[sex]:
        return name
    firsts = {t.split(" ")[0].lower() for t in taken}
    choices = sorted(n for n in FIRST_NAMES[sex] if n not in firsts)
    return " ".join([rng.choice(choices).title(), rest]).strip() if choices else name


def _stock_name(sex: str, rng: random.Random, taken: set[str], otherwise: str) -> str:
    """A stock first name of the sex not yet taken, for a role whose every sheet the model wrote failed."""
    names = FALLBACK_NAMES.get(sex, FALLBACK_NAMES["female"] + FALLBACK_NAMES["male"])
    return next((n for n in rng.sample(names, len(names)) if wording.name(n, taken)), otherwise)


def trait_words(trait: str) -> set[str]:
    """A trait's words that say something ('tired but kind' -> tired, kind)."""
    return set(wording.words(trait)) - STOP


def _stock_sheet(name: str) -> CastSheet:
    return CastSheet(name=name, trait="quiet and determined", wardrobe="plain work clothes")


def _garments(sent) -> list[str]:
    """The garments (WordNet) a sentence names, with their words ('a red coat' -> 'red coat')."""
    return [" ".join(t.text for t in chunk if t.pos_ != "DET" and t.dep_ != "poss") for chunk in sent.noun_chunks
            if chunk.root.pos_ == "NOUN" and lexicon.is_a(chunk.root.lemma_.lower(), "garment")]


def asked_to_wear(direction: str, role: str, name: str) -> list[str]:
    """What people's notes ask this character to wear ('Dress the keeper in a red coat.' -> ['red coat']): the
    garments of each note sentence that names them by role or first name. The model takes a note in only now
    and then, and a person who asked for a coat must see it on screen."""
    called = {role.lower().split()[-1], name.split(" ")[0].lower()}
    sents = parse(direction).sents if direction.strip() else []
    return list(dict.fromkeys(g for sent in sents if called & {t.lower_ for t in sent} for g in _garments(sent)))


def worn_in(pitch: str, role: str) -> list[str]:
    """What the pitch dresses the person of this role in ('a man in a clown suit', 'a girl wearing an army jacket',
    'a chef tears off his apron', 'its owner's coat'): the garments the parse hangs on the role's own noun, by 'in',
    a clause of wearing or a possessive; not the garments of someone else in the same sentence."""
    head = role.lower().split()[-1] if role.strip() else ""
    doc = parse(pitch)
    nouns = [t for t in doc if t.lower_ == head or t.lemma_.lower() == head]
    sex = lexicon.sex(head) if head else "unknown"
    worn = []
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                worn += [o for o in child.children if o.dep_ == "pobj"]
            elif child.dep_ in ("acl", "relcl") and child.lemma_ in ("wear", "dress"):
                worn += [o for o in child.subtree if o.dep_ in ("dobj", "pobj")]
    worn += [c for o in worn for c in o.children if c.dep_ == "compound"]  # 'in a red dress confronts': misparsed
    for garment in (t for t in doc if t.pos_ == "NOUN" and lexicon.is_a(t.lemma_.lower(), "garment")):
        owner = next((c for c in garment.children if c.dep_ == "poss"), None)
        verb = next((a for a in garment.ancestors if a.pos_ in ("VERB", "AUX")), None)
        doers = [c for v in ([verb, verb.head] if verb is not None and verb.dep_ == "conj" else [verb]) if v is not None
                 for c in v.children if c.dep_ == "nsubj"]
        said = {"her": "female", "his": "male"}.get(owner.lower_, "") if owner is not None else ""
        agrees = said in ("", sex) or sex == "unknown"  # 'her son has hidden her swimsuit': not his
        if owner is not None and (owner in nouns or owner.pos_ == "PRON" and agrees and set(doers) & set(nouns)):
            worn.append(garment)  # 'its owner's coat'; 'a chef ... tears off his apron'

    return list(dict.fromkeys(" ".join([t.text for t in o.lefts if t.dep_ in ("amod", "compound")] + [o.lemma_])
                              for o in worn if o.pos_ == "NOUN" and lexicon.is_a(o.lemma_.lower(), "garment")))


def _story_for_sheets(state: CrewState) -> str:
    """The story the model writes cast sheets from: the pitch and the notes, less the notes' wardrobe sentences,
    which the program puts on itself (shown them, the model dresses everyone in 'dress' from 'Dress the keeper')."""
    kept = [sent.text for sent in parse(state.direction).sents if not _garments(sent)] if state.direction.strip() \
        else []
    return " ".join([state.pitch.text, *kept])


def _dressed(sheet: CastSheet, asked: list[str]) -> CastSheet:
    """The sheet with what the notes ask for put on first, in place of the same garment the model chose ('red
    coat' for 'a long coat'); a sheet that already wears it as asked is kept."""
    have = set(wording.words(sheet.wardrobe))
    wear = [w for w in asked if not set(wording.words(w)) <= have]
    if not wear:
        return sheet
    heads = {wording.words(w)[-1] for w in wear}
    kept = [item for item in re.split(r",\s*|\s+and\s+|\s+with\s+|\s+over\s+", sheet.wardrobe)
            if item.strip() and not set(wording.words(item)[-1:]) & heads]
    items = [*wear, *kept][:3]
    return sheet.model_copy(update={"wardrobe": " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1
                                                             else items)})


def _introduced(c: Character, who: str | None, chosen: bool, note: str) -> str:
    """Casting's line to the Director about one new character: who they are, their manner, look and voice."""
    said = " (the pitch does not say; cast from the name and for a mixed cast)" if chosen else ""
    look = c.look
    hair = "no hair" if look.hair == "none" else look.hair if "fur" in look.hair else f"{look.hair} hair"
    return (f"{c.name} — the {c.role}, {who or _kind_words(c.kind, c.sex)}{said}: {c.trait}; "
            f"wears {look.wardrobe} ({look.silhouette}, {hair}, {look.accessory}); voice: {say_voice(c.voice)}{note}")


def cast(state: CrewState, runtime: Runtime[Context]) -> dict:
    ctx, node = runtime.context, "casting.cast"
    assert state.treatment is not None
    characters: list[Character] = []
    lines = []
    people = _people(state)
    told = _story_for_sheets(state)  # the same for every role
    told_sexes = sexes_in([b.summary for b in state.treatment.beats], state.treatment.roles)
    reused = match_reused(state.treatment.roles, state.reuse_cast)
    taken_names = {c.name for c in reused.values()}
    used_colours = {c.look.palette[0] for c in reused.values()}
    used_accessories = {c.look.accessory for c in reused.values()}
    voices: list[VoiceSpec] = [c.voice for c in reused.values()]
    sexes = [c.sex for c in reused.values()]

    def name_ok(name: str, read_sex: str, own: str, role: str = "") -> bool:
        if own:  # the pitch named them ('Tomás'): that is their name, a surname at most added
            return name == own or name.startswith(own + " ")
        # a role's own word is no name ('Dragon' for the dragon, 'Nurse Kim' for the nurse)
        return wording.name(name, taken_names) is not None and not set(wording.words(name)) & \
            (example_names("character") | set(wording.words(role))) and not _reads_as_other_sex(name, read_sex)

    traits: list[set[str]] = [trait_words(c.trait) for c in reused.values()]

    def trait_ok(trait: str) -> bool:  # two people given one manner speak alike: 'happy and cheerful' twice
        mine = trait_words(trait)
        return not any(mine <= other or other <= mine for other in traits if mine and other)

    for index, role in enumerate(state.treatment.roles):
        if index in reused:
            c = reused[index]
            characters.append(c)
            lines.append(f"{c.name} returns as the {role}, same look and voice ({c.look.wardrobe}; "
                         f"voice: {say_voice(c.voice)})")
            continue
        status(runtime, "Casting", f"casting the {role}")
        rng = random.Random(derive_seed(ctx.recorder.run_seed, f"cast/{index}"))
        kind, read_sex = who_is(role, people.get(role), state.pitch.text, index == 0,
                                told_sexes.get(role, "unknown"))
        sex = settle_sex(kind, read_sex, sexes, rng)
        who = WHO.get((kind, sex))
        own = role if role[:1].isupper() else ""
        asked = f"{role} ({who})" if who else role
        prompt = render("character", pitch=told, role=asked)
        sheet = ctx.llm.fill(CastSheet, prompt, node=node, artifact=f"cast/{slug(role)}-{index + 1}",
                             accept=lambda s: name_ok(s.name, read_sex, own, role) and trait_ok(s.trait),
                             accept_field=lambda field, value: (field != "name" or name_ok(value, read_sex, own, role))
                             and (field != "trait" or trait_ok(value)))
        note = "" if sheet is not None else " (the model's sheets failed the checks; I used a stock name and wardrobe)"
        usable = own if own and wording.name(own, set()) else ""  # a pitch's name the sheet can hold
        sheet = sheet or _stock_sheet(usable or _stock_name(sex, rng, taken_names, f"{role.title()} {index + 1}"))
        if read_sex == "unknown" and kind != "machine":
            first = sheet.name.split(" ")[0].lower()
            sex = next((x for x, names in FIRST_NAMES.items() if first in names), sex)
            who = WHO.get((kind, sex))
        if not own:
            sheet.name = own_sex_name(sheet.name, sex, kind, random.Random(
                derive_seed(ctx.recorder.run_seed, f"cast/{index}/name/{role}/{sheet.name}")), taken_names)
        taken_names.add(sheet.name)
        traits.append(trait_words(sheet.trait))
        sheet = _dressed(sheet, worn_in(state.pitch.text, role) + asked_to_wear(state.direction, role, sheet.name))
        look = design_look(role, sheet.wardrobe, kind, sex, rng, used_colours, used_accessories)
        voice = cast_voice(kind, sex, voices, index)
        voices.append(voice)
        sexes.append(sex)
        cid = f"char-{slug(sheet.name.split(' ')[0], f'{index + 1}')}"
        if any(c.id == cid for c in characters + list(reused.values())):
            cid = f"{cid}-{index + 1}"
        characters.append(Character(id=cid, name=sheet.name, role=role, trait=sheet.trait, look=look,
                                    voice=voice, kind=kind, sex=sex))
        lines.append(_introduced(characters[-1], who, read_sex == "unknown" != sex, note))
    ctx.memory.remember("characters", [(c.id, describe(c), {"name": c.name, "role": c.role, "source": "Casting",
                                                            "character": c.model_dump_json()}) for c in characters],
                        node=node)
    text = "Cast: " + " | ".join(lines)
    return {"characters": characters, "discussion": [turn(runtime, node, "Casting", "Director", text)]}

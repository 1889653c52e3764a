"""Casting: one character per role, each with a name, a trait, a fixed look and a fixed voice.

The model fills a small cast sheet (name, trait, wardrobe) per role through the JSON-schema seam; the program
turns the wardrobe into a palette and silhouette and gives every character a voice no other character has, so
they stay recognisable in pictures and by ear. Looks and voices never change later in the film.
"""

from __future__ import annotations

import random

from langgraph.runtime import Runtime
from pydantic import BaseModel, field_validator

from agents import wording
from agents.context import Context, status, turn
from agents.state import CrewState
from film.cast import Character, Look, VoiceSpec, describe
from film.ids import slug
from film.recorder import derive_seed
from prompts import example_names, render
from tools.image.palette import CLOTHES, COLOURS

HAIR = {"black": "#1c1c1c", "brown": "#5b3a29", "auburn": "#8d3b1f", "blond": "#d8b45a", "grey": "#a0a0a0",
        "white": "#e8e8e8"}
ACCESSORIES = ["red scarf", "round glasses", "wide-brimmed hat", "satchel", "knitted beanie", "pocket watch"]
SILHOUETTE_WORDS = {"boxy": {"robot", "machine", "android", "drone"},
                    "short": {"cat", "dog", "child", "kid", "boy", "girl", "granddaughter", "grandson", "young",
                              "prodigy", "little", "mouse", "fox"},
                    "slim": {"old", "retired", "grandmother", "grandfather", "grandmaster", "elderly", "thin"},
                    "broad": {"big", "giant", "strong", "burly", "guard", "chef"}}
FEMININE = {"woman", "girl", "sister", "mother", "grandmother", "granddaughter", "daughter", "aunt", "queen",
            "she", "her", "lady", "wife", "nurse", "actress", "waitress"}
NONHUMAN = SILHOUETTE_WORDS["boxy"] | {"cat", "dog", "mouse", "fox", "bird", "creature", "alien"}
# Distinct voices: (engine, voice id, semitones, speed). Piper's bundled voice is one male speaker; pitch and
# pace make it several. espeak-ng gives the female and non-human variants.
HUMAN_VOICES = [("piper", "joe-us", 0.0, 1.0), ("piper", "joe-us", -3.0, 0.92), ("piper", "joe-us", 3.0, 1.06),
                ("piper", "joe-us", -5.0, 0.88)]
FEMININE_VOICES = [("espeak-ng", "en-us+f3", 0.0, 1.0), ("espeak-ng", "en-us+f5", 0.0, 0.95),
                   ("piper", "joe-us", 6.0, 1.04)]
NONHUMAN_VOICES = [("espeak-ng", "en-us+m7", 0.0, 0.95), ("espeak-ng", "en+klatt2", 0.0, 1.0)]
FALLBACK_NAMES = ["Mara Quinn", "Theo Vance", "Ines Calder", "Jonah Pike", "Ruth Ellery", "Felix Moreau",
                  "Ada Lind", "Oscar Bell", "Nell Harper", "Sami Okafor"]


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


def _role_words(role: str, pitch: str, first: bool) -> set[str]:
    """Words that describe this role; the pitch's pronouns count for its first-named role only."""
    ws = set(wording.words(role))
    if first:
        ws |= set(wording.words(pitch)) & {"she", "her"}
    return ws


def design_look(role: str, wardrobe: str, index: int, rng: random.Random, used: set[str]) -> Look:
    ws = set(wording.words(role))
    wardrobe_colours = [COLOURS[w] for w in wording.words(wardrobe) if w in CLOTHES]
    free = [COLOURS[name] for name in CLOTHES if COLOURS[name] not in used]
    main = next((c for c in wardrobe_colours if c not in used), None) or rng.choice(free)
    accent = next((c for c in wardrobe_colours if c != main), None) or rng.choice([c for c in free if c != main])
    used.add(main)
    silhouette = next((s for s, keys in SILHOUETTE_WORDS.items() if ws & keys), None)
    silhouette = silhouette or ["tall", "slim", "broad", "round"][index % 4]
    if ws & SILHOUETTE_WORDS["boxy"]:
        hair = "none"
    elif ws & SILHOUETTE_WORDS["slim"]:
        hair = "grey"
    else:
        hair = rng.choice(["black", "brown", "auburn", "blond"])
    hair_colour = HAIR.get(hair, COLOURS["silver"])
    return Look(palette=[main, accent, hair_colour], silhouette=silhouette, wardrobe=wardrobe, hair=hair,
                accessory=ACCESSORIES[index % len(ACCESSORIES)])


def choose_voice(words_: set[str], taken: set[tuple]) -> VoiceSpec:
    if words_ & NONHUMAN:
        order = NONHUMAN_VOICES + HUMAN_VOICES
    elif words_ & FEMININE:
        order = FEMININE_VOICES + HUMAN_VOICES
    else:
        order = HUMAN_VOICES + FEMININE_VOICES
    engine, vid, pitch, rate = next(v for v in order if v not in taken)
    taken.add((engine, vid, pitch, rate))
    return VoiceSpec(engine=engine, voice_id=vid, pitch=pitch, rate=rate)


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


def cast(state: CrewState, runtime: Runtime[Context]) -> dict:
    ctx, node = runtime.context, "casting.cast"
    assert state.treatment is not None
    characters: list[Character] = []
    taken_names: set[str] = set()
    used_colours: set[str] = set()
    taken_voices: set[tuple] = set()
    lines = []
    reused = match_reused(state.treatment.roles, state.reuse_cast)
    for c in reused.values():
        taken_names.add(c.name)
        used_colours.add(c.look.palette[0])
        taken_voices.add((c.voice.engine, c.voice.voice_id, c.voice.pitch, c.voice.rate))
    for index, role in enumerate(state.treatment.roles):
        if index in reused:
            c = reused[index]
            characters.append(c)
            lines.append(f"{c.name} returns as the {role}, same look and voice ({c.look.wardrobe}; "
                         f"{c.voice.engine}:{c.voice.voice_id} {c.voice.pitch:+.0f} st)")
            continue
        status(runtime, "Casting", f"casting the {role}")
        prompt = render("character", pitch=state.story(), role=role)
        sheet = ctx.llm.fill(CastSheet, prompt, node=node, artifact=f"cast/{slug(role)}-{index + 1}",
                             accept=lambda s: wording.name(s.name, taken_names) is not None
                             and not set(wording.words(s.name)) & example_names("character"))
        rng = random.Random(derive_seed(ctx.recorder.run_seed, f"cast/{index}"))
        if sheet is None:
            name = next(n for n in rng.sample(FALLBACK_NAMES, len(FALLBACK_NAMES))
                        if wording.name(n, taken_names))
            sheet = CastSheet(name=name, trait="quiet and determined", wardrobe="plain work clothes")
            note = " (the model's sheets failed the checks; I used a stock name and wardrobe)"
        else:
            note = ""
        taken_names.add(sheet.name)
        look = design_look(role, sheet.wardrobe, index, rng, used_colours)
        voice = choose_voice(_role_words(role, state.pitch.text, index == 0), taken_voices)
        cid = f"char-{slug(sheet.name.split(' ')[0], f'{index + 1}')}"
        if any(c.id == cid for c in characters + list(reused.values())):
            cid = f"{cid}-{index + 1}"
        characters.append(Character(id=cid, name=sheet.name, role=role, trait=sheet.trait, look=look,
                                    voice=voice))
        lines.append(f"{sheet.name} — the {role}: {sheet.trait}; wears {look.wardrobe} ({look.silhouette}, "
                     f"{look.accessory}); voice {voice.engine}:{voice.voice_id} {voice.pitch:+.0f} st x{voice.rate}"
                     f"{note}")
    ctx.memory.remember("characters", [(c.id, describe(c), {"name": c.name, "role": c.role, "source": "Casting",
                                                            "character": c.model_dump_json()}) for c in characters],
                        node=node)
    text = "Cast: " + " | ".join(lines)
    return {"characters": characters, "discussion": [turn(runtime, node, "Casting", "Director", text)]}

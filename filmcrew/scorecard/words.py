"""Word lists the scorecard reads texts with: unasked violent or sexual words, and the words and first names
that say a character is a woman, a man, a child or not human (which voice range fits them)."""

from __future__ import annotations

VIOLENT = set("""kill kills killed killing killer murder murders murdered murderer blood bloody bleed bleeding gun guns
shoot shoots shooting stab stabs stabbed stabbing knife knives corpse bomb bombs weapon weapons strangle strangled
torture tortured slaughter massacre behead gore bullet bullets gunshot""".split())
SEXUAL = set("""sex sexual sexy naked nude nudity orgasm rape raped seduce seduced seduction lust erotic porn
breasts""".split())
FEMALE = set("""woman women girl girls mother mom mum mommy mama she her hers herself daughter granddaughter sister
wife grandmother grandma granny aunt niece lady queen princess nurse actress waitress heroine widow bride nun madam
miss mrs ms""".split())
MALE = set("""man men boy boys father dad daddy papa he him his himself son grandson brother husband grandfather
grandpa uncle nephew king prince gentleman sir mr monk widower groom""".split())
CHILD = set("""child children kid kids young girl boy toddler granddaughter grandson little prodigy teen teenager
schoolgirl schoolboy""".split())
NONHUMAN = set("""robot android machine droid cat dog bird creature ghost alien ai computer""".split())
FEMALE_NAMES = set("""mara nell ada alice anna clara ella emma eva grace hannah iris ivy june lena lily lucy maya mia
nora olive rosa ruby sara sarah sofia zoe elena marie helen jane kate laura linda mary nina rita rose tess""".split())
MALE_NAMES = set("""tom jack sam ben leo max oscar theo finn eli hugo ivan jonah kai liam milo noah omar otto paul
peter rafe tobias victor walter henry james john luke mark adam arthur david frank george""".split())
F0_RANGE = {"woman": (165.0, 255.0), "man": (85.0, 155.0), "child": (250.0, 400.0)}

"""Gestures by meaning: what each physical action (film/performance.py ACTIONS) is for, in plain words, and short
generic sentences of the kinds the blocking (agents/blocking.py) measures lines and scenes against with MiniLM:
lines people say while doing each action, sentences a screenplay's action line tells it with, plain talk and
plain narration that call for no gesture, and the two poles of a scene's mood. Generic speech and narration
throughout, never words from the pitches the films are made of."""

from __future__ import annotations

# what each physical action is for, in plain words: the line's meaning is matched against these
MEANINGS: dict[str, str] = {
    "hug": "They embrace and hold each other close: forgiveness, a reunion after a long time, comfort in grief, "
           "I love you, I missed you so much, we are together again.",
    "handshake": "They shake hands: a deal is agreed, we have an agreement, partners, pleased to meet you, a "
                 "promise between equals.",
    "hand on shoulder": "A hand on the shoulder to comfort and reassure: it will be all right, I am here for "
                        "you, you are not alone, don't worry.",
    "cry": "Weeping, in tears, heartbroken: sobbing over a loss, a death, a grief too heavy to bear; he is gone, "
           "she died, I can't believe I lost them.",
    "head in hands": "Head in the hands in despair: everything is ruined, what have I done, I cannot go on, "
                     "hopeless.",
    "slump": "Shoulders sag in defeat and exhaustion: tired, beaten, giving up, it is no use.",
    "point": "Pointing an accusing finger: it was you, this is your fault, you did this, look there.",
    "arms crossed": "Arms folded, closed and defiant: stubborn refusal, I don't believe you, suspicion, no.",
    "fists": "Fists clenched in fury: rage, shouting, I have had enough, how dare you.",
    "shrug": "A shrug of the shoulders: I don't know, maybe, who knows, it does not matter, whatever.",
    "pace": "Pacing up and down, restless and anxious: worried waiting, nervous, thinking hard about what to do.",
    "turn away": "Turning away in hurt or shame, unable to face the other: leave me alone, I can't look at you.",
    "walk out": "Walking out and leaving for good: I am leaving, goodbye forever, I'm done, the door.",
    "wave": "Waving hello or goodbye from a distance: hi there, see you soon, farewell, over here.",
    "raise glass": "Raising a glass in a toast: to us, cheers, let's celebrate this success and this day.",
    "clink": "Clinking glasses together in celebration: cheers to our friendship, we did it, a toast together.",
    "hand over": "Handing something over to the other person: here, take this, this is for you, a gift, the "
                 "letter, the keys.",
    "drink": "Sipping a drink: a cup of coffee or tea, a glass of wine or a beer at the bar, thirsty, taking a "
             "moment.",
    "eat": "Eating a meal at the table: dinner, food, hungry, the taste of the dish.",
    "write": "Writing with a pen: signing the papers, a note, a letter, a list, the contract.",
    "type": "Typing on a computer keyboard: work, the code, the report, emails, the deadline, the screen.",
    "phone": "Talking on the phone, making or answering a call: hello, who is this, call me, ring.",
    "kneel": "Kneeling down: begging, pleading, proposing marriage, please, I beg you, will you marry me.",
    "sit down": "Sitting down and taking a seat: please sit, let us talk calmly, I need to sit, settle in.",
    "stand up": "Standing up abruptly to make a point or to protest: enough, I won't sit here and listen.",
    "laugh": "Laughing out loud with joy: that's so funny, a joke, ha ha, delight, happiness.",
    "nod": "Nodding in agreement: yes, I understand, of course, you are right, agreed.",
    "head shake": "Shaking the head in disagreement: no, no way, I don't think so, that is not true.",
    "reach out": "Reaching out a hand to the other: come with me, trust me, take my hand, please stay.",
    "cheer": "Both arms thrown up in triumph: cheering a victory, we won, hooray, yes, the crowd goes wild.",
    "carry": "Lifting and carrying something heavy with both hands, straining under the load: heave, pull, "
             "lift it up together, bring it here.",
}
# short lines a person says while doing each: a line is matched against these too, as short lines match short
# lines better than a description does (generic speech, never words from the pitches the films are made of)
EXAMPLES: dict[str, list[str]] = {
    "hug": ["Come here, I missed you so much.", "I love you.", "We're together again at last.",
            "I forgive you, come here.", "I'm so glad you're safe.", "Welcome home."],
    "handshake": ["It's a deal.", "Pleased to meet you.", "We have an agreement.", "Partners, then?",
                  "You have my word."],
    "hand on shoulder": ["It's going to be all right.", "I'm here for you.", "You're not alone.",
                         "Don't worry, I've got you.", "Easy, take a breath."],
    "cry": ["She's gone.", "He died last night.", "I can't believe I lost her.", "I miss him every day.",
            "It hurts so much."],
    "head in hands": ["What have I done?", "Everything is ruined.", "I can't do this anymore.", "It's hopeless."],
    "slump": ["I'm so tired.", "It's no use.", "I give up.", "We lost."],
    "point": ["It was you!", "This is your fault.", "You did this.", "Look over there!", "That one, there."],
    "arms crossed": ["I don't believe you.", "No. I won't do it.", "Prove it.", "I'm not moving."],
    "fists": ["How dare you!", "I've had enough of this!", "Get out of my sight!", "I hate you!"],
    "shrug": ["I don't know.", "Maybe, who knows.", "Whatever.", "It doesn't matter to me."],
    "pace": ["What do we do now?", "We're running out of time.", "Where is he? He should be here by now.",
             "I can't stop thinking about it."],
    "turn away": ["Leave me alone.", "I can't look at you.", "Don't talk to me.", "I'm ashamed."],
    "walk out": ["I'm leaving.", "Goodbye, forever.", "I'm done with you.", "Don't follow me."],
    "wave": ["Hi there!", "See you soon!", "Bye!", "Over here!"],
    "raise glass": ["A toast!", "To us!", "Cheers, everyone.", "Here's to a new beginning."],
    "clink": ["Cheers!", "We did it, cheers!", "To our friendship."],
    "hand over": ["Here, take this.", "This is for you.", "I brought you something.", "Here are the keys.",
                  "Take it, it's yours."],
    "drink": ["I need a drink.", "Have some tea.", "This coffee is good.", "Pour me another glass."],
    "eat": ["I'm hungry.", "This tastes delicious.", "Dinner is ready, let's eat.", "Have some more soup."],
    "write": ["Sign here.", "Let me write that down.", "I'll write you a letter.", "Put your name on the form."],
    "type": ["I'm almost done with the report.", "Let me check my email.", "The code won't compile.",
             "I'll look it up on the computer."],
    "phone": ["Hello? Who is this?", "I'll call you back.", "Answer the phone!", "She's not picking up."],
    "kneel": ["Will you marry me?", "Please, I'm begging you.", "I beg you, forgive me."],
    "cheer": ["We won!", "Yes! Hooray!", "We're the champions!", "Hip hip hooray!"],
    "carry": ["Lift on three!", "It's so heavy.", "Pull, all together!", "Help me carry this."],
    "sit down": ["Please, sit down.", "Take a seat.", "I need to sit.", "Sit with me for a while."],
    "stand up": ["I won't sit here and listen to this!", "Enough! We're leaving.", "Get up, we have to go."],
    "laugh": ["That's hilarious!", "You're so funny.", "Ha! I can't believe it.", "Stop, you're making me laugh."],
    "nod": ["Yes, I understand.", "Of course.", "You're right.", "Okay, agreed."],
    "head shake": ["No, no, no.", "That's not true.", "No way.", "I don't think so."],
    "reach out": ["Come with me.", "Take my hand.", "Trust me.", "Please stay."],
}
# the words that open an answer of yes or of no ("Yes, it's true.", "No!"): sentence vectors hardly tell yes from
# no, and a body that shakes its head on "yes" says the opposite of the words
ASSENT = ("yes", "yeah", "yep", "yup", "sure", "okay", "ok", "aye", "agreed", "absolutely", "exactly", "indeed")
DISSENT = ("no", "nope", "nah", "never")
# lines that call for no gesture: an action is chosen only when the line is nearer to it than to all of these
TALK = ["What time is it?", "Where are you going?", "Tell me what happened.", "Who was that?", "That's my car.",
        "I work here.", "We should check the map.", "It's on the second shelf.", "How long have you lived here?",
        "Did you get my message?", "My sister lives in town.", "The meeting starts at nine."]
# sentences an action line tells each action with (names stand as pronouns: a scene's clause is measured so)
NARRATED: dict[str, list[str]] = {
    "hug": ["They embrace.", "She hugs him tightly.", "He holds her in his arms.", "They are reunited at last."],
    "handshake": ["They shake hands.", "They make a deal.", "He greets her formally."],
    "hand on shoulder": ["She comforts him.", "He puts a hand on her shoulder.", "She reassures him gently."],
    "cry": ["She breaks down in tears.", "He weeps.", "She cries over her loss."],
    "head in hands": ["He despairs.", "She buries her face in her hands."],
    "slump": ["He gives up, exhausted.", "She sinks, defeated."],
    "point": ["She accuses him.", "He blames her."],
    "arms crossed": ["She refuses, defiant.", "He will not listen to her.", "He won't give in."],
    "fists": ["They argue bitterly.", "He shouts at her in anger."],
    "shrug": ["He shrugs it off.", "She shrugs, unsure."],
    "pace": ["He paces nervously.", "She panics, restless."],
    "turn away": ["She turns away from him, hurt.", "He cannot face her."],
    "hand over": ["She hands him the letter.", "He gives her the keys."],
    "raise glass": ["They celebrate.", "He toasts her.", "They raise their glasses."],
    "clink": ["They clink glasses.", "They drink a toast together."],
    "drink": ["He drinks his coffee.", "She pours a glass of wine."],
    "eat": ["They eat dinner.", "He eats his meal."],
    "write": ["She writes a note.", "He signs the papers."],
    "type": ["He works at the computer.", "She types on the keyboard."],
    "phone": ["She calls him.", "He answers the phone."],
    "kneel": ["He kneels before her.", "She falls to her knees."],
    "sit down": ["He sits down beside her.", "She joins him and takes a seat."],
    "laugh": ["They laugh together.", "She jokes and he laughs."],
    "reach out": ["She reaches out to him.", "He pleads with her to stay.", "She begs him to stop."],
    "cheer": ["They cheer.", "He throws his arms up in triumph.", "The crowd celebrates the victory."],
    "carry": ["They lift it together.", "He carries the heavy box.", "She heaves the load up, straining."],
}
# what each action is, as WordNet's verb senses (tools/lexicon.py `verb_kind`): a verb of an action line under one
# of these tells the action outright ('sobs' is under cry.v.02, 'consoles' is comfort.v.01), where sentence
# vectors are unsure ('she gives her a scalpel' comes nearer to despair than to a hand over)
DOING: dict[str, tuple[str, ...]] = {
    "hug": ("embrace.v.02",),
    "handshake": ("shake_hands.v.01",),
    "hand on shoulder": ("comfort.v.01", "calm.v.01"),
    "cry": ("cry.v.02",),
    "head in hands": ("despair.v.01",),
    "point": ("charge.v.02", "indicate.v.02"),
    "arms crossed": ("refuse.v.01", "refuse.v.02"),
    "fists": ("shout.v.01", "argue.v.02"),
    "shrug": ("shrug.v.01",),
    "pace": ("pace.v.01",),
    "turn away": ("turn_away.v.01", "avert.v.02"),
    "walk out": ("walk_out.v.02", "walk_out.v.03"),
    "wave": ("beckon.v.01",),
    "raise glass": ("toast.v.02", "celebrate.v.02"),
    "clink": ("clink.v.01",),
    "hand over": ("give.v.03", "pass.v.05"),
    "drink": ("drink.v.01", "drink.v.02"),
    "eat": ("eat.v.01", "eat.v.02"),
    "write": ("write.v.02", "sign.v.01"),
    "type": ("type.v.01",),
    "phone": ("call.v.03",),
    "kneel": ("kneel.v.01",),
    "sit down": ("sit_down.v.01", "sit.v.01"),
    "stand up": ("arise.v.03",),
    "laugh": ("laugh.v.01",),
    "nod": ("nod.v.01", "nod.v.02"),
    "reach out": ("plead.v.01", "reach.v.03"),
    "cheer": ("cheer.v.02",),
    "carry": ("transport.v.02", "haul.v.01", "drag.v.01"),
}
# plain narration: a beat's sentence opens its scene with an action only when it is clearly nearer to the action
# than to all of these (someone arriving, telling, asking, waiting, remembering)
NARRATION = ["They talk in the room.", "She arrives at the station.", "He tells her about his plans.",
             "They meet on the street.", "She asks him a question.", "He explains the problem to her.",
             "They wait together for the news.", "She remembers the old days.", "He finds out the truth."]
NEAR = "Tenderness and reconciliation: they forgive each other, comfort, trust, love and closeness."
FAR = "A quarrel: anger, accusation, blame, distrust, a bitter argument and coldness between them."

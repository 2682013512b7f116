"""British spellings mapped to American ones, for scoring transcripts: "prioritise" == "prioritize".

Whisper writes either, depending on the model and the prompt; both are the same spoken word, so
a scorer must not count them as errors. Built from stems and suffix families rather than listed
word by word; covers the words common in interviews and workplace talk.
"""

from __future__ import annotations

import functools

# -ise / -isation (British) -> -ize / -ization.
_IZE_STEMS = """apolog author capital categor central character civil colon commercial
conceptual container contextual critic custom decentral digit emphas energ equal familiar
fertil final general global harmon hospital idol incentiv industrial item jeopard journal
legal local maxim memor merchand minim mobil modern monet monopol moral national neutral
normal operational optim organ patron person priorit privat public radical random
rational real recogn revolut sanit scrutin sensit serial social special stabil standard
steril strateg subsid summar symbol sympath synchron theor trivial urban util visual
western""".split()
_IZE_SUFFIXES = (
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("iser", "izer"),
    ("isers", "izers"),
)
# -our (British) -> -or.
_OUR_STEMS = "behavi col fav hon lab neighb hum rum harb flav vig endeav sav arm od rig clam"
_OUR_STEMS_LIST = _OUR_STEMS.split()
_OUR_SUFFIXES = (
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourite", "orite"),
    ("ourites", "orites"),
    ("ourable", "orable"),
    ("ourful", "orful"),
    ("ourless", "orless"),
    ("ourhood", "orhood"),
    ("oural", "oral"),
    ("ourer", "orer"),
)
# -lled / -lling (British) -> -led / -ling, and the -ller nouns.
_LL_STEMS = "trave cance mode labe counse signa fue leve tunne marsha dia equa quarre".split()
_LL_SUFFIXES = (("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("llers", "lers"))
# -re (British) -> -er.
_RE_STEMS = "cent met lit theat fib calib spect meag somb lust"
# -yse (British) -> -yze.
_YSE_STEMS = "anal paral catal"
_YSE_SUFFIXES = (("yse", "yze"), ("ysed", "yzed"), ("yses", "yzes"), ("ysing", "yzing"))

_WORDS = {
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "enrolment": "enrollment",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "instalment": "installment",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "analogue": "analog",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "ageing": "aging",
    "learnt": "learned",
    "burnt": "burned",
    "spelt": "spelled",
    "dreamt": "dreamed",
    "mum": "mom",
    "cosy": "cozy",
    "sceptical": "skeptical",
    "manoeuvre": "maneuver",
    "paediatric": "pediatric",
    "oestrogen": "estrogen",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "storey": "story",
    "plough": "plow",
    "draught": "draft",
    "towards": "toward",
    "afterwards": "afterward",
    "okay": "ok",
}


@functools.cache
def british_to_american() -> dict[str, str]:
    """The whole table, built once."""
    table: dict[str, str] = {}
    families = (
        (_IZE_STEMS, _IZE_SUFFIXES),
        (_OUR_STEMS_LIST, _OUR_SUFFIXES),
        (_LL_STEMS, _LL_SUFFIXES),
        (_YSE_STEMS.split(), _YSE_SUFFIXES),
    )
    for stems, suffixes in families:
        for stem in stems:
            table.update({stem + british: stem + american for british, american in suffixes})
    for stem in _RE_STEMS.split():
        table.update({stem + "re": stem + "er", stem + "res": stem + "ers"})
    table.update(_WORDS)
    return table


def americanize(word: str) -> str:
    """The American spelling of a lower-case word (the word itself when there is none)."""
    return british_to_american().get(word, word)

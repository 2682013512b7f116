"""Word lists for the question rules: closed classes of English plus interview talk.

Kept apart from the rules so they can be read (and extended) as plain data.
"""

from __future__ import annotations

WH_WORDS = frozenset({"what", "why", "how", "where", "when", "who", "which", "whose", "whom"})

AUXILIARIES = frozenset(
    {
        "do", "does", "did", "is", "are", "was", "were", "am", "have", "has", "had",
        "can", "could", "would", "will", "should", "shall", "may", "might",
    }
)  # fmt: skip
# Auxiliaries that still signal a question mid-utterance when followed by "you"
# ("…sounds good can you walk me through"); "is/was you" is usually "the thing is you…".
MIDSTREAM_AUXILIARIES = frozenset(
    {"do", "did", "does", "can", "could", "would", "will", "have", "are", "were", "should"}
)
PERFECT_AUXILIARIES = frozenset({"have", "has", "had"})

SUBJECTS = frozenset(
    {
        "you", "your", "we", "they", "it", "there", "that", "this", "the", "a", "an", "any",
        "anyone", "anybody", "anything", "i", "he", "she", "these", "those", "our", "my",
        "their", "his", "her", "some", "someone", "something", "yourself", "people", "one",
        "everyone", "everything",
    }
)  # fmt: skip
PERFECT_SUBJECTS = frozenset({"you", "we", "they", "there", "anyone", "anybody", "your", "it", "i"})
PERSONAL_PRONOUNS = frozenset({"i", "we", "they", "he", "she", "you", "it"})
# Words before an auxiliary that make it a plain statement ("we can…", "that will…").
STATEMENT_SUBJECTS = PERSONAL_PRONOUNS | {"that", "which", "who", "there", "this", "thank"}
# Singular determiners after a plural-form auxiliary: "do a coding exercise", "have a look"
# are main verbs (imperative or infinitive), never an inverted question.
PLURAL_AUXILIARIES = frozenset({"do", "are", "were", "have"})
SINGULAR_OBJECTS = frozenset({"a", "an", "this", "that", "it"})
PLURAL_QUANTIFIERS = frozenset(
    {"lot", "lots", "few", "couple", "number", "bunch"}
)  # "do a lot of…"
# Relative pronouns: mid-sentence ("an outage which was…") they start a relative
# clause; they ask only when the candidate is the subject ("…which do you prefer").
RELATIVE_WH = frozenset({"which", "who", "whom", "whose"})
# "is there anything…" after a fronted clause ("before we wrap up is there anything…").
EXISTENTIAL_OBJECTS = frozenset({"any", "anything", "anyone", "anybody", "something"})
# Discourse markers: a clause may start right after one of these.
MARKERS = frozenset(
    {
        "so", "okay", "alright", "right", "great", "cool", "perfect", "awesome", "nice",
        "well", "now", "and", "but", "also", "then", "anyway", "anyways", "yeah", "yes",
        "yep", "sure", "thanks", "good", "excellent", "wonderful", "fantastic", "lovely",
        "interesting", "oh", "hey", "hi", "hello", "next", "question", "please", "just",
        "first", "firstly", "finally", "lastly", "secondly", "actually", "basically",
        "plus", "or", "mhm", "gotcha", "brilliant", "fine", "no", "sweet", "amazing",
    }
)  # fmt: skip

# Markers that end the clause before them even mid-utterance ("…sounds great tell me…").
STRONG_MARKERS = frozenset(
    {
        "so", "okay", "alright", "and", "but", "now", "then", "anyway", "anyways", "next",
        "great", "cool", "perfect", "awesome", "excellent", "thanks", "also",
        "wonderful", "fantastic", "brilliant", "gotcha", "please",
    }
)  # fmt: skip

# Verbs that open an imperative interview prompt, with what must follow them.
PROMPT_OBJECT_ME = frozenset({"me", "us"})
GUIDED_TOUR_VERBS = frozenset({"walk", "take", "run", "talk", "lead", "bring"})
THROUGH = frozenset({"through", "thru"})
BARE_PROMPT_VERBS = frozenset(
    {"describe", "explain", "implement", "introduce", "sketch", "outline", "summarize",
     "summarise", "elaborate", "compare", "define", "contrast", "estimate", "diagram"}
)  # fmt: skip
DESIGN_OBJECT_STOP = frozenset({"is", "was", "of", "question", "round", "interview", "team"})
WRITE_OBJECTS = frozenset({"a", "an", "me", "us", "some", "code", "the", "function", "down", "out"})
# "give me a (quick) second": the head noun after "me" and its determiners says it is a stall.
GIVE_STALLS = frozenset(
    {"second", "seconds", "sec", "secs", "moment", "moments", "minute", "minutes", "break", "tick"}
)
STALL_MODIFIERS = frozenset(
    {"a", "an", "one", "two", "few", "couple", "of", "just", "quick", "little", "short", "brief"}
)
SHARE_STOPS = frozenset({"screen", "my", "the", "link", "it", "that", "this"})
THINK_OBJECTS = frozenset({"a", "an", "the", "one", "some", "your"})
LET_US_PROMPTS = frozenset(
    {"talk", "discuss", "dig", "dive", "chat", "hear", "go", "start", "begin"}
)
LET_US_PROMPT_OBJECTS = frozenset(
    {"your", "you", "a", "an", "how", "what", "why", "when", "the", "yourself", "about", "into",
     "with", "through", "over"}
)  # fmt: skip

# "how X" that asks for a degree or manner ("how many", "how familiar"); not "how exciting".
HOW_DEGREE = frozenset(
    {"many", "much", "long", "often", "big", "soon", "familiar", "comfortable", "flexible",
     "come", "so", "well", "far", "large", "old", "quickly", "confident", "important", "quick",
     "fast", "early", "late", "different", "open", "likely", "interested", "experienced",
     "senior", "deep", "deeply", "involved", "hands", "frequently", "strongly", "small"}
)  # fmt: skip
# Words before "tell me"/"walk me through" that make it reported or subordinate speech.
NOT_BEFORE_PROMPT = frozenset(
    {"to", "i", "we", "they", "he", "she", "you", "will", "would", "can", "could", "did",
     "not", "should", "might", "may", "must", "let", "for"}
)  # fmt: skip
TELL_ME_NEXT = frozenset(
    {"about", "more", "how", "what", "why", "when", "where", "which", "who", "a", "an",
     "your", "one", "something", "some", "if", "whether"}
)  # fmt: skip

# Irregular past forms that start subject questions ("what drew you…").
IRREGULAR_PAST = frozenset(
    {"made", "drew", "got", "led", "brought", "took", "went", "kept", "gave", "drove",
     "caught", "taught", "put", "sent", "set", "told", "felt", "held", "won"}
)  # fmt: skip

# A question's prefix made only of these words is preamble and is dropped from its text.
PREAMBLE_WORDS = MARKERS | frozenset(
    {
        "the", "a", "an", "is", "it", "this", "that", "one", "next", "another", "classic",
        "for", "you", "thank", "sharing", "makes", "sense", "got", "let", "us", "move", "on",
        "to", "switch", "gears", "bit", "little", "off", "start", "with", "here", "i", "have",
        "ask", "want", "would", "like", "tricky", "fun", "favorite", "everyone", "same",
        "kind", "of", "going", "my", "part", "section", "technical", "behavioral",
        "questions", "was", "am", "will", "be", "last", "couple", "few", "more", "really",
        "helpful", "appreciate", "sounds", "understood", "clear", "nice", "meet",
        "topic", "change", "gear", "lets", "good", "answer", "thing", "things", "something",
        "different", "we", "now", "time", "over", "area", "quick", "slightly", "bunch",
        "think", "walking", "through", "telling", "about", "in", "mind",
        # greetings said before the first question ("hi, how are you doing? great, so…")
        "how", "are", "doing", "today", "been", "morning", "afternoon", "day",
        "week", "weekend", "hope", "glad", "there", "hi", "hello", "hey",
    }
)  # fmt: skip

# Tags that turn a statement about the candidate into a question ("…, right?").
TAG_ENDINGS = (
    ("right",), ("correct",), ("yeah",), ("no",), ("is", "that", "right"),
    ("is", "that", "correct"), ("is", "that", "true"), ("is", "that", "so"),
    ("is", "not", "it"), ("did", "not", "you"), ("were", "not", "you"), ("am", "i", "right"),
)  # fmt: skip

# Scenario setups: said before a question and kept with it as its context (after any
# leading MARKERS: "so say…" is "say…").
SETUP_OPENERS = (
    "let us say", "imagine", "suppose", "say you", "assume", "picture", "consider",
    "here is the scenario", "you are given", "given", "pretend",
    "two parts", "three parts", "a two part", "this one has two parts", "this has two parts",
)  # fmt: skip

# Short follow-ups that only make sense after the previous question.
FOLLOW_UP_PHRASES = frozenset(
    {
        "why", "how so", "how come", "what happened next", "what happened",
        "what was the outcome", "what was the result", "what did you learn",
        "how did that go", "how did it go", "and then what", "then what", "what then",
        "what else", "such as", "for example", "like what", "meaning", "in what way",
        "how did that turn out", "what was the impact", "what would you change",
        "what would you do differently", "can you give an example",
        "can you give me an example", "can you elaborate", "can you say more",
        "tell me more",
    }
)  # fmt: skip
FOLLOW_UP_OPENERS = frozenset({"and", "so", "but", "also", "then", "plus"})
ANAPHORA = frozenset({"that", "it", "this", "then", "there", "they", "those", "them", "he", "she"})
# A prompt that opens a new topic is never a follow-up, whatever words it shares.
NEW_TOPIC_OPENERS = ("tell me about a time", "describe a situation", "give me an example of a",
                     "tell me about yourself", "walk me through your", "how would you design",
                     "design a", "let us move", "let us switch", "next question")  # fmt: skip

# Words that carry no topic: a follow-up must share something else.
FUNCTION_WORDS = frozenset(
    {
        "the", "a", "an", "of", "to", "for", "with", "about", "at", "in", "on", "from", "into",
        "by", "and", "or", "but", "because", "so", "if", "when", "where", "while", "that",
        "which", "who", "what", "why", "how", "your", "you", "my", "our", "their", "we", "i",
        "is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "can", "could",
        "would", "will", "should", "be", "been", "me", "us", "it", "this", "there", "they",
        "tell", "walk", "through", "time", "more", "some", "any", "one", "just",
        "like", "then", "than", "as", "not", "yourself", "them", "those", "these", "give",
        "example", "describe", "explain", "think", "thing", "things", "really",
    }
)  # fmt: skip

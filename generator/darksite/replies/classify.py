"""Sorting comments into the kinds a reply desk treats differently, each with its reason.

The kinds, in the order they are tested (the first that applies wins):

``sensitive``
    health, bereavement, money, personal data, safety or a minor: answered
    only with the private route, never with details in public;
``hostile``
    abuse, threats, trolling or a false claim spread for effect: no
    argument, ever (no reply, or one calm line to the page for a false
    claim the page answers);
``no-reply``
    thanks, tags, "same here", spam: nothing to answer;
``question``
    a genuine question: answered from the approved text;
``complaint``
    what happened to this person: acknowledged in their own terms, then
    what is being done.

Two rules decide by a comment's shape rather than its words, so that a case
phrased without a listed word is still safe: a remark with a hostile tone
(:func:`hostile_tone`) that asks nothing is hostile, and a first-person
account with a personal stake (:func:`personal_stake`) that is not plainly
about the service is sensitive by default.

Why rules and not a trained model: every decision must come with a reason
a duty manager can read at 3 a.m. ("health: 'dialysis'"), the sensitive
and hostile goals are "every one" and must not move with a retraining, and
no model weights can be downloaded here. The word lists were written from
public reactions to breaches, outages, recalls, accidents and misconduct
cases (sources in ``bench/data/replies/comments.jsonl``) and are measured
on the labelled set in ``docs/replies.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class CommentKind(StrEnum):
    QUESTION = "question"
    COMPLAINT = "complaint"
    SENSITIVE = "sensitive"
    HOSTILE = "hostile"
    NO_REPLY = "no-reply"


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


SENSITIVE_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bereavement", _words(
        r"passed away", r"died", r"dying", r"death", r"funeral", r"bereave\w*", r"widow\w*",
        r"(?:my|our) late", r"lost (?:my|our) (?:husband|wife|mum|mother|dad|father|son"
        r"|daughter|partner|brother|sister|baby|child)", r"killed", r"in memory",
        r"grief", r"grieving", r"rip")),
    ("health", _words(
        r"hospitali[sz]ed", r"hospital", r"a&e", r"ambulance", r"icu", r"intensive care",
        r"medical equipment", r"medical", r"oxygen", r"ventilator", r"dialysis", r"pacemaker",
        r"insulin", r"medication", r"medicine", r"chemo\w*", r"cancer", r"terminal\w*",
        r"disabled", r"disability", r"wheelchair", r"carer", r"illness", r"ill", r"sick",
        r"pregnan\w*", r"mental health", r"anxiety", r"panic attacks?", r"depress\w*",
        r"suicid\w*", r"self[- ]harm", r"injur\w*", r"blisters?", r"scald\w*",
        r"burn(?:ed|t|s)? (?:my|his|her|their|our) (?:hand|arm|leg|face|fingers?|skin)s?",
        r"hurt", r"copd", r"asthma\w*", r"seizures?", r"antidepressants?", r"signed off",
        r"stress", r"shaking", r"can'?t stop (?:shaking|crying)", r"saw everything",
        r"autis\w*", r"dementia", r"alzheimer\w*", r"stroke", r"heart (?:attack|condition)",
        r"telecare", r"life support", r"stair ?lift", r"epilep\w*", r"diagnos\w*",
        r"ptsd", r"trauma\w*", r"counsell?ing", r"fridge for (?:my|her|his) (?:insulin|meds)",
        r"priority services register", r"psr", r"vulnerable")),
    ("money", _words(
        r"overdrawn", r"overdraft", r"debt", r"bailiffs?", r"can'?t afford", r"cannot afford",
        r"can'?t pay", r"cannot pay", r"rent", r"mortgage", r"lost £?\$?€?\d[\d,.]*",
        r"£\d[\d,.]*", r"\$\d[\d,.]*", r"€\d[\d,.]*", r"taken from my (?:bank|account)",
        r"emptied", r"scammed", r"defrauded", r"fraudulent (?:payment|transaction)s?",
        r"money (?:was|has been) (?:taken|stolen)", r"lost (?:my|our) (?:job|income|savings)",
        r"out of pocket", r"benefits", r"universal credit", r"payday")),
    ("safety", _words(
        r"domestic abuse", r"abusive (?:ex|partner|husband|wife)", r"my ex", r"stalk\w*",
        r"restraining order", r"refuge", r"fled", r"in hiding", r"hiding from",
        r"not safe", r"unsafe", r"(?:my|our) (?:husband|wife|partner|son|daughter|brother"
        r"|sister|dad|father|mum|mother)(?:'s)? (?:works|worked|is an? \w+ there|was one|is one"
        r"|was there|is in|phone)", r"is (?:he|she) one of them", r"one of the injured",
        r"afraid for my", r"threaten\w* me", r"harass\w*",
        r"find (?:me|us|where i live)", r"know where i live", r"witness protection",
        r"smell(?:s|ing)? (?:of )?gas", r"sparks", r"smoke", r"on fire", r"caught fire",
        r"assault\w*", r"grop\w*", r"bull(?:y|ied|ying)", r"whistle ?blow\w*",
        r"retaliat\w*", r"speak up", r"spoke up", r"was targeted", r"he targeted",
        r"she targeted", r"touched me", r"inappropriate(?:ly)?")),
    ("a minor", _words(
        r"my (?:\d{1,2}[- ]?(?:year|yr)[- ]?old)", r"\d{1,2}[- ]?(?:year|yr)[- ]?old",
        r"(?:my|our) (?:son|daughter|child|children|kids?|baby|toddler|grandson"
        r"|granddaughter|teen\w*)(?:'s)? (?:was|is|has|were|had|got|details|data|name"
        r"|account|photo|school|hospital|hurt|injured|burned|burnt)", r"under ?age",
        r"(?:a|my) minor", r"school ?child\w*", r"i'?m 1[0-7]\b", r"aged 1[0-7]\b",
        r"i am 1[0-7]\b", r"(?:my|our) (?:son|daughter) is 1[0-7]\b",
        r"(?:my|our) \w+ is 1[0-7]\b", r"newborn", r"foster\w*", r"in care")),
)
"""Each sensitive topic and the words that mark it (read in lower case)."""

PERSONAL_DATA: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an email address", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("a phone number", re.compile(r"(?<![\w/])(?:\+|0)\d[\d ]{8,}\d")),
    ("an account or card number", re.compile(r"(?<![\w/.])\d{6,}(?![\w/])")),
    ("a postcode", re.compile(r"\b[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}\b")),
    ("a date of birth", re.compile(r"\b(?:dob|date of birth|born on)\b")),
    ("an address", re.compile(r"\bmy (?:home )?address is\b|\bi live at\b")),
    ("a password", re.compile(r"\bmy password is\b")),
)
"""Personal data a person has posted in public: the reply must not repeat it, only move it."""

ABUSE = _words(
    r"f+u+c+k\w*", r"fck\w*", r"f\*+k\w*", r"sh[i1]t\w*", r"bullsh\w*", r"crap", r"bastards?",
    r"scum\w*", r"idiots?", r"morons?", r"cretins?", r"clowns?", r"muppets?", r"imbeciles?",
    r"wankers?", r"tossers?", r"twats?", r"pricks?", r"dickheads?", r"arse\w*", r"asshole\w*",
    r"pathetic", r"parasites?", r"vultures?", r"thieves", r"thieving", r"crooks?",
    r"criminals", r"liars?", r"lying", r"greedy", r"shameful", r"disgrace\w*", r"joke of a",
    r"clown show", r"circus", r"rot in", r"burn in hell", r"go bust", r"hope you go",
    r"deserve to", r"sack (?:them|him|her|everyone|the lot)", r"lol+", r"lmao", r"kys",
    r"hang (?:him|her|them)", r"i(?:'ll| will) find (?:you|him|her)", r"boycott\w*",
    r"stupid", r"useless \w+s\b", r"incompetent \w+s\b", r"wake up sheeple", r"sheeple",
    r"hope (?:you|your \w+) (?:burn|die|rot|go bust|get fined)\w*", r"cowards?", r"spineless",
    r"blood on your hands", r"bunch of \w+",
)
"""Abuse, contempt and threats: answered with no argument (no reply by default)."""

FALSE_CLAIM = _words(
    r"sold (?:our|my|the|all|customer\w*)", r"selling (?:our|my|the) data", r"cover[- ]?up",
    r"covering (?:it )?up", r"hiding (?:the|it|something)", r"they knew", r"you knew",
    r"everyone'?s passwords?", r"all (?:the )?passwords", r"card (?:details|numbers) (?:were|was)"
    r" (?:stolen|leaked|taken)", r"(?:was|were) hacked by", r"russian?s?", r"chinese hackers",
    r"on the dark ?web", r"insider job", r"inside job", r"deliberate\w*", r"on purpose",
    r"staged", r"(?:is|was) a lie", r"don'?t believe", r"never (?:happened|told)",
    r"not (?:an )?accident", r"paid (?:them|him|her) off", r"hush money", r"nda",
    r"5g", r"microchip\w*", r"government", r"bribe\w*", r"fake",
)
"""Claims spread for effect; when the page answers one, the reply is a calm pointer to it."""

SPAM = _words(
    r"check (?:out )?my (?:profile|page|bio|channel)", r"dm me for", r"crypto", r"bitcoin",
    r"investment opportunity", r"earn £?\$?\d+", r"click (?:the )?link in (?:my )?bio",
    r"giveaway", r"followers only", r"promo code",
)
"""Spam: no reply, whatever its length."""

POLITE = _words(
    r"thanks?(?: you)?", r"thank u", r"cheers", r"appreciated?", r"well done", r"good job",
    r"great work", r"props", r"kudos", r"respect", r"good to see", r"thoughts (?:are )?with",
    r"praying", r"prayers", r"sending (?:love|strength|hugs)", r"solidarity", r"shared with",
    r"following this", r"took courage", r"stay safe", r"owning (?:it|up)",
)
"""Thanks, praise and sympathy: nothing to answer unless a question or a grievance comes too."""

TINY = _words(r"same(?: here)?", r"me too", r"this", r"\+1", r"bump", r"wow", r"yikes",
              r"oof", r"sigh", r"here we go again", r"following", r"rt", r"ffs")
"""Reactions that are a whole comment only when the comment is a few words long."""

NEGATIVE = _words(
    r"\w+n't", r"(?:do|does|did|is|was|are|were|has|have|had|ca|wo|could|would|should)nt",
    r"no", r"not", r"never", r"nobody", r"no ?one", r"nothing", r"still", r"yet",
    r"worse", r"worst", r"terrible", r"awful", r"appalling", r"unacceptable", r"ridiculous",
    r"shocking", r"useless", r"rubbish", r"poor", r"bad", r"wrong", r"problem", r"issue",
    r"angry", r"furious", r"disappointed", r"fed up", r"sick of", r"worried", r"scared",
    r"error", r"broken", r"damaged", r"missing", r"lost", r"missed", r"waiting", r"waited",
    r"on hold", r"cut off", r"insult\w*", r"down", r"dropping", r"only",
)
"""Words of a grievance: a thank-you that holds one is a complaint."""

_QUESTION_START = re.compile(
    r"(?:^|[.!?]\s+)(?:how|what|when|where|why|who|which|whose|is|are|was|were|will|would|"
    r"can|could|do|does|did|should|shall|has|have|any|am|may|if)\b"
)
_ASKS = _words(r"i want to know", r"i'?d like to know", r"wondering", r"anyone know",
               r"does anyone", r"can someone", r"please (?:tell|explain|confirm|advise|clarify)",
               r"need to know", r"let (?:me|us) know", r"any news", r"any update")
_FIRST_PERSON = _words(r"i", r"i'm", r"i've", r"i'd", r"my", r"me", r"we", r"we've", r"our",
                       r"us", r"mine")
_EXPERIENCE = _words(
    r"still", r"no (?:one|reply|answer|response|call|email|letter|power|internet|signal|water)",
    r"nobody", r"haven'?t", r"hasn'?t", r"didn'?t", r"wasn'?t", r"weren'?t", r"can'?t",
    r"couldn'?t", r"won'?t", r"lost", r"missed", r"cancell?ed", r"charged", r"waited",
    r"waiting", r"on hold", r"hours?", r"days?", r"weeks?", r"without", r"down", r"broke\w*",
    r"failed", r"late", r"never", r"again", r"refused", r"ignored", r"cut off", r"worried",
    r"scared", r"upset", r"angry", r"furious", r"disappointed", r"fed up", r"sick of",
    r"terrible", r"awful", r"appalling", r"unacceptable", r"ridiculous", r"shocking",
    r"useless", r"rubbish", r"worst", r"poor", r"bad", r"wrong", r"problem", r"issue",
    r"complain\w*", r"work from home", r"working from home", r"got (?:a|an|the)",
    r"received", r"phoned", r"called", r"emailed", r"told", r"sent", r"happened",
)


_RELATION = (r"(?:son|daughter|child|children|kids?|baby|boy|girl|husband|wife|partner|mum|mom"
             r"|mother|dad|father|parents?|gran|grandma|grandad|grandpa|nan|nana|grandson"
             r"|granddaughter|brother|sister|aunt|uncle|cousin|nephew|niece|fianc[eé]e?"
             r"|family|friend|flatmate|carer|neighbour|dog|cat)")
STAKE = re.compile(
    r"\b(?:my|our)(?: \w+)? " + _RELATION + r"(?:'s)?\b[^.!?]*?\b(?:was|were|is|has|had|got|went"
    r"|been|ended|left|came|nearly|almost|still|can'?t|couldn'?t|won'?t|wouldn'?t|\w+ed)\b"
    r"|\b(?:happened|done) to (?:me|us|my|our|him|her)\b"
    r"|\b(?:left|made|leaves|makes) (?:me|us)\b"
    r"|\bi (?:was|got|have been|'ve been|ve been|nearly|almost|had to|ended up|can'?t stop"
    r"|couldn'?t stop|haven'?t slept|can'?t sleep)\b"
    r"|\bwe (?:were|nearly|almost|had to|ended up)\b"
)
"""A first-person account with a personal stake: something happened to the person or to
someone close to them. Such an account is taken private by default (a missed sensitive case
costs far more than one complaint answered by message), unless it is plainly about the
service (:data:`SERVICE`)."""

SERVICE = _words(
    r"on hold", r"hold music", r"helpline", r"call (?:centre|center)", r"phone line",
    r"(?:re)?called", r"rang", r"voicemail", r"cut off", r"email\w*", r"e-mail\w*",
    r"letters?", r"text message", r"sms", r"link", r"web ?site", r"web ?page", r"page",
    r"app", r"form", r"log ?in", r"logged", r"password", r"account", r"bill\w*",
    r"invoice", r"credit", r"refund\w*", r"replacement", r"courier", r"deliver\w*",
    r"parcel", r"order\w*", r"router", r"internet", r"broadband", r"wi-?fi", r"signal",
    r"connection", r"engineer", r"appointment", r"(?:no|any) (?:reply|response|answer|word)",
    r"nobody (?:picks up|answers|phoned|called|told)", r"no one (?:answers|picks up|called)",
    r"the news", r"the radio", r"told on the phone", r"was told", r"i was out",
    r"customer service\w*", r"support", r"ticket", r"queue", r"compensat\w*", r"£\d+ credit",
)
"""The organisation's service at issue (contact, accounts, bills, deliveries, the network):
a personal account about these is a plain service complaint, answered in public."""

_CONTEMPT_EMOJI = re.compile("[\U0001F921\U0001F644\U0001F926\U0001F602\U0001F923"
                             "\U0001F4A9\U0001F595\U0001F40D\U0001F92E\U0001F92C]")
HOSTILE_TONE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contempt emoji", _CONTEMPT_EMOJI),
    ("sarcasm", _words(r"typical", r"strikes again", r"another day,? another", r"imagine",
                       r"yeah right", r"oh (?:great|brilliant|wonderful)", r"what a surprise",
                       r"surprise surprise", r"thanks for nothing", r"cheers for nothing",
                       r"as usual", r"classic", r"nice one", r"well done,? (?:you|northwind)",
                       r"good luck with that", r"sure(?:,)? (?:jan|buddy|mate)")),
    ("contempt for the organisation", _words(r"you lot", r"you people", r"your lot",
                                             r"this lot", r"these people", r"what a joke",
                                             r"a joke", r"laughable", r"embarrassing",
                                             r"clueless", r"amateurs?", r"amateur hour")),
)
"""Markers of a hostile tone rather than a topic: contempt, sarcasm, mockery. A remark that
carries one and asks nothing, and is not a sensitive case, gets no reply by default (an
answer would be an argument)."""


def _shouting(text: str) -> str | None:
    """Two or more words of four or more capitals (not model numbers), or "!!"/"?!"."""
    loud = re.findall(r"\b[A-Z]{4,}\b", text)
    if len(loud) >= 2:
        return " ".join(loud[:2])
    run = re.search(r"[!?]*![!?]+", text)
    return run.group(0) if run else None


def hostile_tone(text: str) -> str | None:
    """The first hostility marker in ``text`` as a readable reason, or ``None``."""
    lower = text.lower().replace("’", "'")
    for what, pattern in HOSTILE_TONE:
        found = _found(pattern, lower)
        if found:
            return f"{what}: '{found}'"
    loud = _shouting(text)
    return f"shouting: '{loud}'" if loud else None


def personal_stake(lower: str) -> str | None:
    """The words that show a personal account (not a service complaint), or ``None``."""
    found = _found(STAKE, lower)
    if found is None or SERVICE.search(lower):
        return None
    return found


@dataclass(frozen=True)
class Classification:
    """A comment's kind, why, and for sensitive cases which topics (for routing)."""

    kind: CommentKind
    reason: str
    topics: tuple[str, ...] = ()
    false_claim: bool = False


def _found(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def is_question(text: str) -> bool:
    """Whether ``text`` asks something: a question mark, a question word, or "I want to know"."""
    lower = text.lower()
    return "?" in text or bool(_QUESTION_START.search(lower)) or bool(_ASKS.search(lower))


_PERSONAL = _words(r"i", r"i'm", r"im", r"i've", r"i'd", r"my", r"me", r"mine", r"we", r"we've",
                   r"our", r"us", r"myself")
"""A sensitive word counts only about the person or someone close to them: "who was hurt?"
is a question, "my son was hurt" is a case to take private."""


def classify(text: str) -> Classification:
    """The kind of one comment, with the reason a person can check."""
    lower = text.lower().replace("’", "'")
    topics, reasons = [], []
    if _PERSONAL.search(lower):
        for topic, pattern in SENSITIVE_TOPICS:
            found = _found(pattern, lower)
            if found:
                topics.append(topic)
                reasons.append(f"{topic}: '{found}'")
    for what, pattern in PERSONAL_DATA:
        if pattern.search(lower):
            topics.append("personal data")
            reasons.append(f"personal data: the comment holds {what}")
            break
    abuse = _found(ABUSE, lower)
    if topics and not abuse:
        return Classification(CommentKind.SENSITIVE, "; ".join(reasons), tuple(topics))
    claim = _found(FALSE_CLAIM, lower)
    if abuse:
        return Classification(CommentKind.HOSTILE, f"abuse or contempt: '{abuse}'",
                              false_claim=claim is not None)
    if claim and not is_question(text):
        return Classification(CommentKind.HOSTILE, f"spreads a claim: '{claim}'",
                              false_claim=True)
    stripped = re.sub(r"https?://\S+", " ", lower)
    content = re.findall(r"[a-z]{2,}", re.sub(r"[@#]\w+", " ", stripped))
    if not content:
        return Classification(CommentKind.NO_REPLY, "no words to answer (tags, links or emoji)")
    spam = _found(SPAM, stripped)
    if spam:
        return Classification(CommentKind.NO_REPLY, f"spam: '{spam}'")
    if re.match(r"\s*@\w+", text) and not _PERSONAL.search(
            re.sub(r"^\s*(?:@\w+\s*)+", "", lower)):
        return Classification(CommentKind.NO_REPLY, "addressed to someone else (a tag)")
    asks = is_question(text)
    tone = hostile_tone(text)
    if tone and "?" not in text:
        return Classification(CommentKind.HOSTILE, f"hostile tone, no reply by default: {tone}")
    polite = _found(POLITE, stripped)
    if polite and not asks and not NEGATIVE.search(stripped):
        return Classification(CommentKind.NO_REPLY, f"nothing to answer: '{polite}'")
    tiny = _found(TINY, stripped)
    if tiny and len(content) <= 3 and not asks:
        return Classification(CommentKind.NO_REPLY, f"a reaction: '{tiny}'")
    if asks:
        return Classification(CommentKind.QUESTION, "asks a question")
    stake = personal_stake(lower)
    if stake:
        return Classification(CommentKind.SENSITIVE, f"a personal account: '{stake}' (taken "
                                                     f"private by default)", ("personal",))
    grievance = _found(NEGATIVE, lower) or _found(_EXPERIENCE, lower)
    if _PERSONAL.search(lower):
        return Classification(CommentKind.COMPLAINT, "says what happened to them"
                              + (f": '{grievance}'" if grievance else ""))
    if grievance:
        return Classification(CommentKind.COMPLAINT, f"a concern about the incident: "
                                                     f"'{grievance}'")
    return Classification(CommentKind.NO_REPLY, "a remark with no question or concern in it")

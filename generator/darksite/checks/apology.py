"""Apology rules: the non-apologies that turn a crisis into a second crisis.

Crisis-communication practice (and the research on corporate apologies) is
consistent: an apology repairs trust when it is unconditional, names the wrong
in the active voice, owns it without shifting blame, and does not shrink the
harm. The classic non-apologies each break one of these, and each has its own
rule so that the hint can show the way out:

* ``conditional-apology`` - "if anyone was offended", "to the extent that"
* ``blames-feelings`` - "sorry you feel", "to those who were offended", "perceived"
* ``passive-apology`` - "mistakes were made", "an error occurred"
* ``minimising-apology`` - "any inconvenience", "a small number of customers"
* ``doubts-the-harm`` - "anyone who may have been affected", "alleged"
* ``deflecting-apology`` - "sorry, but...", blaming a supplier, "beyond our control"
* ``regret-not-apology`` - "we regret", "it is unfortunate", "sorry to hear"
* ``stock-apology`` - "we take your privacy very seriously"
* ``apology-names-no-wrong`` - "We apologise." (a hint to say what went wrong)
* ``missing-apology`` - an active critical incident with no apology at all

All patterns are compiled once at import and the analysis of one text is
cached: the checks of 1,000 incidents must take well under two seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from darksite.checks import wording_model
from darksite.checks.memos import text_memo
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import PLACEHOLDER, Gated, prose, word_set
from darksite.model import Incident, Severity

PATH = "apology.text"

_APOLOGY = r"(?:sorry|apologi[sz](?:e|es|ed|ing)|apolog(?:y|ies)|forgive(?:ness)?)"
_FEELINGS = (
    r"(?:offended|upset|disappointed|unhappy|dissatisfied|frustrated|annoyed|concerned"
    r"|confused|bothered|troubled|hurt|let\s+down|inconvenienced|displeased|unsatisfied"
    r"|insulted|angered|angry|aggrieved)"
)
_GROUP = (
    r"(?:anyone|anybody|those|customers|users|people|individuals|passengers|patients"
    r"|members|clients|everyone|families|residents|guests|persons|fans|viewers|readers"
    r"|any\s+(?:\w+\s+)?\w+|all(?:\s+those)?|some\s+(?:of\s+(?:our|the|you)\s+)?\w*)"
)


def _compile(*patterns: str, anchors: str) -> Gated:
    """One pattern of alternatives, gated by ``anchors`` (space-separated; ``_`` for a space)."""
    words = tuple(anchor.replace("_", " ") for anchor in anchors.split())
    return Gated(re.compile("|".join(f"(?:{p})" for p in patterns)), words)


CONDITIONAL = _compile(
    rf"\b{_APOLOGY}(?:\s+(?:to|for)(?:\s+[\w']+){{1,5}}?)?\s+(?:if|in\s+case)\b",
    rf"\b{_APOLOGY}(?:\s+(?:to|for)(?:\s+[\w']+){{1,5}}?)?\s+should\s+(?:anyone|anybody|you|any|we|our|this|it)\b",
    r"\bif\s+(?:\w+\s+){0,6}?(?:offen[cd]\w*|upset|hurt|distress\w*|inconvenienc\w*|disappoint\w*"
    rf"|let\s+(?:\w+\s+)?down|misled|felt|feel)\b[^.!?]{{0,80}}?\b(?:{_APOLOGY}|regret)",
    r"\bif\s+(?:we|i|our\s+\w+|my\s+\w+|this|it|that|anything|any\s+\w+|anyone|anybody|someone"
    r"|you)\s+(?:\w+\s+){0,3}?(?:caused|offended|upset|let\s+\w+\s+down|disappointed"
    r"|inconvenienced|misled|distressed|harmed|took\s+offen[cs]e|came\s+across|come\s+across"
    r"|seemed|appeared|sounded)\b",
    r"\bto\s+the\s+extent\s+(?:that|any|our|we|it|this)\b",
    r"\bin\s?so\s?far\s+as\b",
    r"\bshould\s+(?:anyone|anybody|any\s+\w+|you|our\s+\w+|this|it)\s+(?:\w+\s+){0,2}?have\s+"
    r"(?:been|felt|caused|taken)\b",
    r"\b(?:may|might|could)\s+(?:possibly\s+|potentially\s+|inadvertently\s+|unintentionally\s+)?"
    r"have\s+(?:been\s+)?(?:caused|offended|upset|hurt|inconvenienced|disappointed|distressed"
    r"|harmed|misled|created|resulted\s+in|led\s+to|had)\b",
    r"\bwhatever\s+(?:\w+\s+)?(?:hurt|offen[cs]e|inconvenience|distress|upset|harm|pain)\b",
    anchors=(
        "possibly_have potentially_have inadvertently_have unintentionally_have "
        "if extent so_far sofar should_anyone should_anybody should_you should_any should_we "
        "should_our should_this should_it may_have might_have could_have whatever in_case"
    ),
)

BLAMES_FEELINGS = _compile(
    rf"\b{_APOLOGY}\s+(?:that\s+)?(?:you|they|people|anyone|anybody|customers|those|you\s+all"
    r"|some\s+(?:of\s+(?:our|the|you)\s+)?(?:\w+\s+)?|many\s+(?:of\s+(?:our|the|you)\s+)?(?:\w+\s+)?)"
    r"\s*(?:have\s+|had\s+|may\s+have\s+|might\s+have\s+|still\s+)?(?:feel|felt|feels"
    r"|are\s+feeling|were\s+feeling|took\s+offen[cs]e|taken\s+offen[cs]e|perceived?|view(?:ed)?"
    r"|saw|see|interpreted|found|find|think|thought|believe|believed|experienced"
    rf"|had\s+(?:a|an)\s+(?:\w+\s+)?experience|(?:were|are|was|been|got|became)\s+{_FEELINGS})\b",
    rf"\b(?:to|for|with)\s+{_GROUP}\s+(?:of\s+you\s+)?(?:who|that)\s+(?:may\s+have\s+|might\s+have\s+)?"
    r"(?:feel|felt|feels|believe|believed|think|thought|perceive|perceived|took\s+offen[cs]e"
    r"|have\s+taken\s+offen[cs]e|found|find|interpreted|saw|see|consider|considered"
    rf"|(?:were|was|are|have\s+been|has\s+been|been|felt|feel)\s+{_FEELINGS})\b",
    r"\b(?:offen[cs]e|hurt|upset)\s+(?:was|has\s+been|may\s+have\s+been|might\s+have\s+been|is)\s+"
    r"(?:taken|caused|felt)\b",
    r"\btook\s+offen[cs]e\b", r"\btaken\s+offen[cs]e\b", r"\bhurt\s+feelings\b",
    r"\byour\s+feelings\b", r"\bhow\s+(?:you|people|some|they|customers)\s+(?:feel|felt)\b",
    r"\b(?:perceived|perception|misinterpret\w*|misconstru\w*|out\s+of\s+context"
    r"|came\s+across|come\s+across|comes\s+across|(?:was|were|been)\s+received"
    r"|taken\s+the\s+wrong\s+way|misunderstanding|misunderstood)\b",
    anchors=(
        "feel felt offen perceiv percept view saw see interpret found find think thought believ "
        "experience upset disappoint unhappy dissatisf frustrat annoy concern confus bother "
        "troubl hurt let_down inconvenienc displeas unsatisf insult anger angry aggriev "
        "misconstru context across received wrong_way misunderst consider"
    ),
)

PASSIVE = _compile(
    r"\b(?:mistakes?|errors?|misjudge?ments?|errors\s+of\s+judge?ment|(?:wrong|poor|bad)\s+"
    r"(?:decisions?|choices?|calls?)|oversights?|missteps?|failings?)\s+(?:were|was|have\s+been"
    r"|has\s+been|had\s+been|may\s+have\s+been|might\s+have\s+been)\s+(?:made|committed)\b",
    r"\blessons\s+(?:will\s+be|have\s+been|were|are\s+being|must\s+be|shall\s+be|can\s+be)\s+"
    r"(?:learned|learnt)\b",
    r"\bthings\s+(?:were|have\s+been)\s+(?:said|done)\b",
    r"\b(?:could|should|might)\s+have\s+been\s+(?:handled|managed|done|communicated|dealt\s+with"
    r"|addressed|explained|approached|run|organi[sz]ed)\s+(?:\w+\s+)?(?:better|differently"
    r"|more\s+\w+)\b",
    anchors=(
        "were_made was_made been_made were_committed was_committed been_committed lessons "
        "things_were things_have have_been"
    ),
)

AGENTLESS_EVENT = _compile(
    r"\b(?:an?|the|this|that)\s+(?:\w+\s+)?(?:error|issue|problem|incident|mistake|fault|glitch"
    r"|failure|outage|situation|oversight|disruption)\s+(?:occurred|arose|happened|took\s+place"
    r"|has\s+occurred|has\s+arisen|had\s+occurred|was\s+experienced|has\s+happened)\b",
    r"\bthere\s+(?:was|has\s+been|were|have\s+been|had\s+been)\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:error|mistake|issue|problem|oversight|miscommunication|breakdown|lapse|glitch)s?\b",
    r"\b(?:this|it|that)\s+(?:has\s+)?(?:happened|occurred)\b",
    r"\bwhat\s+(?:has\s+)?happened\b",
    anchors=(
        "occurred arose happened took_place arisen experienced there_was there_has there_were "
        "there_have there_had"
    ),
)

MINIMISING = _compile(
    rf"\b(?:{_APOLOGY}|regret\w*)\b[^.!?]{{0,40}}?\bany\s+(?!more\b|longer\b|of\s+you\b)\w+",
    r"\b(?:glitch\w*|hiccups?|blips?|teething|intermittent)\b",
    r"\bminor\s+(?:\w+\s+)?(?:issue|problem|disruption|inconvenience|error|incident|delay|fault"
    r"|glitch|setback)s?\b",
    r"\b(?:small|tiny|limited|very\s+small|low|minimal)\s+(?:number|percentage|proportion|subset"
    r"|group|minority|fraction|amount)\b",
    r"\ba\s+handful\b", r"\bisolated\s+(?:incident|case|issue|event|error)s?\b",
    r"\bonly\s+(?:a\s+few|a\s+small|a\s+limited|some|a\s+minority|a\s+fraction|a\s+handful)\b",
    r"\b(?:temporary|brief|short|momentary)\s+(?:inconvenience|disruption|issue|glitch|outage"
    r"|interruption|problem)\b",
    r"\bsome\s+(?:of\s+(?:our|the)\s+)?(?:customers|users|people|passengers|members|clients"
    r"|patients|residents|guests|visitors|shoppers|subscribers|account\s*holders|of\s+you)\s+"
    r"(?:may\s+have\s+|might\s+have\s+|have\s+|had\s+|were\s+|may\s+|might\s+)?(?:experienced"
    r"|experience|been\s+affected|affected|been\s+impacted|impacted|encountered|had|faced"
    r"|noticed|reported|seen|felt|found|suffered|been\s+inconvenienced)\b",
    r"\b(?:meet|met|live\s+up\s+to|lived\s+up\s+to|fell\s+short\s+of|fall\s+short\s+of|below)\s+"
    r"(?:your|their|our\s+customers'?|customers'?|the|his|her)\s+(?:high\s+|usual\s+)?"
    r"expectations?\b",
    r"\bbelow\s+(?:the\s+|our\s+)?(?:usual\s+|normal\s+|high\s+|expected\s+)standards?\b",
    anchors=(
        "any glitch hiccup blip teething intermittent minor number percentage proportion subset "
        "group minority fraction amount handful isolated only_a only_some temporary brief "
        "short_ momentary some_of some_customers some_users some_people some_passengers "
        "some_members some_clients some_patients some_residents some_guests some_visitors "
        "some_shoppers some_subscribers some_account expectation standard"
    ),
)

INCONVENIENCE = re.compile(r"\binconvenienc\w*")
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bmore\s+than|\bbeyond|\brather\s+than|\bfar\s+from|\bno)"
    r"(?:\s+(?:just|merely|simply|only|a|an|the|mere|an?\s+mere))*\s*$"
)

STOCK = _compile(
    r"\b(?:we|i)\s+take\s+(?:\w+\s+){0,6}?(?:very\s+|extremely\s+|incredibly\s+|most\s+)?seriously\b",
    r"\bthank\s+you\s+for\s+your\s+(?:continued\s+)?(?:patience\s+and\s+)?understanding\b",
    r"\bpatience\s+and\s+understanding\b",
    r"\byour\s+(?:business|custom|call)\s+is\s+(?:important|valued)\b",
    r"\bvalued\s+(?:customers?|clients?|members?|passengers?)\b",
    r"\bnot\s+(?:who\s+we\s+are|reflective\s+of\s+our\s+values|representative\s+of)\b",
    r"\bdoes\s+not\s+reflect\s+(?:our|the)\s+(?:values|standards|culture)\b",
    anchors="seriously understanding important valued who_we_are reflective representative reflect",
)

DOUBTS = _compile(
    rf"\b{_GROUP}\s+(?:of\s+you\s+)?(?:who|that|whom|whose\s+(?:\w+\s+){{1,2}}?)"
    r"(?:may|might|could|possibly|potentially)\b",
    r"\b(?:potentially|possibly|allegedly|reportedly|supposedly|apparently)\s+(?:been\s+)?"
    r"(?:affected|impacted|harmed|exposed|involved|hurt|injured|compromised)\b",
    r"\b(?:may|might|could)\s+(?:have\s+)?(?:been\s+)?(?:affected|impacted)\b",
    r"\b(?:may|might|could)\s+have\s+(?:experienced|noticed|encountered|faced|suffered|had)\b",
    r"\b(?:alleged|perceived|apparent|so-called|claimed|purported|supposed)\s+(?:\w+\s+)?"
    r"(?:harm|hurt|damage|issues?|problems?|failures?|failings?|wrongs?|wrongdoing|victims?"
    r"|incidents?|breach|shortcomings?|lapses?|errors?|mistakes?|impact|offen[cs]e|lack|delays?"
    r"|misconduct|abuse|mistreatment)\b",
    r"\b(?:anyone|anybody|whoever|any\s+(?:\w+\s+)?(?:customers?|users?|people|persons?"
    r"|individuals?|passengers?|members?|clients?|one|of\s+you|families|residents))\s+"
    r"(?:who\s+|that\s+)?(?:was\s+|were\s+|is\s+|are\s+|has\s+been\s+|have\s+been\s+|felt\s+)?"
    r"(?:impacted|affected|inconvenienced|offended|upset|hurt|disappointed|troubled|concerned"
    r"|involved)\b",
    r"\b(?:if|whether)\s+(?:you|your\s+\w+|any\s+\w+|they|anyone)\s+(?:was|were|has\s+been"
    r"|have\s+been|had\s+been)\s+(?:affected|impacted|involved)\b",
    r"\b(?:if\s+any|whatever)\s+(?:harm|hurt|damage|offen[cs]e|distress|upset|impact)\b",
    anchors=(
        "whose who_may who_might who_could who_possibly who_potentially that_may that_might "
        "that_could that_possibly that_potentially whom_may whom_might whom_could affected "
        "impacted have_experienced have_noticed have_encountered have_faced have_suffered "
        "have_had possibly potentially allegedly reportedly supposedly apparently alleged "
        "perceived apparent so-called claimed purported supposed anyone anybody whoever any if "
        "whether whatever"
    ),
)

STRONG_OWNERSHIP = _compile(
    r"\b(?:we|i)\s+(?:are|am|were|was|remain|take|accept|bear|hold\s+ourselves)\s+(?:\w+\s+){0,2}?"
    r"(?:responsib\w+|accountab\w+|to\s+blame|at\s+fault)\b",
    r"\b(?:our|my)\s+(?:own\s+)?(?:fault|responsibility|failure|failing|mistake|error|negligence)\b",
    r"\bours\s+alone\b",
    r"\bthe\s+(?:fault|responsibility|blame|failure|mistake)\s+(?:is|was|lies\s+with|rests\s+with)"
    r"\s+(?:ours|us|mine|me)\b",
    r"\b(?:we|i)\s+(?:chose|hired|picked|selected|appointed|should\s+have|failed|did\s+not|didn't"
    r"|got\s+(?:it|this|that|things)\s+wrong|were\s+wrong|was\s+wrong|let\s+(?:you|them|our))\b",
    r"\bno\s+excuse\b", r"\bnot\s+an?\s+excuse\b", r"\bdoes\s+not\s+excuse\b", r"\bon\s+us\b",
    r"\bbut\s+(?:we|i)\s+did\b",
    anchors=(
        "responsib accountab blame fault failure failing mistake error negligence ours chose "
        "hired picked selected appointed should failed did_not didn't wrong let_ excuse on_us "
        "but_we_did but_i_did"
    ),
)

EXTERNAL_BLAME = _compile(
    r"\b(?:caused\s+by|due\s+to|because\s+of|the\s+result\s+of|resulted\s+from|result\s+of"
    r"|attributable\s+to|down\s+to|stemm(?:ed|ing)\s+from|originat\w+\s+(?:with|at|from|in)"
    r"|on\s+the\s+part\s+of|the\s+fault\s+of"
    r"|(?:fault|problem|issue|error|failure|cause)\s+(?:was|is|lies|lay|rests|rested)\s+(?:with|at)"
    r"|(?:responsibility|blame)\s+(?:lies|lay|rests|rested)\s+with|by|at)\s+(?:an?\s+|the\s+"
    r"|our\s+|one\s+of\s+our\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:third[-\s]part(?:y|ies)"
    r"|suppliers?|vendors?|contractors?|sub-?contractors?|partners?|providers?|outsourc\w+"
    r"|manufacturers?|agenc(?:y|ies)|carriers?|couriers?|landlords?|former\s+employees?"
    r"|rogue\s+\w+|(?:single|individual|one|junior|temporary|agency)\s+(?:employee|staff\s+member"
    r"|member\s+of\s+staff|worker|engineer)s?|strikes?|industrial\s+action|weather|storms?"
    r"|hackers?|criminals?|attackers?|cyber\s*criminals?|bad\s+actors?|unions?)\b",
    r"\b(?:suppliers?|vendors?|contractors?|partners?|providers?|weather|storms?|strikes?"
    r"|hackers?|criminals?|attackers?)'?s?\s+(?:\w+\s+){0,3}?"
    r"(?:caused|failed|failure|fault|error|mistake)\b",
    r"\bthe\s+actions?\s+of\s+(?:an?|one|some|a\s+few|certain)\b",
    r"\b(?:acted|acting)\s+alone\b",
    anchors=(
        "third supplier vendor contractor partner provider outsourc manufacturer agenc carrier "
        "courier landlord employee rogue staff worker engineer strike industrial weather storm "
        "hacker criminal attacker actor union actions_of alone"
    ),
)

SELF_EXCUSES = _compile(
    r"\b(?:we|i)\s+(?:followed|complied\s+with|adhered\s+to|acted\s+(?:in\s+accordance\s+with"
    r"|within)|met)\s+(?:all\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?(?:procedures?|protocols?|guidance"
    r"|guidelines|rules|regulations|laws?|polic(?:y|ies)|standards?|processes|requirements)\b",
    r"\bnever\s+(?:intended|meant|our\s+intention)\b", r"\bnot\s+(?:our|my)\s+intention\b",
    r"\bno\s+(?:offen[cs]e|harm)\s+(?:was\s+)?intended\b", r"\b(?:did\s+not|didn't)\s+mean\s+to\b",
    r"\bunintentional\w*\b", r"\binadvertent\w*\b",
    anchors=(
        "followed complied adhered acted we_met i_met intend meant intention unintentional "
        "inadvertent mean_to"
    ),
)

EXCUSES = _compile(
    r"\b(?:beyond|outside(?:\s+of)?)\s+(?:our|the\s+company's|its|my)\s+(?:\w+\s+)?control\b",
    r"\bcircumstances\s+(?:beyond|outside)\b", r"\bunforese\w+", r"\bunprecedented\b",
    r"\bno\s+one\s+could\s+have\s+(?:predicted|foreseen|known|anticipated)\b",
    r"\bthrough\s+no\s+fault\s+of\b",
    r"\b(?:was|is|were)\s+not\s+(?:entirely\s+|solely\s+)?(?:our|my|the\s+company's)\s+fault\b",
    r"\b(?:wasn't|isn't|weren't)\s+(?:entirely\s+|solely\s+)?(?:our|my)\s+fault\b",
    r"\b(?:we|i)\s+did\s+(?:everything|all)\s+(?:we|i|that\s+we|in\s+our|possible)\b",
    r"\b(?:we|i)\s+(?:were|are)\s+(?:also\s+)?(?:the\s+)?victims?\b",
    r"\b(?:we|i)\s+(?:stand|stood)\s+by\b",
    r"\bhad\s+no\s+(?:other\s+)?(?:choice|option|alternative)\b",
    r"\bin\s+(?:our|my)\s+defen[cs]e\b", r"\bno\s+(?:legal\s+)?(?:obligation|liability)\b",
    r"\bwithout\s+(?:any\s+)?admission\b", r"\badmi\w+\s+(?:of\s+)?(?:no\s+)?liability\b",
    anchors=(
        "control circumstances unforese unprecedented no_one_could no_fault our_fault my_fault "
        "company's_fault did_everything did_all victim stand_by stood_by no_choice no_option "
        "no_other no_alternative defen obligation liability admission"
    ),
)

_CONTRAST_AFTER = re.compile(
    rf"\b(?:{_APOLOGY}|regret\w*)\b[^.!?]*?(?:[,;:]|\s-)?\s+(?P<word>but|however|although|though"
    r"|yet|nevertheless|nonetheless|except\s+that|even\s+though)\b(?P<rest>[^.!?]*)"
)
_CONTRAST_OPENING = re.compile(
    r"^(?P<word>however|but|that\s+said|having\s+said\s+that|nevertheless|nonetheless|still"
    r"|in\s+fairness|to\s+be\s+fair|in\s+our\s+defen[cs]e|although|though|yet)\b(?P<rest>.*)",
)
_CONCESSIVE_OPENING = re.compile(
    rf"^(?:while|whilst|although|though|even\s+though)\s+(?:we|i)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:{_APOLOGY}|regret\w*)"
)
_OWNING_CONTINUATION = re.compile(
    r"^\s*,?\s*(?:(?:an?\s+|our\s+|my\s+)?(?:sorry|apology|apologies|words?|saying\s+sorry)\b"
    r"|(?:we|i)\s+(?:also\s+|now\s+|still\s+|fully\s+)?(?:know|accept|take|will(?!\s+not)|must"
    r"|should|owe|failed|were\s+wrong|was\s+wrong|got|made|let|chose|own|want|need|promise"
    r"|can(?:not|'t|\s+not)\s+undo|are\s+(?:responsible|to\s+blame|accountable|determined"
    r"|going\s+to|putting|fixing|working|ashamed)|am\s+(?:responsible|determined|ashamed)"
    r"|did\s+not|didn't|have\s+(?:failed|let|not))"
    r"|that\s+(?:is|does)\s+not\s+(?:an\s+excuse|excuse|enough|change)|it\s+(?:is|was)\s+(?:our|my)"
    r"|more\s+(?:than\s+that|importantly)|most\s+(?:of\s+all|importantly)|above\s+all"
    r"|(?:this|that)\s+(?:is|was)\s+(?:our|my)|the\s+(?:fault|responsibility|failure|mistake)\s+"
    r"(?:is|was)\s+(?:ours|mine|our|my)|it\s+does\s+not\s+change|nothing\s+(?:we|i)\s+say)"
)

SYMPATHY = re.compile(
    r"\bsorry\s+to\s+(?:hear|learn|see|read|find\s+out|know)\b"
    r"|\bsorry\s+for\s+your\s+(?:loss|experience|trouble)\b"
)
APOLOGY_WORD = re.compile(rf"\b{_APOLOGY}\b")
REGRET_ALWAYS = _compile(
    r"\b(?:it\s+(?:is|was)|it's|this\s+(?:is|was)|that\s+(?:is|was))\s+(?:\w+\s+)?"
    r"(?:unfortunate|regrettable)\b",
    r"\b(?:this|that|the|an|these)\s+(?:\w+\s+)?(?:unfortunate|regrettable)\s+(?:\w+\s+)?"
    r"(?:incident|situation|event|error|episode|circumstances?|mistake|oversight|matter"
    r"|occurrence|affair|development|outcome)s?\b",
    r"\bit\s+is\s+with\s+regret\b",
    anchors="unfortunate regrettable with_regret",
)
REGRET_MARKERS = _compile(
    r"\bregret\w*", r"\bunfortunate\w*", r"\bsadden\w*", r"\bsad\b",
    r"\bthoughts\s+(?:are|go)\s+(?:out\s+)?(?:with|to)\b", r"\bsympath\w+", r"\bcondolences\b",
    r"\backnowledg\w+", r"\brecogni[sz]\w+", r"\bunderstand\w*", r"\bdisappoint\w*",
    r"\bconcern\w*", r"\btroubl\w+", r"\bdismay\w*", r"\bheartbr\w+", r"\bdevastat\w+",
    r"\bfeel\s+for\b", r"\bhear\s+you\b",
    anchors=(
        "regret unfortunate sadden sad thoughts sympath condolences acknowledg recogni understand "
        "disappoint concern troubl dismay heartbr devastat feel_for hear_you"
    ),
)

_AGENT_VERB_STOP = word_set(
    "affected impacted experienced concerned valued inconvenienced offended disappointed upset "
    "involved used based related needed required expected interested committed determined "
    "dedicated saddened pleased delighted shocked surprised alarmed worried embarrassed "
    "ashamed devastated apologised apologized regretted deeply truly sincerely indeed")
_WE_VERB = re.compile(
    r"\b(?:we|i)\s+(?:have\s+|had\s+|has\s+)?(?:\w+ly\s+|also\s+|then\s+|simply\s+|just\s+)?"
    r"(?P<verb>failed|got|made|let|broke|lost|sent|left|put|caused|mishandled|misled|ignored|cut"
    r"|charged|overcharged|delayed|missed|allowed|published|shared|leaked|sold|kept|took|gave"
    r"|told|treated|cancell?ed|applied|switched|turned|deleted|removed|forgot|released|shipped"
    r"|built|chose|hid|withheld|refused|underestimated|overlooked|neglected|ran|wrote|said|did"
    r"|didn't|should|shouldn't|were\s+(?:wrong|slow|late|careless|negligent|too)|was\s+(?:wrong"
    r"|slow|late|careless|negligent|too)|are\s+(?:responsible|to\s+blame)|\w+ed)\b"
)
_NAMED_WRONGS = word_set(
    "failed mishandled overcharged delayed allowed published shared leaked cancelled canceled "
    "applied switched turned deleted removed released shipped built refused underestimated "
    "overlooked neglected ignored misled charged exposed")
_OUR_THING_DID = re.compile(
    r"\b(?:our|my)\s+(?:[\w'-]+\s+){1,5}?(?:caused|led|meant|broke|exposed|left|failed|put|made"
    r"|sent|deleted|released|switched|turned|cut|gave|took|let|lost|flooded|contaminated"
    r"|injured|harmed|killed|leaked)\b"
    r"|\b(?:our|my)\s+(?:[\w'-]+\s+){0,2}?(?:fault|failure|failures|mistake|mistakes|error"
    r"|errors|negligence|doing|decision|decisions)\b|\bours\b"
)
_GERUND_AFTER_APOLOGY = re.compile(
    rf"\b{_APOLOGY}\s+(?:to\s+[^.!?]{{0,60}}?\s+)?for\s+(?:not\s+|never\s+|wrongly\s+)?"
    r"(?!any|every|some|no|noth|anyth|everyth|someth|bring|this\b|having\s+to)\w+ing\b"
)
_THAT_WAS_WRONG = re.compile(
    r"\b(?:that|it|this|which|they|these|those)\s+(?:was|is|were|are)\s+(?:\w+\s+)?(?:wrong"
    r"|offensive|untrue|unacceptable|inexcusable|unforgivable|racist|sexist|careless|negligent"
    r"|false|misleading|hurtful|insensitive)\b"
    r"|\b(?:we|i)\s+(?:are|am|have|has|were|had)\s+(?:still\s+)?(?:not|failing|never)\s*"
    r"(?:\w+ing|been|kept|done|delivered|met|lived|given|told|protected|provided|answered)?\b"
    r"|\b(?:we|i)\s+(?:haven't|aren't|weren't|hadn't)\b"
    r"|\b(?:should\s+never|never\s+should|should\s+not|shouldn't)\s+have\s+(?:happened|been"
    r"|occurred)\b"
)
HARM_NAMED = re.compile(
    r"\b(?:outages?|breach\w*|exposure|exposed|leak\w*|failures?|failed|faults?|faulty|errors?"
    r"|mistakes?|injur\w+|deaths?|died|killed|dead|fire|explosion|flood\w*|contamina\w+"
    r"|recall\w*|lost|loss|losses|stolen|theft|overcharg\w+|double[- ]charg\w*|harm\w*|damage\w*"
    r"|disrespect\w*|racis\w+|sexis\w+|offensive|insensitive|abus\w+|misled|lied|lies|negligen\w+"
    r"|unsafe|danger\w*|cut\s+off|without\s+(?:power|water|heating|heat|internet|service|phone)"
    r"|(?<!went\s)(?<!gone\s)wrong)\b"
)
_AFFECTED_ONLY = re.compile(
    r"\b(?:those|customers|people|users|passengers|everyone|anyone|all|members|clients)\s+"
    r"(?:who\s+(?:were|was|have\s+been|has\s+been)\s+|that\s+were\s+)?(?:impacted|affected"
    r"|inconvenienced|disrupted)\b"
)
"""An apology to "those impacted by the outage": with no act owned, it names no wrong."""
_SPECIFICS = re.compile(
    r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


@dataclass(frozen=True)
class Issue:
    """One non-apology pattern found: which rule, and the words that gave it away."""

    code: str
    phrase: str


def _first(pattern: re.Pattern[str] | Gated, text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0).strip() if match else None


_APOLOGY_OR_REGRET = re.compile(rf"\b(?:{_APOLOGY}|regret\w*)")
_SENTENCE_MARK = re.compile(r"[.!?]")


def _in_apology_sentence(pattern: Gated, text: str) -> str | None:
    """The first match of ``pattern`` in a sentence that apologises or regrets.

    "If this caused you to go overdrawn, we will refund the fees" is a
    promise, not a conditional apology, and "we are writing to everyone who
    may have been affected" is honest uncertainty; only inside the apology
    itself do these words hedge it.
    """
    for match in pattern.finditer(text):
        before = text.rfind(".", 0, match.start()), text.rfind("!", 0, match.start()), \
            text.rfind("?", 0, match.start())
        start = max(before) + 1
        after = _SENTENCE_MARK.search(text, match.end())
        end = after.end() if after else len(text)
        if _APOLOGY_OR_REGRET.search(text, start, end):
            return match.group(0).strip()
    return None


def _owns_it(text: str, *, strictly: bool = False) -> bool:
    """Whether the text names an act of the organisation: "we sent", "our update broke".

    ``strictly`` counts only named wrongs, not any past-tense verb after "we"
    ("we have contacted them" owns nothing): it decides whether a mention of a
    supplier is blame-shifting or part of an apology that owns the failure.
    """
    if STRONG_OWNERSHIP.search(text) or _OUR_THING_DID.search(text):
        return True
    if _GERUND_AFTER_APOLOGY.search(text) or _THAT_WAS_WRONG.search(text):
        return True
    return any(
        m.group("verb") not in _AGENT_VERB_STOP and not (strictly and m.group("verb").endswith("ed")
                                                          and m.group("verb") not in _NAMED_WRONGS)
        for m in _WE_VERB.finditer(text)
    )


_DENIED_AFTER = re.compile(
    r"^[^.!?;:]{0,40}?\b(?:would\s+be|is|was)\s+(?:\w+\s+)?(?:wrong|untrue|an\s+understatement"
    r"|not\s+(?:enough|right|the\s+word))\b"
    r"|^[^.!?;:]{0,40}?\b(?:understates?|does\s+not\s+(?:describe|begin|cover)|doesn't"
    r"\s+(?:describe|begin|cover))\b"
)
"""What denies a trap word after it: "calling this an inconvenience would be wrong"."""


def _negated(text: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are denied ("not a minor glitch", "far from a hiccup",
    "calling it an inconvenience would be wrong") rather than said."""
    if _NEGATED_BEFORE.search(text[max(0, start - 40): start]):
        return True
    return bool(_DENIED_AFTER.search(text[end: end + 80]))


def _minimising(text: str) -> str | None:
    for pattern in (MINIMISING, INCONVENIENCE):
        for match in pattern.finditer(text):
            if not _negated(text, match.start(), match.end()):
                return match.group(0).strip()
    return None


_CONTRAST_WORDS = (
    "but", "however", "though", "yet", "nevertheless", "nonetheless", "except", "while",
    "whilst", "that said", "having said", "still", "fair", "defen",
)


def _deflection(text: str, sentences: list[str]) -> str | None:
    strongly_owned = bool(STRONG_OWNERSHIP.search(text))
    contrasts = any(word in text for word in _CONTRAST_WORDS)
    for index, sentence in enumerate(sentences if contrasts else ()):
        if _CONCESSIVE_OPENING.search(sentence):
            return sentence.split(",")[0]
        for match in _CONTRAST_AFTER.finditer(sentence):
            if not _OWNING_CONTINUATION.search(match.group("rest")):
                return f"{match.group('word')}{match.group('rest')}".strip()
        opening = _CONTRAST_OPENING.search(sentence)
        if opening and index > 0 and APOLOGY_WORD.search(sentences[index - 1]):
            rest = re.sub(r"^\s*,", "", opening.group("rest"))
            if "defen" in opening.group("word") or not _OWNING_CONTINUATION.search(rest):
                return sentence
    found = _first(EXCUSES, text) or (None if strongly_owned else _first(SELF_EXCUSES, text))
    if found:
        return found
    return None if _owns_it(text, strictly=True) else _first(EXTERNAL_BLAME, text)


def _regret(text: str) -> str | None:
    found = _first(SYMPATHY, text) or _first(REGRET_ALWAYS, text)
    if found:
        return found
    if APOLOGY_WORD.search(SYMPATHY.sub(" ", text)) or STRONG_OWNERSHIP.search(text):
        return None
    return _first(REGRET_MARKERS, text) or "no apology"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@text_memo(4096)
def analyse(text: str) -> tuple[Issue, ...]:
    """Every non-apology pattern in an apology text (Markdown), one issue per rule at most."""
    low = PLACEHOLDER.sub("placeholder", prose(text)).lower()
    sentences = [s.strip() for s in _SENTENCE_END.split(low) if s.strip()]
    checks: tuple[tuple[str, str | None], ...] = (
        ("conditional-apology", _in_apology_sentence(CONDITIONAL, low)),
        ("blames-feelings", _blames_feelings(low)),
        ("passive-apology", _first(PASSIVE, low) or _agentless(low)),
        ("minimising-apology", _minimising(low)),
        ("doubts-the-harm", _in_apology_sentence(DOUBTS, low)),
        ("deflecting-apology", _deflection(low, sentences)),
        ("regret-not-apology", _regret(low)),
        ("stock-apology", _first(STOCK, low)),
    )
    issues = tuple(Issue(code, phrase) for code, phrase in checks if phrase)
    if issues or "placeholder" in low or _owns_it(low):
        return issues
    if _AFFECTED_ONLY.search(low) or not (HARM_NAMED.search(low) or _SPECIFICS.search(low)):
        return (Issue("apology-names-no-wrong", low.strip()),)
    return issues


def combine(issues: tuple[Issue, ...], probability: float, *, veto: float) -> str:
    """How the rules and the model decide together, as one word.

    ``rules``: a named pattern was found and the model does not disagree;
    ``vetoed``: a pattern was found but the model is confident the apology is
    sincere (its probability of a non-apology is below ``veto``), so nothing
    is reported; ``none``: no pattern. The rules keep the explanation; the
    model only removes false alarms ("This never should have happened, and I
    am deeply sorry that it did"). On the corpus the rules already catch
    nearly every non-apology, so a model flag without a named pattern (which
    could not say what is wrong) was measured and left out.
    """
    if not issues:
        return "none"
    if probability >= veto or any(issue.code in NEVER_VETOED for issue in issues):
        return "rules"
    return "vetoed"


NEVER_VETOED = frozenset({"conditional-apology"})
"""Patterns the model may not overrule: "sorry if" is a non-apology whatever else is said."""


@text_memo(4096)
def assess(text: str) -> tuple[Issue, ...]:
    """The issues reported for an apology text: the rules' findings, checked by the model."""
    issues = analyse(text)
    if not issues:
        return issues
    probability = wording_model.score("apology", text)
    verdict = combine(issues, probability, veto=wording_model.threshold("apology", "veto"))
    return issues if verdict == "rules" else ()


def _agentless(text: str) -> str | None:
    """An event with no one doing it ("an error occurred"), unless the text owns the act."""
    found = _first(AGENTLESS_EVENT, text)
    return found if found and not _owns_it(text) else None


def _blames_feelings(text: str) -> str | None:
    for match in BLAMES_FEELINGS.finditer(text):
        before = text[max(0, match.start() - 4): match.start()]
        if match.group(0).startswith("misunderst") and re.search(r"\b(?:we|i)\s$", before):
            continue
        return match.group(0)
    return None


MESSAGES: dict[str, tuple[str, str]] = {
    "conditional-apology": (
        'conditional apology: "{phrase}" makes the harm hypothetical',
        'apologise for what happened, without "if": "We are sorry that we <what we did>."',
    ),
    "blames-feelings": (
        'the apology is about how people feel or see it ("{phrase}"), not about what you did',
        'name your own act: "We are sorry that we <what we did>."',
    ),
    "passive-apology": (
        'passive or agentless wording ("{phrase}") hides who did it',
        'say who did what: "We made a mistake: we <what we did>."',
    ),
    "minimising-apology": (
        '"{phrase}" makes the harm sound small',
        'name the real harm and its size: "We are sorry for the two days you spent without '
        'power."',
    ),
    "doubts-the-harm": (
        '"{phrase}" casts doubt on whether anyone was harmed',
        'say who was harmed: "We are sorry to the 11,912 customers whose data we exposed."',
    ),
    "deflecting-apology": (
        'the apology shifts blame or excuses itself: "{phrase}"',
        "own it, even where a supplier or circumstances played a part: \"We chose the "
        "supplier; the failure is ours.\" Explain causes in the statement, not the apology",
    ),
    "regret-not-apology": (
        'regret or sympathy is not an apology: "{phrase}"',
        'say sorry, and say for what: "We are sorry. We <what we did>."',
    ),
    "stock-apology": (
        '"{phrase}" is a stock phrase that reads as insincere',
        "cut it; say what you did wrong and what you are doing about it",
    ),
    "apology-names-no-wrong": (
        "the apology does not say what went wrong",
        'say what you did and to whom: "We are sorry. We sent 4,000 letters to the wrong '
        'addresses."',
    ),
}


_WHO_OPENS = re.compile(
    r"^\s*((?:we|i)(?:\s+(?:are|am|would|want|wish|deeply|sincerely|truly|really|also|very"
    r"|do|must|'re|'m))*\s+(?:sorry|apologi[sz]e|regret))\b", re.IGNORECASE)


def _own_words_hint(hint: str, text: str) -> str:
    """The hint, with the writer's own opening where the text has one ("We deeply regret" ->
    "We are sorry"), so the better wording starts from what they wrote."""
    opening = _WHO_OPENS.search(prose(text))
    if not opening or "<what we did>" not in hint or "sorry" in opening.group(1).lower():
        return hint
    subject = opening.group(1).split()[0]
    sorry = "I am sorry" if subject.lower() == "i" else "We are sorry"
    return (hint.replace('"We are sorry. We <what we did>', f'"{sorry}. We <what we did>')
            + f' (instead of "{opening.group(1)}...")')


def _findings(incident: Incident, code: str) -> Iterator[Finding]:
    if incident.apology is None:
        return
    text = incident.apology.text
    for issue in assess(text):
        if issue.code == code:
            message, hint = MESSAGES[code]
            phrase = issue.phrase if len(issue.phrase) <= 80 else issue.phrase[:77] + "..."
            if code == "regret-not-apology" and issue.phrase == "no apology":
                message = "the apology never says sorry or apologises"
            yield Finding(PATH, message.format(phrase=phrase), _own_words_hint(hint, text))


@rule("conditional-apology", theme="apology", english_only=True,
      summary='An apology made conditional: "if anyone was offended".')
def conditional_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An apology made conditional: "if anyone was offended"."""
    return _findings(incident, "conditional-apology")


@rule("blames-feelings", theme="apology", english_only=True,
      summary="An apology for people's feelings or perception, not for the act.")
def blames_feelings(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An apology for people's feelings or perception, not for the act."""
    return _findings(incident, "blames-feelings")


@rule("passive-apology", theme="apology", english_only=True,
      summary='Passive or agentless wording: "mistakes were made".')
def passive_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Passive or agentless wording: "mistakes were made"."""
    return _findings(incident, "passive-apology")


@rule("minimising-apology", theme="apology", english_only=True,
      summary='Wording that shrinks the harm: "any inconvenience".')
def minimising_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Wording that shrinks the harm: "any inconvenience"."""
    return _findings(incident, "minimising-apology")


@rule("doubts-the-harm", theme="apology", english_only=True,
      summary='Doubt about whether anyone was harmed: "anyone who may have been affected".')
def doubts_the_harm(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Doubt about whether anyone was harmed: "anyone who may have been affected"."""
    return _findings(incident, "doubts-the-harm")


@rule("deflecting-apology", theme="apology", english_only=True,
      summary='Blame shifted or excused: "sorry, but", "caused by our supplier".')
def deflecting_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Blame shifted or excused: "sorry, but", "caused by our supplier"."""
    return _findings(incident, "deflecting-apology")


@rule("regret-not-apology", theme="apology", english_only=True,
      summary='Regret or sympathy instead of an apology: "we regret", "sorry to hear".')
def regret_not_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Regret or sympathy instead of an apology: "we regret", "sorry to hear"."""
    return _findings(incident, "regret-not-apology")


@rule("stock-apology", theme="apology", english_only=True,
      summary='Stock phrases: "we take your privacy very seriously".')
def stock_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Stock phrases: "we take your privacy very seriously"."""
    return _findings(incident, "stock-apology")


@rule("apology-names-no-wrong", theme="apology", english_only=True,
      summary='An apology that does not say what went wrong.')
def apology_names_no_wrong(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An apology that does not say what went wrong."""
    return _findings(incident, "apology-names-no-wrong")


@rule("missing-apology", theme="apology",
      summary="An active critical incident without an apology.")
def missing_apology(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A critical crisis in progress with no apology: silence reads as denial."""
    if incident.is_active and incident.severity is Severity.CRITICAL and incident.apology is None:
        yield Finding(
            "apology",
            "this critical incident is active and has no apology",
            "where the organisation is at fault, add apology: with text saying what went "
            "wrong and by: the person who apologises; if it is not at fault, suppress this "
            "rule with the reason",
        )

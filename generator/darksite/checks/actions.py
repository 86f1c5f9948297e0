"""Action rules: every step says what is done, to what, by whom and by when.

"We will review our processes" commits to nothing a reader can check;
"Kroll will review all access logs and publish its findings by 15 December"
does. Crisis-communication practice asks for actions with a concrete object,
a number or a date, an owner, and a due date, because a vague promise is read
as stalling and is quoted back when nothing happens.

How ``vague-action`` decides, in order:

1. A step with a **hard anchor** is concrete: a digit (number, date, time), a
   month or weekday, "today"/"tonight"/"within two hours", a proper name or an
   acronym in mid-sentence ("Kroll", "ICO"), or a ``{{ placeholder }}`` that
   will be filled with one.
2. Otherwise the step is cut to its **main clause**: a purpose clause ("to
   ensure...", "so that...") or a subordinate time clause ("while the police
   investigate") does not make an action vague or concrete.
3. The main clause is vague when it holds a **vague phrase** (look into,
   explore, assess, consider, committed to, lessons learned, appropriate
   steps, working closely with, keep you informed, in due course...) and
   fewer than three concrete words besides (the issue's "without a concrete
   object"), or when none of its words is concrete: after removing function words, abstract nouns
   (processes, situation, measures) and verbs that name no act (review,
   investigate, conduct), nothing is left. So "We will review our processes"
   is vague and "We are reviewing every transaction made through the affected
   terminals" is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from darksite.checks import wording_model
from darksite.checks.memos import text_memo
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import PLACEHOLDER, typographic_to_plain, word_set
from darksite.diagnostics import Severity
from darksite.model import ActionStatus, Incident, Status

_MONTHS_DAYS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|half"
)
TIME_ANCHOR = re.compile(
    rf"\b(?:{_MONTHS_DAYS})\b"
    r"|\b(?:today|tonight|tomorrow|midnight|midday|noon|hourly|daily|weekly|fortnightly|monthly"
    r"|overnight)\b"
    r"|\bthis\s+(?:morning|afternoon|evening|week|weekend|month)\b"
    r"|\bnext\s+(?:week|month|year)\b|\bend\s+of\s+(?:the\s+)?(?:day|week|month)\b"
    rf"|\bwithin\s+(?:a|an|one|{_NUMBER_WORDS}|twenty-four|forty-eight|seventy-two)\s+"
    r"(?:minutes?|hours?|days?|weeks?|working\s+days?)\b"
    r"|\bevery\s+(?:hour|day|morning|evening|night|week)\b",
)
"""A date or deadline in the words of the step (in lower case): it also stands in for ``due``.

The patterns of this module read lower-cased text instead of using
``re.IGNORECASE``, which makes Python's matcher several times slower."""

HARD_ANCHOR = re.compile(
    rf"\d|\{{\{{|{TIME_ANCHOR.pattern}|\b(?:{_NUMBER_WORDS})\b"
)
_PROPER_NAME = re.compile(
    r"(?<![.!?:;]\s)(?<=\s)(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|[A-Z][a-z'’]+)"
)
"""A capitalised word not at a sentence start: a name (Kroll, Leeds), an acronym (ICO, PwC)."""
_LEADING_ACRONYM = re.compile(r"^\W*(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])\w*")
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'll", "We", "Our", "The"})

VAGUE_PHRASE = re.compile(
    "|".join((
        r"\bcommit(?:ted|ment|ments|s)?\s+to\b", r"\bdedicated\s+to\b", r"\blessons?\b",
        r"\blearn(?:s|ed|t|ing)?\s+from\b",
        r"\b(?:appropriate|necessary|relevant|suitable|further|additional|all\s+(?:necessary"
        r"|appropriate|possible|reasonable|available))\s+(?:\w+\s+)?(?:steps|action|actions"
        r"|measures|safeguards|controls|changes|improvements|precautions)\b",
        r"\btak(?:e|es|ing|en)\s+(?:\w+\s+)?(?:steps|action|measures|precautions)\b",
        r"\b(?:steps|action|actions|measures|safeguards)\s+(?:are|is|will\s+be|have\s+been"
        r"|has\s+been|were|being)\s+(?:\w+\s+)?(?:taken|put\s+in\s+place|introduced|implemented"
        r"|considered)\b",
        r"\bput(?:s|ting)?\s+(?:\w+\s+){0,2}in\s+place\b",
        r"\blook(?:s|ed|ing)?\s+(?:\w+ly\s+)?(?:into|at)\b", r"\bexplor\w+",
        r"\bconsider(?:s|ed|ing|ation)?\b",
        r"\bevaluat\w+", r"\bassess\w*", r"\breflect\w*", r"\bexamin\w+",
        r"\bstud(?:y|ies|ying|ied)\b", r"\banaly[sz]\w+", r"\bunderstand\w*", r"\bdetermin\w+",
        r"\bestablish\w*\s+(?:what|how|why|whether|the\s+(?:cause|facts|circumstances))\b",
        r"\bget(?:ting)?\s+to\s+the\s+bottom\b",
        r"\bcontinu\w+\s+to\s+(?:closely\s+)?(?:monitor|work|review|assess|investigate|support"
        r"|keep|update|look|engage|cooperate|co-operate|do|take|explore|evaluate|liaise|provide"
        r"|improve)\b",
        r"\bkeep\w*\s+(?:\w+\s+){0,2}under\s+review\b",
        r"\bkeep\w*\s+(?:\w+\s+){0,3}(?:informed|updated|posted|in\s+the\s+loop|up\s+to\s+date"
        r"|advised)\b",
        r"\bfurther\s+(?:updates?|information|details)\s+(?:will|to)\b",
        r"\bprovid\w+\s+(?:\w+\s+)?updates?\b",
        r"\bimprov\w+", r"\benhanc\w+", r"\bstrengthen\w*", r"\bbolster\w*", r"\breinforc\w+",
        r"\bdo(?:ing)?\s+better\b", r"\braise\s+(?:our\s+)?standards\b", r"\bbest\s+practice\b",
        r"\brobust\b", r"\bensur\w+", r"\bmak(?:e|es|ing)\s+sure\b", r"\bprevent\w*",
        r"\blook\w*\s+after\b",
        r"\bhappen(?:s|ing)?\s+again\b", r"\brecurrence\b",
        r"\bwork(?:s|ed|ing)?\s+(?:hard|tirelessly|closely|around\s+the\s+clock|diligently|to|with"
        r"|on|together)\b",
        r"\b(?:doing|do|does|did)\s+(?:everything|all|our\s+(?:very\s+)?best|whatever"
        r"|what\s+we\s+can)\b",
        r"\beverything\s+(?:we\s+can|possible|in\s+our\s+power)\b", r"\bour\s+(?:very\s+)?best\b",
        r"\btak\w+\s+(?:\w+\s+){0,3}seriously\b",
        r"\b(?:top|highest|first|number\s+one)\s+priority\b", r"\bprioriti[sz]\w+",
        r"\b(?:engag|liais|cooperat|co-operat|collaborat)\w*\b",
        r"\b(?:in|into)\s+(?:contact|touch|dialogue|discussions?|conversations?)\s+with\b",
        r"\b(?:relevant|appropriate|competent)\s+(?:authorities|parties|stakeholders|bodies"
        r"|agencies|organi[sz]ations|teams|people)\b",
        r"\bstakeholders?\b", r"\blaw\s+enforcement\b",
        r"\b(?:provid|offer|giv)\w*\s+(?:\w+\s+)?(?:support|assistance|help)\b",
        r"\bsupport(?:ing)?\s+(?:those|affected|anyone|everyone|customers|people|our|the\s+"
        r"(?:affected|families|community|communities|victims))\b",
        r"\b(?:help|assist)(?:ing)?\s+(?:those|affected|anyone|everyone|customers|people)\b",
        r"\bput\s+(?:things|this|it|matters)\s+right\b", r"\bmake\s+(?:it|this|things)\s+right\b",
        r"\bmake\s+amends\b", r"\bmak\w+\s+(?:\w+\s+)?(?:changes|improvements)\b",
        r"\bchanges\s+(?:will\s+be|are\s+being|have\s+been)\s+made\b",
        r"\b(?:striv|endeavou?r|aim|seek|hope|intend|plan|try|trying|want|wish)\w*\s+to\b",
        r"\bwhere\s+(?:necessary|appropriate|needed|possible|required|relevant)\b",
        r"\bas\s+(?:necessary|appropriate|needed|required|applicable)\b",
        r"\bif\s+(?:necessary|appropriate|needed|required)\b", r"\bin\s+due\s+course\b",
        r"\b(?:going|moving)\s+forward\b",
        r"\bin\s+the\s+(?:coming|near|next\s+few)\s+(?:days|weeks|months|future)\b",
        r"\bas\s+(?:soon|quickly)\s+as\s+(?:possible|we\s+can|practicable)\b",
        r"\bat\s+the\s+earliest\s+(?:opportunity|possible)\b", r"\bshortly\b", r"\bsoon\b",
        r"\bat\s+a\s+later\s+date\b", r"\bwhen\s+(?:possible|appropriate|we\s+can)\b",
        r"\bhold\w*\s+(?:\w+\s+){0,3}(?:to\s+account|accountable)\b", r"\bthose\s+responsible\b",
        r"\bresolv\w+\s+(?:the|this|these)\s+(?:issue|problem|matter|situation)s?\b",
        r"\brestor\w+\s+(?:normal\s+)?(?:service|operations|services|confidence|trust)\b",
        r"\bnormal\s+service\b", r"\brebuild\w*\s+(?:\w+\s+)?trust\b", r"\bregain\w*\b",
        r"\bwhat\s+(?:went\s+wrong|happened)\b", r"\bmonitor\w*\s+(?:the\s+)?situation\b",
        r"\breach\w*\s+out\b", r"\blearn\w*\b",
        r"\bmore\s+(?:details|information|updates|news)\b",
        r"\b(?:additional|extra|more|further)\s+resources\b", r"\bhigher\s+standards?\b",
    )),
)

_OPENING_PURPOSE = re.compile(r"^\s*(?:in\s+order\s+)?to\s+[^,]*,\s*")
_TRAILING_CLAUSE = re.compile(
    r"(?:,\s*|\s)(?:(?:(?:in\s+order|so\s+as)\s+)?to|so\s+that|so|which\s+will|that\s+will"
    r"|and\s+(?:thereby|so))\s+(?:ensure|prevent|make\s+sure|stop|avoid|minimi[sz]e|reduce"
    r"|protect|help|improve|keep|guarantee|rebuild|regain|restore\s+(?:trust|confidence)"
    r"|understand|identify|determine|learn|establish|find\s+out|address|strengthen|enhance"
    r"|safeguard|mitigate|limit|lessen|support)\b.*$"
    r"|(?:,\s*|\s)(?:while|whilst|until|pending|once|after|before|when|as\s+soon\s+as)\s.*$",
)

_WORD = re.compile(r"[a-z][a-z'-]*")
FUNCTION_WORDS = word_set("""
a an the our its their your my his her this that these those of to in on at for with by from
and or but nor as into onto about around across within without over under up down out off
between through during before after above below again further then once here there when
where why how what which who whom whose whether if so than too very just also only even
all any every each both either neither some such no not own same other another more most
less least many much few several we us i you they them he she it is are was were be been
being am will would shall should can could may might must have has had do does did done
doing going get gets getting got let lets us we're we've we'll i'm it's there's
""")
ABSTRACT_WORDS = word_set("""
situation situations matter matters issue issues incident incidents event events
circumstance circumstances process processes procedure procedures policy policies practice
practices system systems control controls option options measure measures step steps action
actions approach approaches arrangement arrangements way ways lesson lessons impact impacts
cause causes finding findings feedback concern concerns standard standards safeguard
safeguards operation operations framework frameworks governance culture training protocol
protocols guidance communication communications response responses performance service
services quality security safety resilience infrastructure improvement improvements change
changes recommendation recommendations solution solutions opportunity opportunities
everything things thing anything something nothing happened went wrong recurrence future
necessary appropriate relevant possible available existing current internal external overall
wider broader full fully thorough thoroughly comprehensive comprehensively detailed urgent
urgently immediate immediately closely carefully robust robustly independent review reviews
reviewing reviewed investigation investigations investigate investigates investigating
investigated audit audits auditing audited assessment assessments analysis examination
inquiry enquiry area areas aspect aspects element elements factor factors detail details
fact facts information data case cases problem problems failure failures fault faults
outage outages breach breaches disruption error errors accident leak exposure customer
customers people person those affected users user stakeholders stakeholder community
communities colleagues colleague staff employees employee partners partner public families
family everyone anyone everybody anybody parties party authorities experience experiences
handling decision decisions conduct behaviour behavior allegation allegations claim claims
complaint complaints root origin origins nature scope extent scale level levels risk risks
vulnerability vulnerabilities weakness weaknesses gap gaps shortcoming shortcomings learning
learnings team teams business organisation organization company group firm board management
leadership engineers engineer experts expert specialists specialist investigators officers
managers priority priorities top range variety number series various thoroughness monitor
monitors monitoring monitored check checks checking checked conduct conducts conducting
conducted carry carries carrying carried undertake undertakes undertaking undertaken launch
launches launching launched commission commissions commissioning commissioned begin begins
beginning began start starts starting started initiate initiated hold holds holding held
set setting open opened take takes taking taken took make makes making made do provide
provides providing provided offer offers offering offered give gives giving given put puts
putting keep keeps keeping kept remain remains remaining continue continues continuing
continued seek seeks seeking need needs needed plan plans planning planned intend intends
aim aims try tries trying hope want look looks looking looked work works working worked
help helps helping helped support supports supporting supported update updates updating
updated new better best swift swiftly prompt promptly proper properly serious seriously
close careful wide broad additional extra ongoing continuous continual further regular
regularly whole entire key major important importantly appropriate respond responding
communicate communicating communicated reach reaching touch hear listen
listening address addressing addressed deal dealing tackle tackling handle ensure ensuring
ourselves itself themselves along remaining escalate escalates escalated escalating share
shares shared sharing bring brings bringing brought resource resources capacity network
networks platform platforms compensation redress relationship relationships supplier
suppliers vendor vendors provider providers contractor contractors regime regimes
necessary way forward course due time times soon later lessons findings result results
outcome outcomes report reports reporting committed commitment strive strives striving
endeavour endeavours endeavor wish seek act acts acting high higher highest introduce introduces
introduced introducing implement implements implemented implementing establish established
""")


def _has_hard_anchor(step: str, lower: str) -> bool:
    if HARD_ANCHOR.search(lower) or _LEADING_ACRONYM.match(step):
        return True
    return any(m.group(0) not in _NOT_NAMES for m in _PROPER_NAME.finditer(step))


def _main_span(lower: str) -> tuple[int, int]:
    """Where the main clause stands in the (lower-case) step: after an opening purpose clause,
    before a trailing purpose or time clause."""
    opening = _OPENING_PURPOSE.match(lower)
    start = opening.end() if opening else 0
    trailing = _TRAILING_CLAUSE.search(lower, start)
    return start, trailing.start() if trailing else len(lower)


def _concrete_words(clause: str) -> list[str]:
    words = (w.removesuffix("'s").strip("'-") for w in _WORD.findall(clause))
    return [w for w in words if w and w not in FUNCTION_WORDS and w not in ABSTRACT_WORDS]


@text_memo(4096)
def vagueness(step: str) -> str | None:
    """Why ``step`` is vague (the phrase, or "no concrete object"), or None when it is concrete."""
    step = typographic_to_plain(PLACEHOLDER.sub("{{x}}", step)).strip()
    lower = step.lower()
    if _has_hard_anchor(step, lower):
        return None
    start, end = _main_span(lower)
    main = lower[start:end]
    phrase = VAGUE_PHRASE.search(lower, start, end)
    if phrase:
        rescued = (not OPEN_ENDED.search(main)
                   and len(_concrete_words(VAGUE_PHRASE.sub(" ", main))) >= CONCRETE_OBJECT_WORDS)
        if rescued:
            return None  # "we are improving signage at the entrance to the car park"
        # quoted as written when lower-casing kept every position
        return step[phrase.start():phrase.end()] if len(step) == len(lower) else phrase.group(0)
    needed = 2 if CHECKING_VERB.search(main) else 1
    if len(_concrete_words(main)) < needed:
        return "no concrete object"
    return None


OPEN_ENDED = re.compile(r"\b(?:options?|ways?|avenues|a\s+range\s+of|possibilit\w+|whether)\b")
"""Words that keep a step open however concrete its nouns: "options for compensating"."""
CHECKING_VERB = re.compile(r"\b(?:review|investigat|audit|monitor|check|inspect)\w*")
"""Verbs that only promise a look: they need two concrete words ("every transaction made
through the affected tills"), not one ("the security of our customer database")."""
CONCRETE_OBJECT_WORDS = 3
"""Concrete words that rescue a step with a vague verb: "improving signage at the entrance to
the car park" names what is done; "improving our communication with customers" (none) and
"putting additional resources into our call centres" (two) do not. Set on the corpus: no vague
step there has three."""


def combine(rule_reason: str | None, probability: float, *, when_rules_vague: float,
            when_rules_concrete: float) -> bool:
    """Whether a step is reported as vague: the model decides "concrete deliverable or not".

    The rules' reading (:func:`vagueness`) no longer decides alone: they take
    any name or number as concrete ("We will continue to work with the
    National Cyber Security Centre") and any word outside their lists as an
    object. It sets how sure the model must be: a step the rules also find
    vague needs less confidence than one they read as concrete, where they are
    rarely wrong. The rules still supply the explanation when they found a
    vague phrase.
    """
    needed = when_rules_concrete if rule_reason is None else when_rules_vague
    return probability >= needed


@text_memo(4096)
def judge(step: str) -> tuple[str, ...] | None:
    """Why ``step`` is reported as vague (the phrases found), or None when it is not."""
    probability = wording_model.score("action", step)
    reason = vagueness(step)
    if not combine(reason, probability,
                   when_rules_vague=wording_model.threshold("action", "when_rules_vague"),
                   when_rules_concrete=wording_model.threshold("action", "when_rules_concrete")):
        return None
    found = [reason] if reason and reason != "no concrete object" else []
    for phrase in wording_model.evidence("action", step):
        if not any(phrase in f.lower() or f.lower() in phrase for f in found):
            found.append(phrase)
    return tuple(found[:3])


_SUBJECT_AND_MODAL = re.compile(
    r"^\s*((?:we|i|our\s+[\w-]+(?:\s+[\w-]+)?|the\s+[\w-]+(?:\s+[\w-]+)?)\s+"
    r"(?:will|are|is|have|has|am|shall|'re|'ll))\b", re.IGNORECASE)


def better_step(step: str) -> str:
    """A better wording built from the step's own opening: who, then a checkable deliverable.

    "Our 300-strong team is working harder than ever" ->
    "Our 300-strong team will <do what, to what> by <date>".
    """
    match = _SUBJECT_AND_MODAL.match(typographic_to_plain(step))
    subject = match.group(1).rsplit(None, 1)[0] if match else "We"
    return f"{subject} will <do what, to what> by <date>"


def _open_steps(incident: Incident) -> Iterator[tuple[int, str]]:
    """Index and text of each action not yet done, in public (not draft) incidents.

    Drafts are prepared scenarios: owners and dates are set on activation
    (the scenario files say so), so asking for them earlier would only teach
    people to ignore the warning.
    """
    if incident.status is Status.DRAFT:
        return
    for index, action in enumerate(incident.actions):
        if action.status is not ActionStatus.DONE:
            yield index, action.step


@rule("vague-action", theme="actions", english_only=True,
      summary="An action with no concrete object, number or date.")
def vague_action(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Steps such as "we will review our processes" that commit to nothing checkable."""
    for index, action in enumerate(incident.actions):
        found = judge(action.step)
        if found is None:
            continue
        confidence = round(100 * wording_model.score("action", action.step))
        words = ", ".join(f'"{phrase}"' for phrase in found)
        what = "no concrete object" if vagueness(action.step) == "no concrete object" else \
            "no deliverable a reader could check later"
        message = (f"vague action: {words + ' but ' if words else ''}{what} "
                   f"(learned check, {confidence}% sure)")
        yield Finding(
            f"actions[{index}].step", message,
            f'name what will be done, to what, and by when: "{better_step(action.step)}." '
            '(a named partner or a head count is not a deliverable; "Kroll will review all '
            'access logs and publish its findings by 15 December" is)',
        )


@rule("action-without-owner", theme="actions",
      summary="An open action in a public incident with no owner.")
def action_without_owner(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A step nobody owns is a step nobody does, and the press will ask who."""
    for index, _step in _open_steps(incident):
        if not incident.actions[index].owner:
            yield Finding(f"actions[{index}]", "this action has no owner",
                          "add owner: with the team or role doing it, e.g. owner: Security team",
                          severity=Severity.INFO)


@rule("action-without-due", theme="actions",
      summary="An open action in a public incident with no due date.")
def action_without_due(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Without a date, people cannot hold the organisation to its promise.

    A deadline written in the step itself ("by Friday", "within 72 hours")
    counts, so the same date need not be typed twice.
    """
    for index, step in _open_steps(incident):
        if incident.actions[index].due is None and not TIME_ANCHOR.search(step.lower()):
            yield Finding(f"actions[{index}]", "this action has no due date",
                          "add due: with the date it will be done, e.g. due: 2026-12-01",
                          severity=Severity.INFO)

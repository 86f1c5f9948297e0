"""Seeded, varied crisis prose: no two Markdown fields of a benchmark set are the same.

The first benchmark corpus assembled each field from a few dozen fixed
paragraphs per topic, so three quarters of its Markdown fields were copies
of each other. darksite memoises rendered Markdown by text, bare MkDocs does
not: the repetition gave darksite a discount no real dark site gets (real
statements are each written for their own crisis), and hid a 1.9x gap.

Here every sentence is drawn from many templates whose slots take words from
large pools (places, streets, services, assets, causes, teams, people,
numbers, times), and :class:`Prose` remembers every field it has produced
and draws again on the rare collision, so every field is unique by
construction (the report measures the share anyway). The words stay those of
a crisis statement (plain sentences, bold, lists, links) so the Markdown
exercises what real fields do, and darksite's checks accept them.
"""

from __future__ import annotations

import random
from collections.abc import Callable

PLACES = (
    "Greater Manchester", "Cheshire", "Lancashire", "West Yorkshire", "Merseyside", "Cumbria",
    "the Peak District", "South Yorkshire", "Teesside", "Northumberland", "Leeds", "Sheffield",
    "Bradford", "Preston", "Bolton", "Stockport", "Wigan", "York", "Harrogate", "Halifax",
    "Huddersfield", "Wakefield", "Doncaster", "Rotherham", "Barnsley", "Blackburn", "Burnley",
    "Lancaster", "Kendal", "Carlisle", "Darlington", "Durham", "Sunderland", "Gateshead",
    "Hexham", "Whitby", "Scarborough", "Skipton", "Ilkley", "Oldham", "Rochdale", "Salford",
    "Warrington", "Chester", "Macclesfield", "Crewe", "Southport", "St Helens", "Widnes",
    "Runcorn", "Chorley", "Blackpool", "Morecambe", "Penrith", "Keswick", "Buxton",
)

STREETS = (
    "Mill Lane", "Station Road", "Church Street", "Victoria Road", "Park Avenue", "High Street",
    "Queen Street", "Canal Side", "Bridge Street", "Market Place", "Moor Lane", "Hill Top",
    "King Street", "Water Lane", "Chapel Row", "Albert Road", "Green Lane", "Oak Drive",
    "Beech Grove", "Ashfield Way", "Riverside", "North Parade", "Cross Street", "Brook Lane",
)

SERVICES = (
    "broadband", "mobile data", "landline calls", "tap water", "the gas supply", "electricity",
    "the customer portal", "online banking", "card payments", "the mobile app",
    "home deliveries", "the booking system", "repairs bookings", "the emergency line",
    "prepayment top-ups", "smart meter readings", "account log-in", "email",
    "the billing system", "bus services", "parcel tracking", "video calls", "TV streaming",
)

ASSETS = (
    "a fibre cable", "a pumping station", "a substation", "a data centre cooling unit",
    "a core router", "a water main", "a storage server", "a payment gateway",
    "a telephone exchange", "a gas governor", "a treatment works filter", "a mobile mast",
    "a firewall cluster", "a database replica", "a backup generator", "a switching centre",
    "a supplier's platform", "a load balancer", "an authentication server", "a reservoir valve",
)

CAUSES = (
    "a software update we installed", "a configuration change made by our engineers",
    "flooding after heavy rain", "a cable cut during roadworks", "an expired certificate",
    "a fault in equipment we should have replaced", "a failed power supply",
    "an error in a script we ran", "a cyber attack on one of our systems",
    "a mistake in a routine maintenance job", "a burst pipe", "lightning damage",
    "a fault at one of our suppliers", "overheating in a machine room",
    "a database that ran out of space", "a test that was run on the live system",
)

TEAMS = (
    "Network Operations", "Security Operations", "Customer care", "the Priority Services team",
    "Field engineering", "Billing", "our Data Protection Officer", "the Product safety team",
    "Health and Safety", "Communications", "Supply chain", "Legal and compliance",
    "the Water quality team", "the IT service desk", "the Incident management team",
    "Regional operations", "the Repairs team", "Customer finance", "Vulnerable customers team",
)

PEOPLE = (
    ("Priya Raman", "Chief Executive"), ("Gareth Lewis", "Managing Director, Broadband"),
    ("Sian Morgan", "Director of Network Operations"), ("Helen Okafor", "Head of Communications"),
    ("Tom Ashworth", "Chief Information Security Officer"),
    ("Amara Nwosu", "Director of Customer Operations"),
    ("David Kowalski", "Chief Operating Officer"), ("Ruth Fairbairn", "Director of Water Services"),
    ("Imran Qureshi", "Head of Field Engineering"), ("Eleanor Hughes", "Chief Customer Officer"),
    ("Marcus Bell", "Director of Technology"), ("Fiona Campbell", "Head of Customer Care"),
    ("Oluwaseun Adeyemi", "Director of Operations, North"), ("Karen Whitfield", "General Counsel"),
    ("Rhys Pritchard", "Head of Resilience"), ("Mei Lin Chen", "Director of Digital Services"),
)

GROUPS = (
    "households", "customers", "businesses", "schools", "care homes", "small shops",
    "Priority Services Register households", "farms", "GP surgeries", "pensioners",
    "customers on prepayment meters", "students", "account holders",
)

ADVERBS = (
    "quickly", "carefully", "fully", "safely", "as a priority", "in stages", "overnight",
    "street by street", "one site at a time", "around the clock", "in order of need",
)

VERBS_DONE = (
    "replaced", "repaired", "isolated", "restarted", "tested", "inspected", "rerouted",
    "secured", "rebuilt", "checked", "reconnected", "cleaned", "patched", "flushed",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

SENTENCES = (
    "At {time} on {day} {asset} near {street} in {place} failed, and {service} stopped for "
    "about {count} {group}.",
    "The fault was caused by {cause}; we found it at {time} and {team} took charge.",
    "{team} {verb} {asset} at {street}, {place}, by {time} on {day}.",
    "We have {verb} {n} of the {m} sites involved, and the rest will follow {adverb}.",
    "About {count} {group} in {place} are still without {service}; we expect to reach them "
    "by {time} on {day}.",
    "Engineers from {team} have been on site at {street} since {time}, working {adverb}.",
    "We do not yet know whether {cause} affected {service} in {place2} as well.",
    "We have written to {count} {group} who may have been affected, starting with those in "
    "{place}.",
    "Compensation of **£{money}** will be paid automatically to each affected account in {place}; "
    "you do not need to claim.",
    "If you rely on {service} for medical equipment, call us now and we will send help to "
    "{place} within {hours} hours.",
    "Bottled water and mobile chargers are available at {street}, {place}, from {time} until "
    "{time2}.",
    "We checked {pct}% of the {service} network in {place} overnight and found no further "
    "damage.",
    "Our review, led by {person}, will report by {date} and we will publish it here.",
    "{count2} calls reached our helpline on {day}; the average wait was {minutes} minutes.",
    "We have asked the regulator to review our handling of {cause}, and will share what it "
    "finds.",
    "The first {n} {group} in {place2} had {service} back at {time}.",
    "A temporary link through {place2} now carries {pct}% of normal traffic.",
    "Our staff at {street} in {place} will answer questions in person from {time} each day.",
    "We are {adverb} testing {asset} before we switch {service} back on for {place}.",
    "The {ordinal} repair team arrived in {place} at {time} with spare parts for {asset}.",
    "No personal data was lost in {place}; {team} confirmed this at {time} on {day}.",
    "We expect {service} in {place} to be normal by {date}, and we will say so here if that "
    "changes.",
    "Since {day}, {n} engineers have worked on {asset} in shifts of {hours} hours.",
    "Readings from {m} monitoring points around {place2} have been normal since {time}.",
    "Please do not report the fault again: we know about it, and every report from {place} is "
    "logged.",
    "Customers on {street} and the streets around it may see short interruptions until {date}.",
    "We moved {count} {group} to a backup system at {time}, and {pct}% of them saw no change.",
    "{person} visited {place} on {day} to meet the families most affected.",
    "The cost of the repair is ours alone; no bill in {place} will rise because of it.",
    "A helpline for {group} in {place2} opens at {time} on {day}, staffed by {team}.",
)

ADVICE = (
    "Keep your router switched on so that it reconnects by itself when {service} returns.",
    "Boil tap water in {place} for one minute and let it cool before drinking it.",
    "Do not give your password or card number to anyone who calls about this incident.",
    "Check on neighbours in {place} who live alone, and call us if they need help.",
    "Use the helpline if you need {service} for medical equipment: you come first.",
    "Keep receipts for anything you buy because of the outage; we will refund them.",
    "Change your password if you used the same one on another site.",
    "Run taps in {place} for two minutes when the water comes back, to clear the pipes.",
    "Switch off appliances at {street} until the power is stable, then switch them on one by one.",
    "Watch for texts from us on {number}; we never ask for payment by text.",
)

QUESTIONS = (
    "When will {service} be back in {place}?", "Do I need to do anything about {service}?",
    "Will I be compensated for losing {service}?", "Is my data safe after the fault in {place}?",
    "Who do I call if I rely on {service} for medical equipment?",
    "Why did {service} fail in {place}?", "Can I claim for food I had to throw away?",
    "Will my bill go up because of the repair in {place}?",
    "How do I know a call about {service} is really from you?",
    "What happens if {service} fails again in {place}?",
    "Where can I get bottled water near {street}?",
    "How long will the repairs at {street} take?",
)


class Prose:
    """A seeded writer of unique crisis prose; every field it returns is new."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    # -- slots ----------------------------------------------------------------

    def _slots(self) -> dict[str, str]:
        r = self.rng
        return {
            "place": r.choice(PLACES), "place2": r.choice(PLACES), "street": r.choice(STREETS),
            "service": r.choice(SERVICES), "asset": r.choice(ASSETS), "cause": r.choice(CAUSES),
            "team": r.choice(TEAMS), "group": r.choice(GROUPS), "adverb": r.choice(ADVERBS),
            "verb": r.choice(VERBS_DONE), "person": r.choice(PEOPLE)[0],
            "time": f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
            "time2": f"{r.randint(0, 23):02d}:{r.choice((0, 15, 30, 45)):02d}",
            "day": f"{r.choice(WEEKDAYS)} {r.randint(1, 28)} {r.choice(MONTHS)}",
            "date": f"{r.randint(1, 28)} {r.choice(MONTHS)}",
            "count": f"{r.randint(120, 98_000):,}", "count2": f"{r.randint(300, 40_000):,}",
            "n": str(r.randint(2, 40)), "m": str(r.randint(41, 400)),
            "pct": str(r.randint(12, 99)), "money": str(r.choice((20, 25, 30, 40, 50, 75, 100))),
            "hours": str(r.randint(2, 12)), "minutes": str(r.randint(2, 45)),
            "ordinal": r.choice(("second", "third", "fourth", "fifth", "sixth")),
            "number": f"0{r.randint(7000, 7999)} {r.randint(100000, 999999)}",
        }

    def sentence(self, templates: tuple[str, ...] = SENTENCES) -> str:
        return self.rng.choice(templates).format(**self._slots())

    # -- fields ---------------------------------------------------------------

    def _unique(self, make: Callable[[], str]) -> str:
        """``make()`` until it gives a text never given before (each text carries several
        random numbers and times, so a second draw is already rare)."""
        for _attempt in range(1_000):
            text = make()
            if text not in self.seen:
                self.seen.add(text)
                return text
        raise RuntimeError("the prose generator ran out of unique texts: widen its pools")

    def words(self, count: int) -> str:
        """Sentences until about ``count`` words: one paragraph."""
        out: list[str] = []
        total = 0
        while total < count:
            sentence = self.sentence()
            out.append(sentence)
            total += len(sentence.split())
        return " ".join(out)

    def paragraph(self, count: int) -> str:
        return self._unique(lambda: self.words(count))

    def statement(self, count: int = 400) -> str:
        """About ``count`` words: paragraphs, three headed lists, now and then a link."""

        def make() -> str:
            parts = [self.words(count // 5), self.words(count // 6)]
            parts.append("### What we know\n\n" + self._bullets(4))
            parts.append("### What we do not know yet\n\n" + self._bullets(2))
            parts.append("### What you should do\n\n" + "\n".join(
                f"- {self.sentence(ADVICE)}" for _ in range(3)))
            used = sum(len(p.split()) for p in parts)
            parts.append(self.words(max(20, count - used)))
            if self.rng.random() < 0.3:
                parts.append(f"We will publish a full report here: [post-incident report "
                             f"{self.rng.randint(100, 99999)}](https://www.example.com/reports/).")
            return "\n\n".join(parts)

        return self._unique(make)

    def _bullets(self, count: int) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(count))

    def question(self) -> str:
        """A plain-text FAQ question: people ask the same questions, so repeats are allowed
        (the pool of questions is finite; only Markdown fields must never repeat)."""
        return self.sentence(QUESTIONS)

    def step(self) -> str:
        """One action (plain text, about 25 words)."""
        return self._unique(lambda: self.words(22))

"""Word pools for synthetic incidents: the kinds of crisis a dark site really carries.

The benchmark's figures are only as honest as its input. A page of lorem
ipsum is shorter, repeats more (so it gzips better) and exercises none of the
Markdown a real statement uses, so each topic below is written like the
shipped sample incidents: specific numbers, places, owners and dates, with
bold, lists and links in the Markdown fields. Slots in braces are filled per
incident by :mod:`bench.generate` (``{place}``, ``{count}``, ``{service}``...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One kind of crisis: the texts an incident of that kind is assembled from."""

    slug: str
    services: tuple[str, ...]
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    what_happened: tuple[str, ...]
    known: tuple[str, ...]
    unknown: tuple[str, ...]
    advice: tuple[str, ...]
    actions: tuple[str, ...]
    updates: tuple[str, ...]
    faq: tuple[tuple[str, str], ...]


PLACES = (
    "Greater Manchester", "Cheshire", "Lancashire", "West Yorkshire", "Merseyside",
    "Cumbria", "the Peak District", "South Yorkshire", "Teesside", "Northumberland",
    "Leeds", "Sheffield", "Bradford", "Preston", "Bolton", "Stockport", "Wigan", "York",
)

TEAMS = (
    "Network Operations", "Security Operations", "Customer care", "Priority Services team",
    "Field engineering", "Billing", "Data Protection Officer", "Product safety team",
    "Health and Safety", "Communications", "Supply chain", "Legal and compliance",
    "Water quality team", "IT service desk",
)

PEOPLE = (
    ("Priya Raman", "Chief Executive"), ("Gareth Lewis", "Managing Director, Broadband"),
    ("Sian Morgan", "Director of Network Operations"), ("Helen Okafor", "Head of Communications"),
    ("Tom Ashworth", "Chief Information Security Officer"),
    ("Amara Nwosu", "Director of Customer Operations"),
    ("David Kowalski", "Chief Operating Officer"),
    ("Ruth Fairbairn", "Director of Water Services"),
)

APOLOGIES = (
    "I am sorry. {impact}. That was our failure, and it should not have happened. You "
    "rely on us, and this time we let you down. We will keep you informed at every step "
    "and we will put right what we can.",
    "We are sorry. {impact}. There is no excuse for it: the fault was in something we "
    "did, and we own it. We will tell you what we find, and what we change, on this page.",
    "I apologise without reservation. {impact}. Our job is to prevent exactly this, and "
    "we did not. Every affected customer will hear from us directly, and we will publish "
    "what we learn.",
)

IMPACTS = (
    "For {duration} you could not rely on {service}",
    "{count} households lost {service} because of a mistake we made",
    "We left {count} customers without {service} for {duration}",
)

DURATIONS = ("six hours", "most of a working day", "two days", "nine hours", "a night and a day")

CONTACT_LABELS = (
    ("Customer helpline", "phone", "customers", "24/7 until further notice"),
    ("Priority Services line", "phone", "Priority Services Register households", "24/7"),
    ("Press office", "email", "press", "24/7 during this incident"),
    ("Ask us privately about your own case", "web", "customers",
     "We call back within 4 hours, 08:00-22:00 UK time"),
    ("Text us if you cannot talk on the phone", "sms", "customers", "24/7"),
    ("Live chat", "chat", "customers", "Mon-Sun 08:00-22:00 UK time"),
    ("Northwind on Mastodon", "social", "everyone", None),
    ("Compensation claims", "email", "customers", "Mon-Fri 09:00-17:00 UK time"),
)

SERVICES = {
    "outage": ("broadband and home phone service", "mobile data", "online account access"),
    "water": ("drinking water", "water supply", "water pressure"),
    "power": ("electricity", "power supply"),
    "data": ("customer contact details", "account records", "billing records"),
    "recall": ("the SmartMeter Hub 2", "the HeatSense thermostat", "the AquaStop valve"),
    "accident": ("work at our {place} depot", "the {place} treatment works"),
    "cyber": ("online payments", "the customer app", "the customer website"),
}

TOPICS: tuple[Topic, ...] = (
    Topic(
        slug="outage",
        services=SERVICES["outage"],
        titles=(
            "{service_cap} outage in {place} on {day}",
            "Loss of {service} for {count} customers in {place}",
        ),
        summaries=(
            "A faulty change we made to our network cut {service} for {count} customers in "
            "{place} on {day}. Service is restored for most customers and we are working on "
            "the rest. Credits will be applied automatically.",
            "From {start_time} on {day}, {count} customers in {place} lost {service} after "
            "a network upgrade we made went wrong. Here is what happened, what we are doing "
            "and how to reach us.",
        ),
        what_happened=(
            "**From {start_time} on {day}, {count} customers in {place} had no {service}.** "
            "Customers with digital landlines could not make calls, including calls to 999, "
            "and telecare alarms connected through them could not reach their centres.",
            "Overnight we upgraded the software on the core routers serving {place}. The "
            "upgrade contained a configuration error that our testing did not catch. When "
            "the routers restarted, they stopped passing traffic for the whole area, and our "
            "first attempt to roll back failed.",
            "This was our change, made by us. There was no cyber attack and no damage to "
            "cables or equipment.",
        ),
        known=(
            "Service is back for **{restored_pct}%** of affected customers.",
            "We know of **no one who was harmed** because they could not call 999.",
            "The fault was in a configuration file, not in the equipment itself.",
            "About {count} accounts are affected; each will be credited automatically.",
        ),
        unknown=(
            "Why the rollback failed on two routers; the manufacturer is helping us find out.",
            "Exactly when the last customers will be reconnected; we expect it by {due_day}.",
        ),
        advice=(
            "If you need to call 999, please use a mobile phone until service is back.",
            "Switch your router off for 30 seconds and on again once we say service is back.",
        ),
        actions=(
            "We are rolling back the faulty software on every core router in {place}.",
            "We are phoning every telecare customer in {place} to check they are safe.",
            "We will credit every affected account automatically; you do not need to claim.",
            "We now upgrade one site at a time and keep the previous software on each router.",
            "We will publish a full post-incident report with the timeline and root cause.",
            "We are building a second core site so one failure cannot cut off {place}.",
        ),
        updates=(
            "{service_cap} is down across {place}. **If you need to call 999, use a mobile "
            "phone.** Engineers are working on it now.",
            "The outage was caused by a software upgrade we made overnight. Engineers are on "
            "their way to reinstall the previous software by hand.",
            "About {restored_pct}% of customers have service back. The remaining routers are "
            "being restored one by one.",
            "**Service is back for every affected customer.** We are watching the network "
            "closely and will confirm in the morning.",
        ),
        faq=(
            ("Do I need to claim a credit?",
             "No. It is added **automatically** to every affected account and shows on your "
             "next bill."),
            ("Was this a cyber attack?",
             "No. It was caused by a software change we made to our own network."),
            ("Why could I not call 999 from my landline?",
             "Digital landlines carry calls over your broadband connection, so when broadband "
             "failed the landline failed too. Keep a charged mobile phone at home."),
        ),
    ),
    Topic(
        slug="water",
        services=SERVICES["water"],
        titles=(
            "Boil water notice for {count} homes in {place}",
            "No {service} in parts of {place} after a burst main",
        ),
        summaries=(
            "A burst trunk main left {count} homes in {place} without {service} from "
            "{start_time} on {day}. Bottled water stations are open and supply is returning "
            "street by street.",
            "Tests found bacteria in {service} supplied to {count} homes in {place}. Please "
            "boil water before drinking it until we say it is safe. Here is what we know.",
        ),
        what_happened=(
            "**At {start_time} on {day}, a trunk main burst under the A6 in {place}.** "
            "It supplies {count} homes and businesses, which lost water or pressure within "
            "the hour.",
            "The main is 60 years old and was on our replacement list for next year. We "
            "should have replaced it sooner, and we are reviewing every main of the same age.",
        ),
        known=(
            "Supply has returned to **{restored_pct}%** of affected homes.",
            "The water that reaches you is safe to drink unless you are told otherwise.",
            "Bottled water stations are open at three sites listed below.",
        ),
        unknown=(
            "When the last streets will have full pressure; we expect it by {due_day}.",
        ),
        advice=(
            "Run your cold kitchen tap for two minutes when supply returns.",
            "If you are on our Priority Services Register, we will bring water to your door.",
        ),
        actions=(
            "We are repairing the burst main under the A6 in {place}.",
            "We are delivering bottled water to every Priority Services household.",
            "We opened bottled water stations at three sites in {place}.",
            "We are testing water quality at 40 points across the network every four hours.",
            "We will replace every trunk main of the same age in {place}.",
        ),
        updates=(
            "A burst main has cut supply to {count} homes in {place}. Crews are on site.",
            "The repair is under way. Bottled water stations are open; see the list below.",
            "Supply is returning street by street; {restored_pct}% of homes have water.",
            "**Supply is back everywhere.** Some homes may see discoloured water for a day.",
        ),
        faq=(
            ("Is my water safe to drink?",
             "Yes, once it runs clear. If it is discoloured, run the cold kitchen tap for two "
             "minutes."),
            ("Will I be compensated?",
             "Yes. Every affected household receives the **statutory payment** automatically."),
        ),
    ),
    Topic(
        slug="data",
        services=SERVICES["data"],
        titles=(
            "{service_cap} of {count} customers exposed by a storage setting we got wrong",
            "Customer data exposure: {count} accounts affected",
        ),
        summaries=(
            "A copy of {service} was publicly reachable for {duration} because of a setting "
            "we got wrong. It held details of {count} customers. No passwords or card "
            "numbers. Check below what was exposed and what to do.",
            "We found that {service} of {count} customers could be downloaded by anyone with "
            "its address. We closed it the same morning. Here is what was exposed.",
        ),
        what_happened=(
            "**On {day} at {start_time}, a security researcher told us that a file of "
            "customer records could be downloaded from the internet.** We made the file "
            "private within the hour.",
            "The file was a copy our data team had placed in cloud storage during a move to "
            "a new billing system. The storage was set to public access by mistake. That was "
            "our error, not an attack on our systems.",
        ),
        known=(
            "It held records for **{count} customers**: name, postal address and email.",
            "It did **not** hold passwords, bank account numbers or card numbers.",
            "Our logs show the file was downloaded four times from outside Northwind.",
        ),
        unknown=(
            "**Who made three of the four downloads**; a forensic firm is tracing them.",
            "Whether other files were stored the same way; we are checking every location.",
        ),
        advice=(
            "**Be wary of calls and emails that quote your account number.**",
            "We will never ask for your password or a one-time code by phone or email.",
        ),
        actions=(
            "We made the exposed file private and deleted every copy of it.",
            "We reported the exposure to the Information Commissioner's Office.",
            "We are emailing every affected customer with exactly what was exposed.",
            "We are checking every storage location we use for the same setting.",
            "We are offering 12 months of free identity monitoring to every affected customer.",
            "We will publish what the forensic investigation finds, whatever it finds.",
        ),
        updates=(
            "We are investigating a report that customer records were publicly reachable.",
            "We have identified every affected account: **{count} customers**.",
            "We reported the exposure to the regulator and started emailing customers.",
            "We have found **no sign** that the file has been published or offered for sale.",
        ),
        faq=(
            ("How do I know if my details were in the file?",
             "We are emailing **every** affected customer. If you have not heard from us by "
             "{due_day}, call the helpline."),
            ("Was my password exposed?",
             "No. The file did not contain passwords, bank details or card numbers."),
            ("Will I be compensated?",
             "Every affected customer is offered free identity monitoring. Tell us privately "
             "if this has cost you money."),
        ),
    ),
    Topic(
        slug="recall",
        services=SERVICES["recall"],
        titles=(
            "Safety recall of {service}",
            "Stop using {service}: overheating risk",
        ),
        summaries=(
            "We are recalling {service} because a faulty power adaptor can overheat. Unplug "
            "it now. We will replace it free of charge and collect the old one.",
            "Some units of {service} sold since {day} can overheat. Please unplug yours and "
            "contact us for a free replacement.",
        ),
        what_happened=(
            "**We have found that the power adaptor supplied with {service} can overheat.** "
            "We know of {small} cases of scorch marks and no injuries.",
            "The fault is in a batch of adaptors from one supplier. We should have caught it "
            "in our own testing, and we did not.",
        ),
        known=(
            "About {count} units are affected, all sold since {day}.",
            "The serial numbers affected start with **NW-24** or **NW-25**.",
        ),
        unknown=(
            "Whether older units are affected; we are testing them and will say by {due_day}.",
        ),
        advice=(
            "**Unplug the device now** and do not use it until it is replaced.",
            "You do not need the receipt: the serial number is enough.",
        ),
        actions=(
            "We stopped selling {service} and withdrew all stock from our shops.",
            "We are sending a replacement with a new adaptor to every registered customer.",
            "We are collecting every affected unit free of charge.",
            "We notified the Office for Product Safety and Standards.",
            "We are testing every adaptor from the same supplier.",
        ),
        updates=(
            "We are recalling {service}. Please unplug it now.",
            "Replacements are being sent out; {restored_pct}% have been delivered.",
            "Collection of old units is under way in {place}.",
        ),
        faq=(
            ("How do I know if my unit is affected?",
             "Check the serial number on the back. If it starts with **NW-24** or **NW-25**, "
             "it is affected."),
            ("Do I have to pay for the replacement?",
             "No. The replacement, delivery and collection are free."),
        ),
    ),
    Topic(
        slug="accident",
        services=SERVICES["accident"],
        titles=(
            "Serious accident at our {place} depot",
            "Two colleagues injured at the {place} treatment works",
        ),
        summaries=(
            "Two of our colleagues were injured at our {place} site on {day}. Both are in "
            "hospital and stable. Work at the site has stopped while the cause is "
            "investigated with the Health and Safety Executive.",
            "An accident at our {place} site injured two colleagues on {day}. Their families "
            "are informed. We have stopped similar work at every site while we investigate.",
        ),
        what_happened=(
            "**At {start_time} on {day}, two colleagues were injured when a trench collapsed "
            "at our {place} site.** Colleagues and paramedics freed them within 20 minutes.",
            "Both are in hospital and their condition is stable. Their families are with "
            "them, and we are supporting them in every way they ask.",
        ),
        known=(
            "The Health and Safety Executive is investigating and we are helping fully.",
            "All trench work across our sites has stopped until checks are complete.",
        ),
        unknown=(
            "**Why the trench support failed**; the investigation will tell us.",
        ),
        advice=(
            "Roads around the site stay closed until {due_day}; please use the diversion.",
        ),
        actions=(
            "We stopped all trench work at every site until each has been checked.",
            "We have assigned a family liaison officer to each of the two families, on call 24/7.",
            "We are cooperating fully with the Health and Safety Executive.",
            "We will publish the findings of the investigation on this page.",
        ),
        updates=(
            "Two colleagues were injured at our {place} site. Both are in hospital.",
            "Both colleagues are stable. The Health and Safety Executive is on site.",
            "Trench work has restarted at sites that passed the new checks.",
        ),
        faq=(
            ("Is it safe to live near the site?",
             "Yes. The accident did not affect anything outside the site."),
            ("How can I help the families?",
             "Please respect their privacy. We will share any message they wish to share."),
        ),
    ),
    Topic(
        slug="cyber",
        services=SERVICES["cyber"],
        titles=(
            "{service_cap} unavailable after a cyber attack",
            "Cyber attack: {service} taken offline as a precaution",
        ),
        summaries=(
            "We took {service} offline on {day} after detecting an attack on our systems. "
            "Payments and your supply are not affected. We will restore service once it is "
            "safe.",
            "An attack on our systems forced us to switch off {service} on {day}. We have no "
            "evidence that customer data was taken. Here is what we know and do not know.",
        ),
        what_happened=(
            "**At {start_time} on {day}, our security team detected unusual activity on the "
            "servers behind {service}.** We switched them off to contain it.",
            "We are working with the National Cyber Security Centre and an independent "
            "incident response firm.",
        ),
        known=(
            "Your energy and water supply are **not affected**.",
            "We have **no evidence** that customer data was taken.",
        ),
        unknown=(
            "**How the attackers got in**; the investigation is under way.",
            "When {service} will be back; we will say here as soon as we know.",
        ),
        advice=(
            "Be wary of emails claiming to be from us about this incident.",
            "We will never ask for your password by email.",
        ),
        actions=(
            "We switched off the affected servers to contain the attack.",
            "We reported the attack to the National Cyber Security Centre.",
            "We are rebuilding the affected servers from clean backups.",
            "We are resetting every staff password and access key.",
            "We will tell every customer directly if any data turns out to be taken.",
        ),
        updates=(
            "{service_cap} is offline while we investigate unusual activity.",
            "We have confirmed an attack and contained it. Rebuilding has started.",
            "{service_cap} is back for {restored_pct}% of customers.",
        ),
        faq=(
            ("Should I change my password?",
             "You do not need to, but you are welcome to. We will tell you if that changes."),
            ("Is my payment information safe?",
             "Card payments go through our payment provider and were **not affected**."),
        ),
    ),
)

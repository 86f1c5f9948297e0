"""The corpus, end to end: real sentences through the real ``darksite check --format json``.

This is how the checks are judged: non-apologies and vague actions must be
flagged (a warning whose key path starts with ``apology`` or ``actions``),
sincere apologies and specific actions must draw no such warning, because
false alarms teach people to ignore the tool. Each sentence is its own
incident file in one real project, checked by one run of the CLI.

The lists mix famous corporate phrasings with the ones comms teams write
under pressure; they were written as a first set and then several held-out sets (the
held-out ones only run against finished rules), then merged here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_project
from tests.test_checks_support import to_yaml, with_apology, with_step

NON_APOLOGIES = (
    # Real-world-style non-apologies: each must draw a warning on apology.*.
    "We apologize for any inconvenience this may have caused.",
    "We're sorry if you were disappointed by our service.",
    "Mistakes were made in the handling of customer data.",
    "We regret that some customers experienced delays in receiving their orders.",
    "We apologise to those who feel they were let down.",
    "It is unfortunate that the system was unavailable for several hours.",
    "We are sorry, however the supplier failed to deliver the update on time.",
    "Our sincere apologies to anyone who may have been affected.",
    "We want to apologize to anybody who was offended.",
    "If anyone was offended by our advertisement, we apologise.",
    "To the extent that our actions caused concern, we are sorry.",
    "We are sorry you feel that our response was inadequate.",
    "We apologise for any confusion caused by the earlier message.",
    "We are sorry for any distress this may have caused.",
    "We regret the inconvenience caused to passengers.",
    "We apologise if our comments were misinterpreted.",
    "I am sorry that some people took offence at my remarks.",
    "We're sorry, but the outage was caused by a third-party provider.",
    "We apologise; however, this was due to circumstances beyond our control.",
    "We are sorry that you had a bad experience with us.",
    "We sincerely apologise to any customers who were impacted.",
    "It is regrettable that the data of a small number of customers was accessed.",
    "Errors have been made and lessons will be learned.",
    "We apologise for the disruption, which was caused by a fault at our supplier's data centre.",
    "We regret any hurt our words may have caused.",
    "I apologise if anything I said came across as insensitive.",
    "We're sorry for any frustration you may have experienced.",
    "Apologies for the inconvenience.",
    "We apologise to customers who may have been inconvenienced by the delay.",
    "While we regret the situation, we stand by our decision.",
    "We are sorry that our product did not meet your expectations.",
    "We apologise for the misunderstanding.",
    "The situation could have been handled better, and we are sorry for that.",
    "We never intended to cause offence and we are sorry if we did.",
    "We are saddened by the events of last week and our thoughts are with those affected.",
    "We take the security of your data very seriously and apologise for any concern.",
    "We are sorry this happened.",
    "We apologise.",
    "We are sorry for what happened.",
    "We're sorry to hear that some users have had trouble logging in.",
    "Unfortunately, an error occurred which meant some payments were delayed.",
    "We deeply regret that this incident occurred.",
    "We apologise for the actions of a former employee, who acted alone.",
    "We are sorry for the situation and thank you for your patience and understanding.",
    "Sorry to anyone who felt upset by the campaign.",
    "We are sorry for any impact this may have had on you.",
    "We would like to apologise for any upset caused.",
    "Sorry if this caused any trouble.",
    "We are sorry that some of our customers feel let down.",
    "We regret that you were unhappy with our service.",
    "It is unfortunate that a number of passengers were delayed.",
    "We apologise to anyone who was inconvenienced.",
    "Our apologies, but the delay was due to the strike at the port.",
    "We are sorry if our message caused alarm.",
    "Errors were made during the migration, for which we apologise.",
    "Sorry for the hiccup, everyone!",
    "We apologise for any difficulties you may have experienced.",
    "We are sorry that you were offended by the post.",
    "Regrettably, an issue with one of our vendors resulted in the outage.",
    "I regret that my remarks were taken out of context.",
    "We apologise, although we followed all the correct procedures.",
    "We're sorry to anyone impacted.",
    "Apologies to all concerned.",
    "We are sorry for the perceived lack of communication.",
    "We apologise for any hurt feelings.",
    "We're truly sorry for any worry this may cause.",
    "We sympathise with everyone affected by this unfortunate incident.",
    "We are sorry this has happened, but the fault lies with our contractor.",
    "I apologise to those who interpreted my words as offensive.",
    "We apologise that a handful of customers were affected.",
    "Sorry for the trouble.",
    "We regret the error.",
    "We recognise that some customers have been frustrated, and we thank them for their patience.",
    "Mistakes have been made and we will learn from them.",
    "We apologise if anyone felt misled.",
    "We are sorry for any concern this has caused, although no data was actually lost.",
    "It is with regret that we must inform you of a service disruption.",
    "We apologise for the temporary inconvenience.",
    "We are sorry you had to go through this.",
    "Should any customer have been affected, we apologise.",
    "We're sorry, it was a glitch in the system.",
    "We apologize to anyone who was offended by the ad.",
    "We are sorry for the disruption this has caused. Nobody wants this over more than we do.",
    "I apologize for having to re-accommodate these customers.",
    "This is an upsetting event to all of us here.",
    "This was a major breach of trust, and I'm really sorry this happened.",
    "We apologize for any misunderstanding, and we are committed to doing better.",
    "We're sorry that the surge pricing upset some riders.",
    "We deeply regret the pain this has caused.",
    "I am sorry if my words have hurt anyone.",
    "My apologies to those who were offended.",
    "We are sorry for the hurt that has been caused.",
    "Customers may have experienced intermittent issues, for which we apologise.",
    "We are sorry for the inconvenience and appreciate your patience.",
    "We want to assure our customers that we take this matter seriously.",
    "We understand how frustrating this is and apologise.",
    "Apologies to anyone caught up in the delays.",
    "I'm sorry you were made to feel unwelcome.",
    "We are sorry that the weather caused so much disruption to your journeys.",
    "We apologise to the families, but our staff followed the guidance in place at the time.",
    "Any offence caused was entirely unintentional, and we apologise.",
    "We're sorry for the issues some of you experienced over the weekend.",
    "We acknowledge that mistakes may have been made and we are sorry.",
    "Please accept our apologies for the delay in responding.",
    "It is a matter of regret that the service fell below the standards our customers expect.",
    "We are sorry that the situation escalated as it did.",
    (
        "We sincerely apologize for any inconvenience caused by the recent service disruption "
        "and appreciate your patience as we work to resolve the issue."
    ),
    (
        "At Northwind, we take the privacy of our customers seriously. We regret that an "
        "unauthorized party accessed some customer information."
    ),
    (
        "We are deeply sorry for the distress caused to those affected. The incident was the "
        "result of a sophisticated cyber attack by criminals."
    ),
    "While no system is completely immune to attack, we are sorry this happened.",
    "We apologise if the tone of our earlier statement was not what people expected.",
    "We're sorry that some passengers were left feeling frustrated by the delays.",
    (
        "We are sorry for any upset our decision may have caused; it was made with the best "
        "intentions."
    ),
    "Our thoughts are with everyone affected by yesterday's events.",
    "We acknowledge the concerns raised and apologise for any distress.",
    (
        "We hold ourselves to high standards and on this occasion we fell short. Apologies for "
        "any disruption."
    ),
    "We're sorry for the trouble this has caused. The fault was with an external partner.",
    "We understand that this has been a frustrating time for many of our customers.",
    "We apologize to the extent our communications were unclear.",
    "The company regrets the incident and any harm that may have resulted.",
    "We offer our apologies to anyone who feels they were treated unfairly.",
    "Sorry for any confusion - our system sent some emails in error.",
    "While the investigation is ongoing, we want to apologise to anyone impacted.",
    "We are sorry, as always, that our services were interrupted.",
    "We apologise that you have had cause to complain.",
    "We're sorry that you feel you weren't given enough notice.",
    "We would like to express our regret for the situation.",
    "Please accept our sincere apologies for any disruption to your day.",
    (
        "We recognise that this outage may have caused difficulties for some of our customers, "
        "and for this we apologise."
    ),
    "We're so sorry! The app was down for a bit but it's all fixed now.",
    "Our apologies to the small number of customers whose orders were delayed.",
    "We sincerely regret the inconvenience experienced by some passengers.",
    "We apologise for the issues, which stemmed from an upgrade by our technology partner.",
    "Sorry folks, a few of you may have noticed some hiccups today!",
    "We would like to apologise to anyone whose journey may have been disrupted.",
    "We regret that this situation has arisen.",
    "Unfortunately, some customer information may have been viewed by an unauthorised third party.",
    "We are sorry if our response came across as dismissive.",
    "Please accept our apologies for any distress caused.",
    "We are sorry for what some have described as a lack of transparency.",
    "While we followed all industry guidance, we are sorry that customers were affected.",
    "We apologise for the temporary unavailability of our services.",
    "We deeply regret any offence caused by our advertisement.",
    "Our apologies to those who were impacted by the outage.",
    "We recognise the frustration this has caused and we are working hard to fix it.",
    "We are sorry that you feel we have not communicated well enough.",
    "We are sorry, but the safety of our staff must come first.",
    "Mistakes may have been made, and if so we apologise.",
    "We are sorry for the situation our customers found themselves in.",
    "Our apologies for the delay.",
    "We would like to apologise for any misunderstanding our letter may have caused.",
)

SINCERE_APOLOGIES = (
    # Specific, owned, unconditional apologies: none may draw a warning.
    "We are sorry. We exposed your data and we failed to protect it.",
    (
        "I apologise to every customer who lost power on Tuesday: we failed to maintain the "
        "line that caused it."
    ),
    "We got this wrong, and we are sorry for the distress it caused you and your families.",
    "I am sorry. You trusted us with your personal details and we did not protect them.",
    (
        "We are sorry that we charged 40,000 customers twice in October. It was our error, and "
        "we are refunding every penny."
    ),
    (
        "We apologise to the 11,912 customers whose names and email addresses we left publicly "
        "accessible for six hours."
    ),
    (
        "I am deeply sorry for the death of Mark Ellis at our Teesside plant. We did not keep "
        "him safe, and we should have."
    ),
    "We are sorry for cancelling 312 flights without warning on Friday and leaving you stranded.",
    "We made a mistake when we changed our billing system, and we are sorry.",
    "We let you down. We sold a heater that could overheat, and we are sorry.",
    "I want to say sorry, plainly: our software update broke online banking for two days.",
    (
        "We are sorry for keeping you in the dark for three days. You deserved to hear from us "
        "at once."
    ),
    (
        "We apologise without reservation. Our engineers switched off the wrong substation, "
        "and 9,000 homes lost heating overnight."
    ),
    "We are sorry. Our staff treated you with disrespect, and that was wrong.",
    "We sent your test results to the wrong address. That was our failure, and I am sorry.",
    "I am sorry we misled you about the cause of the outage in our first statement.",
    (
        "We are truly sorry for the harm our contaminated batch caused, and for taking four "
        "days to recall it."
    ),
    "We failed the families of Riverside ward, and we are sorry.",
    (
        "I apologise. We should have warned residents about the water quality on Monday, not "
        "on Thursday."
    ),
    "We are sorry that we delayed your pension payments by a week. The fault is ours alone.",
    "We are sorry. We broke our promise to deliver by Christmas and did not tell you in time.",
    (
        "To every passenger who spent the night at Gatwick because of our booking failure: we "
        "are sorry."
    ),
    (
        "We apologise for overcharging 2,300 small businesses; we applied the wrong tariff "
        "from March to June."
    ),
    (
        "We are sorry for the pain our words caused. What we published was wrong, and we have "
        "removed it."
    ),
    (
        "I am sorry. As chief executive I am responsible for the safety failures that led to "
        "this fire."
    ),
    "We are sorry that our app exposed the location history of 8,000 users. We built it badly.",
    (
        "We apologise to the patients whose appointments we cancelled at short notice, and to "
        "their carers."
    ),
    "We are sorry. We lost 1,200 parcels in our Leeds depot and we did not tell you for a week.",
    "Our mistake meant that 600 children missed their school meals. We are deeply sorry.",
    (
        "We are sorry for the fear and disruption that the gas leak at our depot caused in "
        "your street."
    ),
    "We apologise unreservedly: we failed to check the contractor's work, and the roof collapsed.",
    "I am sorry that we ignored the warnings our own staff raised about the software.",
    "We are sorry. The data exposure was our fault, and we take full responsibility for it.",
    "We are sorry. We sent 4,000 letters with the wrong balance, and that caused real worry.",
    "I am sorry that we turned off your water for two days without warning.",
    "We failed to spot the fault in the brakes, and two people were hurt. We are deeply sorry.",
    "We apologise to every family we kept waiting for news on Saturday night.",
    "We were wrong to delete your posts, and we are sorry.",
    "Sorry. Our update deleted your saved files and we should have tested it properly.",
    "I apologise for my comments on Tuesday's radio programme. They were offensive and untrue.",
    "We are sorry that our advert used a racist stereotype. We should never have published it.",
    "We overcharged you, and we are sorry. Every customer will get the money back with interest.",
    "We are sorry that our network failure left 70,000 homes without internet for a weekend.",
    "We apologise for losing your luggage and for not telling you where it was.",
    "We are sorry we did not answer your calls during the outage.",
    "I am sorry. I made the decision that led to this, and I was wrong.",
    "We are ashamed of how we treated our drivers, and we apologise to each of them.",
    "We sold you a product that was not safe. We are sorry, and we are recalling it.",
    (
        "We apologise unreservedly to the residents of Grenfield Road for the flooding our "
        "burst main caused."
    ),
    (
        "We are sorry. Our contractor cut through the cable, but we hired them and we "
        "supervise their work, so the failure is ours."
    ),
    "If you lost money because of our mistake, we will repay it. We are sorry.",
    (
        "We are sorry. Unfortunately, we cannot bring back the photos you lost, but we will "
        "refund every subscription."
    ),
    "We apologise to everyone who was affected by our failure to warn them.",
    "We know many of you feel angry, and you are right to be. We are sorry we let you down.",
    "We are sorry that our delay in telling you made the worry worse.",
    "I am sorry for the mistakes I made in handling your complaint.",
    "We are sorry: the error was ours.",
    "Sorry is not enough. We broke the law when we shared your data with advertisers.",
    "We are sorry to every customer affected by the outage we caused.",
    (
        "We are so sorry. A fault in our software, which we should have caught in testing, cut "
        "off 3,000 pacemaker monitors."
    ),
    "I am sorry. We told you the water was safe to drink on 3 May, and it was not.",
    (
        "We apologise to the 214 families whose heating we switched off in the cold snap. We "
        "should have checked who was vulnerable first."
    ),
    (
        "We are sorry for publishing your names without consent. It was a serious breach of "
        "your privacy and of our own rules."
    ),
    (
        "We are sorry. We promised you a reliable service and for nine hours on Monday we did "
        "not provide it."
    ),
    (
        "I want to apologise personally to every customer whose card was charged twice. That "
        "was our mistake, and the money will be back in your account by Friday."
    ),
    (
        "We apologise to the people of Eastfield. Our pipe burst, your homes flooded, and we "
        "took too long to get there."
    ),
    (
        "Sorry. We put the wrong allergen label on 4,000 jars of pesto, and someone could have "
        "been seriously ill."
    ),
    "To the families of the 12 workers who were injured: we are sorry. We did not keep them safe.",
    "We were careless with your information, and we apologise.",
    "We apologise for publishing an article that was untrue. We did not check it properly.",
    "We are sorry for our failure to answer your calls on Saturday, when you needed us most.",
    "I apologise to our customers and our staff. I made a decision that I should not have made.",
    "We are sorry for the hours you spent stuck on the train without water or information.",
    "We broke our own rules when we shared your data, and we are sorry.",
    (
        "We owe you an apology: our delivery drivers were told to leave parcels unattended, "
        "and many were stolen."
    ),
    "We are sorry that our engineers cut off your gas without warning.",
    (
        "We apologise wholeheartedly. We made the wrong call when we kept the park open during "
        "the storm."
    ),
    (
        "We are sorry. We told customers their data was safe when we did not yet know that, "
        "and we were wrong to."
    ),
    (
        "I apologise to everyone we kept on hold for over an hour on Monday; we had too few "
        "staff answering the phones."
    ),
    (
        "We are sorry that we cut off 1,100 homes in Harlow for two days. Our repair crews "
        "should have been there within hours."
    ),
    (
        "We apologise. A software change we made on 3 March stopped 40,000 direct debits, and "
        "we did not spot it for a week."
    ),
    "We failed to protect the personal details of our patients, and I am deeply sorry.",
    (
        "We are sorry: our supplier's software failed, but we chose it, we tested it, and we "
        "put it live. The failure is ours."
    ),
    (
        "We apologise to the family of Joan Marsh. We discharged her too early, and she should "
        "have stayed in our care."
    ),
    (
        "We are sorry that our train stopped for four hours near Grantham without heating or "
        "information. We should have got you off sooner."
    ),
    (
        "We let 2,000 pupils down by publishing the wrong exam results. We are sorry, and "
        "corrected results are online now."
    ),
    "I am sorry. Our drivers were not trained to spot the fault, and that is my responsibility.",
    (
        "We are truly sorry for the flooding our burst pipe caused on Elm Street, and for how "
        "long it took us to respond."
    ),
    (
        "We apologise to every customer we overcharged since January. We got the tariff "
        "calculation wrong."
    ),
    "We are sorry. We should have recalled the chargers in May, when the first reports reached us.",
    "We made the wrong call in closing the helpline over the weekend, and we are sorry.",
)

VAGUE_ACTIONS = (
    # Promises nobody can check: each must draw a warning on actions.*.
    "We will review our processes.",
    "We are looking into the matter.",
    "We will explore options to improve our service.",
    "We are assessing the situation.",
    "We will consider further measures.",
    "We are committed to transparency.",
    "Lessons will be learned.",
    "We will take appropriate steps.",
    "We are reviewing our policies and procedures to ensure this does not happen again.",
    "We will continue to monitor the situation closely.",
    "We are working hard to resolve the issue as quickly as possible.",
    "We will take all necessary measures.",
    "We are investigating the incident.",
    "We will strengthen our systems.",
    "We will improve our communication with customers.",
    "We are working with the relevant authorities.",
    "We will ensure this never happens again.",
    "Measures have been put in place.",
    "We will make changes where necessary.",
    "We are taking this matter very seriously.",
    "We will do everything we can to support those affected.",
    "We are committed to learning lessons from this incident.",
    "We will keep customers informed.",
    "We will enhance our security controls.",
    "We are exploring ways to prevent a recurrence.",
    "Our teams are working around the clock.",
    "We will engage with stakeholders.",
    "We will assess the impact on customers.",
    "We will conduct a thorough review.",
    "We are considering our options.",
    "Appropriate action will be taken.",
    "We will look at how we can do better.",
    "We will put things right.",
    "We are evaluating our approach.",
    "We will learn from this.",
    "We will provide support to affected customers.",
    "We are reviewing the findings and will take action as appropriate.",
    "We will strive to rebuild your trust.",
    "We will examine what went wrong.",
    "We will update our procedures in due course.",
    "Steps are being taken to address the issue.",
    "We will work closely with our partners to understand what happened.",
    "We are committed to doing better.",
    "We will review all of our policies and practices.",
    "We are taking steps to prevent this from happening again.",
    "We will look into ways to improve.",
    "We are carrying out a review.",
    "We will consider the recommendations carefully.",
    "We remain committed to the highest standards of safety.",
    "We are working to restore normal service.",
    "We will be reviewing our security measures.",
    "We will assess what further action is required.",
    "We are in contact with the relevant parties.",
    "Further updates will follow in due course.",
    "We will take action against those responsible.",
    "We are exploring all avenues.",
    "We will reflect on what happened.",
    "Processes are being reviewed.",
    "Additional safeguards will be introduced.",
    "We will be investigating thoroughly.",
    "We are working with law enforcement.",
    "We will improve our processes going forward.",
    "We are doing all we can.",
    "We intend to learn from this experience.",
    "We have launched an internal investigation.",
    "An investigation is under way.",
    "Our engineers are working to fix the problem.",
    "We will share more details when we have them.",
    "We are reviewing what happened and will update customers.",
    "We will take the necessary steps to protect our customers.",
    "We have strengthened our processes.",
    "We will hold ourselves to a higher standard.",
    "We are liaising with the police.",
    "We are putting measures in place to stop this happening again.",
    "A full root-cause analysis will be completed.",
    "Customer safety remains our top priority.",
    "We will act on the findings of the review.",
    "We will be making improvements to our systems.",
    "Additional training will be provided to staff.",
    "We have put additional checks in place.",
    "We are cooperating fully with the authorities.",
    "We will be contacting customers in the coming days.",
    "We will publish the outcome of the review in due course.",
    "Our customer team is available to help.",
    "We are working closely with our technology partners to investigate.",
    "A thorough investigation has been launched to establish the facts.",
    "We have engaged leading cybersecurity experts.",
    "We will be reviewing our procedures to make sure this does not happen again.",
    "We are taking immediate steps to address the situation.",
    "We have implemented additional security measures.",
    "We are continuing to work to restore full service.",
    "We will provide a further update when we have more information.",
    "Our priority is supporting affected customers.",
    "We will review the circumstances of this incident.",
    "We are looking at all options.",
    "We will act quickly to put things right.",
    "We are making sure customers are looked after.",
    "Relevant teams have been informed.",
    "We will undertake a full review of what happened.",
    "We have notified the appropriate authorities.",
    "We are assessing the damage.",
    "We will learn lessons and improve.",
    "We will keep this under review.",
    "Everything possible is being done to restore services.",
    "We are reviewing the incident with our partners.",
    "We are working through the backlog as quickly as we can.",
    "We will be in touch with affected customers.",
    "We have escalated this to the highest levels of the company.",
    "A full investigation is under way and we will share the findings.",
    "We are committed to supporting our customers through this.",
    "We are putting additional resources into our call centres.",
    "We will be making changes to how we handle complaints.",
    "Our engineers are working on a fix.",
    "We are monitoring the situation and will update this page.",
    "We are carrying out checks across our network.",
    "We will continue to keep customers updated.",
    "We have brought in external experts.",
    "We are speaking to the relevant authorities.",
    "We will look to improve our processes.",
    "We will review the matter.",
    "We are looking into what went wrong.",
    "We will explore all options available to us.",
    "We are assessing next steps.",
    "We will consider compensation.",
    "We are fully committed to putting this right.",
    "We will ensure lessons are learned.",
    "Appropriate steps are being taken.",
    "We are reviewing our procedures.",
    "We will review the incident and take appropriate action.",
    "We are looking into this as a matter of urgency.",
    "We'll explore what more can be done.",
    "The company is assessing the damage and will respond in due course.",
    "We will consider whether changes are needed.",
    "We are committed to learning from this.",
    "Lessons have been learned.",
    "We will take all appropriate steps to protect customers.",
    "Our team is reviewing the situation.",
    "We will look into the concerns raised.",
    "We are exploring options for affected customers.",
    "Senior management will assess the findings.",
    "We are considering a range of responses.",
    "We remain committed to our customers.",
    "Appropriate measures will be put in place.",
    "We are conducting a review of our practices.",
    "The board will consider the report.",
    "We will review compensation arrangements.",
    "We are looking into ways of compensating customers.",
    "A review will be carried out.",
    "We will explore improvements to our website.",
    "We are taking steps to understand the root cause.",
    "We will implement the necessary changes.",
    "We are in discussions with our insurers.",
    "We will keep our policies under review.",
    "We are engaging with customers and stakeholders.",
    "We will be reviewing how we communicate with customers during outages.",
    "We are looking at options for compensating affected bill payers.",
    "We are exploring how we can improve the resilience of our payment systems.",
    "We will consider changes to our complaints process.",
    "We are committed to improving the safety of our stores.",
    "We will strengthen our supplier management processes.",
    "We are working with the council to understand the cause of the flooding.",
    "We will improve how we monitor water quality.",
    "We will assess whether further action is needed at the plant.",
    "We are taking steps to make our trains more reliable.",
    "We will look into the reports of damaged parcels.",
    "We will ensure customers receive the support they need.",
    "We are investigating how the incident happened.",
    "We will enhance the training our drivers receive.",
    "We are considering additional safety measures at the depot.",
    "We will work to rebuild the trust of the local community.",
    "We are reviewing the security of our customer database.",
    "We are exploring ways to speed up repairs in the area.",
    "We will make improvements to our website and app.",
    "We have launched a review into the incident.",
    "We will look into how this was allowed to happen.",
    "We are exploring all options to support our customers.",
    "We will assess our response and learn from it.",
    "We are considering our next steps carefully.",
    "We are fully committed to transparency and accountability.",
    "Lessons learned from this incident will be applied across the business.",
    "Appropriate steps will be taken to prevent a repeat.",
    "We are reviewing our processes with the help of external advisers.",
    "The matter is under review.",
    "We will look into any complaints we receive.",
    "Our teams are exploring solutions.",
    "We are assessing the full extent of the problem.",
    "We will consider all feedback from customers.",
    "We are committed to making things right for our customers.",
    "We will share the lessons learned with the wider industry.",
    "We will take appropriate disciplinary action if necessary.",
    "We are reviewing our relationship with the supplier.",
    "We will explore what further support we can offer.",
    "We are undertaking an urgent review of our safety procedures.",
    "We will review our approach to data protection.",
    "We are looking closely at our maintenance regime.",
    "We will be assessing the performance of our contractors.",
    "Further measures are being considered.",
)

SPECIFIC_ACTIONS = (
    # Concrete object, number, name or date: none may draw a warning.
    "We closed the public export and revoked its access keys.",
    "We are emailing every affected customer with what was exposed.",
    (
        "An independent firm, Kroll, will review all access logs and publish its findings by "
        "15 December."
    ),
    "We will refund the £35 late-payment fee to all 4,200 affected customers by 1 December.",
    "We are resetting all customer passwords.",
    "We have replaced the faulty valve at the Leeds plant.",
    "We will call every household on the Priority Services Register by Friday.",
    "Engineers are replacing 3 km of cable along the A61 tonight.",
    "We have paused all deliveries from the Brno warehouse until the cause is found.",
    "We are reporting the breach to the Information Commissioner's Office within 72 hours.",
    "We will publish the full investigation report on this page by 31 January.",
    "We have withdrawn batch 24-117 from all 1,400 shops.",
    "We are giving every affected customer 12 months of free credit monitoring.",
    "We will reimburse hotel and meal costs for every passenger whose flight was cancelled.",
    "We switched off the faulty payment terminal software at 14:20 and rolled back to version 4.2.",
    "We have suspended the employee involved while the police investigate.",
    "We will install carbon monoxide alarms in all 320 flats in Tower Court by 30 November.",
    "Our auditors, PwC, will assess every payment made between 1 and 14 March.",
    "We are delivering bottled water to all homes in the affected postcodes twice a day.",
    "We have blocked the stolen credentials and forced a password reset on 3,000 staff accounts.",
    (
        "We will review every one of the 212 claims rejected since June and pay any we wrongly "
        "refused."
    ),
    "We have set up a free helpline, open 24 hours a day, for families.",
    "We will re-test the water at all 58 sampling points and publish the results daily.",
    "The board has commissioned an independent review by Dame Anne Hughes, to report by 30 April.",
    "We are sending replacement chargers to every customer who bought model X200, free of charge.",
    "We have added a second engineer sign-off to every network change, starting today.",
    "We will stop using the affected supplier's software on all tills by Sunday.",
    (
        "We are monitoring the dam's water level every hour and will evacuate Lower Mill at "
        "2.5 metres."
    ),
    "We have deleted every copy of the exported file that we control.",
    "We will pay each affected customer £50 compensation by 20 December.",
    "We are checking the brakes on all 96 trams of the same type before they return to service.",
    "We have removed the advert from all channels and cancelled the campaign.",
    "We restored power to the last 1,300 homes at 06:10 on Wednesday.",
    "We are replacing the 40 faulty smoke detectors in Block C this week.",
    "Deloitte will audit our payroll system and report to the board by 1 March.",
    "We have cancelled every direct debit that was taken twice and refunded it.",
    "We will send each affected customer a letter explaining which data was exposed.",
    "We recalled all jars of the peanut butter with best-before date 12/2027.",
    "We have closed the Harbour Street branch until the ceiling is repaired.",
    "We are offering free eye tests to every resident living within 2 km of the plant.",
    "We added two-factor login to all admin accounts on 3 October.",
    "We will reopen the M6 northbound lane once the bridge inspection is complete.",
    "We have asked the Health and Safety Executive to investigate the accident.",
    "We are calling every customer on the medical priority list today.",
    "We have disabled the export feature for all customers.",
    "We will pay for independent repairs to every damaged car.",
    "We stopped selling the product online and in our stores on 12 May.",
    "We have moved all 14 residents of Block B to the Grand Hotel while the repairs are done.",
    "We are sending an engineer to every home that reported low pressure.",
    "We have frozen all payments to the contractor.",
    "Our call centre will stay open until midnight every day this week.",
    "We have stopped the nightly export job and removed its public link.",
    "We are replacing every lithium battery pack sold under the PowerMax name.",
    "We have given the regulator a copy of every email about the decision.",
    "We are flushing the water mains in Ashby and Coleorton tonight.",
    "We will write to each affected patient with their new appointment date.",
    "We have switched off automatic renewals for all accounts.",
    "We fired the subcontractor and cancelled its remaining work.",
    "Every affected customer will receive a full refund to the card they paid with.",
    "We have doubled the number of staff answering the helpline.",
    "We are restoring backups of the deleted files for each affected account.",
    "We put a guard at the damaged footbridge and closed it to the public.",
    "We have engaged Mandiant to examine the 14 affected servers and report by 2 December.",
    (
        "We are refunding every booking made between 3 and 9 June, automatically, to the "
        "original card."
    ),
    (
        "We have switched the Leeds data centre to backup power and are replacing its two "
        "failed transformers."
    ),
    "We will replace every cracked panel on the Tyne footbridge before it reopens.",
    "We have notified the ICO and the 2,114 customers whose data was exposed.",
    "We are sending text alerts to every phone in the PE1 and PE2 postcodes.",
    "A locksmith will change the locks on all 60 flats tomorrow.",
    "We have withdrawn the advert from television and YouTube.",
    "We will publish the engineers' report, unedited, on this page.",
    "We are paying the excess on every home insurance claim caused by the flood.",
    (
        "Staff at the Brixton branch have been retrained on ID checks, and a manager now signs "
        "off each new account."
    ),
    "We have reversed the price rise for all customers.",
    "We have blocked all logins from the compromised partner account.",
    "We are installing temporary heaters in all classrooms at Hill Park School.",
    "We have stopped all drilling at the site.",
    "We are improving the lighting on the Ferry Lane footpath by installing 12 new lamps.",
    "We will monitor air quality at the school gates hourly until the fire is out.",
    "We have hired two extra nurses for the night shift on Ward 7.",
    "We are replacing every gas meter of type G4 in the Brookfield estate.",
    "We will write to every affected customer with a refund cheque.",
    "We have switched the water supply for Millbrook to the Fenton reservoir.",
    "We are reviewing each of the 87 complaints made about the driver.",
    "We suspended the marketing emails and removed the affected mailing list.",
    "We will support each family with a named caseworker and pay funeral costs in full.",
    "We are working with Thames Valley Police, who have arrested one man.",
    "We have cancelled all school trips run by the operator.",
    "We have shut the gym at Castle Street until the ceiling is repaired.",
    "We are sending engineers to every home on Willow Road tonight.",
    "We have frozen all account closures while we fix the error.",
    "We will ensure every passenger gets a full refund by 10 June.",
    "We will review every claim submitted since 1 October and reply to each by 15 November.",
    "Grant Thornton will assess the damage to all 34 homes this week.",
    (
        "We are looking into the 212 reports of missing parcels one by one and will phone each "
        "customer."
    ),
    "We will consider every application for hardship payments within five working days.",
    "We are committed to paying all compensation by 31 March.",
    "Our chief engineer, Ana Silva, is reviewing the inspection records for the Tyne bridge.",
    "We have asked the Care Quality Commission to review our procedures at Oak House.",
    "We will publish the lessons learned report on this page on 1 February.",
    "We are exploring with Network Rail whether the line can reopen on Sunday.",
    "We will assess each affected property in person before the end of the week.",
    "We have taken the faulty lift out of service and fenced off the stairwell.",
    "We are texting every customer whose bill was wrong with the corrected amount.",
    "We have put a temporary roof on the school hall.",
    "We replaced the broken valve and flushed the pipes in every affected street.",
    "We are paying for hotel rooms for the families who cannot return home.",
    "We are delivering hot meals to every resident of the care home who lost heating.",
    "We have installed handrails on both sides of the station stairs.",
    "We are refunding the delivery charge on every late order.",
    "We have stopped using the cleaning chemical that caused the fumes.",
    "We are fitting new locks to the back doors of all our branches.",
    "We will repaint the faded crossing markings outside the primary school.",
    "We have taken down the misleading posters from our shops.",
    "We are testing the tap water in every house on the estate.",
    "We have moved the patients on the flooded ward to the new wing.",
    "We will post a paper copy of this statement to customers without internet access.",
    "We have re-opened the footbridge after engineers replaced the damaged planks.",
    "We are giving each affected family a direct line to a named case officer.",
    "We have turned off automatic price increases for existing customers.",
    "We are putting a security guard at the entrance of the closed car park overnight.",
    "We have recalled the remaining stock of the contaminated yoghurt.",
    (
        "We are reviewing the maintenance records of all 14 lifts in the building and will "
        "publish them by Friday."
    ),
    "We have stopped using the supplier and moved all deliveries to our own vans.",
    "Our head of safety, Tom Reid, is inspecting every scaffold on the site today.",
    "We are looking into each of the 45 complaints and will reply to every one within a week.",
    "We will consider each claim for lost earnings and pay within 30 days.",
    "We have banned the use of personal phones on the production line.",
    "We are offering every affected customer a free replacement phone.",
    "We closed the pool and drained it so that the tiles can be replaced.",
    "We are sending a letter to every patient whose appointment was cancelled.",
    "We have put two more staff on each night shift at the depot.",
)


KNOWN_MISSES = (
    # Vague, but read as concrete: "staffing levels" and "contact centre" look like objects.
    ("vague-action", "We are reviewing staffing levels at our contact centre."),
)
"""Sentences the rules still get wrong, kept in view (strict xfail: a fix makes them pass)."""


def _files() -> dict[str, str]:
    files = {}
    for group, texts, build in (
        ("bad-apology", NON_APOLOGIES, with_apology),
        ("good-apology", SINCERE_APOLOGIES, with_apology),
        ("vague-action", VAGUE_ACTIONS, with_step),
        ("specific-action", SPECIFIC_ACTIONS, with_step),
    ):
        for number, text in enumerate(texts):
            incident_id = f"{group}-{number:03d}"
            files[f"{incident_id}.yaml"] = to_yaml(build(text, id=incident_id))
    return files


@pytest.fixture(scope="module")
def flagged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Incident id -> the codes of its warnings on apology.* and actions.*, from the CLI."""
    root = make_project(tmp_path_factory.mktemp("corpus") / "project", _files())
    result = subprocess.run(
        [sys.executable, "-m", "darksite", "check", "--format", "json"], cwd=root,
        capture_output=True, text=True, timeout=300, check=False,
    )
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert not [d for d in diagnostics if d["severity"] == "error"], result.stdout[:2000]
    found: dict[str, list[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic["path"].startswith(("apology", "actions")):
            found.setdefault(Path(diagnostic["file"]).stem, []).append(diagnostic["code"])
    return found


def _ids(group: str, texts: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f"{group}-{n:03d}", text) for n, text in enumerate(texts)]


@pytest.mark.parametrize(("incident_id", "text"), _ids("bad-apology", NON_APOLOGIES))
def test_non_apology_is_flagged(flagged, incident_id, text):
    assert flagged.get(incident_id), f"not flagged: {text}"


@pytest.mark.parametrize(("incident_id", "text"), _ids("good-apology", SINCERE_APOLOGIES))
def test_sincere_apology_draws_no_warning(flagged, incident_id, text):
    assert flagged.get(incident_id) is None, f"false alarm {flagged.get(incident_id)}: {text}"


@pytest.mark.parametrize(("incident_id", "text"), _ids("vague-action", VAGUE_ACTIONS))
def test_vague_action_is_flagged(flagged, incident_id, text):
    assert "vague-action" in flagged.get(incident_id, []), f"not flagged: {text}"


@pytest.mark.parametrize(("incident_id", "text"), _ids("specific-action", SPECIFIC_ACTIONS))
def test_specific_action_draws_no_warning(flagged, incident_id, text):
    assert flagged.get(incident_id) is None, f"false alarm {flagged.get(incident_id)}: {text}"


@pytest.mark.xfail(strict=True, reason="known limitation, see KNOWN_MISSES")
@pytest.mark.parametrize(("code", "text"), KNOWN_MISSES)
def test_known_miss_is_still_missed(code, text):
    from darksite.checks.actions import vagueness

    assert code == "vague-action" and vagueness(text) is not None


def test_corpus_is_large_enough_to_mean_something():
    assert len(NON_APOLOGIES) >= 40 and len(SINCERE_APOLOGIES) >= 30
    assert len(VAGUE_ACTIONS) >= 40 and len(SPECIFIC_ACTIONS) >= 30
    assert len(set(NON_APOLOGIES + SINCERE_APOLOGIES + VAGUE_ACTIONS + SPECIFIC_ACTIONS)) == (
        len(NON_APOLOGIES) + len(SINCERE_APOLOGIES) + len(VAGUE_ACTIONS) + len(SPECIFIC_ACTIONS))

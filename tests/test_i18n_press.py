"""The press release in every declared language, and darksite's own words in every catalogue.

The shipped sample declares Welsh and Arabic and translates its breach
incident into both; its real build must carry a release in each language
whose every word around the incident's own is that language's (no
"FOR IMMEDIATE RELEASE" on a Welsh page), the same words as ``posts --lang``
prints (one approved message), and links between the languages. The
catalogue test reads every message darksite asks a catalogue for, with
Babel's own extractors, and fails on one a language lacks: a missing
translation would put English words on a Welsh page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from darksite.cli import main
from tests.conftest import REPO

INCIDENT = "2026-11-customer-data-exposure"
PACKAGE = REPO / "generator" / "darksite"
ENGLISH_WORDS = ("FOR IMMEDIATE RELEASE", "Background", "Notes to editors", "Media contact",
                 "Latest update", " said ", "in progress", "Every update, as it is published")


def _text(page: str) -> str:
    """The visible text of a page's body, one line per block."""
    body = page[page.index("<body>"):]
    return re.sub(r"\n+", "\n", html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize(("lang", "direction", "words"), [
    ("cy", "ltr", ("I'W RYDDHAU AR UNWAITH", "Cefndir", "Cyswllt â'r cyfryngau", "Diwedd",
                   "Nodiadau i olygyddion", "meddai Priya Raman", "Y diweddariad diweddaraf",
                   "25 Tachwedd 2026")),
    ("ar", "rtl", ("للنشر الفوري", "خلفية", "للتواصل الإعلامي", "انتهى", "ملاحظات للمحررين",
                   "وقال Priya Raman", "آخر تحديث", "25 نوفمبر 2026")),
])
def test_the_press_release_is_written_in_each_language(sample_site: Path, lang: str,
                                                       direction: str, words: tuple) -> None:
    page = (sample_site / lang / INCIDENT / "press-release" / "index.html").read_text()
    assert f'<html lang="{lang}" dir="{direction}">' in page
    text = _text(page)
    for word in words:
        assert word in text, word
    for english in ENGLISH_WORDS:
        assert english not in text, english
    assert f"https://status.example.com/{lang}/{INCIDENT}/" in text  # notes to editors
    assert re.search(r"<h2>[^<]+</h2>", page), "the sections are headed in the language"


def test_the_releases_link_each_other_and_their_incident_page(sample_site: Path) -> None:
    welsh = (sample_site / "cy" / INCIDENT / "press-release" / "index.html").read_text()
    links = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', welsh))
    base = "https://status.example.com/"
    assert links == {("en", f"{base}{INCIDENT}/press-release/"),
                     ("x-default", f"{base}{INCIDENT}/press-release/"),
                     ("cy", f"{base}cy/{INCIDENT}/press-release/"),
                     ("ar", f"{base}ar/{INCIDENT}/press-release/")}
    for href in re.findall(r'<a href="([^"]+)" hreflang=', welsh):
        target = (sample_site / "cy" / INCIDENT / "press-release" / href).resolve()
        assert (target / "index.html").is_file(), href
    assert '<a href="../">' in welsh  # back to the Welsh incident page
    english = (sample_site / INCIDENT / "press-release" / "index.html").read_text()
    back = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', english))
    assert back == links, "hreflang must link both ways"
    for href in re.findall(r'<a href="([^"]+)" hreflang=', english):
        target = (sample_site / INCIDENT / "press-release" / href).resolve()
        assert (target / "index.html").is_file(), href
    incident = (sample_site / "cy" / INCIDENT / "index.html").read_text()
    assert '<a href="press-release/">Datganiad i&#39;r wasg</a>' in incident


def test_posts_prints_the_same_release_in_the_language(sample_site: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    assert main(["posts", INCIDENT, "-f", str(REPO / "mkdocs.yml"), "--lang", "cy",
                 "--format", "json"]) == 0
    posts = json.loads(capsys.readouterr().out)["posts"]
    page = _text((sample_site / "cy" / INCIDENT / "press-release" / "index.html").read_text())
    release = posts["press_release"]
    assert release.startswith("I'W RYDDHAU AR UNWAITH\n")
    headline = release.split("\n\n")[1]
    for line in release.splitlines()[2:]:  # the headline is the page's <h1>, not upper case
        if line.strip() and line != headline:
            assert line.split(" – ")[-1] in page, line
    assert "Beth rydyn ni'n ei wneud:" in posts["linkedin"] or len(posts["linkedin"]) < 700
    assert "Y datganiad llawn a phob diweddariad" in posts["email_body"]


SHARED = ("x", "bluesky", "mastodon", "linkedin", "facebook", "sms", "email_subject")
TEXTS_LABELS = {"cy": ("X", "Bluesky", "Mastodon", "LinkedIn", "Facebook", "Neges destun (SMS)",
                       "Pwnc yr e-bost"),
                "ar": ("إكس", "بلوسكاي", "ماستودون", "لينكدإن", "فيسبوك", "رسالة نصية (SMS)",
                       "موضوع البريد الإلكتروني")}


@pytest.mark.parametrize(("lang", "direction"), [("cy", "ltr"), ("ar", "rtl")])
def test_the_approved_channel_texts_are_on_a_page_in_each_language(
        sample_site: Path, capsys: pytest.CaptureFixture, lang: str, direction: str) -> None:
    """A regional team working in Welsh or Arabic copies the approved posts from the site:
    each is word for word what ``posts --lang`` prints (one approved message), under a label
    in the language, on a page in the language (``lang``, ``dir``)."""
    from darksite.outputs.press import paragraphs

    page = (sample_site / lang / INCIDENT / "press-release" / "channel-texts" /
            "index.html").read_text()
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert main(["posts", INCIDENT, "-f", str(REPO / "mkdocs.yml"), "--lang", lang,
                 "--format", "json"]) == 0
    posts = json.loads(capsys.readouterr().out)["posts"]
    sections = re.findall(r"<h2>([^<]+)</h2>\n(.*?)(?=\n<h2>|</main>)", page, re.S)
    assert tuple(label for label, _ in sections) == TEXTS_LABELS[lang]
    for (_label, body), channel in zip(sections, SHARED, strict=True):
        assert body.strip() == str(paragraphs(posts[channel])), (lang, channel)
    text = _text(page)
    for english in ("Approved texts", "Email subject", "Press release", "Full incident page"):
        assert english not in text, english
    if lang == "cy":
        assert "Testunau cymeradwy i'w rhannu" in text


def test_the_channel_texts_pages_link_each_other_both_ways(sample_site: Path) -> None:
    base = "https://status.example.com/"
    here = f"{INCIDENT}/press-release/channel-texts/"
    expected = {("en", base + here), ("x-default", base + here), ("cy", f"{base}cy/{here}"),
                ("ar", f"{base}ar/{here}")}
    for folder in (sample_site / here, sample_site / "cy" / here, sample_site / "ar" / here):
        page = (folder / "index.html").read_text()
        links = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"',
                               page))
        assert links == expected, folder
        hrefs = re.findall(r'<a href="([^"]+)"', page)
        assert len(hrefs) >= 6, hrefs  # incident, release, all incidents, three languages
        for href in hrefs:
            assert ((folder / href).resolve() / "index.html").is_file(), (folder, href)
    welsh_release = (sample_site / "cy" / INCIDENT / "press-release" / "index.html").read_text()
    assert '<a href="channel-texts/">Testunau cymeradwy i&#39;w rhannu</a>' in welsh_release


def test_english_texts_keep_their_words(sample_site: Path) -> None:
    page = _text((sample_site / INCIDENT / "press-release" / "index.html").read_text())
    for english in ("FOR IMMEDIATE RELEASE", "Background", "Notes to editors", " said "):
        assert english in page, english


def _messages() -> set[str]:
    """Every message darksite asks a catalogue for: the literal ones, as Babel extracts them
    from the code and the templates, and the ones named by constant."""
    from darksite.outputs import channels, languages, press
    from darksite.short_texts import RESOLVED_PREFIX

    found: set[str] = set()
    for path in [*PACKAGE.rglob("*.py"), *(PACKAGE / "outputs" / "templates" / "i18n").glob(
            "*.html")]:
        method = "jinja2.ext:babel_extract" if path.suffix == ".html" else "python"
        for _, message, _, _ in extract_from_file(method, str(path), keywords={"_": None}):
            if isinstance(message, str) and message:
                found.add(message)
    for table in (languages.SEVERITY, languages.STATUS, languages.PHASE, languages.ACTION,
                  channels.ACTION_STATES, press.CHANNEL_LABELS):
        found.update(table.values())
    found.update((channels.PRESS_BACKGROUND, channels.PRESS_ENDS, channels.PRESS_NOTES,
                  channels.PRESS_MEDIA_CONTACT, RESOLVED_PREFIX))
    return found


@pytest.mark.parametrize("lang", ["cy", "ar"])
def test_every_message_has_a_translation_with_the_same_slots(lang: str) -> None:
    po = PACKAGE / "locale" / lang / "LC_MESSAGES" / "darksite.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    messages = _messages()
    assert {"FOR IMMEDIATE RELEASE", "Statement", "Press release"} <= messages
    missing = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert missing == [], f"{po.name} ({lang}) lacks: {missing}"
    for message in messages:
        translated = catalog.get(message).string
        assert sorted(re.findall(r"%\(\w+\)s", translated)) == sorted(
            re.findall(r"%\(\w+\)s", message)), (message, translated)


def test_the_internal_memo_stays_in_the_source_language(capsys: pytest.CaptureFixture) -> None:
    """Staff read the approved original: --lang changes the public texts, not the memo."""
    config = str(REPO / "mkdocs.yml")
    assert main(["posts", INCIDENT, "-f", config, "--channel", "internal_memo"]) == 0
    source = capsys.readouterr().out
    assert main(["posts", INCIDENT, "-f", config, "--lang", "cy", "--channel",
                 "internal_memo"]) == 0
    assert capsys.readouterr().out == source
    assert "INTERNAL - FOR" in source


def test_status_json_links_the_release_in_every_language(sample_site: Path) -> None:
    status = json.loads((sample_site / "status.json").read_text())
    incident = next(i for i in status["incidents"] if i["id"] == INCIDENT)
    base = "https://status.example.com/"
    links = [incident["press_release_url"], *(t["press_release_url"] for t in
                                               incident["translations"].values())]
    assert links == [f"{base}{INCIDENT}/press-release/",
                     f"{base}cy/{INCIDENT}/press-release/", f"{base}ar/{INCIDENT}/press-release/"]
    for link in links:
        assert (sample_site / link.removeprefix(base) / "index.html").is_file(), link

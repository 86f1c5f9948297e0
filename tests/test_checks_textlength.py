"""Channel length counting: the numbers the platforms themselves use."""

from __future__ import annotations

import pytest

from darksite.textlength import (
    URL_LENGTH,
    channel_length,
    channel_limit,
    fits,
    has_limit,
    is_gsm7,
)

LONG_URL = "https://status.example.com/2026-11-customer-data-exposure/?utm_source=x"


def test_x_counts_any_url_as_23_characters():
    text = f"Update: {LONG_URL}"
    assert channel_length("x", text) == len("Update: ") + URL_LENGTH


def test_x_does_not_count_trailing_full_stop_as_part_of_the_url():
    text = f"Read more at {LONG_URL}."
    assert channel_length("x", text) == len("Read more at ") + URL_LENGTH + 1


def test_x_weighs_emoji_and_cjk_as_two():
    assert channel_length("x", "中文") == 4
    assert channel_length("x", "ok 👍") == 3 + 2


def test_mastodon_counts_urls_as_23_and_remote_mentions_by_user_part():
    text = f"Thanks @press@example.social, see {LONG_URL}"
    assert channel_length("mastodon", text) == len("Thanks @press, see ") + URL_LENGTH


def test_bluesky_and_others_count_code_points():
    text = f"Update {LONG_URL}"
    assert channel_length("bluesky", text) == len(text)
    assert channel_length("linkedin", text) == len(text)
    assert channel_length("email_subject", "Service restored") == 16


def test_plain_ascii_is_gsm7_with_limit_160():
    text = "Power is back in all areas. Details: https://example.com/outage/"
    assert is_gsm7(text)
    assert channel_limit("sms", text) == 160
    assert channel_length("sms", text) == len(text)


def test_gsm7_extension_characters_count_two_units():
    assert is_gsm7("Refund of €20 [approx]")
    assert channel_length("sms", "€[]{}|^~\\") == 18


def test_a_curly_apostrophe_switches_sms_to_ucs2_with_limit_70():
    text = "We’re sorry"
    assert not is_gsm7(text)
    assert channel_limit("sms", text) == 70
    assert channel_length("sms", text) == len(text)


def test_ucs2_counts_utf16_code_units_so_emoji_take_two():
    assert channel_length("sms", "ok 👍") == 5


def test_sms_of_161_gsm7_characters_does_not_fit_but_160_does():
    assert fits("sms", "a" * 160)
    assert not fits("sms", "a" * 161)


def test_71_characters_with_one_non_gsm_character_do_not_fit_in_one_sms():
    assert not fits("sms", "ł" + "a" * 70)
    assert fits("sms", "ł" + "a" * 69)


def test_limits_follow_the_format_spec():
    assert channel_limit("x") == 280
    assert channel_limit("bluesky") == 300
    assert channel_limit("mastodon") == 500
    assert channel_limit("linkedin") == 3000
    assert channel_limit("facebook") == 63206
    assert channel_limit("email_subject") == 78


def test_press_release_has_no_limit_and_always_fits():
    assert not has_limit("press_release")
    assert fits("press_release", "x" * 100_000)
    with pytest.raises(KeyError):
        channel_limit("press_release")


# -- issue 12: X held to twitter-text itself; Bluesky in grapheme clusters -----------------

X_SAMPLES = [
    "Water supply interrupted in Eastfield. Boil water. https://status.example.com/water/",
    "Résumé: l’eau est coupée à Montréal – détails https://status.example.com/x/?a=1&b=2",
    "東京で断水が発生しました。詳細は https://status.example.com/tokyo/ をご覧ください",
    "Family 👨‍👩‍👧 safe? Flag 🇬🇧 ok. Check https://example.com/a/very/long/path/" + "x" * 80,
    "Przerwa w dostawie wody w Łodzi: pij wodę butelkowaną. https://s.example/lodz/",
    "Greek Ωμέγα and Cyrillic Привет, dashes — and … ellipses, “quotes” ‘too’.",
    "Keycap 1️⃣ thumbs 👍🏽 heart ❤️ ©️ ™ ☎ call #Eastfield @user",
]


@pytest.mark.parametrize("text", X_SAMPLES)
def test_the_x_count_is_twitter_texts_own(text):
    from twitter_text import parse_tweet

    assert channel_length("x", text) == parse_tweet(text).weightedLength


def test_bluesky_counts_grapheme_clusters_not_code_points():
    family = "👨‍👩‍👧"  # five code points, one grapheme
    accented = "e\u0301"  # e + combining acute: one grapheme
    assert len(family) == 5
    assert channel_length("bluesky", family) == 1
    assert channel_length("bluesky", accented + " ok") == 4
    assert channel_length("bluesky", "plain ascii") == len("plain ascii")

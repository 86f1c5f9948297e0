"""The names of the channels darksite writes texts for, apart from the code that writes them.

A leaf module so that the command line can offer ``--channel`` choices
without importing the renderers (start-up time counts at 3 a.m.).
"""

SOCIAL = ("x", "bluesky", "mastodon", "linkedin", "facebook")
CHANNELS = (*SOCIAL, "sms", "email_subject", "email_body", "press_release", "internal_memo")
"""Every channel, in the order ``darksite posts`` prints them."""

INTERNAL_CHANNELS = frozenset({"internal_memo"})
"""Channels for employees only: never written into the public site."""

"""The reply desk: answer people one by one, on message, and move sensitive cases offline.

``darksite replies ID --from FILE`` reads comments exported from social or
support tools and writes a reply queue: each comment's kind with the reason,
and a draft built only from the incident's approved public text (FAQ,
statement, actions, latest update) plus the approved templated lines of the
``replies:`` block (or the defaults of :mod:`darksite.replies.lines`).

Modules, each with one job: :mod:`comments` (reading), :mod:`classify`
(kinds), :mod:`approved` (the approved passages), :mod:`matching` (BM25),
:mod:`compose` (drafts), :mod:`review` (tone and length), :mod:`monitor`
(recurring unanswered questions), :mod:`desk` (the queue), :mod:`report`
(table, JSON Lines, suggested FAQ). This package file imports nothing heavy:
the format rules import :mod:`darksite.replies.lines`.
"""

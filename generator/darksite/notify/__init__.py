"""``darksite notify``: tell people what was just published, staff first, exactly once each.

The pieces, each in its own module:

- :mod:`.config`: the ``notify:`` plugin options in ``mkdocs.yml`` (audiences,
  the SMTP server, lead time) and their translation to plain values;
- :mod:`.secrets`: SMTP passwords, webhook URLs and signing keys, read from the
  environment or a file outside the repository, and kept out of every message;
- :mod:`.recipients`: the CSV of email recipients an organisation exports from
  its own list or CRM;
- :mod:`.notice`: what was just published (the approved incident as the live
  release was built from it), as the texts every channel sends;
- :mod:`.compose`: one message per channel: email (multipart, RFC 2047
  subject, ``List-Unsubscribe``), signed webhook JSON, Slack and Teams shapes;
- :mod:`.outbox`: the SQLite (WAL) record of every (audience, recipient,
  incident, revision), written before anything is sent;
- :mod:`.port`: the sender port; :mod:`.smtp` and :mod:`.http` its adapters;
- :mod:`.pacing`: rate limiting and retry back-off;
- :mod:`.dispatch`: the send loop (internal audiences first);
- :mod:`.service`: what the command line calls.

See docs/notify.md for set-up, guarantees and examples.
"""

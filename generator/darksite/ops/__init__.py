"""Crisis operations: the Python API under ``new``, ``activate``, ``update``, ``resolve``,
``approve``, ``publish``, ``rollback``, ``rehearse`` and ``watch``.

One module per job:

- :mod:`.yamledit` and :mod:`.scalars`: text-level edits of an incident file
  that keep every comment and byte outside the edit, each proved by reading
  the result back;
- :mod:`.placeholders`: filling ``{{ name }}`` with escaped values;
- :mod:`.atomic` and :mod:`.locking`: temp file + fsync + rename, and flock
  locks per incident file and per publish folder;
- :mod:`.incidents`: finding files and the locked, validated edit;
- :mod:`.scenarios` (new, activate), :mod:`.timeline` (update, resolve),
  :mod:`.approval` (approve, the digest and the publish gate);
- :mod:`.releases`, :mod:`.verify` and :mod:`.publish`: releases, the leak
  check, the atomic switch of ``current``, rollback and pruning;
- :mod:`.rehearse`, :mod:`.watch`, :mod:`.signals`: the long-running commands.

Every refusal is a :class:`~darksite.errors.DarksiteError` (see
:mod:`.errors`) and changes nothing. See ``docs/operations.md``.
"""

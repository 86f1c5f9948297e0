"""Languages: the site's declared languages, translation sidecars, parity and localised labels.

Kept in one package so that the rest of darksite changes little: the source
incident file stays the one truth (its language is the site's default), and
each other language is a sidecar file ``incidents/<id>.<lang>.yaml`` that a
translator owns alone (docs/languages.md).
"""

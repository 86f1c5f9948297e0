"""``python -m darksite``: the same as the ``darksite`` console script."""

import sys

from darksite.cli import main

sys.exit(main())

"""Allow ``python -m pexdesk``."""

from pexdesk.cli import main

raise SystemExit(main())

"""pexdesk: the eviction-prevention coordinator's desktop (ADIL chargés de mission PEX)."""

import time

__version__ = "0.1.0"

IMPORTED_AT = time.perf_counter()
"""When pexdesk was first imported: the start of ``pexdesk smoke``'s clock where the OS
does not tell when the process started."""

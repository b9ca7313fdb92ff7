"""pexdesk: the eviction-prevention coordinator's desktop (ADIL chargés de mission PEX)."""

__version__ = "0.1.0"

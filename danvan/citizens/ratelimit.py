"""A small rate limiter on Django's cache: at most `limit` events per key in fixed windows of `window` seconds.

Fixed windows are crude (a burst straddling two windows gets up to twice the limit) but need nothing beyond the
cache and work with every backend: the local-memory cache for one process, Redis or Memcached when several
processes must share the counts. That is enough to stop a script flooding the portal or an Open311 client
gone wrong; it is not meant to meter honest use.

Settings (read when used, so a deployment or a test can change them):

| setting | default | meaning |
|---|---|---|
| PORTAL_RATE_LIMIT | 10 | petitions accepted from one address per window (0: no limit) |
| PORTAL_TRACK_RATE_LIMIT | 30 | failed look-ups (code + secret) from one address per window |
| PORTAL_RATE_WINDOW | 3600 | the window, in seconds |
| PORTAL_TRUSTED_PROXIES | 0 | reverse proxies in front of the site that append to X-Forwarded-For |
| OPEN311_RATE_LIMIT | 1000 | service requests one Open311 client may POST per window |
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    bucket: str
    limit: int
    window: int

    def _key(self, who: str) -> str:
        digest = hashlib.sha256(who.encode()).hexdigest()[:32]
        return f"ratelimit:{self.bucket}:{digest}:{int(time.time()) // self.window}"

    def exceeded(self, who: str) -> bool:
        """True when `who` has used up the window's allowance (a limit of 0 means no limit)."""
        if self.limit <= 0:
            return False
        return (cache.get(self._key(who)) or 0) >= self.limit

    def hit(self, who: str) -> int:
        """Count one event for `who`; returns the count in the current window."""
        key = self._key(who)
        if cache.add(key, 1, timeout=self.window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=self.window)
            return 1

    def minutes_left(self) -> int:
        """Minutes until the current window ends (what a refused person waits at most)."""
        return max(1, -(-(self.window - int(time.time()) % self.window) // 60))


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def portal_submissions() -> Limit:
    return Limit("portal-submit", _setting("PORTAL_RATE_LIMIT", 10), _setting("PORTAL_RATE_WINDOW", 3600))


def portal_lookups() -> Limit:
    return Limit("portal-track", _setting("PORTAL_TRACK_RATE_LIMIT", 30), _setting("PORTAL_RATE_WINDOW", 3600))


def open311_posts() -> Limit:
    return Limit("open311-post", _setting("OPEN311_RATE_LIMIT", 1000), _setting("PORTAL_RATE_WINDOW", 3600))


def client_address(request) -> str:
    """The address the request came from. Behind PORTAL_TRUSTED_PROXIES reverse proxies it is the entry of
    X-Forwarded-For that the outermost trusted proxy wrote (entries further left can be forged by the client).
    An IPv6 address counts as its /64 network: one subscriber usually holds a whole /64."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = _setting("PORTAL_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)

"""Run a command under `strace -f -e trace=network` and list every attempt to leave the machine.

An attempt is a connect/sendto/sendmsg/sendmmsg/bind to an IPv4 or IPv6 address that is not
loopback, or anything addressed to port 53 (a DNS lookup, even to a local resolver).
"""

from __future__ import annotations

import ipaddress
import re
import shutil

import pytest

_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg|bind)\(")
_V4 = re.compile(r'inet_addr\("([^"]+)"\)')
_V6 = re.compile(r'inet_pton\(AF_INET6, "([^"]+)"')
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")


def strace_prefix(log: str) -> list[str]:
    """The argv prefix that traces every network call of a command and its children."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is not installed (apt-get install strace; .ci/run does)")
    return [strace, "-f", "-qq", "-e", "trace=network", "-o", log]


def outside_attempts(trace: str) -> list[str]:
    """The trace lines that tried to reach beyond loopback or look a name up."""
    return [line for line in trace.splitlines() if _leaves(line)]


def _leaves(line: str) -> bool:
    if not _CALL.search(line) or "AF_INET" not in line:
        return False
    if any(port == "53" for port in _PORT.findall(line)):
        return True
    addresses = _V4.findall(line) + _V6.findall(line)
    return any(not _local(address) for address in addresses)


def _local(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified  # 0.0.0.0 / :: only in bind or sockname

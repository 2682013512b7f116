"""Security: a local app no web page can reach, and a multi-user server no user can cross.

The names below load on first use, so `intervoo --help` (which imports every
command group, `intervoo user` included) does not pull in the web stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intervoo.security.config import SecurityConfigError, SecuritySettings
    from intervoo.security.guard import Guard, Principal
    from intervoo.security.install import install_security, principal_of

_LAZY = {
    "Guard": "intervoo.security.guard",
    "Principal": "intervoo.security.guard",
    "SecurityConfigError": "intervoo.security.config",
    "SecuritySettings": "intervoo.security.config",
    "install_security": "intervoo.security.install",
    "principal_of": "intervoo.security.install",
}

__all__ = [
    "Guard",
    "Principal",
    "SecurityConfigError",
    "SecuritySettings",
    "install_security",
    "principal_of",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'intervoo.security' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

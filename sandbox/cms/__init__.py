"""CMS families of the simulated web: TRS WCM, Hanweb JCMS (大汉) and a modern JSON-API site."""

from __future__ import annotations

from sandbox.cms.base import Cms
from sandbox.cms.hanweb import Hanweb
from sandbox.cms.modern import Modern
from sandbox.cms.trs import Trs

FAMILIES: dict[str, Cms] = {"trs": Trs(), "hanweb": Hanweb(), "modern": Modern()}


def cms_for(name: str) -> Cms:
    return FAMILIES[name]


__all__ = ["FAMILIES", "Cms", "cms_for"]

"""Where each unit lives in the simulated web: host, path prefix, CMS family, encoding.

The layout is fixed (not seeded), so that every seed serves the same addresses; the seed
decides content and planted defects. County portals have their own hosts; some city
departments have their own ``<abbr>.linfen.gov.cn`` sub-site, the others are columns of the
city portal at ``http://www.linfen.gov.cn/bm/<id>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from config.loader import DEFAULT_CONFIG, load_config

PORTAL_HOST = "www.linfen.gov.cn"
CMS_FAMILIES = ("trs", "hanweb", "modern")

# Departments with their own sub-site (the others are columns of the city portal).
SUBDOMAIN_DEPARTMENTS = (
    "fgw", "jyj", "mzj", "gaj", "czj", "rsj", "zrzyj", "sthjj", "wjw", "tyjrswj", "scjgj", "tjj", "rfb",
)  # fmt: skip

DEPT_ABBR = {
    "fgw": "临发改", "jyj": "临教", "kjj": "临科", "gxj": "临工信", "mzj": "临民", "gaj": "临公",
    "sfj": "临司", "czj": "临财", "rsj": "临人社", "zrzyj": "临规自", "sthjj": "临环", "zjj": "临建",
    "cgj": "临城管", "jtj": "临交", "slj": "临水", "nyncj": "临农", "swj": "临商", "wlj": "临文旅",
    "wjw": "临卫健", "tyjrswj": "临退役", "yjj": "临应急", "sjj": "临审", "wsb": "临外",
    "scjgj": "临市监", "tyj": "临体", "tjj": "临统", "ybj": "临医保", "xzspj": "临审批", "xfj": "临信",
    "fpb": "临扶贫", "jrb": "临金融", "nyj": "临能源", "tzcjj": "临投促", "rfb": "临人防",
}  # fmt: skip

# name -> (codec of the bytes, charset in the Content-Type header, charset in <meta>)
ENCODINGS: dict[str, tuple[str, str | None, str | None]] = {
    "utf-8": ("utf-8", "utf-8", "utf-8"),
    "gbk": ("gb18030", "gbk", "gbk"),
    "gb2312": ("gb18030", "gb2312", "gb2312"),
    "gbk-labelled-utf8": ("gb18030", "utf-8", "gb2312"),  # header lies: bytes are GBK
    "utf8-labelled-gb2312": ("utf-8", None, "gb2312"),  # meta lies: bytes are UTF-8
}

_COUNTY_ENCODING = {
    "hongtong": "gbk", "xiangfen": "gb2312", "anze": "gbk", "fenxi": "gbk-labelled-utf8",
    "daning": "gbk", "xixian": "utf8-labelled-gb2312", "puxian": "gbk",
}  # fmt: skip
_DEPT_ENCODING = {"mzj": "gbk", "czj": "gbk-labelled-utf8", "tjj": "gb2312"}


@dataclass(frozen=True)
class UnitPlace:
    id: str
    name: str
    full_name: str
    unit_class: str  # "A" | "B"
    host: str
    base: str  # path prefix, "/" or "/bm/<id>/"
    cms: str
    encoding: str
    issuer: str  # 文号 issuer, e.g. 尧政发 / 临发改发
    on_portal: bool = False
    synthetic: bool = False
    scheme: str = "http"  # "https" for the units the plan serves over HTTPS only

    @property
    def homepage(self) -> str:
        return f"{self.scheme}://{self.host}{self.base}"


@lru_cache(maxsize=1)
def real_places() -> tuple[UnitPlace, ...]:
    """The 51 units of ``config/sites.toml`` placed in the simulated web."""
    cfg = load_config(DEFAULT_CONFIG)
    places: list[UnitPlace] = []
    counties = [u for u in cfg.units if u.unit_class == "A"]
    for index, unit in enumerate(counties):
        host = (unit.homepage or f"http://www.{unit.id}.gov.cn/").split("/")[2]
        places.append(
            UnitPlace(
                id=unit.id,
                name=unit.name,
                full_name=unit.display_name,
                unit_class="A",
                host=host,
                base="/",
                cms=CMS_FAMILIES[index % 3],
                encoding=_COUNTY_ENCODING.get(unit.id, "utf-8"),
                issuer=unit.name[0] + "政发",
            )
        )
    depts = [u for u in cfg.units if u.unit_class == "B"]
    own = [u for u in depts if u.id in SUBDOMAIN_DEPARTMENTS]
    for index, unit in enumerate(depts):
        abbr = DEPT_ABBR.get(unit.id, "临" + unit.name[1:3])
        if unit in own:
            places.append(
                UnitPlace(
                    id=unit.id,
                    name=unit.name,
                    full_name="临汾" + unit.name,
                    unit_class="B",
                    host=f"{unit.id}.linfen.gov.cn",
                    base="/",
                    cms=CMS_FAMILIES[(own.index(unit) + 1) % 3],
                    encoding=_DEPT_ENCODING.get(unit.id, "utf-8"),
                    issuer=abbr + "发",
                )
            )
        else:
            places.append(
                UnitPlace(
                    id=unit.id,
                    name=unit.name,
                    full_name="临汾" + unit.name,
                    unit_class="B",
                    host=PORTAL_HOST,
                    base=f"/bm/{unit.id}/",
                    cms="trs",
                    encoding="utf-8",
                    issuer=abbr + "发",
                    on_portal=True,
                )
            )
        del index
    return tuple(places)


def synthetic_places(count: int) -> tuple[UnitPlace, ...]:
    """Extra units for benchmarks: ``www.s0001.gov.cn`` …, CMS and class alternating."""
    out = []
    for n in range(1, count + 1):
        out.append(
            UnitPlace(
                id=f"s{n:04d}",
                name=f"模拟{n:04d}县",
                full_name=f"模拟{n:04d}县人民政府",
                unit_class="A" if n % 2 else "B",
                host=f"www.s{n:04d}.gov.cn",
                base="/",
                cms=CMS_FAMILIES[n % 3],
                encoding="utf-8" if n % 4 else "gbk",
                issuer=f"模{n:04d}政发",
                synthetic=True,
            )
        )
    return tuple(out)


def all_places(extra_units: int = 0) -> tuple[UnitPlace, ...]:
    return real_places() + (synthetic_places(extra_units) if extra_units else ())

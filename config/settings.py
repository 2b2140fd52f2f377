"""Every setting and its default, in one module.

Each threshold that a national rule or the scheme names is a setting here, with the rule it
comes from. Values marked *(unconfirmed)* were recalled or taken from secondary sources;
keep them configurable. ``docs/settings.md`` lists them for operators.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

UnitClass = Literal["A", "B"]
SiteSource = Literal["verified", "public-copy", "public-code", "public-directory", "sandbox", "unknown"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AuditSettings(_Section):
    as_of: dt.date = dt.date(2020, 12, 15)
    year: int = 2020
    operator: str = "zwgk-audit operator"
    contact: str = "zwgk-audit operator (contact not configured)"
    scheme: str = "linfen-2020"


class CityPortal(_Section):
    name: str = "临汾市人民政府"
    homepage: str = "http://www.linfen.gov.cn/"
    site_id_code: str = "1410000039"


class NetworkSettings(_Section):
    """Where names are resolved and which addresses may be contacted."""

    nameservers: list[str] = Field(default_factory=list)  # "IP" or "IP:PORT"; empty = system
    allow_private: bool = False  # private, loopback, link-local, CGNAT targets
    # Connect to this port instead of the URL's (keys "80"/"443"); the sandbox uses it.
    port_map: dict[str, int] = Field(default_factory=dict)
    dns_timeout_s: float = 3.0


class CrawlSettings(_Section):
    max_depth: int = 6
    page_budget_per_unit: int = 3000
    max_body_bytes: int = 20 * 1024 * 1024
    max_decompressed_ratio: int = 100  # decompressed/compressed beyond this is a bomb
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 15.0
    fetch_timeout_s: float = 30.0
    max_redirects: int = 10
    max_repeated_segments: int = 2  # /a/b/a/b/a → trap
    max_query_variants_per_path: int = 50
    http2: bool = True
    render_js: bool = True
    browser_executable: str = "/usr/bin/chromium"
    check_out_of_scope_links: bool = True
    data_dir: str = "data"


class PolitenessSettings(_Section):
    obey_robots: bool = True
    per_host_concurrency: int = 2
    per_ip_concurrency: int = 4
    min_delay_s: float = 0.0  # between requests to one host; Crawl-delay raises it
    backoff_initial_s: float = 5.0
    backoff_max_s: float = 300.0
    user_agent: str = "zwgk-audit/0.1 (government-openness audit; +{contact})"


class DisclosureThresholds(_Section):
    """rules.md §1–2."""

    # Departments (class B) report on year Y-1 by this day of year Y (Regulations, Art. 49-50).
    annual_report_deadline_department: str = "01-31"
    # Governments at county level and above report on their own level by this day.
    annual_report_deadline_government: str = "03-31"
    regulations_in_force: dt.date = dt.date(2019, 5, 15)
    catalogue_window_days: int = 180
    guide_required_elements: list[str] = Field(
        default_factory=lambda: [
            "name",
            "address",
            "hours",
            "phone",
            "fax",
            "online",
            "how_to_apply",
            "classification",
        ]
    )


class InspectionThresholds(_Section):
    """rules.md §3 (国办秘函〔2019〕19号)."""

    probe_timeout_s: float = 15.0
    probes_per_night: int = 3
    probe_interval_s: float = 60.0
    availability_window_days: int = 7
    availability_veto_failure_rate: float = 0.05
    homepage_stale_days: int = 14
    news_column_days: int = 14  # 动态/要闻
    notice_column_days: int = 180  # 通知公告, 政策文件
    basic_column_days: int = 365  # 人事, 规划计划, 机构, 财政, 统计…
    veto_stale_columns_combined: int = 5  # (a) news >14d + notice/policy >180d
    veto_stale_columns_any: int = 10  # (b)
    veto_blank_columns: int = 5  # (c)
    consultation_unanswered_days: int = 90
    cert_expiry_warning_days: int = 30
    dead_link_retry_delay_s: float = 1.0
    # Deduction points per problem type, out of 100. (unconfirmed: national values not public)
    deductions: dict[str, float] = Field(
        default_factory=lambda: {
            "dead_link_homepage": 5.0,
            "dead_link_inner": 0.1,
            "column_stale": 2.0,
            "column_blank": 2.0,
            "hidden_link": 10.0,
            "wording_error": 5.0,
            "meta_missing": 0.1,
            "site_id_invalid": 2.0,
            "consultation_unanswered": 2.0,
            "transport": 1.0,
        }
    )
    hidden_link_domains: list[str] = Field(default_factory=list)
    hidden_link_keywords: list[str] = Field(
        default_factory=lambda: ["博彩", "赌场", "百家乐", "彩票", "娱乐城", "私服", "代开发票", "色情"]
    )
    wording_errors: dict[str, str] = Field(default_factory=dict)  # wrong form -> right form


class Ipv6Thresholds(_Section):
    """rules.md §4. Second/third-level rates are (unconfirmed), often quoted as 95 %/85 %."""

    probe_count: int = 3
    probe_interval_s: float = 0.5
    min_success_rate: float = 0.95
    min_content_similarity: float = 0.90
    second_level_min_rate: float = 0.95
    third_level_min_rate: float = 0.85
    max_links_per_level: int = 50


class InterpretationThresholds(_Section):
    """rules.md §5 and Annexes 3–4."""

    max_lag_working_days: int = 3
    nontext_min_share: float = 0.70
    other_channel_min_share: float = 0.50
    title_similarity_min: float = 0.5


class Thresholds(_Section):
    disclosure: DisclosureThresholds = DisclosureThresholds()
    inspection: InspectionThresholds = InspectionThresholds()
    ipv6: Ipv6Thresholds = Ipv6Thresholds()
    interpretation: InterpretationThresholds = InterpretationThresholds()


class ScheduleSettings(_Section):
    nightly_at: str = "02:00"
    inspection_nights: list[str] = Field(default_factory=list)  # ISO dates; empty = every night
    output_dir: str = "out"


class StorageSettings(_Section):
    database_url: str | None = None  # ZWGK_DATABASE_URL wins; default sqlite under data_dir


class UnitConfig(_Section):
    id: str
    name: str
    full_name: str | None = None
    unit_class: UnitClass = Field(alias="class")
    homepage: str | None = None
    scope: list[str] = Field(default_factory=list)
    site_source: SiteSource = "unknown"
    note: str | None = None
    cms: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not value or not all(c.islower() or c.isdigit() or c in "-_" for c in value):
            raise ValueError("must be a lower-case pinyin slug (a-z, 0-9, '-', '_')")
        return value

    @field_validator("homepage")
    @classmethod
    def _homepage_url(cls, value: str | None) -> str | None:
        if value is not None:
            _require_http_url(value)
        return value

    @field_validator("scope")
    @classmethod
    def _scope_urls(cls, value: list[str]) -> list[str]:
        for prefix in value:
            _require_http_url(prefix)
        return value

    @property
    def display_name(self) -> str:
        return self.full_name or self.name

    @property
    def has_site(self) -> bool:
        return bool(self.homepage and self.scope)


class Settings(_Section):
    audit: AuditSettings = AuditSettings()
    city_portal: CityPortal = CityPortal()
    network: NetworkSettings = NetworkSettings()
    crawl: CrawlSettings = CrawlSettings()
    politeness: PolitenessSettings = PolitenessSettings()
    thresholds: Thresholds = Thresholds()
    schedule: ScheduleSettings = ScheduleSettings()
    storage: StorageSettings = StorageSettings()


class AuditConfig(BaseModel):
    """What a config file holds: the settings and the units, plus where it came from."""

    model_config = ConfigDict(frozen=True)

    path: str
    settings: Settings
    units: list[UnitConfig]

    def unit(self, key: str) -> UnitConfig:
        """A unit by id or by its Chinese name (short or full)."""
        for unit in self.units:
            if key in (unit.id, unit.name, unit.full_name):
                return unit
        raise KeyError(key)

    def units_of_class(self, unit_class: UnitClass) -> list[UnitConfig]:
        return [u for u in self.units if u.unit_class == unit_class]


def _require_http_url(value: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ValueError(f"bad port in URL {value!r}") from exc

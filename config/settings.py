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


def tonight() -> dt.date:
    """The night an audit started now is for: today, in the machine's local time (the
    schedule's clock)."""
    return dt.date.today()


class AuditSettings(_Section):
    # The night audited: every window (stale columns, deadlines, certificates) is judged as of
    # it. Default: the day the audit runs; `zwgk audit --as-of` and a configured value override
    # it (the sandbox's config sets its own night, 2020-12-15).
    as_of: dt.date = Field(default_factory=tonight)
    year: int = 2020
    operator: str = "zwgk-audit operator"
    contact: str = "zwgk-audit operator (contact not configured)"
    scheme: str = "linfen-2020"


def as_of_configured(settings: Settings) -> bool:
    """Whether ``audit.as_of`` was given (config file or override) rather than defaulted."""
    return "as_of" in settings.audit.model_fields_set


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
    # Networks (CIDR) exempt from the private-address guard even when allow_private is off,
    # e.g. ["127.0.0.0/8"] for tests that also check the guard, or a known intranet mirror.
    allow_networks: list[str] = Field(default_factory=list)
    # A PEM file of extra CA certificates to trust for HTTPS (besides the system ones), e.g.
    # the sandbox CA; None = system trust store only.
    ca_file: str | None = None
    # A site whose certificate fails verification (expired, wrong name, unknown CA) is still
    # crawled without verification, so its content is audited; every such fetch records why.
    # The certificate itself is judged by inspection.tls from the probes. False = such a site
    # is an error, as in a browser that refuses to click through.
    tls_unverified_fallback: bool = True


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
    concurrent_units: int = 16  # units crawled at once (each is limited per host besides)
    link_check_concurrency: int = 32  # out-of-scope link checks in flight, over all hosts
    render_timeout_s: float = 30.0
    render_concurrency: int = 4  # pages rendered at once (most of a render is waiting)
    render_idle_timeout_s: float = 1.5  # wait this long at most for scripts' requests to settle
    max_renders_per_unit: int = 50  # homepage + JavaScript-built lists
    # A unit takes no new page after this long, and a host that asks (Retry-After) to wait
    # past it is not waited for: what is left is skipped with the reason, so one blocked or
    # stormy site never holds the night. (unconfirmed: operator's choice)
    unit_deadline_s: float = 1800.0
    # A 429/503 answer is fetched again this many times after its Retry-After (or the backoff),
    # when that wait ends before the unit's deadline.
    blocked_retries: int = 1


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
    # The guide's Article 12 elements (2019 Regulations) that ``disclosure.guide_incomplete``
    # requires; keys of ``pages.guide.ARTICLE_12``, looked for where the guide's layout puts them.
    guide_required_elements: list[str] = Field(
        default_factory=lambda: [
            "classification",
            "arrangement",
            "how_to_obtain",
            "office_name",
            "address",
            "hours",
            "phone",
            "fax",
            "internet",
        ]
    )
    # A guide still citing the 2008 Regulations (国务院令第492号) predates the 2019 revision.
    guide_obsolete_citations: list[str] = Field(default_factory=lambda: ["国务院令第492号", "第492号令"])
    # Annual reports read for arithmetic and blank cells: the report due and this many before it.
    annual_report_years_back: int = 0
    # Finding the column from the homepage (rules.md §1; reading heuristics, unconfirmed):
    # links followed (homepage → 政务公开 → 政府信息公开 → …), the sub-sections a column page
    # links at least, and the longest text of a sub-section link (longer: a document in it).
    column_max_hops: int = 3
    column_min_subsection_links: int = 2
    subsection_label_max_chars: int = 16


class InspectionThresholds(_Section):
    """rules.md §3 (国办秘函〔2019〕19号)."""

    probe_timeout_s: float = 15.0
    probes_per_night: int = 3
    probe_interval_s: float = 60.0
    # The national method (19号文 站点无法访问: 监测 1 周，每天间隔性访问 20 次以上，超过（含）
    # 15 秒网站仍打不开的次数累计占比超过（含）5%): a verdict needs this many days of the
    # window, each with at least ``availability_probes_per_day`` probes taken at least
    # ``availability_probe_spacing_s`` apart (间隔性: the spacing is unconfirmed; 24 h / 20 is
    # 72 min, half of it lets rounds drift). Fewer: undecided with the count, never a veto.
    availability_window_days: int = Field(default=7, ge=1)
    availability_probes_per_day: int = Field(default=20, ge=1)
    availability_probe_spacing_s: float = Field(default=1800.0, ge=0)
    availability_veto_failure_rate: float = 0.05
    homepage_stale_days: int = 14
    news_column_days: int = 14  # 动态/要闻
    notice_column_days: int = 180  # 通知公告, 政策文件
    basic_column_days: int = 365  # 人事, 规划计划, 机构, 财政, 统计…
    veto_stale_columns_combined: int = 5  # (a) news >14d + notice/policy >180d
    veto_stale_columns_any: int = 10  # (b)
    veto_blank_columns: int = 5  # (c)
    # The veto and deduction tables (config/rubrics/<tables>.toml, each value with its source).
    tables: str = "gwb-2019-inspection"
    # A site that fails a veto item failed the inspection whatever its deductions: its score is
    # capped so that it ranks below every site that passed. None: the tables' value (59).
    failed_score_cap: float | None = None
    consultation_unanswered_days: int = 90
    cert_expiry_warning_days: int = 30
    dead_link_retry_delay_s: float = 1.0
    # Deduction points per problem type, out of 100, overriding the tables' (which name each
    # value's source or "unconfirmed"); empty: the tables' values.
    deductions: dict[str, float] = Field(default_factory=dict)
    # A link is reported dead only after two failed attempts at least this far apart (issue #16:
    # "≥ 2 failed attempts separated in time, default ≥ 1 hour apart"); ``crawler.confirm`` makes
    # the second attempt later in the same night's run. Unconfirmed in the run: undecided.
    dead_link_confirm_after_s: float = Field(default=3600.0, gt=0)
    # How long the end of a crawl waits for those second attempts (a night's run lasts hours).
    dead_link_confirm_max_wait_s: float = Field(default=3 * 3600.0, ge=0)
    # Illegal link targets (gambling, porn, spam): a link whose host is or ends with one of
    # these domains, or whose text or URL contains one of the keywords, is inspection.illegal_link.
    hidden_link_domains: list[str] = Field(default_factory=list)
    hidden_link_keywords: list[str] = Field(
        default_factory=lambda: ["博彩", "赌场", "百家乐", "彩票", "娱乐城", "私服", "代开发票", "色情"]
    )
    # Severe wording errors: wrong form -> right form (official names, terms, leaders' titles).
    # A starting list of wrong forms seen in inspection circulars; extend it in the config.
    wording_errors: dict[str, str] = Field(
        default_factory=lambda: {
            "社会主意核心价值观": "社会主义核心价值观",
            "中国特色社会主意": "中国特色社会主义",
            "脱贫功坚": "脱贫攻坚",
            "党中间": "党中央",
            "十九届无中全会": "十九届五中全会",
            "十九届四中全会精伸": "十九届四中全会精神",
            "中华人民共和过": "中华人民共和国",
            "全国人民代表打会": "全国人民代表大会",
            "国务院总里": "国务院总理",
            "总书纪": "总书记",
            "两学一作": "两学一做",
            "不忘初心、牢记使名": "不忘初心、牢记使命",
        }
    )
    consultation_keywords: list[str] = Field(
        default_factory=lambda: ["留言", "咨询", "信箱", "问政", "诉求", "互动交流"]
    )
    # Column types by keywords in the column's name, tried in this order; the first type whose
    # keyword occurs wins, a column matching none is "basic". Windows: news → news_column_days,
    # notice and policy → notice_column_days, basic → basic_column_days.
    column_type_keywords: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "news": ["动态", "要闻", "新闻", "资讯", "工作信息"],
            "notice": ["通知公告", "公示公告", "公告公示", "通知", "公告", "公示"],
            "policy": ["政策文件", "规范性文件", "政策法规", "文件"],
            "basic": ["人事", "规划计划", "规划", "计划", "机构", "领导", "财政", "预决算", "统计"],
        }
    )
    # Columns judged elsewhere or not on a publishing schedule: the statutory column's guide,
    # rules, annual reports and catalogue (disclosure.*), interpretations, interaction.
    column_exempt_keywords: list[str] = Field(
        default_factory=lambda: [
            "指南",
            "制度",
            "年报",
            "年度报告",
            "目录",
            "依申请",
            "解读",
            "留言",
            "信箱",
            "互动",
            "咨询",
        ]
    )
    # Hosts a hidden link may point to without being suspicious: government sites (《政府网站
    # 发展指引》, 国办发〔2017〕47号: government sites use the .gov.cn domain).
    trusted_host_suffixes: list[str] = Field(default_factory=lambda: [".gov.cn"])
    hidden_font_max_px: float = 2.0  # a link whose font-size is at most this is invisible
    offscreen_min_px: float = 500.0  # left/top/text-indent at or beyond -this is off-screen
    blocked_statuses: list[int] = Field(default_factory=lambda: [403, 429, 503])
    article_meta_required: list[str] = Field(
        default_factory=lambda: ["ArticleTitle", "PubDate", "ContentSource"]
    )
    site_id_pattern: str = r"^(\d{10}|bm\d{8})$"  # rules.md §6
    wording_context_chars: int = 20  # characters shown either side of a wording error
    # A quarter counts a problem (and a veto) that stood on "all" its inspection nights
    # (schedule.inspection_nights in the quarter, else every night), or on "any" of them.
    quarter_rule: Literal["all", "any"] = "all"


class Ipv6Thresholds(_Section):
    """rules.md §4. Second/third-level rates are (unconfirmed), often quoted as 95 %/85 %."""

    probe_count: int = 3
    probe_interval_s: float = 0.5
    min_success_rate: float = 0.95
    min_content_similarity: float = 0.90
    second_level_min_rate: float = 0.95
    third_level_min_rate: float = 0.85
    max_links_per_level: int = 50
    # Success rate = homepage probes over IPv6 that got status < 400, over this many days.
    success_window_days: int = 7
    probe_timeout_s: float = 10.0
    # Parity compares visible text (digits blanked) as character 4-gram sets: |A∩B| / |A∪B|.
    # Level 2/3 links count when in the unit's scope or on a sub-domain of the site's domain
    # (www.x.gov.cn → x.gov.cn), where 二级/三级链接 on other hosts of the site live.
    links_include_subdomains: bool = True
    link_concurrency: int = 8
    # Authoritative name servers with IPv6 addresses: monitored, required only if set (unconfirmed).
    require_nameserver_ipv6: bool = False
    # IPv6/IPv4 ratio of median connect and first-byte delay above which the site is not ready;
    # None = reported only (no national figure known).
    max_delay_ratio: float | None = None
    # Where "has this machine IPv6 at all?" is asked of the routing table (no packet is sent)
    # when the site has no IPv6 address of its own: public IPv6 resolvers in China.
    route_reference_addresses: list[str] = Field(default_factory=lambda: ["240c::6666", "2400:3200::1"])


class InterpretationThresholds(_Section):
    """rules.md §5 and Annexes 3–4."""

    max_lag_working_days: int = 3
    nontext_min_share: float = 0.70
    other_channel_min_share: float = 0.50
    title_similarity_min: float = 0.5
    # A listed link shows the named document when its title is at least this similar (no 文号
    # to compare); a site document is on the unit's list when a listed title is this similar.
    # (unconfirmed: reading heuristics, set on the sandbox and the real-page corpus)
    doclist_title_similarity_min: float = 0.8
    doclist_same_title_similarity: float = 0.9
    # A page linking to more than this many documents of the other set is a list, not a link
    # between one interpretation and its policy.
    explicit_link_max_targets: int = 2
    # Names of columns are short: a list title or link text longer than this is a document's.
    column_name_max_chars: int = 12
    column_link_text_max_chars: int = 30
    # A "list" of fewer items than this that has a document title of its own is a document.
    document_list_min_items: int = 3
    # Column names (ColumnName, list title or the link text leading to it), matched as substrings.
    interpretation_column_names: list[str] = Field(
        default_factory=lambda: ["政策解读", "文件解读", "解读回应", "图解政策", "政策图解", "解读"]
    )
    policy_column_names: list[str] = Field(
        default_factory=lambda: [
            "政策文件",
            "政府文件",
            "部门文件",
            "规范性文件",
            "政策法规",
            "文件通知",
            "本级文件",
        ]
    )
    # A policy page saying one of these states why it has no interpretation (谁起草、谁解读).
    no_interpretation_reasons: list[str] = Field(
        default_factory=lambda: ["不作解读", "不予解读", "无需解读", "不需解读", "不再解读", "不进行解读"]
    )
    # Non-government channels (rules.md §5): link hosts, and words in 来源 or a repost note.
    channel_hosts: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "wechat": ["mp.weixin.qq.com", "weixin.qq.com"],
            "weibo": ["weibo.com", "weibo.cn"],
            "douyin": ["douyin.com", "iesdouyin.com"],
            "toutiao": ["toutiao.com", "toutiaocdn.com"],
            "newspaper": ["people.com.cn", "xinhuanet.com", "sxrb.com", "sxdaily.com.cn"],
            "tv": ["cctv.com", "sxrtv.com", "cntv.cn"],
        }
    )
    channel_keywords: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "wechat": ["微信公众号", "微信", "公众号"],
            "weibo": ["微博"],
            "douyin": ["抖音"],
            "toutiao": ["今日头条", "头条号"],
            "newspaper": ["日报", "晚报", "报社", "报》", "新闻网"],
            "tv": ["电视台", "广播电视", "融媒体", "新闻联播"],
        }
    )
    # 属性滥用: share of 依申请公开 + 不予公开 among listed documents above which it is abuse.
    # (unconfirmed: the scheme says "超过合理比例" without a figure)
    attribute_overuse_max_share: float = 0.30
    # 文号 gaps larger than this (per issuer and year) are reported as one run, not number by number.
    docnumber_gap_max_listed: int = 50


class Thresholds(_Section):
    disclosure: DisclosureThresholds = DisclosureThresholds()
    inspection: InspectionThresholds = InspectionThresholds()
    ipv6: Ipv6Thresholds = Ipv6Thresholds()
    interpretation: InterpretationThresholds = InterpretationThresholds()


class ScheduleSettings(_Section):
    nightly_at: str = "02:00"
    inspection_nights: list[str] = Field(default_factory=list)  # ISO dates; empty = every night
    output_dir: str = "out"
    # Working days a unit has to rectify what a circular lists (scheme 八(三): measures within
    # 10 working days of the notice).
    rectification_working_days: int = 10
    # Availability probe rounds through the day, between the nightly audits (19号文: 每天间隔性
    # 访问 20 次以上): evenly spread from midnight, e.g. 24 = hourly, so that one missed round
    # still leaves the rule's 20. 0: no rounds (only the nightly audit's probes).
    probe_rounds_per_day: int = Field(default=24, ge=0, le=1440)


class CircularSettings(_Section):
    """The parts of the quarterly circular that the issuing office decides (GB/T 9704-2012 §7).

    The model is the scheme's own header: 临汾市人民政府办公室 / 临政办函〔2020〕26号.
    """

    issuer: str = "临汾市人民政府办公室"  # 发文机关 (scheme header)
    # 发文字号 (GB/T 9704 §7.2.3): {year} and {serial}; the serial is the office's register
    # number, so it is set per quarter in `serials`; unset → left blank for the office to fill.
    doc_number: str = "临政办函〔{year}〕{serial}号"
    serials: dict[str, int] = Field(default_factory=dict)  # "2020Q4" → 58
    # 版记 (§7.4): 抄送机关 and 印发机关; the addressees are those of the scheme's header.
    # The cc list is what a 市政府办公室 circular usually carries (unconfirmed for this one).
    cc: list[str] = Field(
        default_factory=lambda: [
            "市委办公室",
            "市人大常委会办公室",
            "市政协办公室",
            "市政务公开领导小组各成员单位",
        ]
    )
    addressees: str = "各县（市、区）人民政府，临汾经济开发区管委会，市直各有关单位："
    printer: str = "临汾市人民政府办公室"  # 印发机关
    # 成文日期 of a quarter's circular when it is written again later ("2020Q4" → 2020-12-15);
    # otherwise the date stored with the quarter's first circular, else --issued / the audit day.
    issue_dates: dict[str, dt.date] = Field(default_factory=dict)


class StorageSettings(_Section):
    database_url: str | None = None  # ZWGK_DATABASE_URL wins; default sqlite under data_dir
    # The audit lock in the database (storage/audit_lock.py): its holder's heartbeat, and how
    # old a heartbeat may be before the lock counts as left by a dead process (SQLite; a
    # PostgreSQL advisory lock ends with its connection). Project choice, no external rule.
    lock_heartbeat_s: float = 15.0
    lock_stale_after_s: float = 90.0


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


class FileLimits(_Section):
    """Untrusted files (annual reports, document lists, entry workbooks) are read within these.

    A DOCX/XLSX is a ZIP: its central directory states each part's sizes, which zipfile
    enforces while reading, so a bomb is refused before anything inflates (OWASP: "File
    Upload Cheat Sheet", archive size and ratio limits). Values are a project choice sized far
    above real reports (a 年报 DOCX is a few MB unpacked), no external rule."""

    max_file_bytes: int = 50 * 1024 * 1024  # the file as stored or downloaded
    max_zip_entries: int = 5_000
    max_unzipped_bytes: int = 256 * 1024 * 1024  # all parts together, as declared
    # One part may inflate at most this many times (parts under 1 MiB unpacked are exempt:
    # small XML compresses far beyond it harmlessly).
    max_zip_ratio: int = 200
    max_pdf_pages: int = 500
    max_pdf_seconds: float = 20.0  # text extraction stops between pages after this


class Settings(_Section):
    audit: AuditSettings = AuditSettings()
    city_portal: CityPortal = CityPortal()
    network: NetworkSettings = NetworkSettings()
    crawl: CrawlSettings = CrawlSettings()
    politeness: PolitenessSettings = PolitenessSettings()
    thresholds: Thresholds = Thresholds()
    schedule: ScheduleSettings = ScheduleSettings()
    circular: CircularSettings = CircularSettings()
    storage: StorageSettings = StorageSettings()
    files: FileLimits = FileLimits()


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

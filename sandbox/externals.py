"""Hosts outside the units that the simulated web links to, all answered by the sandbox DNS."""

from __future__ import annotations

GOV_LINKS = (
    ("中国政府网", "http://www.gov.cn/"),
    ("山西省人民政府", "http://www.shanxi.gov.cn/"),
    ("山西政务服务网", "http://www.sxzwfw.gov.cn/"),
)
PORTAL_LINK = ("临汾市人民政府", "http://www.linfen.gov.cn/")
CHANNEL_HOSTS = ("mp.weixin.qq.com", "weibo.com", "www.douyin.com", "www.toutiao.com")
SPAM_HOSTS = ("www.am888-bc.com", "www.hgyl-city.net", "www.sf-cq.org")
SPAM_TEXTS = ("澳门博彩娱乐城", "百家乐在线娱乐", "代开发票 联系")
EXTERNAL_HOSTS = ("www.gov.cn", "www.shanxi.gov.cn", "www.sxzwfw.gov.cn", *CHANNEL_HOSTS, *SPAM_HOSTS)
# a host nobody answers for: links to it are dead (NXDOMAIN)
DEAD_HOST = "www.lfxxgk-old.gov.cn"
# wrong form -> right form (the severe wording errors the sandbox plants)
WORDING_ERRORS = {
    "社会主意核心价值观": "社会主义核心价值观",
    "脱贫功坚": "脱贫攻坚",
    "党中间": "党中央",
    "十九届无中全会": "十九届五中全会",
}
BLOCKED_PATHS = {403: "/waf/", 429: "/busy/"}

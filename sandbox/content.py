"""Chinese text: titles and bodies for the simulated pages (no planted errors here)."""

from __future__ import annotations

import random

_NEWS_SUBJECTS = (
    "召开常务会议", "开展安全生产大检查", "推进乡村振兴工作", "部署冬季供暖保障工作", "召开脱贫攻坚推进会",
    "开展营商环境专项督查", "推进项目建设观摩活动", "召开疫情防控工作会议", "开展森林防火宣传", "召开优化营商环境推进会",
    "调研农村人居环境整治", "开展消防安全培训", "推进“放管服”改革", "召开重点工程调度会", "开展法治宣传进社区活动",
    "组织防汛应急演练", "召开民生实事推进会", "开展文明城市创建督导", "召开信访工作联席会议", "开展就业招聘月活动",
)  # fmt: skip
_NOTICES = (
    "关于开展{y}年度统计执法检查的通知", "关于公布政务服务事项清单的公告", "关于做好元旦春节期间有关工作的通知",
    "关于征集{y}年民生实事项目的公告", "关于公开招聘社区工作者的公告", "关于调整办公时间的通知",
    "关于开展冬春火灾防控工作的通告", "关于公示拟推荐表彰对象的公示", "关于停水停电的通知", "关于开展网络安全检查的通知",
)  # fmt: skip
_POLICY_SUBJECTS = (
    "进一步优化营商环境", "加快推进乡村振兴", "做好稳就业工作", "支持中小微企业发展", "推进农村人居环境整治",
    "加强安全生产监管", "促进消费扩容提质", "加快新型基础设施建设", "做好冬季清洁取暖", "推进政务服务“一网通办”",
    "加强生态环境保护", "落实减税降费政策", "健全社会救助体系", "推进全民健身", "加强粮食安全保障",
    "完善养老服务体系", "深化“放管服”改革", "支持返乡创业", "推进数字政府建设", "加强应急管理体系建设",
)  # fmt: skip
_POLICY_KINDS = ("实施意见", "若干措施", "工作方案", "实施方案", "管理办法", "通知")
_BASIC = {
    "jgzn": ("机构职能调整说明", "内设机构及职责", "领导班子分工", "下属单位职能"),
    "rsxx": ("干部任前公示", "人事任免通知", "公开招聘拟聘用人员公示", "事业单位公开招聘公告"),
    "ghjh": ("年度工作要点", "“十四五”规划编制工作方案", "年度重点工作计划", "专项规划"),
    "czxx": ("部门预算公开", "部门决算公开", "“三公”经费预算说明", "政府采购意向公开"),
    "tjxx": ("月度经济运行情况", "统计公报", "主要经济指标", "季度统计数据"),
}
_PARA = (
    "会议强调，要深入学习贯彻党的十九届五中全会精神，坚持以人民为中心的发展思想，统筹推进各项工作。",
    "会议要求，各部门要提高政治站位，压实工作责任，细化工作措施，确保各项任务按期完成。",
    "下一步，将持续巩固脱贫攻坚成果，推进乡村振兴，不断增强人民群众的获得感、幸福感、安全感。",
    "会上，相关部门负责同志汇报了工作进展情况，并就存在的问题和下一步工作打算作了发言。",
    "要坚持问题导向，强化督促检查，对工作推进不力的严肃追责问责，以实际行动践行社会主义核心价值观。",
    "各乡镇、各部门要加强协调配合，形成工作合力，确保党中央、国务院决策部署落地见效。",
)
_QUESTIONS = (
    ("关于小区供暖不热的问题", "我家小区今年供暖温度一直达不到标准，请问应该向哪个部门反映？"),
    ("咨询社保缴费事宜", "灵活就业人员社保今年如何缴费？在哪里办理？"),
    ("道路破损何时维修", "县城东关路段路面破损严重，请问何时维修？"),
    ("关于办理营业执照的咨询", "个体工商户办理营业执照需要哪些材料？可以网上办理吗？"),
    ("咨询孩子入学政策", "外地户籍孩子在本地上小学需要什么手续？"),
    ("反映噪音扰民问题", "夜间施工噪音很大，影响休息，希望有关部门处理。"),
    ("咨询低保申请条件", "家庭收入较低，请问申请最低生活保障需要什么条件？"),
    ("关于农村道路照明", "我村主干道没有路灯，夜间出行不便，能否安装？"),
)  # fmt: skip


def news_title(rng: random.Random, unit_name: str) -> str:
    return f"{unit_name}{rng.choice(_NEWS_SUBJECTS)}"


def notice_title(rng: random.Random, year: int) -> str:
    return rng.choice(_NOTICES).format(y=year)


def policy_title(rng: random.Random, full_name: str, index: int) -> str:
    subject = _POLICY_SUBJECTS[index % len(_POLICY_SUBJECTS)]
    kind = rng.choice(_POLICY_KINDS)
    office = full_name if rng.random() < 0.5 else full_name + "办公室"
    return f"{office}关于{subject}的{kind}"


def basic_title(rng: random.Random, key: str, unit_name: str, year: int) -> str:
    return f"{unit_name}{year}年{rng.choice(_BASIC.get(key, ('工作信息',)))}"


def paragraphs(rng: random.Random, n: int = 3) -> list[str]:
    return [rng.choice(_PARA) for _ in range(n)]


def question(rng: random.Random, index: int) -> tuple[str, str]:
    return _QUESTIONS[(index + rng.randrange(len(_QUESTIONS))) % len(_QUESTIONS)]


def reply(unit_full_name: str) -> str:
    return f"您好！您反映的问题已收悉。经{unit_full_name}核实，已转相关责任单位办理，请保持电话畅通。感谢您的关注与支持！"

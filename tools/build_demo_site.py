#!/usr/bin/env python3
"""Generate the bundled sample government website (云岭市数据资源管理局).

Writes static files into ``inspector/demo_site/www/`` (or ``--out DIR``). The output is fully
deterministic: same input, same bytes. Plain Python + stdlib only.

    python tools/build_demo_site.py            # regenerate inspector/demo_site/www/
    python tools/build_demo_site.py --check    # exit 1 if the committed output is out of date

The site is fictional and frozen at the monitoring point 2021-12-31. What is seeded where (column
freshness, text problems, broken links, traps) is documented by hand in
``inspector/demo_site/README.md``; the self-check at the end of ``build()`` makes sure every seeded
string occurs exactly where the README says and nowhere else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import html
import json
import posixpath
import random
import re
import shutil
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "inspector" / "demo_site" / "www"
MARKER = "_tpl/GENERATED"

SITE = "云岭市数据资源管理局"
SITE_ID = "5301000099"
ADDRESS = "云岭市堃园路88号"  # 堃 is outside GB2312 (GBK only)
SEED = 20211231

VIEWPORT_OK = "width=device-width, initial-scale=1.0"
VIEWPORT_NOZOOM = "width=device-width, user-scalable=no"

D = dt.date


def esc(s: str) -> str:
    return html.escape(s, quote=True)


# ---------------------------------------------------------------------------------------------
# Site structure
# ---------------------------------------------------------------------------------------------

FIRST = [
    ("jggk", "机构概况"),
    ("xwdt", "新闻动态"),
    ("zwgk", "政务公开"),
    ("hdjl", "互动交流"),
    ("ztzl", "专题专栏"),
]
FIRST_NAME = dict(FIRST)


@dataclass
class Col:
    key: str  # "xwdt/gzdt"
    name: str
    meta_type: str  # content of <meta name="ColumnType">
    href: str = ""  # link target when it differs from the path (calendar)
    encoding: str = "utf-8"
    charset_decl: str = "meta5"  # meta5 | gb2312-meta5 | gb2312-http-equiv
    home: str = ""  # the column's folder when it is not /<key>/ (大汉 JCMS: /col/col1242/)

    @property
    def parent(self) -> str:
        return self.key.split("/")[0]

    @property
    def path(self) -> str:
        return self.home or "/" + self.key + "/"

    @property
    def link(self) -> str:
        return self.href or self.path


COLS = [
    Col("jggk/jgzn", "机构职能", "机构职能"),
    Col("jggk/ldxx", "领导信息", "领导信息"),
    Col("xwdt/gzdt", "工作动态", "动态"),
    Col("xwdt/qxdt", "区县动态", "动态"),
    Col("xwdt/tpxw", "图片新闻", "动态"),
    Col("xwdt/mtgz", "媒体关注", "动态"),
    Col("zwgk/tzgg", "通知公告", "通知公告"),
    Col("zwgk/zcwj", "政策文件", "政策文件", encoding="gbk", charset_decl="gb2312-meta5"),
    Col("zwgk/zcjd", "政策解读", "政策解读"),
    Col("zwgk/rsxx", "人事信息", "人事信息", encoding="gbk", charset_decl="gb2312-http-equiv"),
    Col("zwgk/ghjh", "规划计划", "规划计划"),
    Col("zwgk/czzj", "财政资金", "财政资金"),
    Col("zwgk/tjsj", "统计数据", "统计数据"),
    Col("zwgk/ndbg", "政府信息公开年报", "年度报告"),
    Col("hdjl/ldxx", "领导信箱", "互动交流"),
    Col("hdjl/zjdc", "征集调查", "互动交流"),
    Col("hdjl/zxft", "在线访谈", "互动交流"),
    Col("hdjl/hdrl", "活动日历", "互动交流", href="/hdjl/hdrl/?month=2021-12"),
    Col("ztzl/dsxxjy", "党史学习教育", "专题专栏"),
    Col("ztzl/szzf", "数字政府建设", "工作进展"),
]
C = {c.key: c for c in COLS}
# linked from the 互动交流 channel page and sidebars only (in the top nav every page would change)
NAV_HIDDEN = {"hdjl/hdrl", "hdjl/zxft"}


def children(first: str) -> list[Col]:
    return [c for c in COLS if c.parent == first]


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------

TIMES = ["09:00", "09:30", "10:00", "10:30", "11:00", "14:30", "15:00", "16:20", "17:00"]


@dataclass
class Art:
    col: Col
    title: str
    date: D | None  # publication date (PubDate); None = undated
    url: str
    list_date: D | None = None  # date shown on lists (defaults to date)
    time: str = "10:00"
    source: str = SITE
    body: str = ""  # HTML of the main text
    meta: dict = field(default_factory=dict)  # zcwj metadata block
    attachments: list = field(default_factory=list)  # (text, href)
    related: list = field(default_factory=list)  # (label, text, href) shown after the text
    image: str = ""  # card image (图片新闻)
    image_alt: bool = True
    extra_html: str = ""  # appended after the main text (hidden injected block)

    @property
    def shown_date(self) -> D | None:
        return self.list_date or self.date


def trs_url(col: Col, d: D, n: int) -> str:
    return f"{col.path}{d:%Y%m}/t{d:%Y%m%d}_{n}.html"


def hanweb_url(colid: int, d: D, n: int) -> str:
    return f"/art/{d.year}/{d.month}/{d.day}/art_{colid}_{n}.html"


def content_url(col: Col, d: D, n: int) -> str:
    return f"{col.path}{d:%Y-%m}/{d:%d}/content_{n}.html"


def paras(items, close=True) -> str:
    end = "</p>" if close else ""
    return "\n".join(f"<p>{p}{end}" for p in items)


# Work-news sentences (clean text: correct names and formulas only). Each entry: the article kinds
# it suits, the text, and optionally keywords one of which the title must contain.
M, I, T, P, A = "meeting", "inspect", "train", "platform", "activity"
POOL = [
    ({M}, "会议指出，今年以来，全局上下坚持以习近平新时代中国特色社会主义思想为指导，认真落实市委、市政府决策部署，各项工作取得积极成效。", None),
    ({M}, "会议强调，要进一步提高政治站位，把数字政府建设作为推进治理体系和治理能力现代化的重要抓手。", None),
    ({M}, "会议要求，各处室、各单位要对照年度目标任务，逐项梳理完成情况，确保各项任务按期完成。", None),
    ({M}, "与会人员结合各自工作实际，围绕数据资源整合、业务协同等方面进行了交流发言。", None),
    ({M, T}, "局党组书记、局长张建华出席会议并讲话。", None),
    ({M}, "局党组成员、副局长李红梅主持会议。", None),
    ({M}, "会议传达学习了省、市有关会议精神，研究部署了近期重点工作。", None),
    ({M}, "会上，各处室负责人分别汇报了工作进展情况及下一步工作打算。", ("总结", "推进会", "部署会")),
    ({M}, "会议要求，要加强统筹协调，明确责任分工，建立健全工作台账，确保各项工作落地见效。", None),
    ({M}, "与会同志一致认为，此次会议主题鲜明、内容丰富，对做好下一阶段工作具有很强的指导意义。", None),
    ({M}, "会议还就做好岁末年初各项工作进行了安排部署。", ("年度工作总结", "岁末")),
    ({M}, "市委网信办、市公安局、市发展和改革委员会等单位有关负责同志参加会议。", ("推进会", "领导小组", "部署会")),
    ({M}, "会议号召全局干部职工坚定信心、真抓实干，奋力开创全市数据资源管理工作新局面。", None),
    ({M}, "会议强调，要坚持问题导向，聚焦企业和群众办事的难点堵点，推动政务服务提质增效。", None),
    ({M}, "会议要求，要深入推进政务公开标准化规范化建设，及时准确发布政府信息，回应社会关切。", ("政务公开",)),
    ({M, P}, "双方就数据共享需求清单、共享方式、安全保障等事项进行了深入沟通，达成了多项共识。", ("与市", "对接", "协议")),
    ({M}, "调研组一行先后深入政务服务中心、数据机房和乡镇便民服务中心，实地了解工作推进情况。", ("调研",)),
    ({M}, "调研组指出，要坚持需求导向，推动数据资源向基层延伸，切实为基层减负赋能。", ("调研",)),
    ({I}, "检查组采取听取汇报、查阅资料、现场查看等方式，对机房设备运行、应急预案落实等情况进行了全面检查。", ("检查",)),
    ({I}, "针对检查中发现的问题，检查组现场提出整改意见，要求相关单位限期整改到位。", ("检查",)),
    ({I}, "检查组要求，要严格落实网络安全责任制，加强关键信息基础设施安全保护，切实守住安全底线。", ("检查",)),
    ({I}, "此次演练检验了应急预案的科学性和可操作性，提高了应急处置能力。", ("演练",)),
    ({I}, "演练模拟了网站遭受攻击、数据异常访问等突发情况，各应急小组按照预案迅速响应、协同处置。", ("网络安全应急演练",)),
    ({I}, "要进一步压实安全责任，加强值班值守，确保各类信息系统安全稳定运行。", None),
    ({I}, "检测机构对政务云平台承载的业务系统开展了漏洞扫描和渗透测试，相关问题已全部完成整改。", ("检测",)),
    ({T}, "培训采取专题授课、案例分析和交流研讨相结合的方式进行，内容丰富，针对性强。", ("培训",)),
    ({T}, "来自市级各部门、各县（市、区）的业务骨干共120余人参加培训。", ("培训",)),
    ({T}, "大家纷纷表示，将以此次学习为契机，把学习成果转化为推动工作的实际成效。", None),
    ({T}, "此次讲座邀请了省内高校专家授课，围绕数字政府发展趋势、数据要素市场培育等内容作了深入讲解。", ("讲座",)),
    ({T}, "全体参会人员认真观看了专题片，深受教育和警醒。", ("警示教育",)),
    ({T}, "会议指出，党风廉政建设是一项长期任务，全体党员干部要时刻绷紧纪律这根弦。", ("廉政", "警示")),
    ({T}, "局机关全体干部职工及直属单位负责同志参加。", None),
    ({T}, "通过学习，大家进一步加深了对相关政策法规的理解，提升了依法履职的能力。", ("学习", "法治")),
    ({P}, "据了解，市政务数据共享交换平台已接入市级部门42家、县（市、区）12个，累计提供数据共享服务1600余万次。", None),
    ({P}, "近年来，我市坚持以数据赋能为主线，持续推进政务信息系统整合共享，打破“信息孤岛”。", None),
    ({P}, "目前，全市已累计汇聚各类政务数据12.6亿条，编制政务数据资源目录8900余项。", None),
    ({P}, "据介绍，该系统上线以来运行平稳，日均处理业务量超过3万件。", ("系统", "平台")),
    ({P}, "下一步，市数据资源管理局将继续深化政务数据共享应用，推动更多事项“网上办、掌上办、就近办”。", None),
    ({P}, "下一步，我局将持续优化数据治理机制，不断提升数据质量，为经济社会发展提供有力的数据支撑。", None),
    ({P}, "该项工作的完成，标志着我市政务数据基础支撑能力迈上了新台阶。", ("完成", "通过", "覆盖", "突破")),
    ({A}, "活动中，工作人员向群众发放宣传资料，现场解答群众关心的问题。", ("宣传", "社区")),
    ({A}, "此次活动进一步增强了干部职工的责任意识和服务意识，营造了良好的工作氛围。", None),
    ({A}, "活动现场气氛热烈，群众参与积极性高，取得了良好的社会效果。", None),
    ({A}, "我局将以此次活动为契机，进一步完善便民服务措施，不断提升群众的获得感和满意度。", None),
    ({A}, "活动中，志愿者们为群众提供了政务服务App注册、电子证照申领等帮办代办服务。", ("社区", "志愿", "办实事")),
    ({A}, "参赛选手围绕数据分析、系统运维、安全防护等内容展开比拼，充分展示了业务能力。", ("竞赛", "大赛")),
    ({I}, "检查组一行先后来到市政务服务中心机房、政务云平台运维中心等地，详细了解安全防护措施落实情况。", None),
    ({I}, "检查组强调，各单位要克服麻痹思想，时刻绷紧安全这根弦，坚决防范各类安全事故发生。", None),
    ({I}, "检查中，检查组重点查看了消防设施配备、用电安全、应急物资储备等情况。", ("安全生产", "国庆", "防汛", "消防")),
    ({I}, "此次工作对进一步消除安全隐患、提升安全管理水平起到了积极作用。", None),
    ({A}, "活动由局机关党委组织，局机关党员干部积极参与。", None),
    ({A}, "活动结束后，大家纷纷表示，将立足本职岗位，用心用情为群众办好事、办实事。", None),
    ({A}, "此次活动共发放宣传资料2000余份，现场解答群众咨询300余人次。", ("宣传", "社区")),
    ({P}, "据悉，此次升级重点提升了平台的数据处理能力、接口服务能力和安全防护能力。", ("升级", "改造")),
    ({P}, "该项工作由市数据资源管理局牵头，市级有关部门和各县（市、区）共同参与。", None),
    ({P}, "在推进过程中，我局坚持统筹规划、分步实施，建立了周调度、月通报工作机制。", None),
    ({P}, "相关负责人表示，将以此为基础，持续拓展数据应用场景，让数据多跑路、群众少跑腿。", None),
    ({P}, "企业和群众办事需要提交的材料平均减少30%以上，办理时限平均压缩50%以上。", ("事项", "一网通办", "办事通", "标准化", "好差评", "掌上办")),
    ({T}, "学习中，大家围绕学习内容，结合各自工作实际，谈体会、话打算。", None),
    ({T}, "会议要求，全体干部职工要坚持学思用贯通、知信行统一，不断提高履职本领。", None),
    ({M, I, T, P, A}, "下一步，市数据资源管理局将认真总结经验，巩固工作成果，推动数据资源管理工作再上新台阶。", None),
]

PARTY_POOL = [
    ({T}, "活动中，全体党员重温入党誓词，进一步坚定理想信念。", None),
    ({T}, "大家表示，要把党史学习教育成果转化为干事创业的强大动力，以实际行动践行初心使命。", None),
    ({T}, "局党组坚持把党史学习教育作为重大政治任务，精心组织、周密安排，确保学习教育取得实效。", None),
    ({T}, "通过学习，大家进一步增强了“四个意识”、坚定了“四个自信”、做到了“两个维护”。", None),
    ({T}, "局党组书记、局长张建华结合工作实际，为全体党员干部讲了专题党课。", None),
]


def kind_of(title: str) -> str:
    if any(k in title for k in ("检查", "演练", "检测", "值守")):
        return I
    if any(k in title for k in ("培训", "讲座", "学习", "研讨", "警示教育", "法治宣传", "廉政")):
        return T
    if any(k in title for k in ("活动", "社区", "志愿", "大赛", "竞赛", "敬老", "办实事")):
        return A
    if "调研" in title or "汇报" in title or ("会" in title and ("召开" in title or title.endswith("会"))):
        return M
    return P


def is_closer(t: str) -> bool:
    return t.startswith(("下一步", "会议号召")) or "为契机" in t


def gen_body(rng: random.Random, title: str, lead: str, custom=None, at=1, n=None, pool=POOL,
             exclude=()) -> str:
    """Work-news body: a dated lead, 2-5 paragraphs of sentences that suit the title, a closer."""
    kind = kind_of(title)
    usable = [(t, req) for kinds, t, req in pool
              if kind in kinds and not any(x in t for x in exclude)]
    fits = [t for t, req in usable if req and any(k in title for k in req) and not is_closer(t)]
    generic = [t for t, req in usable if not req and not is_closer(t)]
    closers = [t for t, req in usable if is_closer(t) and (not req or any(k in title for k in req))]
    rng.shuffle(fits)
    rng.shuffle(generic)
    picks = fits + generic
    n = max(3, min(n or rng.randint(3, 6), 1 + len(picks) // 2))
    ps = [lead + picks[0]]
    i = 1
    while len(ps) < n - 1 and i < len(picks):
        k = 1 if rng.random() < 0.45 else 2
        ps.append("".join(picks[i:i + k]))
        i += k
    if closers:
        ps.append(rng.choice(closers))
    elif i < len(picks):
        ps.append("".join(picks[i:i + 2]))
    for j, p in enumerate(custom or []):
        ps.insert(min(at + j, len(ps)), p)
    return paras(ps)


def md(d: D) -> str:
    return f"{d.month}月{d.day}日"


def cn_date(d: D) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- 工作动态 (dynamic, fresh) -------------------------------------------------------------------

GZDT = [  # (list date, title)
    (D(2021, 12, 28), "市数据资源管理局召开2021年度工作总结会议"),
    (D(2021, 12, 27), "市数据资源管理局开展秋季开学网络安全检查"),  # forged: PubDate 2021-09-01
    (D(2021, 12, 24), "我市政务数据共享交换平台完成升级改造"),
    (D(2021, 12, 22), "市数据资源管理局开展岁末年初安全生产检查"),
    (D(2021, 12, 20), "云岭市一体化政务服务平台新增“一件事一次办”事项38项"),
    (D(2021, 12, 17), "市数据资源管理局召开党史学习教育专题民主生活会"),
    (D(2021, 12, 15), "我局组织开展《中华人民共和国个人信息保护法》专题学习"),
    (D(2021, 12, 13), "全市公共数据开放平台上线第三批数据集"),
    (D(2021, 12, 10), "市数据资源管理局赴县区开展数字政府建设调研"),
    (D(2021, 12, 8), "我市召开电子政务外网安全运维工作推进会"),
    (D(2021, 12, 6), "市数据资源管理局组织开展网络安全应急演练"),
    (D(2021, 12, 3), "市数据资源管理局召开理论学习中心组学习会"),
    (D(2021, 12, 1), "我市“城市大脑”一期项目通过初步验收"),
    (D(2021, 11, 29), "市数据资源管理局与市发展和改革委员会召开数据共享工作座谈会"),
    (D(2021, 11, 26), "我市12345政务服务便民热线数据分析平台投入使用"),
    (D(2021, 11, 24), "市数据资源管理局组织干部职工参加廉政教育活动"),
    (D(2021, 11, 22), "市数据资源管理局召开学习贯彻党的十九届六中全会精神动员会"),
    (D(2021, 11, 19), "我局举办2021年度数据治理业务培训班"),
    (D(2021, 11, 17), "市数据资源管理局开展扫黑除恶常态化工作部署"),
    (D(2021, 11, 15), "我市电子证照库累计归集证照突破百万张"),
    (D(2021, 11, 12), "市数据资源管理局赴省大数据局汇报工作"),
    (D(2021, 11, 10), "全市政务云平台完成年度安全检测"),
    (D(2021, 11, 8), "市数据资源管理局与市人力资源和社会保障局签订数据共享协议"),
    (D(2021, 11, 5), "我市人口基础信息库完成数据质量提升专项行动"),
    (D(2021, 11, 3), "市数据资源管理局召开数据资源普查工作部署会"),
    (D(2021, 11, 1), "市数据资源管理局与市住房和城乡建设局召开不动产数据共享对接会"),
    (D(2021, 10, 29), "全市政务服务“好差评”系统实现数据全量汇聚"),
    (D(2021, 10, 27), "市数据资源管理局开展“一网通办”便民服务进社区活动"),
    (D(2021, 10, 25), "我市法人基础信息库与市市场监督管理局实现数据实时共享"),
    (D(2021, 10, 22), "市数据资源管理局组织观看警示教育片"),
    (D(2021, 10, 20), "我市参加全省数字政府建设现场推进会"),
    (D(2021, 10, 18), "市数据资源管理局召开政务数据目录编制工作培训会"),
    (D(2021, 10, 15), "市数据资源管理局召开第三季度工作总结会"),
    (D(2021, 10, 12), "市数据资源管理局组织开展保密法治宣传教育"),
    (D(2021, 10, 9), "我市电子政务外网实现乡镇（街道）全覆盖"),
    (D(2021, 9, 28), "我局组织开展国庆节前安全检查"),
    (D(2021, 9, 24), "我市政务数据“一数一源”治理工作取得新进展"),
    (D(2021, 9, 17), "市数据资源管理局召开中秋国庆节前廉政提醒谈话会"),
    (D(2021, 9, 14), "全市“互联网+监管”系统数据汇聚工作顺利推进"),
    (D(2021, 9, 10), "市数据资源管理局召开数据安全工作领导小组会议"),
    (D(2021, 9, 7), "我局举办“数字政府”专题讲座"),
    (D(2021, 9, 3), "我市“一部手机办事通”新增高频事项52项"),
    (D(2021, 8, 31), "市数据资源管理局开展“我为群众办实事”实践活动"),
    (D(2021, 8, 27), "市数据资源管理局开展防汛值班值守检查"),
    (D(2021, 8, 24), "市数据资源管理局召开政务公开工作推进会"),
    (D(2021, 8, 20), "我市政务服务事项标准化工作通过省级评估"),
    (D(2021, 8, 17), "市数据资源管理局开展“七一”重要讲话精神专题研讨"),
    (D(2021, 8, 13), "市数据资源管理局与市文化和旅游局共建文旅数据专题库"),
    (D(2021, 8, 10), "全市大数据产业发展座谈会召开"),
    (D(2021, 8, 6), "市数据资源管理局召开上半年工作总结暨下半年工作部署会"),
]

FORGED_LIST = D(2021, 12, 27)
FORGED_PUB = D(2021, 9, 1)

GZDT_CUSTOM = {
    "市数据资源管理局召开2021年度工作总结会议": [
        "会议要求，全局干部职工要再接再励，坚定信心，凝心聚力，以优异成绩迎接党的二十大胜利召开。",
    ],
    "市数据资源管理局开展秋季开学网络安全检查": [
        "检查组重点对校园周边政务服务网点的网络设备、终端安全防护等情况进行了检查，督促相关单位及时消除安全隐患，确保秋季开学期间网络运行平稳。",
    ],
    "我局组织开展《中华人民共和国个人信息保护法》专题学习": [
        "学习会上，法律顾问结合典型案例，对《中华人民共和国个人信息保护法》的立法背景、主要内容和重点条款进行了系统解读。",
        "会议要求，要严格落实《中华人民共和国数据安全法》《中华人民共和国个人信息保护法》等法律法规，依法依规开展数据处理活动。",
    ],
    "全市公共数据开放平台上线第三批数据集": [
        "目前，平台已开放公共數據集1260个，涵盖交通出行、医疗卫生、教育文化等18个领域，累计下载量超过45万次。",
    ],
    "市数据资源管理局与市发展和改革委员会召开数据共享工作座谈会": [
        "座谈会上，市发展和改革委员会介绍了社会信用体系建设数据需求，双方就信用数据归集共享机制进行了深入交流。",
    ],
    "市数据资源管理局开展扫黑除恶常态化工作部署": [
        "会议传达学习了全国、全省扫黑除恶斗争常态化工作会议精神，对我局扫黑除恶常态化工作进行了安排部署。",
        "会议要求，要坚持依法严惩、标本兼治，推动扫黑险恶常态化走深走实，充分发挥数据资源在线索排查中的支撑作用。",
    ],
    "我市电子证照库累计归集证照突破百万张": [
        "截止2021年11月10日，全市电子证照库累计归集各类证照103.6万张，涉及身份证、营业执照、不动产权证书等126类证照。",
    ],
    "我市人口基础信息库完成数据质量提升专项行动": [
        "截至2021年10月底，专项行动共核查比对人口数据460余万条，修正错误数据1.2万条，数据准确率提升至99.6%。",
    ],
    "市数据资源管理局与市住房和城乡建设局召开不动产数据共享对接会": [
        "会议由市住房和城乡建设局主持，云岭市国土资源局、市税务局等单位有关负责同志参加会议。",
        "会议明确，将依托市政务数据共享交换平台，推动不动产登记、房屋交易、税费缴纳等数据实时共享，实现“一窗受理、并行办理”。",
    ],
    "我市法人基础信息库与市市场监督管理局实现数据实时共享": [
        "据介绍，法人基础信息库参照国家工商行政管理总局企业信用信息数据标准进行建设，目前已归集全市市场主体信息32.8万户。",
        "下一步，市数据资源管理局将会同市市场监督管理局，持续提升法人数据的完整性和时效性。",
    ],
    "市数据资源管理局组织开展保密法治宣传教育": [
        "活动中，全体干部职工认真学习了《中华人民共合国保守国家秘密法》及其实施条例，观看了保密警示教育片。",
    ],
    "全市大数据产业发展座谈会召开": [
        "会议指出，要主动服务和融入“一带一路”倡议，发挥区位优势，推动数字经济与实体经济深度融合。",
    ],
    "市数据资源管理局召开第三季度工作总结会": [
        "会议强调，全局上下要再接再厉、乘势而上，确保全面完成全年各项目标任务。",
    ],
}

BROKEN_INTERNAL = "/xwdt/gzdt/202110/t20211015_0999.html"  # never generated -> 404
HIDDEN_BLOCK = (
    '<div style="display:none"><a href="http://www.example-bet.invalid/" target="_blank">博彩</a>'
    "|六合彩资料大全|代开发票</div>"
)


def build_gzdt(rng) -> list[Art]:
    col = C["xwdt/gzdt"]
    arts = []
    for i, (d, title) in enumerate(reversed(GZDT)):  # oldest first so ids grow with time
        n = 1001 + i
        pub = FORGED_PUB if d == FORGED_LIST else d
        lead = f"{md(pub)}，{title.replace('我局', '市数据资源管理局')}。"
        a = Art(col, title, pub, trs_url(col, d, n), list_date=d, time=TIMES[i % len(TIMES)],
                body=gen_body(rng, title, lead, GZDT_CUSTOM.get(title)))
        if title == "市数据资源管理局与市发展和改革委员会召开数据共享工作座谈会":
            a.related = [("相关阅读", "我市召开数据共享工作推进会", BROKEN_INTERNAL)]
        if title == "我市12345政务服务便民热线数据分析平台投入使用":
            a.extra_html = HIDDEN_BLOCK
        arts.append(a)
    arts.sort(key=lambda a: (a.shown_date, a.url), reverse=True)
    return arts


# -- 区县动态 (dynamic, stale, table list, 2021/11/03) --------------------------------------------

QXDT = [
    (D(2021, 11, 3), "青峰区政务服务中心推出“延时服务”", "青峰区"),
    (D(2021, 10, 22), "盘溪县完成县级政务数据资源目录编制", "盘溪县"),
    (D(2021, 10, 9), "龙泉县召开数字乡村建设推进会", "龙泉县"),
    (D(2021, 9, 17), "白沙县“一部手机办事通”实现乡镇全覆盖", "白沙县"),
    (D(2021, 9, 1), "金川区开展政务数据共享应用培训", "金川区"),
    (D(2021, 8, 16), "云屏县推进电子证照在政务服务中的应用", "云屏县"),
    (D(2021, 7, 29), "青峰区数据资源管理中心揭牌成立", "青峰区"),
    (D(2021, 7, 12), "盘溪县开展网络安全宣传进社区活动", "盘溪县"),
    (D(2021, 6, 24), "龙泉县12345热线工单办结率达99%", "龙泉县"),
    (D(2021, 6, 3), "白沙县召开不动产登记数据共享工作会", "白沙县"),
    (D(2021, 5, 14), "金川区启动“互联网+监管”数据归集工作", "金川区"),
    (D(2021, 4, 26), "云屏县举办政务公开业务培训", "云屏县"),
]
ALL_KINDS = {M, I, T, P, A}


def county_pool(county: str) -> list:
    return [(ALL_KINDS, t.format(c=county), req) for t, req in [
        ("近年来，{c}坚持以数字化改革为牵引，持续提升政务服务便利化水平。", None),
        ("据了解，{c}已累计向市政务数据共享交换平台汇聚数据1200余万条。", None),
        ("{c}相关负责人表示，将以此为契机，不断提升基层数据治理能力。", None),
        ("工作中，{c}坚持问题导向，聚焦群众办事的难点堵点，推动服务事项向乡镇（街道）延伸。", None),
        ("据统计，{c}今年以来通过线上渠道办理的政务服务事项已占办件总量的七成以上。", None),
        ("活动得到了群众的广泛好评。", ("活动", "服务")),
        ("参加培训的乡镇（街道）业务人员表示，培训内容实用，对做好日常工作很有帮助。", ("培训",)),
        ("会议强调，要进一步提高认识，压实责任，确保各项工作任务按时保质完成。", ("会",)),
        ("下一步，{c}将进一步完善工作机制，推动各项工作落地见效。", None),
    ]]


QXDT_CUSTOM = {
    "金川区开展政务数据共享应用培训": [
        "会议对下一阶段政务数据共享应用工作进行了布署，要求各乡镇（街道）明确专人负责，确保数据及时准确上报。",
    ],
    "白沙县召开不动产登记数据共享工作会": [
        "县自然资源和规划局、县税务局、县住房和城乡建设局等部门有关负责同志参加会议。",
    ],
}


def build_qxdt(rng) -> list[Art]:
    col = C["xwdt/qxdt"]
    arts = []
    for i, (d, title, county) in enumerate(reversed(QXDT)):
        lead = f"近日，{title}。"
        body = gen_body(rng, title, lead, QXDT_CUSTOM.get(title), n=rng.randint(3, 5),
                        pool=county_pool(county))
        arts.append(Art(col, title, d, hanweb_url(1234, d, 5601 + i), time=TIMES[(i * 2) % 9],
                        source=f"{county}数据资源管理局", body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 图片新闻 (dynamic, fresh, cards, 2021.12.20) -------------------------------------------------

TPXW = [
    (D(2021, 12, 20), "市数据资源管理局开展冬季消防安全演练"),
    (D(2021, 12, 8), "我市政务服务大厅新增自助服务专区"),
    (D(2021, 11, 25), "市数据资源管理局志愿者走进社区开展反诈宣传"),
    (D(2021, 11, 10), "全市数据资源管理系统业务技能竞赛举行"),
    (D(2021, 10, 26), "市数据资源管理局组织开展重阳节敬老活动"),
    (D(2021, 9, 29), "我市“数据开放创新应用大赛”决赛举行"),
]
TPXW_NO_ALT = "全市数据资源管理系统业务技能竞赛举行"
TPXW_BROKEN_IMG_TITLE = "我市政务服务大厅新增自助服务专区"
TPXW_BROKEN_IMG = "/xwdt/tpxw/202112/W020211208391004.jpg"


def build_tpxw(rng) -> list[Art]:
    col = C["xwdt/tpxw"]
    arts = []
    for i, (d, title) in enumerate(reversed(TPXW)):
        img = f"{col.path}{d:%Y%m}/W0{d:%Y%m%d}51200{i + 1}.png"
        lead = f"{md(d)}，{title.replace('我市', '云岭市')}。"
        body = f'<p class="pic"><img src="{img}" alt="{esc(title)}" width="600" height="400"></p>\n'
        body += gen_body(rng, title, lead, n=rng.randint(3, 4))
        if title == TPXW_BROKEN_IMG_TITLE:
            body += f'\n<p class="pic"><img src="{TPXW_BROKEN_IMG}" alt="自助服务专区现场"></p>'
        a = Art(col, title, d, trs_url(col, d, 1101 + i), time="09:30", body=body, image=img,
                image_alt=title != TPXW_NO_ALT)
        arts.append(a)
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 媒体关注 (dynamic, stale, [MM-DD] without year) ----------------------------------------------

MTGZ = [
    (D(2021, 11, 3), "云岭日报", "我市数字政府建设跑出“加速度”"),
    (D(2021, 10, 21), "云岭电视台", "公共数据开放平台让数据“活”起来"),
    (D(2021, 9, 30), "云岭新闻网", "“一部手机办事通”让群众办事更便捷"),
    (D(2021, 8, 12), "云岭日报", "我市加快推进政务数据共享"),
    (D(2021, 6, 25), "云岭日报", "我市数字经济发展论坛举行"),
    (D(2021, 5, 18), "云岭电视台", "政务服务“好差评”倒逼服务提升"),
    (D(2021, 3, 9), "云岭新闻网", "我市面向南亚东南亚打造区域性数据枢纽"),
    (D(2021, 1, 15), "云岭日报", "我市政务服务“一网通办”持续深化"),
    (D(2020, 12, 15), "云岭电视台", "我市电子证照应用场景不断拓展"),
    (D(2020, 11, 20), "云岭日报", "我市启动公共数据开放平台建设"),
]
MTGZ_CUSTOM = {
    "我市数字经济发展论坛举行": [
        "本次论坛以“数字赋能 共享未来”为主题，吸引了两岸三地的专家学者和企业代表200余人参加。",
    ],
    "我市面向南亚东南亚打造区域性数据枢纽": [
        "报道指出，云岭市将主动融入“一带一路”战略，加快建设面向南亚东南亚的区域性国际数据中心。",
    ],
}


def build_mtgz(rng) -> list[Art]:
    col = C["xwdt/mtgz"]
    arts = []
    for i, (d, media, title) in enumerate(reversed(MTGZ)):
        full = f"{media}：{title}"
        lead = f"（来源：{media}）{md(d)}，记者从市数据资源管理局获悉，{title.replace('我市', '云岭市')}。"
        body = gen_body(rng, title, lead, MTGZ_CUSTOM.get(title), n=rng.randint(3, 5))
        arts.append(Art(col, full, d, hanweb_url(1236, d, 5701 + i), time="08:30", source=media,
                        body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 通知公告 (notice, ok, 2021年11月3日) ---------------------------------------------------------

SIGN = '<p class="sign">云岭市数据资源管理局<br>{date}</p>'
SOFT_404 = "/zwgk/tzgg/2021-06/30/content_3099.html"  # 200 OK but says 页面不存在
PRIVACY_ID = "530102199001011231"  # checksum-valid synthetic number
PRIVACY_MOBILE = "13912345678"

TZGG = [
    (D(2021, 11, 3), "关于开展2021年度政务数据资源普查工作的通知", [
        "各县（市、区）数据资源管理部门，市直各有关单位：",
        "为全面摸清全市政务数据资源底数，推进政务数据资源目录动态更新，根据省大数据局工作安排，决定在全市范围内开展2021年度政务数据资源普查工作。现将有关事项通知如下：",
        "一、普查范围。全市各级政务部门在依法履行职责过程中产生和获取的各类数据资源。",
        "二、时间安排。2021年11月5日至12月15日，各单位完成本单位数据资源梳理和目录填报工作。",
        "三、工作要求。各单位要高度重视，明确专人负责，确保普查数据真实、准确、完整。",
        "联系人：市数据资源管理局数据资源科，联系电话：0871-63100021。",
    ]),
    (D(2021, 10, 21), "关于2021年公开招聘编外工作人员拟聘用人员名单的公示", "PRIVACY"),
    (D(2021, 10, 8), "关于征集2022年数字政府建设项目的通知", [
        "市直各有关单位：",
        "为做好2022年度市级政务信息化项目统筹工作，现面向市直各单位征集2022年数字政府建设项目。",
        "一、征集范围。拟于2022年度新建、续建或运行维护的政务信息化项目。",
        "二、报送要求。各单位须于2021年10月29日前将项目申报书报送至市数据资源管理局电子政务科，逾期不再受理。",
        "三、其他事项。项目申报应符合全市政务信息化建设规划，避免重复建设。",
    ]),
    (D(2021, 9, 15), "关于调整政务服务大厅办公时间的公告", [
        "为进一步方便企业和群众办事，经研究，决定自2021年9月22日起调整市政务服务大厅办公时间。",
        "调整后的办公时间为：周一至周五上午9:00—12:00，下午13:00—17:30；周六上午9:00—12:00提供延时服务。",
        "法定节假日办公时间另行公告。特此公告。",
    ]),
    (D(2021, 8, 26), "关于举办全市数据安全业务培训班的通知", [
        "各县（市、区）数据资源管理部门，市直各有关单位：",
        "为深入贯彻《中华人民共和国数据安全法》，提升全市数据安全管理水平，决定举办全市数据安全业务培训班。",
        "一、培训时间。2021年9月8日至9月9日。",
        "二、参训人员。各单位分管数据安全工作的负责同志及业务骨干各1名。",
        "三、有关要求。请各单位于9月3日前报送参训人员名单。",
    ]),
    (D(2021, 8, 9), "关于公布市级政务数据共享责任清单的公告", [
        "根据《云岭市政务数据共享开放实施细则》有关规定，现将市级政务数据共享责任清单予以公布。",
        "责任清单共涉及市级部门42家、数据资源2368项，各部门应按照清单要求及时、准确提供共享数据。",
        "社会公众对清单内容有意见建议的，可通过领导信箱反映。",
    ]),
    (D(2021, 7, 5), "关于开展2021年网络安全宣传周活动的通知", [
        "各有关单位：",
        "根据全省统一安排，2021年国家网络安全宣传周云岭市活动将于9月中旬举行。请各单位结合实际，精心组织网络安全知识进机关、进社区、进校园等系列活动。",
        "活动方案请于7月30日前报送市数据资源管理局安全管理科。",
    ]),
    (D(2021, 6, 18), "关于2021年公开招聘编外工作人员的公告", [
        "因工作需要，云岭市数据资源管理局面向社会公开招聘编外工作人员3名。",
        "一、招聘岗位。数据分析岗1名、系统运维岗1名、综合文字岗1名。",
        "二、报名时间。2021年6月21日至6月30日，工作日上午9:00—12:00，下午14:00—17:00。",
        "三、报名方式。报名人员携带本人有效证件及学历证书原件到市数据资源管理局办公室现场报名。",
    ]),
    (D(2021, 5, 27), "关于公开征求《云岭市公共数据管理办法（征求意见稿）》意见的公告", [
        "为提高制度建设的科学性和透明度，现将《云岭市公共数据管理办法（征求意见稿）》全文公布，征求社会各界意见。",
        "征求意见时间为2021年5月27日至6月26日。意见建议可通过电子邮件或信函方式反馈。",
    ]),
    (D(2021, 4, 30), "关于2021年“五一”劳动节期间值班安排的通知", [
        "局机关各处室、直属各单位：",
        "根据国务院办公厅通知精神，现将2021年“五一”劳动节期间值班安排通知如下：5月1日至5日放假调休，共5天。",
        "放假期间，各单位要严格落实值班值守和领导带班制度，确保信息系统安全稳定运行。",
    ]),
]


def privacy_body() -> str:
    rows = [
        ("1", "杨丽", "女", PRIVACY_ID, PRIVACY_MOBILE, "数据分析岗"),
        ("2", "赵磊", "男", "5301**********2018", "138****6621", "系统运维岗"),
        ("3", "陈静", "女", "5303**********0527", "150****3309", "综合文字岗"),
    ]
    trs = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (
        "<p>根据《云岭市数据资源管理局2021年公开招聘编外工作人员公告》，经报名、资格审查、笔试、面试、"
        "体检和考察等程序，确定以下人员为拟聘用人员，现予以公示。</p>\n"
        '<table class="gs-table" border="1" cellspacing="0">\n'
        "<tr><th>序号</th><th>姓名</th><th>性别</th><th>身份证号码</th><th>联系电话</th><th>拟聘岗位</th></tr>\n"
        f"{trs}\n</table>\n"
        "<p>公示期为2021年10月21日至10月27日（5个工作日）。公示期间，如对拟聘用人员有异议，"
        "请以书面形式向市数据资源管理局办公室反映。监督电话：0871-63100010。</p>"
    )


def build_tzgg(rng) -> list[Art]:
    col = C["zwgk/tzgg"]
    arts = []
    for i, (d, title, body) in enumerate(reversed(TZGG)):
        if body == "PRIVACY":
            html_body = privacy_body()
        else:
            # mildly broken markup, as exported by the old CMS: no closing </p>
            html_body = paras(body, close=(i % 2 == 0))
        html_body += "\n" + SIGN.format(date=cn_date(d))
        a = Art(col, title, d, content_url(col, d, 3001 + i), time=TIMES[(i * 4) % 9],
                body=html_body)
        if title == "关于调整政务服务大厅办公时间的公告":
            a.related = [("相关链接", "政务服务大厅办事指南", SOFT_404)]
        arts.append(a)
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 政策文件 (policy, GBK, dates only in the link title attribute) ---------------------------------

ATTACH_OK = "/zwgk/zcwj/files/2021-7.pdf"
ATTACH_MISSING = "/zwgk/zcwj/files/missing.pdf"
CONTACT = "<p>（联系人：王镕，联系电话：0871-63100012）</p>"  # 镕 is GBK only

ZCWJ = {
    "D1": dict(
        date=D(2021, 10, 15), written=D(2021, 10, 12), n=2006, index="2021-00015",
        title="关于印发《云岭市公共数据管理办法》的通知", wenhao="云数发〔2021〕7号",
        topic="综合政务/电子政务",
        body=[
            "各县（市、区）数据资源管理部门，市直各有关单位：",
            "《云岭市公共数据管理办法》已经市数据资源管理局2021年第9次局务会议审议通过，现印发给你们，请认真贯彻执行。",
            '<strong>云岭市公共数据管理办法</strong>',
            "第一章　总则",
            "第一条　为了规范公共数据管理，促进公共数据共享开放和开发利用，保障数据安全，根据《中华人民共和国数据安全法》《中华人民共和国网络安全法》等法律法规，结合本市实际，制定本办法。",
            "第二条　本市行政区域内公共数据的目录编制、采集归集、共享开放、开发利用和安全管理等活动，适用本办法。",
            "第三条　市数据资源管理局是本市公共数据主管部门，负责统筹协调、指导监督全市公共数据管理工作。",
            "第二章　共享与开放",
            "第四条　公共数据以共享为原则、不共享为例外。公共管理和服务机构因履行职责需要使用公共数据的，可以通过市政务数据共享交换平台申请共享。",
            "第五条　公共数据开放应当遵循分类分级、需求导向、安全可控的原则，依法保护国家秘密、商业秘密和个人信息。",
            "第三章　附则",
            "第六条　本办法自2021年11月15日起施行。",
        ]),
    "D5": dict(
        date=D(2021, 9, 6), written=D(2021, 9, 3), n=2005, index="2021-00014",
        title="关于开展2021年度公共数据质量核查工作的通知", wenhao="云数办〔2021〕12号",
        topic="综合政务/电子政务",
        body=[
            "各县（市、区）数据资源管理部门，市直各有关单位：",
            "为进一步提升公共数据质量，推动数据“一数一源、一源多用”，决定开展2021年度公共数据质量核查工作。现将有关事项通知如下：",
            "一、核查内容。重点核查数据的完整性、准确性、一致性和时效性。",
            "二、时间安排。2021年9月至11月，分自查、抽查、整改三个阶段进行。",
            "三、工作要求。各单位要对照核查工作方案认真开展自查，发现问题及时整改。",
        ]),
    "D2": dict(
        date=D(2021, 7, 20), written=D(2021, 7, 16), n=2004, index="2021-00012",
        title="关于印发《云岭市政务数据共享开放实施细则》的通知", wenhao="云数发〔2021〕5号",
        topic="综合政务/电子政务",
        body=[
            "各县（市、区）数据资源管理部门，市直各有关单位：",
            "现将《云岭市政务数据共享开放实施细则》印发给你们，请结合实际认真抓好贯彻落实。",
            "<strong>云岭市政务数据共享开放实施细则</strong>",
            "第一条　为推进政务数据共享开放，提高政务服务效能，制定本细则。",
            "第二条　政务数据按照共享属性分为无条件共享、有条件共享和不予共享三类。",
            "第三条　各部门应当在政务数据资源目录发布后10个工作日内完成数据挂接。",
            "第四条　本细则自印发之日起施行。",
        ]),
    "D3": dict(
        date=D(2021, 6, 8), written=D(2021, 6, 4), n=2003, index="2021-00011",
        title="关于加强政务数据安全管理工作的通知", wenhao="云数发〔2021〕4号",
        topic="综合政务/安全管理",
        body=[
            "各县（市、区）数据资源管理部门，市直各有关单位：",
            "为切实加强政务数据安全管理，防范数据泄露风险，现就有关事项通知如下：",
            "一、落实安全责任。各单位主要负责同志是本单位数据安全第一责任人。",
            "二、强化分类分级。各单位要对本单位政务数据开展分类分级，明确重要数据目录。",
            "三、加强监测预警。各单位要建立数据安全监测预警和应急处置机制，定期开展风险评估。",
        ]),
    "D6": dict(
        date=D(2021, 5, 10), written=D(2021, 5, 8), n=2002, index="2021-00010",
        title="关于李明等同志职务任免的通知", wenhao="云数任〔2021〕2号",
        topic="人事/任免",
        body=[
            "局机关各处室、直属各单位：",
            "经局党组研究决定：",
            "任命李明同志为数据资源科科长；",
            "任命周敏同志为电子政务科副科长；",
            "免去孙涛同志的安全管理科副科长职务。",
        ]),
    "D4": dict(
        date=D(2021, 4, 16), written=D(2021, 4, 14), n=2001, index="2021-00008",
        title="关于印发《云岭市数据资源管理局2021年政务公开工作要点》的通知",
        wenhao="云数发〔2021〕3号", topic="综合政务/政务公开",
        body=[
            "局机关各处室、直属各单位：",
            "现将《云岭市数据资源管理局2021年政务公开工作要点》印发给你们，请认真抓好落实。",
            "一、加强政策发布解读。严格落实政策文件与解读材料同步组织、同步审签、同步部署。",
            "二、推进重点领域信息公开。及时公开数字政府建设、政务数据共享开放等方面的信息。",
            "三、做好政府信息依申请公开工作。严格按照法定时限答复申请人。",
            "四、其它需要公开的事项，按照有关规定及时公开。",
        ]),
}


def build_zcwj(rng) -> dict[str, Art]:
    col = C["zwgk/zcwj"]
    out = {}
    for key, m in ZCWJ.items():
        d = m["date"]
        body = paras(m["body"]) + "\n" + SIGN.format(date=cn_date(m["written"])) + "\n" + CONTACT
        a = Art(col, m["title"], d, trs_url(col, d, m["n"]), time="10:00", body=body)
        a.meta = {
            "索引号": f"11530100MB0000000X/{m['index']}",
            "发文机关": SITE,
            "文号": m["wenhao"],
            "成文日期": cn_date(m["written"]),
            "发布日期": cn_date(d),
            "主题分类": m["topic"],
        }
        out[key] = a
    out["D1"].attachments = [("云岭市公共数据管理办法.pdf", ATTACH_OK)]
    out["D5"].attachments = [("2021年度公共数据质量核查工作方案.pdf", ATTACH_MISSING)]
    return out


# -- 政策解读 (interpretation) ---------------------------------------------------------------------


def build_zcjd(rng, docs: dict[str, Art]) -> dict[str, Art]:
    col = C["zwgk/zcjd"]
    d1, d2, d3 = docs["D1"], docs["D2"], docs["D3"]
    i1 = Art(col, "《云岭市公共数据管理办法》政策解读", D(2021, 10, 15),
             trs_url(col, D(2021, 10, 15), 2102), time="15:00", body=paras([
                 "一、制定背景",
                 "近年来，我市公共数据资源持续增长，但仍存在底数不清、共享不畅、开放不足等问题。为贯彻落实《中华人民共和国数据安全法》，规范公共数据管理，市数据资源管理局起草了《云岭市公共数据管理办法》。",
                 "二、主要内容",
                 "《办法》共三章六条，明确了公共数据的适用范围和主管部门，确立了“以共享为原则、不共享为例外”的共享规则，以及分类分级、需求导向、安全可控的开放原则。",
                 "三、创新亮点",
                 "一是明确公共数据主管部门职责；二是建立公共数据共享申请机制；三是强化个人信息和商业秘密保护。",
             ]))
    i1.related = [("政策原文", d1.title, d1.url)]
    i2 = Art(col, "市数据资源管理局负责人就政务数据共享开放工作答记者问", D(2021, 7, 22),
             trs_url(col, D(2021, 7, 22), 2101), time="10:30", body=paras([
                 "近日，市数据资源管理局印发了云数发〔2021〕5号文件，对政务数据共享开放工作作出规范。市数据资源管理局负责人就有关问题回答了记者提问。",
                 "<strong>问：出台这个文件的主要考虑是什么？</strong>",
                 "答：主要是为了解决部门间数据共享“不愿共享、不敢共享、不会共享”的问题，进一步明确共享责任和流程。",
                 "<strong>问：政务数据分为哪几类？</strong>",
                 "答：按照共享属性，政务数据分为无条件共享、有条件共享和不予共享三类。不予共享的，应当有法律、行政法规或者党中央、国务院政策依据。",
                 "<strong>问：下一步有哪些工作安排？</strong>",
                 "答：我们将加强督促检查，定期通报各部门数据共享情况，推动文件各项规定落到实处。",
             ]))
    i3 = Art(col, "一图读懂｜政务数据安全管理工作这样做", D(2021, 7, 18),
             trs_url(col, D(2021, 7, 18), 2100), time="16:20", body=(
                 '<p class="pic"><img src="/zwgk/zcjd/202107/W020210718600001.png" '
                 'alt="政务数据安全管理工作图解：落实安全责任、强化分类分级、加强监测预警" width="600" height="900"></p>\n'
                 + paras([
                     "图解要点：一是落实安全责任，单位主要负责同志是数据安全第一责任人；二是强化分类分级，明确重要数据目录；三是加强监测预警，定期开展风险评估。",
                     "各单位要对照图解要点，逐项检查本单位政务数据安全管理措施落实情况，发现问题及时整改。",
                 ])))
    i3.related = [("政策原文", d3.title, d3.url)]
    i4 = Art(col, "关于《云岭市数字经济发展三年行动计划（2021—2023年）》的解读", D(2021, 10, 20),
             trs_url(col, D(2021, 10, 20), 2103), time="09:00", body=paras([
                 "一、出台背景",
                 "为抢抓数字经济发展机遇，推动数字产业化和产业数字化，市数据资源管理局会同有关部门研究起草了行动计划。",
                 "二、主要目标",
                 "到2023年，全市数字经济核心产业增加值占地区生产总值比重明显提升，数字基础设施建设取得明显成效。",
                 "三、重点任务",
                 "行动计划提出了夯实数字基础设施、培育数据要素市场、推进产业数字化转型等五个方面重点任务。",
             ]))
    # the document side of the explicit links (相关解读)
    d1.related = [("相关解读", i1.title, i1.url)]
    d3.related = [("相关解读", i3.title, i3.url)]
    return {"I1": i1, "I2": i2, "I3": i3, "I4": i4}


# -- 人事信息 (personnel_plan, stale, GBK with http-equiv) -------------------------------------------

RSXX = [
    (D(2020, 6, 15), "云岭市数据资源管理局2020年公开遴选公务员公告"),
    (D(2020, 3, 20), "关于2019年度新录用公务员试用期满考核情况的公示"),
    (D(2019, 12, 10), "云岭市数据资源管理局2019年公开招聘事业单位工作人员拟聘用人员公示"),
    (D(2019, 9, 2), "关于公开选调工作人员的公告"),
    (D(2019, 5, 16), "云岭市数据资源管理局2019年公开招聘编外人员公告"),
    (D(2019, 1, 8), "关于赵永明同志任职的通知"),
]
RSXX_POOL = [
    "根据《公务员法》和有关规定，结合工作需要，经研究决定，现将有关事项公告如下。",
    "报名人员应具有中华人民共和国国籍，遵守宪法和法律，具有良好的品行和正常履行职责的身体条件。",
    "公示期为5个工作日。公示期间，如有异议，请以书面形式向局机关党委反映。",
    "本公告由云岭市数据资源管理局办公室负责解释。",
    "咨询电话：0871-63100010。",
]


def build_rsxx(rng) -> list[Art]:
    col = C["zwgk/rsxx"]
    arts = []
    for i, (d, title) in enumerate(reversed(RSXX)):
        body = paras([f"{title}已经局党组会议研究同意。"] + rng.sample(RSXX_POOL, 3))
        body += "\n" + SIGN.format(date=cn_date(d))
        arts.append(Art(col, title, d, trs_url(col, d, 2201 + i), time="09:00", body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 统计数据 (other, undated: no date on the list, in the URL or on the page) ---------------------

TJSJ = [
    ("全市政务数据资源目录编制情况统计", [("市级部门", "42"), ("资源目录", "8936项"), ("信息项", "12.1万个")]),
    ("公共数据开放平台数据集统计表", [("开放数据集", "1260个"), ("开放领域", "18个"), ("数据接口", "356个")]),
    ("政务信息系统整合共享情况统计", [("整合系统", "214个"), ("接入共享平台", "198个"), ("迁移上云", "176个")]),
    ("数据共享交换平台接口调用情况统计", [("发布接口", "1820个"), ("累计调用", "1600余万次"), ("接入单位", "54家")]),
    ("电子证照归集应用情况统计", [("证照类型", "126类"), ("归集证照", "103.6万张"), ("应用事项", "860项")]),
]


def build_tjsj(rng) -> list[Art]:
    col = C["zwgk/tjsj"]
    arts = []
    for i, (title, rows) in enumerate(TJSJ):
        trs = "\n".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
        body = (f"<p>本表统计口径为全市市级部门及各县（市、区），数据由市数据资源管理局汇总。</p>\n"
                f'<table class="tj-table" border="1" cellspacing="0">\n<tr><th>指标</th><th>数值</th></tr>\n'
                f"{trs}\n</table>\n<p>注：数据为累计数。</p>\n"
                "<p>如需获取更详细的统计数据，可通过政府信息公开申请渠道提出申请。</p>")
        arts.append(Art(col, title, None, f"{col.path}content_{2301 + i}.html", body=body))
    return arts


# -- 政府信息公开年报 (other, ok) ------------------------------------------------------------------
# Three reports in the national format (国办公开办函〔2021〕30号: six sections, tables 二/三/四).
# Seeded for the annual-report rules: the 2019 report came out on 2020-02-18, after the
# department deadline of 31 January (annual-report.late); the 2020 report carries one request
# over to next year that was also counted as handled, so 一 + 二 ≠ (七)总计 + 四 in its 自然人 and
# 总计 columns (annual-report.arithmetic, twice). Everything else adds up, including 现行有效件数
# carried from one year to the next and the numbers stated in the text.

NDBG_T3_GROUPS = [
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                   "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                   "5.要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]),
]


def ndbg_table(rows: list[list]) -> str:
    """A table; a cell is its text, or (text, attributes) for a spanning cell."""
    out = ['<table class="ndbg-table" border="1" cellspacing="0">']
    for row in rows:
        cells = "".join(f"<td {c[1]}>{esc(c[0])}</td>" if isinstance(c, tuple) else f"<td>{esc(c)}</td>" for c in row)
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out + ["</table>"])


def ndbg_body(year: int, applied: int, act: int, normative: tuple[int, int, int], carried_out: int) -> str:
    """One report: `applied` new requests (all handled within the year), `normative` = 规范性文件
    issued / repealed / in force, `carried_out` requests wrongly also counted as carried over."""
    two = 'colspan="2"'
    t2 = ndbg_table([[("第二十条第（一）项", 'colspan="4"')],
                     ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                     ["规章", "0", "0", "0"], ["行政规范性文件", *(str(v) for v in normative)],
                     [("第二十条第（五）项", 'colspan="4"')], ["信息内容", ("本年处理决定数量", 'colspan="3"')],
                     ["行政许可", (str(applied * 11), 'colspan="3"')],
                     [("第二十条第（六）项", 'colspan="4"')], ["信息内容", ("本年处理决定数量", 'colspan="3"')],
                     ["行政处罚", ("0", 'colspan="3"')], ["行政强制", ("0", 'colspan="3"')],
                     [("第二十条第（八）项", 'colspan="4"')], ["信息内容", ("本年收费金额（万元）", 'colspan="3"')],
                     ["行政事业性收费", ("0", 'colspan="3"')]])

    def numbers(natural: int, business: int = 0) -> list[str]:
        return [str(natural), str(business), "0", "0", "0", "0", str(natural + business)]

    rows: list[list] = [
        [("申请人情况", 'colspan="3" rowspan="2"'), ("自然人", 'rowspan="2"'), ("法人或其他组织", 'colspan="5"'),
         ("总计", 'rowspan="2"')],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        [("一、本年新收政府信息公开申请数量", 'colspan="3"'), *numbers(applied - 1, 1)],
        [("二、上年结转政府信息公开申请数量", 'colspan="3"'), *numbers(0)],
        [("三、本年度办理结果", f'rowspan="{3 + sum(len(s) for _, s in NDBG_T3_GROUPS)}"'),
         ("（一）予以公开", two), *numbers(applied - 5, 1)],
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", two), *numbers(1)],
    ]
    counts = {"1.本机关不掌握相关政府信息": 1, "2.重复申请": 1, "1.信访举报投诉类申请": 1}
    for group, subs in NDBG_T3_GROUPS:
        for i, sub in enumerate(subs):
            rows.append(([(group, f'rowspan="{len(subs)}"')] if i == 0 else []) + [sub, *numbers(counts.get(sub, 0))])
    rows += [[("（七）总计", two), *numbers(applied - 1, 1)],
             [("四、结转下年度继续办理", 'colspan="3"'), *numbers(carried_out)]]
    t3 = ndbg_table(rows)
    t4 = ndbg_table([[("行政复议", 'colspan="5"'), ("行政诉讼", 'colspan="10"')],
                     [("结果维持", 'rowspan="2"'), ("结果纠正", 'rowspan="2"'), ("其他结果", 'rowspan="2"'),
                      ("尚未审结", 'rowspan="2"'), ("总计", 'rowspan="2"'), ("未经复议直接起诉", 'colspan="5"'),
                      ("复议后起诉", 'colspan="5"')],
                     ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
                     ["0"] * 15])
    issued = normative[0]
    return "\n".join([
        f"<p>本报告根据《中华人民共和国政府信息公开条例》要求，由{SITE}编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>",
        "<p><strong>一、总体情况</strong></p>",
        f"<p>（一）主动公开。{year}年，我局全年主动公开政府信息{act}条，制发规范性文件{issued}件，均在政策文件栏目公开。</p>",
        f"<p>（二）依申请公开。全年共收到政府信息公开申请{applied}件，其中1件因所需信息不属于本机关职能范围，"
        "出具了非本机关告知书，其余均在法定期限内答复。</p>",
        "<p>（三）政府信息管理。动态调整主动公开基本目录，规范性文件实行统一登记、统一编号、统一发布。</p>",
        "<p>（四）政府信息公开平台建设。按要求维护政府信息公开专栏，及时更新机构职能、政策文件等栏目。</p>",
        "<p>（五）监督保障。将政务公开纳入年度绩效考核，开展政务公开业务培训。</p>",
        "<p><strong>二、主动公开政府信息情况</strong></p>", t2,
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>", t3,
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>", t4,
        "<p><strong>五、存在的主要问题及改进情况</strong></p>",
        "<p>政策解读形式还不够丰富，下一步将加强图解、问答等多种形式的解读。</p>",
        "<p><strong>六、其他需要报告的事项</strong></p>",
        f"<p>{year}年度本机关未收取信息处理费。无其他需要报告的事项。</p>",
    ])


def build_ndbg(rng) -> list[Art]:
    col = C["zwgk/ndbg"]
    arts = []
    for i, (d, year, act, apply_, normative, carried_out) in enumerate([
        (D(2019, 1, 25), 2018, 186, 9, (2, 0, 5), 0), (D(2020, 2, 18), 2019, 243, 12, (3, 1, 7), 0),
        (D(2021, 1, 28), 2020, 312, 15, (2, 0, 9), 1),
    ]):
        title = f"{SITE}{year}年政府信息公开工作年度报告"
        body = ndbg_body(year, apply_, act, normative, carried_out)
        arts.append(Art(col, title, d, trs_url(col, d, 2401 + i), time="10:00", body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 领导信箱 (interaction, ok) -------------------------------------------------------------------

LETTERS = [
    (D(2021, 12, 6), D(2021, 12, 10), "关于公共数据开放平台数据更新频率的建议",
     "建议公共数据开放平台上的公交线路数据能按月更新，方便开发者使用。",
     "感谢您的建议。我局已协调市交通运输局，自2022年1月起公交线路数据按月更新。"),
    (D(2021, 11, 22), D(2021, 11, 26), "咨询电子证照如何在手机上使用",
     "请问电子身份证和电子营业执照能否在手机上出示？",
     "您好，您可以通过“一部手机办事通”App的“电子证照”模块申领和出示相关电子证照。"),
    (D(2021, 11, 8), D(2021, 11, 12), "关于政务服务大厅停车难的问题",
     "政务服务大厅周边停车位较少，办事群众停车不便。",
     "感谢您的反映。经与有关部门协调，大厅东侧新增临时停车位60个，已于11月10日投入使用。"),
    (D(2021, 10, 19), D(2021, 10, 25), "建议增加交通出行类开放数据",
     "希望开放平台能增加共享单车停放点等交通出行数据。",
     "您的建议已转交相关数据提供部门研究，我们将在第三批数据集中予以考虑。"),
    (D(2021, 9, 27), D(2021, 9, 30), "咨询“一部手机办事通”账号注销问题",
     "请问如何注销“一部手机办事通”账号？",
     "您好，登录App后在“我的—设置—账号与安全”中即可申请注销。"),
    (D(2021, 9, 6), D(2021, 9, 10), "关于12345热线反映问题办理进度查询的咨询",
     "通过12345热线反映的问题，能否在网上查询办理进度？",
     "您好，您可以登录市政务服务网“12345热线”专区，输入工单号查询办理进度。"),
    (D(2021, 8, 16), D(2021, 8, 20), "关于个人社保数据能否共享给公积金中心的咨询",
     "办理公积金贷款时还需要自己打印社保缴费证明吗？",
     "您好，社保缴费数据已通过市政务数据共享交换平台共享至市住房公积金管理中心，无需另行提供纸质证明。"),
    (D(2021, 7, 26), D(2021, 7, 29), "建议政府网站增加适老化服务功能",
     "家里老人看网站字太小，建议增加大字版。",
     "感谢您的建议。我局网站已上线关怀版，可通过页面顶部“关怀版”入口使用。"),
]


# Letters the 互动回应 rules judge (as_of 2021-12-31, the page promises 5个工作日内答复):
# (sent, answered or None, status, title, question, answer)
LETTERS_JUDGED = [
    (D(2021, 12, 3), None, "办理中", "关于政务服务网办件进度短信提醒的建议",
     "建议在办件状态变化时发送短信提醒。", ""),  # too recent: not yet 3 months
    (D(2021, 8, 30), None, "未回复", "咨询企业开办“一网通办”材料清单",
     "新办企业需要在网上提交哪些材料？", ""),  # interaction.unanswered (veto)
    (D(2021, 6, 7), D(2021, 6, 21), "已答复", "关于公共数据开放平台接口调用次数限制的咨询",
     "开放平台接口每天的调用次数上限是多少？",
     "您好，个人开发者每个接口每日可调用1万次，如需提高请在平台提交申请。"),  # slow-reply: 9 working days
    (D(2020, 11, 16), None, "未回复", "建议公布政务数据共享目录",
     "建议在网站公布全市政务数据共享目录。", ""),  # over a year before the monitoring point
]
# The letter form posts here; the server answers GET/HEAD with 405 (POST only), or 404 in the
# dead-channel variant (DemoServer(dead_paths=...)).
LETTER_FORM_ACTION = "/hdjl/ldxx/submit.do"
LETTER_PROMISE = "来信须知：本信箱来信一般在5个工作日内答复，请勿重复提交。"


def letter_body(title: str, asked: D, answered: D | None, q: str, ans: str) -> str:
    return (
        '<table class="letter-table" border="1" cellspacing="0">\n'
        f"<tr><th>来信标题</th><td>{title}</td></tr>\n"
        "<tr><th>来信人</th><td>市民（匿名）</td></tr>\n"
        f"<tr><th>来信时间</th><td>{asked:%Y-%m-%d}</td></tr>\n"
        f"<tr><th>来信内容</th><td>{q}</td></tr>\n"
        f"<tr><th>答复单位</th><td>{SITE if answered else ''}</td></tr>\n"
        f"<tr><th>答复时间</th><td>{f'{answered:%Y-%m-%d}' if answered else ''}</td></tr>\n"
        f"<tr><th>答复内容</th><td>{ans}</td></tr>\n</table>"
    )


def build_letters(rng) -> list[Art]:
    col = C["hdjl/ldxx"]
    letters = [(asked, answered, "已答复", title, q, ans) for asked, answered, title, q, ans in reversed(LETTERS)]
    letters += LETTERS_JUDGED  # numbered after the first eight, whose addresses stay as they were
    arts = []
    for i, (asked, answered, status, title, q, ans) in enumerate(letters):
        shown = answered or asked  # an unanswered letter is published on the day it was sent
        a = Art(col, title, shown, trs_url(col, shown, 4001 + i), time="15:00",
                body=letter_body(title, asked, answered, q, ans))
        a.meta = {"asked": asked, "answered": answered, "status": status}
        arts.append(a)
    return sorted(arts, key=lambda a: a.date, reverse=True)


def letter_rows(arts: list[Art]) -> str:
    """The 领导信箱 list: 标题 | 来信时间 | 答复时间 | 状态, an empty 答复时间 for unanswered letters."""
    def answered(a: Art) -> str:
        return a.meta["answered"].strftime("%Y-%m-%d") if a.meta["answered"] else ""

    rows = "\n".join(
        f'<tr><td><a href="{a.url}" target="_blank">{a.title}</a></td>'
        f'<td>{a.meta["asked"]:%Y-%m-%d}</td><td>{answered(a)}</td><td>{a.meta["status"]}</td></tr>'
        for a in sorted(arts, key=lambda a: a.meta["asked"], reverse=True))
    return (f'<p class="xx-tip">{LETTER_PROMISE}</p>\n'
            '<div class="xx-op"><a href="#xx-form">我要写信</a></div>\n'
            '<table class="list-table" cellspacing="0">\n'
            f"<tr><th>标题</th><th>来信时间</th><th>答复时间</th><th>状态</th></tr>\n{rows}\n</table>\n"
            f'<form id="xx-form" class="xx-form" action="{LETTER_FORM_ACTION}" method="post">\n'
            '<label>信件标题 <input type="text" name="title"></label>\n'
            '<label>来信内容 <textarea name="content" rows="4"></textarea></label>\n'
            '<button type="submit">提交</button>\n</form>')


# -- 在线访谈 (interaction, excluded from 互动回应差 by the rule text) --------------------------------
# (date, topic, guest, [(asked, question, answered?)]): questions left unanswered in an online
# interview never count against the site, however old.
INTERVIEWS = [
    (D(2021, 12, 16), "2022年政务数据开放工作在线访谈", "市数据资源管理局局长",
     [(D(2021, 12, 16), "第三批开放数据集什么时候上线？", True),
      (D(2021, 12, 16), "开放平台会提供数据可视化工具吗？", False)]),
    (D(2021, 7, 8), "“一部手机办事通”使用答疑在线访谈", "市数据资源管理局副局长",
     [(D(2021, 7, 8), "老年人不会用手机怎么办理业务？", True),
      (D(2021, 7, 8), "办事通能否绑定家人账号代办？", False)]),
]


def build_interviews(rng) -> list[Art]:
    col = C["hdjl/zxft"]
    arts = []
    for i, (d, topic, guest, questions) in enumerate(reversed(INTERVIEWS)):
        rows = "\n".join(f"<tr><td>{q}</td><td>{asked:%Y-%m-%d}</td><td>{'已回复' if done else '未回复'}</td></tr>"
                         for asked, q, done in questions)
        body = (f"<p>{md(d)}，{guest}做客本网站在线访谈栏目，就{topic.replace('在线访谈', '')}与网友在线交流。</p>\n"
                '<table class="ft-questions" border="1" cellspacing="0">\n'
                f"<tr><th>网友提问</th><th>提问时间</th><th>状态</th></tr>\n{rows}\n</table>")
        arts.append(Art(col, topic, d, trs_url(col, d, 4101 + i), time="15:00", body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# -- 专题专栏 ----------------------------------------------------------------------------------------

DSXXJY = [
    (D(2021, 7, 1), "我局组织收看庆祝中国共产党成立100周年大会直播"),
    (D(2021, 6, 18), "市数据资源管理局开展“学党史、办实事”主题党日活动"),
    (D(2021, 5, 20), "我局举办党史学习教育专题读书班"),
    (D(2021, 4, 8), "市数据资源管理局赴红色教育基地开展现场教学"),
    (D(2021, 3, 5), "市数据资源管理局召开党史学习教育动员大会"),
]
SZZF = [
    (D(2021, 12, 1), "我市数字政府建设项目（二期）完成招标"),
    (D(2021, 11, 15), "市数据资源管理局召开数字政府建设工作专班会议"),
    (D(2021, 10, 28), "全市政务服务事项“掌上办”比例达到85%"),
    (D(2021, 9, 23), "数字政府建设专家咨询委员会成立"),
    (D(2021, 8, 30), "我市印发数字政府建设年度工作任务清单"),
    (D(2021, 7, 26), "市数据资源管理局开展数字政府建设专题调研"),
    (D(2021, 6, 30), "数字政府建设专题专栏开通"),
]


def build_dsxxjy(rng) -> list[Art]:
    col = C["ztzl/dsxxjy"]
    arts = []
    for i, (d, title) in enumerate(reversed(DSXXJY)):
        lead = f"{md(d)}，{title.replace('我局', '市数据资源管理局')}。"
        body = gen_body(rng, "学习", lead, n=3, pool=PARTY_POOL + POOL)
        arts.append(Art(col, title, d, hanweb_url(1240, d, 5801 + i), time="16:20", body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)


def build_szzf(rng) -> list[Art]:
    col = C["ztzl/szzf"]
    arts = []
    for i, (d, title) in enumerate(reversed(SZZF)):
        lead = f"{md(d)}，{title.replace('我市', '云岭市')}。"
        arts.append(Art(col, title, d, trs_url(col, d, 1201 + i), time="11:00",
                        body=gen_body(rng, title, lead, n=rng.randint(3, 4))))
    return sorted(arts, key=lambda a: a.date, reverse=True)


# ---------------------------------------------------------------------------------------------
# Page chrome
# ---------------------------------------------------------------------------------------------

STYLE = {  # article template, PubDate format, visible date label
    "xwdt/gzdt": ("trs", "iso_sec", "发布时间"),
    "xwdt/tpxw": ("trs", "iso_min", "发布日期"),
    "xwdt/qxdt": ("hanweb", "slash", "发布日期"),
    "xwdt/mtgz": ("hanweb", "slash", "日期"),
    "zwgk/tzgg": ("notice", "iso_min", "日期"),
    "zwgk/zcwj": ("doc", "iso_sec", "发布日期"),
    "zwgk/zcjd": ("trs", "iso_min", "发布时间"),
    "zwgk/rsxx": ("trs", "iso_sec", "发布日期"),
    "zwgk/tjsj": ("trs", None, None),
    "zwgk/ndbg": ("trs", "iso_sec", "发布时间"),
    "hdjl/ldxx": ("trs", "iso_min", "答复时间"),
    "hdjl/zxft": ("trs", "iso_min", "访谈时间"),
    "ztzl/dsxxjy": ("hanweb", "slash", "发布日期"),
    "ztzl/szzf": ("trs", "slash", "发布时间"),
}


def pubdate(a: Art, fmt: str) -> str:
    d = a.date
    if fmt == "iso_sec":
        return f"{d:%Y-%m-%d} {a.time}:00"
    if fmt == "iso_min":
        return f"{d:%Y-%m-%d} {a.time}"
    return f"{d:%Y/%m/%d} {a.time}"


def search_href(gbk: bool) -> str:
    q = "%E6%95%B0%E6%8D%AE" if gbk else "数据"
    return f"/search?q={q}&amp;page=1"


def head(title: str, metas: list[tuple[str, str]], charset_decl="meta5",
         viewport=VIEWPORT_OK, extra="") -> str:
    cs = {
        "meta5": '<meta charset="utf-8">',
        "gb2312-meta5": '<meta charset="gb2312">',
        "gb2312-http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    }[charset_decl]
    m = "\n".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in metas)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{cs}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="{viewport}">
<title>{esc(title)}</title>
{m}
<link rel="stylesheet" type="text/css" href="/images/style.css">
<script type="text/javascript" src="/images/common.js"></script>{extra}
</head>"""


TOPBAR = """<div class="topbar"><div class="w clearfix">
<span class="welcome">欢迎访问云岭市数据资源管理局网站！</span>
<span class="topbar-r"><a href="javascript:void(0);" id="toolbarSwitch" onclick="toggleToolbar();">无障碍</a>|<a href="javascript:void(0);" id="careSwitch" onclick="careMode();">关怀版</a>|<a href="javascript:void(0);" onclick="addFavorite();">加入收藏</a></span>
</div></div>"""


def header(gbk=False) -> str:
    return f"""<div class="header"><div class="w clearfix">
<a href="/" class="logo"><img src="/images/logo.png" alt="云岭市数据资源管理局" width="64" height="64"></a>
<div class="site-name">云岭市数据资源管理局<span>YUNLING MUNICIPAL DATA RESOURCES ADMINISTRATION</span></div>
<div class="search"><form action="/search" method="get" target="_blank">
<input type="text" name="q" class="search-input" aria-label="站内搜索关键词" placeholder="请输入关键词">
<input type="hidden" name="page" value="1">
<button type="submit" class="search-btn">搜索</button>
</form>
<div class="hot">热门搜索：<a href="{search_href(gbk)}">数据</a></div></div>
</div></div>"""


def nav(current: str | None) -> str:
    home_on = ' class="on"' if current is None else ""
    items = [f'<li{home_on}><a href="/">首页</a></li>']
    for key, name in FIRST:
        subs = "".join(f'<a href="{c.link}">{c.name}</a>' for c in children(key)
                       if c.key not in NAV_HIDDEN)
        on = ' class="on"' if current == key else ""
        items.append(f'<li{on}><a href="/{key}/">{name}</a><div class="subnav">{subs}</div></li>')
    return '<div class="nav"><ul class="w clearfix">\n' + "\n".join(items) + "\n</ul></div>"


FOOTER = f"""<div class="footer"><div class="w">
<p><a href="/">网站首页</a> | <a href="/jggk/jgzn/">机构职能</a> | <a href="/hdjl/ldxx/">领导信箱</a> | <a href="http://www.gov.cn/" target="_blank">中国政府网</a></p>
<p>主办单位：{SITE}　地址：{ADDRESS}　邮编：650000　联系电话：0871-63100000</p>
<p>网站标识码：{SITE_ID}　滇ICP备00000000号　<img src="/images/gongan.png" alt="公安备案图标" width="16" height="16"> 滇公网安备 53010202000001号</p>
<p>技术支持：云岭市信息中心　建议使用1366×768以上分辨率浏览本站</p>
<p class="dzjg"><img src="/images/dzjg.png" alt="党政机关" width="46" height="56"></p>
</div></div>"""


def breadcrumb(levels: list[tuple[str, str]], sep=" &gt; ") -> str:
    links = sep.join(f'<a href="{h}">{n}</a>' for n, h in levels)
    return f'<div class="location">当前位置：{links}</div>'


def crumbs_for(col: Col | None, first: str | None = None) -> list[tuple[str, str]]:
    first = col.parent if col else first
    lv = [("首页", "/"), (FIRST_NAME[first], f"/{first}/")]
    if col:
        lv.append((col.name, col.link))
    return lv


def sidebar(first: str, current: Col | None) -> str:
    lis = []
    for c in children(first):
        on = ' class="on"' if current is not None and c.key == current.key else ""
        lis.append(f'<li{on}><a href="{c.link}">{c.name}</a></li>')
    return (f'<div class="side"><div class="side-tit">{FIRST_NAME[first]}</div>'
            f'<ul class="side-list">\n' + "\n".join(lis) + "\n</ul></div>")


def page(title, metas, main, *, current_first=None, topbar=True, charset_decl="meta5",
         viewport=VIEWPORT_OK, gbk=False, extra_head="", after_footer="") -> str:
    parts = [head(title, metas, charset_decl, viewport, extra_head), "<body>"]
    if topbar:
        parts.append(TOPBAR)
    parts += [header(gbk), nav(current_first), main, FOOTER]
    if after_footer:
        parts.append(after_footer)
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def col_metas(col: Col) -> list[tuple[str, str]]:
    return [("SiteName", SITE), ("SiteIDCode", SITE_ID), ("ColumnName", col.name),
            ("ColumnType", col.meta_type)]


# ---------------------------------------------------------------------------------------------
# Article pages
# ---------------------------------------------------------------------------------------------


def rel(from_url: str, to_url: str) -> str:
    """Relative href, TRS style (./t2021....html, ../202111/t....html)."""
    r = posixpath.relpath(to_url, posixpath.dirname(from_url))
    return r if r.startswith("..") else "./" + r


def prev_next(a: Art, seq: list[Art], relative=False) -> str:
    i = seq.index(a)

    def link(b):
        if b is None:
            return "没有了"
        href = rel(a.url, b.url) if relative else b.url
        return f'<a href="{href}">{b.title}</a>'

    prv = seq[i - 1] if i > 0 else None
    nxt = seq[i + 1] if i + 1 < len(seq) else None
    return (f'<div class="prev-next"><p>上一篇：{link(prv)}</p>'
            f"<p>下一篇：{link(nxt)}</p></div>")


TOOLS = ('<div class="article-tools"><a href="javascript:window.print();">打印本页</a>　'
         '<a href="javascript:window.close();">关闭窗口</a></div>')


def extras(a: Art) -> str:
    out = []
    if a.attachments:
        lis = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in a.attachments)
        out.append(f'<div class="attach"><p>附件：</p><ul>{lis}</ul></div>')
    for label, text, href in a.related:
        out.append(f'<div class="related"><span>{label}：</span><a href="{href}">{text}</a></div>')
    return "\n".join(out)


def article_metas(a: Art, fmt) -> list[tuple[str, str]]:
    m = col_metas(a.col) + [("ArticleTitle", a.title)]
    if fmt and a.date:
        m.append(("PubDate", pubdate(a, fmt)))
    m.append(("ContentSource", a.source))
    return m


def render_article(a: Art, seq: list[Art]) -> str:
    col = a.col
    tpl, fmt, label = STYLE[col.key]
    gbk = col.encoding == "gbk"
    title = f"{a.title}_{SITE}"
    metas = article_metas(a, fmt)
    info_date = ""
    if fmt and a.date:
        info_date = f"{label}：{a.date:%Y-%m-%d}" + (f" {a.time}" if tpl == "trs" else "")
    if tpl == "hanweb":
        main = f"""<div class="w main">
{breadcrumb(crumbs_for(col), sep="&gt;&gt;")}
<div class="hw-article">
<div class="title">{a.title}</div>
<div class="info">{info_date}　信息来源：{a.source}　【字体：<a href="javascript:doZoom(18);">大</a> <a href="javascript:doZoom(16);">中</a> <a href="javascript:doZoom(14);">小</a>】</div>
<div class="zoom" id="zoom">
{a.body}
</div>
{extras(a)}
<div class="tools">【<a href="javascript:window.print();">打印本页</a>】【<a href="javascript:window.close();">关闭窗口</a>】</div>
{prev_next(a, seq)}
</div>
</div>"""
        viewport = VIEWPORT_NOZOOM if col.key == "xwdt/mtgz" else VIEWPORT_OK
        return page(title, metas, main, current_first=col.parent, topbar=False, viewport=viewport)

    relative = col.key == "xwdt/gzdt"
    if relative:  # TRS article pages link up with relative paths
        lv = [("首页", "../../../index.html"), (FIRST_NAME[col.parent], "../../index.html"),
              (col.name, "../index.html")]
    else:
        lv = crumbs_for(col)
    if tpl == "doc":
        rows = list(a.meta.items())
        trs = "\n".join(
            f"<tr><th>{k1}：</th><td>{v1}</td><th>{k2}：</th><td>{v2}</td></tr>"
            for (k1, v1), (k2, v2) in zip(rows[0::2], rows[1::2]))
        top = (f'<table class="xxgk-meta" cellspacing="0">\n{trs}\n'
               f'<tr><th>标　　题：</th><td colspan="3">{a.title}</td></tr>\n</table>\n'
               f'<h1 class="article-title">{a.title}</h1>')
    else:
        if col.key == "hdjl/ldxx" and a.meta.get("answered"):
            info = f'{label}：{a.date:%Y-%m-%d}　答复单位：{SITE}'
        elif col.key == "hdjl/ldxx":
            info = f'来信时间：{a.meta["asked"]:%Y-%m-%d}　办理状态：{a.meta["status"]}'
        elif info_date:
            info = f"{info_date}　来源：{a.source}　浏览次数：<span id=\"hits\"></span>"
        else:
            info = f"来源：{a.source}　浏览次数：<span id=\"hits\"></span>"
        tag = "h1" if tpl == "trs" else "div"
        top = f'<{tag} class="article-title">{a.title}</{tag}>\n<div class="article-info">{info}</div>'
    stray = "\n</div>" if tpl == "notice" else ""  # stray closing tag, as on many real sites
    main = f"""<div class="w main clearfix">
{breadcrumb(lv)}
{sidebar(col.parent, col)}
<div class="content article">
{top}
<div class="article-content" id="zoom">
{a.body}
</div>{stray}
{a.extra_html}
{extras(a)}
{TOOLS}
{prev_next(a, seq, relative)}
</div>
</div>"""
    return page(title, metas, main, current_first=col.parent, charset_decl=col.charset_decl,
                gbk=gbk)


# ---------------------------------------------------------------------------------------------
# List pages
# ---------------------------------------------------------------------------------------------


def list_page(col: Col, inner: str, extra_head="") -> str:
    main = f"""<div class="w main clearfix">
{breadcrumb(crumbs_for(col))}
{sidebar(col.parent, col)}
<div class="content">
<div class="col-tit"><h2>{col.name}</h2></div>
{inner}
</div>
</div>"""
    return page(f"{col.name}_{SITE}", col_metas(col), main, current_first=col.parent,
                charset_decl=col.charset_decl, gbk=col.encoding == "gbk", extra_head=extra_head)


def pager(n_pages: int, cur: int) -> str:
    def name(i):
        return "index.html" if i == 0 else f"index_{i}.html"

    parts = [f"共{n_pages}页", f'<a href="{name(0)}">首页</a>']
    parts.append(f'<a href="{name(cur - 1)}">上一页</a>' if cur > 0 else "<span>上一页</span>")
    for i in range(n_pages):
        parts.append(f'<span class="now">{i + 1}</span>' if i == cur
                     else f'<a href="{name(i)}">{i + 1}</a>')
    parts.append(f'<a href="{name(cur + 1)}">下一页</a>' if cur < n_pages - 1
                 else "<span>下一页</span>")
    parts.append(f'<a href="{name(n_pages - 1)}">尾页</a>')
    return '<div class="page">' + "&nbsp;".join(parts) + "</div>"


def render_gzdt_lists(arts: list[Art]) -> dict[str, str]:
    col = arts[0].col
    per = 20
    chunks = [arts[i:i + per] for i in range(0, len(arts), per)]
    out = {}
    for p, chunk in enumerate(chunks):
        close = "</li>" if p < len(chunks) - 1 else ""  # last page: unclosed <li>
        lis = "\n".join(
            f'<li><a href="{rel(col.path + "index.html", a.url)}" target="_blank" title="{esc(a.title)}">'
            f'{a.title}</a><span class="date">{a.shown_date:%Y-%m-%d}</span>{close}' for a in chunk)
        inner = f'<ul class="list">\n{lis}\n</ul>\n{pager(len(chunks), p)}'
        out[col.path + ("index.html" if p == 0 else f"index_{p}.html")] = list_page(col, inner)
    return out


def render_list(col: Col, arts: list[Art]) -> str:
    k = col.key
    if k == "xwdt/qxdt":
        rows = "\n".join(
            f'<tr><td class="t"><a href="{a.url}" target="_blank">{a.title}</a></td>'
            f'<td class="d">{a.date:%Y/%m/%d}' + ("</td>" if i % 3 else "") + "</tr>"
            for i, a in enumerate(arts))
        inner = (f'<table class="list-table" cellspacing="0">\n<tr><th>标题</th><th>发布日期</th></tr>\n'
                 f"{rows}\n</table>")
    elif k == "xwdt/tpxw":
        cards = "\n".join(
            f'<div class="pic-item"><a href="{a.url}" target="_blank"><img src="{a.image}"'
            + (f' alt="{esc(a.title)}"' if a.image_alt else "")
            + f' width="240" height="160"></a><p><a href="{a.url}" target="_blank">{a.title}</a></p>'
            f"<em>{a.date:%Y.%m.%d}</em></div>" for a in arts)
        inner = f'<div class="pic-list clearfix">\n{cards}\n</div>'
    elif k == "xwdt/mtgz":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                        f"<span>[{a.date:%m-%d}]</span></li>" for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
    elif k == "zwgk/tzgg":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                        f'<span class="time">{cn_date(a.date)}</span></li>' for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
    elif k == "zwgk/zcwj":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank" title="{esc(a.title)} {a.date:%Y-%m-%d}">'
                        f"{a.title}</a></li>" for a in arts)
        inner = ('<p class="col-desc">本栏目发布我局制发的规范性文件和其他政策文件。政策咨询：王镕，0871-63100012。</p>\n'
                 f'<ul class="list doc-list">\n{lis}\n</ul>')
    elif k == "zwgk/zcjd":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                        f"<span>[{a.date:%Y-%m-%d}]</span></li>" for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
    elif k in ("zwgk/rsxx", "zwgk/ndbg"):
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                        f'<span class="date">{a.date:%Y-%m-%d}</span></li>' for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
        if k == "zwgk/ndbg":  # low-contrast grey text (a11y.color-contrast)
            inner += ('\n<p class="tip" style="color:#cccccc;">提示：如需年度报告纸质文本，'
                      "请与局办公室联系。</p>")
    elif k == "zwgk/tjsj":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a></li>' for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
    elif k == "zwgk/ghjh":
        inner = '<ul class="list"></ul>\n<div class="no-data">暂无信息</div>'
    elif k == "zwgk/czzj":
        inner = '<ul class="list"></ul>'
    elif k == "hdjl/ldxx":
        inner = letter_rows(arts)
    elif k == "hdjl/zxft":
        lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                        f'<span class="date">{a.date:%Y-%m-%d}</span></li>' for a in arts)
        inner = f'<ul class="list">\n{lis}\n</ul>'
    elif k == "hdjl/zjdc":
        inner = '<div class="building">栏目正在建设中，敬请期待</div>'
    elif k == "ztzl/dsxxjy":
        dds = "\n".join(f'<dd><a href="{a.url}" target="_blank">{a.title}</a>'
                        f"<span>{a.date:%Y-%m-%d}</span></dd>" for a in arts)
        inner = ('<div class="zt-banner"><img src="/images/ztzl_dsxxjy.png" alt="党史学习教育专题" width="880" height="120"></div>\n'
                 f'<dl class="zt-list">\n<dt>学习动态</dt>\n{dds}\n</dl>')
    elif k == "ztzl/szzf":
        lis = "\n".join(f'<li><span class="date">{a.date:%Y-%m-%d}</span>'
                        f'<a href="{a.url}" target="_blank">{a.title}</a></li>' for a in arts)
        inner = ('<div class="zt-banner"><img src="/images/ztzl_szzf.png" alt="数字政府建设专题" width="880" height="120"></div>\n'
                 f'<ul class="list date-first">\n{lis}\n</ul>')
    else:
        raise KeyError(k)
    return list_page(col, inner)


# ---------------------------------------------------------------------------------------------
# Columns published the way real CMS platforms publish them (issue 13; see
# ../shared/spec/cms-patterns.md): a 大汉 JCMS data store with later groups from dataproxy.jsp, a
# TRS list whose later pages only a pager script names, and a list a script fills from JSON.
# Their articles stay out of S (homepage, channel pages, search index) and have no 上一篇/下一篇,
# so that the article deep in each list is reachable only through the platform's mechanism.
# ---------------------------------------------------------------------------------------------

CMS_COLS = [
    Col("xwdt/bmdt", "部门动态", "动态", href="/col/col1242/index.html", home="/col/col1242/"),
    Col("zwgk/gsgg", "公示公告", "通知公告"),
    Col("zwgk/zwxx", "政务信息", "动态"),
]
COLS.extend(CMS_COLS)
C.update({c.key: c for c in CMS_COLS})
STYLE_CMS = {
    "xwdt/bmdt": ("hanweb", "slash", "发布日期"),
    "zwgk/gsgg": ("trs", "iso_sec", "发布时间"),
    "zwgk/zwxx": ("trs", "iso_min", "发布时间"),
}
STYLE.update(STYLE_CMS)

JCMS_PROXY = "/module/web/jpage/dataproxy.jsp"
JCMS_COLUMN_ID, JCMS_UNIT_ID, JCMS_PER_PAGE, JCMS_INLINE = "1242", "4321", 15, 15
JCMS_FIELDS = {"webid": "1", "path": "/", "columnid": JCMS_COLUMN_ID, "unitid": JCMS_UNIT_ID,
               "webname": SITE, "permissiontype": "0"}
JCMS_UNITS = ["局办公室", "数据资源处", "政务服务管理处", "网络安全处", "电子政务处", "规划发展处",
              "市信息中心", "市大数据中心", "市政务服务中心"]
JCMS_EVENTS = ["召开月度工作例会", "开展政务数据质量核查", "组织业务骨干培训", "开展网络安全检查",
               "开展主题党日活动", "召开重点工作推进会", "赴县区开展调研", "开展便民服务志愿活动",
               "组织学习保密法律法规", "开展应急值守检查"]
JCMS_SEED_AT = 33  # record number (1-based, newest first): in the third group, never on the page
JCMS_SEED = "今后，市信息中心将一如继往地做好政务外网运行保障工作，为各部门业务系统稳定运行提供支撑。"

TRS_PER_PAGE, TRS_PAGES = 8, 3
TRS_SUBJECTS = ["2021年度政务数据共享应用示范项目", "2021年第四季度政务服务“好差评”情况", "市级政务信息系统整合项目验收结果",
                "2021年度网络安全先进集体推荐名单", "政务云平台扩容项目采购结果", "2021年度数据开放创新应用优秀案例",
                "电子证照归集工作考核结果", "市级部门政务公开工作考核结果", "公共数据开放目录（第三批）",
                "2021年度优秀公务员推荐人选", "数据资源管理标准规范（征求意见稿）", "政务服务中心窗口服务之星评选结果",
                "2021年度政府信息公开工作先进单位", "政务外网安全加固项目中标结果", "数字乡村建设试点单位名单",
                "公共数据质量核查结果", "2021年度保密工作先进个人推荐名单", "政务服务事项标准化梳理结果",
                "12345热线年度先进个人推荐名单", "市大数据中心机房改造项目成交结果", "政务数据共享责任清单",
                "2021年度局属事业单位公开招聘资格复审结果"]
TRS_SEED_AT = 19  # item number (1-based, newest first): on index_2.shtml
TRS_SEED = "根据《云岭市人民政付办公室关于进一步加强政务公开工作的通知》要求，现将有关情况予以公示。"

FEED_PER_PAGE = 10
FEED_PLACES = ["青峰区", "盘溪县", "龙泉县", "白沙县", "金川区", "云屏县"]
FEED_THINGS = ["完成政务服务事项标准化梳理", "上线“一件事一次办”服务专区", "开展政务数据归集工作"]
FEED_SEED_AT = 14  # item number (1-based, newest first): on the JSON's second page
FEED_SEED = "下一步，{c}将按步就班推进政务数据归集，确保年底前全面完成既定任务。"


@dataclass
class CmsColumns:
    jcms: list[Art]
    trs: list[Art]
    feed: list[Art]

    def seeds(self) -> dict[str, Art]:
        return {"一如继往": self.jcms[JCMS_SEED_AT - 1], "人民政付": self.trs[TRS_SEED_AT - 1],
                "按步就班": self.feed[FEED_SEED_AT - 1]}


def _dates_back(newest: D, count: int, steps: tuple[int, ...]) -> list[D]:
    out, d = [], newest
    for i in range(count):
        out.append(d)
        d -= dt.timedelta(days=steps[i % len(steps)])
    return out


def build_cms(rng) -> CmsColumns:
    col = C["xwdt/bmdt"]
    jcms = []
    for i, d in enumerate(_dates_back(D(2021, 12, 29), 38, (2, 3, 4))):
        title = f"{JCMS_UNITS[i % 9]}{JCMS_EVENTS[i % 10]}"
        custom = [JCMS_SEED] if i == JCMS_SEED_AT - 1 else None
        body = gen_body(rng, title, f"{md(d)}，{title.replace('局办公室', '市数据资源管理局办公室')}。", custom)
        jcms.append(Art(col, title, d, hanweb_url(int(JCMS_COLUMN_ID), d, 5838 - i), time=TIMES[i % 9], body=body))
    col = C["zwgk/gsgg"]
    trs = []
    for i, d in enumerate(_dates_back(D(2021, 12, 20), len(TRS_SUBJECTS), (5, 4, 6))):
        subject = TRS_SUBJECTS[i]
        title = f"关于{subject}的公示"
        lead = (TRS_SEED if i == TRS_SEED_AT - 1 else
                "根据有关规定，经研究，现将有关情况予以公示。")
        body = paras([lead, f"现将{subject}予以公示，公示期为{md(d)}至{md(d + dt.timedelta(days=5))}"
                      "（5个工作日）。",
                      "公示期间，如有异议，请以书面形式向市数据资源管理局反映。联系电话：0871-63100012。"])
        body += "\n" + SIGN.format(date=cn_date(d))
        url = trs_url(col, d, 3222 - i).removesuffix(".html") + ".shtml"
        trs.append(Art(col, title, d, url, time="09:30", body=body))
    col = C["zwgk/zwxx"]
    feed = []
    for i, d in enumerate(_dates_back(D(2021, 12, 30), 18, (3, 5, 4))):
        place, thing = FEED_PLACES[i % 6], FEED_THINGS[i // 6 % 3]
        title = f"{place}{thing}"
        custom = [FEED_SEED.format(c=place)] if i == FEED_SEED_AT - 1 else None
        body = gen_body(rng, title, f"近日，{title}。", custom, n=rng.randint(3, 5), pool=county_pool(place))
        feed.append(Art(col, title, d, trs_url(col, d, 3318 - i), time=TIMES[(i * 2) % 9],
                        source=f"{place}数据资源管理局", body=body))
    return CmsColumns(jcms, trs, feed)


def jcms_nextgroup() -> str:
    query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in [("page", "1"), *JCMS_FIELDS.items()])
    return f'<a href="{JCMS_PROXY}?{query}"></a>'


def jcms_record(a: Art) -> str:
    return (f'<li><a href="{a.url}" title="{esc(a.title)}" target="_blank">{a.title}</a>'
            f'<span>{a.date:%Y-%m-%d}</span></li>')


def render_jcms_list(col: Col, arts: list[Art]) -> str:
    records = "\n".join(f"<record><![CDATA[\n{jcms_record(a)}\n]]></record>" for a in arts[:JCMS_INLINE])
    inner = f"""<div id="{JCMS_UNIT_ID}">
<script type="text/xml">
<datastore>
<nextgroup><![CDATA[{jcms_nextgroup()}]]></nextgroup>
<recordset>
{records}
</recordset>
</datastore>
</script>
</div>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>
<script type="text/javascript">
jpage({{unitid: '{JCMS_UNIT_ID}', perPage: {JCMS_PER_PAGE}, proxyUrl: '{JCMS_PROXY}'}});
</script>"""
    return list_page(col, inner)


def trs_page_name(p: int) -> str:
    return "index.shtml" if p == 0 else f"index_{p}.shtml"


def render_trs_lists(col: Col, arts: list[Art]) -> dict[str, str]:
    out = {}
    here = col.path + "index.shtml"
    for p in range(TRS_PAGES):
        lis = []
        for i, a in enumerate(arts[p * TRS_PER_PAGE:(p + 1) * TRS_PER_PAGE]):
            stamp = f"{a.date:%Y-%m-%d} {a.time}:00"
            write = (f'document.write("{stamp}".substring(0,10));' if i % 3 else
                     f"var str = '{a.date:%Y-%m-%d}'; document.write(str);")
            lis.append(f'<li><a href="{rel(here, a.url)}" target="_blank" title="{esc(a.title)}">{a.title}</a>'
                       f'<span class="date"><script>{write}</script></span></li>')
        if p == TRS_PAGES - 1:  # the other common form: the page count and current page in variables
            call = (f"var countPage = {TRS_PAGES};//共多少页\nvar currentPage = {p};//当前页\n"
                    'createPageHTML(countPage, currentPage, "index", "shtml");')
        else:
            call = f'createPageHTML({TRS_PAGES}, {p}, "index", "shtml");'
        inner = (f'<ul class="list">\n' + "\n".join(lis) + "\n</ul>\n"
                 f'<div class="page"><script type="text/javascript">\n{call}\n</script></div>')
        extra = '\n<script type="text/javascript" src="/images/createPageHTML.js"></script>'
        out[col.path + trs_page_name(p)] = list_page(col, inner, extra_head=extra)
    return out


FEED_SCRIPT = """<script type="text/javascript">
(function () {
  var current = 1, last = 1;
  var list = document.getElementById('zwxx-list'), prev = document.getElementById('zwxx-prev'),
      next = document.getElementById('zwxx-next'), now = document.getElementById('zwxx-now');
  function load(n) {
    fetch('/zwgk/zwxx/data/list_' + n + '.json').then(function (r) { return r.json(); }).then(function (data) {
      current = data.page; last = data.pages;
      list.innerHTML = '';
      data.list.forEach(function (item) {
        var li = document.createElement('li'), a = document.createElement('a'), span = document.createElement('span');
        a.href = item.url; a.target = '_blank'; a.textContent = item.title;
        span.className = 'date'; span.textContent = item.pubDate;
        li.appendChild(a); li.appendChild(span); list.appendChild(li);
      });
      now.textContent = '第' + current + '页 / 共' + last + '页';
      prev.disabled = current <= 1; next.disabled = current >= last;
      next.className = next.disabled ? 'disabled' : '';
    });
  }
  prev.onclick = function () { if (current > 1) load(current - 1); };
  next.onclick = function () { if (current < last) load(current + 1); };
  load(1);
})();
</script>"""


def render_feed_list(col: Col) -> str:
    inner = ('<ul class="list" id="zwxx-list"></ul>\n'
             '<div class="page" id="zwxx-pager"><button type="button" id="zwxx-prev" disabled>上一页</button>'
             '<span id="zwxx-now"></span><button type="button" id="zwxx-next">下一页</button></div>\n'
             + FEED_SCRIPT)
    return list_page(col, inner)


def feed_json(arts: list[Art]) -> dict[str, str]:
    pages = [arts[i:i + FEED_PER_PAGE] for i in range(0, len(arts), FEED_PER_PAGE)]
    out = {}
    for n, chunk in enumerate(pages, 1):
        data = {"page": n, "pages": len(pages), "pageSize": FEED_PER_PAGE, "total": len(arts),
                "list": [{"title": a.title, "url": a.url, "pubDate": f"{a.date:%Y-%m-%d}"} for a in chunk]}
        out[f"{C['zwgk/zwxx'].path}data/list_{n}.json"] = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return out


def render_cms_pages(cms: CmsColumns) -> dict[str, str]:
    pages = {C["xwdt/bmdt"].path + "index.html": render_jcms_list(C["xwdt/bmdt"], cms.jcms)}
    pages.update(render_trs_lists(C["zwgk/gsgg"], cms.trs))
    pages[C["zwgk/zwxx"].path + "index.html"] = render_feed_list(C["zwgk/zwxx"])
    for arts in (cms.jcms, cms.trs, cms.feed):
        for a in arts:
            pages[a.url] = render_article(a, [a])
    return pages


JPAGE_JS = """/* jpage.js: the 大汉 JCMS list pager, reduced to what the sample site needs. It shows the
   column's data store page by page and asks dataproxy.jsp (POST) for the next group of records. */
function jpage(opt) {
  var box = document.getElementById(opt.unitid), per = opt.perPage || 15, page = 1;
  var xml = box.querySelector('script[type="text/xml"]').text;
  var link = /<nextgroup>[\\s\\S]*?href="([^"]*)"/.exec(xml), total = 0, records = [];
  function read(text) {
    var m, re = /<record>\\s*<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>\\s*<\\/record>/g;
    while ((m = re.exec(text))) records.push(m[1]);
    var t = /<totalrecord>(\\d+)/.exec(text);
    if (t) total = +t[1];
  }
  read(xml);
  var list = document.createElement('ul'), bar = document.createElement('div');
  list.className = 'list'; bar.className = 'page'; box.appendChild(list); box.appendChild(bar);
  function show() {
    list.innerHTML = records.slice((page - 1) * per, page * per).join('');
    bar.innerHTML = '';
    var label = document.createElement('span');
    label.textContent = '第' + page + '页' + (total ? ' / 共' + Math.ceil(total / per) + '页' : '');
    bar.appendChild(label);
    if (page > 1) bar.appendChild(button('上一页', function () { page--; show(); }));
    if (page * per < records.length || !total || records.length < total) bar.appendChild(button('下一页', more));
  }
  function button(text, go) {
    var a = document.createElement('a');
    a.href = 'javascript:;'; a.textContent = text; a.onclick = go;
    return a;
  }
  function more() {
    if (page * per < records.length) { page++; show(); return; }
    var query = link ? link[1].split('?')[1].replace(/&amp;/g, '&') : '';
    var start = records.length + 1, end = records.length + per * 3;
    fetch(opt.proxyUrl + '?startrecord=' + start + '&endrecord=' + end + '&perpage=' + per,
          {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'col=1&' + query})
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var before = records.length;
        read(text);
        if (!total && records.length === before) total = before;
        if (records.length > before) page++;
        show();
      });
  }
  show();
}
"""

TRS_PAGER_JS = """/* createPageHTML: the TRS WCM pager. Page 0 is index.shtml, page n is index_n.shtml. */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) return;
  function name(i) { return i === 0 ? _sPageName + '.' + _sPageExt : _sPageName + '_' + i + '.' + _sPageExt; }
  var html = '共' + _nPageCount + '页&nbsp;';
  html += _nCurrIndex > 0 ? '<a href="' + name(0) + '">首页</a>&nbsp;<a href="' + name(_nCurrIndex - 1) + '">上一页</a>&nbsp;'
                          : '<span>首页</span>&nbsp;<span>上一页</span>&nbsp;';
  html += _nCurrIndex < _nPageCount - 1 ? '<a href="' + name(_nCurrIndex + 1) + '">下一页</a>&nbsp;<a href="' + name(_nPageCount - 1) + '">尾页</a>'
                                        : '<span>下一页</span>&nbsp;<span>尾页</span>';
  document.write(html);
}
"""


def render_cms_data(cms: CmsColumns) -> dict[str, str]:
    """What the platforms' scripts and the dataproxy.jsp of the server read: the JCMS records
    (the server answers group requests from _tpl/dataproxy.json), the JSON pages, the pagers."""
    proxy = {JCMS_COLUMN_ID: {"unitid": JCMS_UNIT_ID, "nextgroup": jcms_nextgroup(),
                              "records": [jcms_record(a) for a in cms.jcms]}}
    out = {"/_tpl/dataproxy.json": json.dumps(proxy, ensure_ascii=False, indent=1) + "\n",
           "/module/web/jpage/jpage.js": JPAGE_JS, "/images/createPageHTML.js": TRS_PAGER_JS}
    out.update(feed_json(cms.feed))
    return out


def check_cms(cms: CmsColumns, texts: dict[str, str]) -> None:
    """Each seeded string is on its article only; that article is linked from no page but its
    mechanism's own (the TRS script pager page); the script pager pages are linked from none."""
    allowed = {"人民政付": {C["zwgk/gsgg"].path + trs_page_name(2)}}
    for needle, a in cms.seeds().items():
        found = {u for u, t in texts.items() if needle in t}
        if found != {a.url}:
            raise SystemExit(f"seed check failed for {needle!r}: expected {[a.url]}, got {sorted(found)}")
        linked = {u for u, t in texts.items() if posixpath.basename(a.url) in t and u != a.url}
        if linked != allowed.get(needle, set()):
            raise SystemExit(f"{a.url} must be reachable only through its column's mechanism; linked from {sorted(linked)}")
    for p in range(1, TRS_PAGES):
        if any(trs_page_name(p) in t for t in texts.values()):
            raise SystemExit(f"{trs_page_name(p)} must be named by the pager script only")


# ---------------------------------------------------------------------------------------------
# Single-content pages, channel pages, homepage
# ---------------------------------------------------------------------------------------------

JGZN = [
    "云岭市数据资源管理局是市人民政府工作部门，为正处级，加挂云岭市大数据中心牌子。主要职责是：",
    "（一）贯彻执行国家和省关于大数据发展、数字政府建设的方针政策和法律法规，贯彻落实《中华人民共和国数据安全法》等法律法规，拟订全市数据资源管理相关政策措施并组织实施。",
    "（二）统筹推进全市数字政府建设，组织编制全市政务信息化建设规划和年度计划，会同市发展和改革委员会、市财政局审核市级政务信息化项目。",
    "（三）负责全市政务数据资源的统筹管理，组织编制政务数据资源目录，推进政务数据归集、共享和开放。",
    "（四）负责全市电子政务外网、政务云平台等基础设施的建设和运行管理。",
    "（五）负责推进全市一体化政务服务平台建设，推动“互联网+政务服务”，协调解决跨部门、跨层级业务协同问题。",
    "（六）负责全市政务数据安全管理工作，指导督促各部门落实数据安全保护责任。",
    "（七）负责市12345政务服务便民热线数据分析工作，为市委、市政府决策提供数据支撑。",
    "（八）完成市委、市政府交办的其他任务。",
    "内设机构：办公室、政策规划科、数据资源科、数据应用科、电子政务科、安全管理科。",
]
LEADERS = [
    ("张建华", "局党组书记、局长", "主持局全面工作。分管办公室、政策规划科。"),
    ("李红梅", "局党组成员、副局长", "负责数据资源、数据应用方面工作。分管数据资源科、数据应用科。"),
    ("王志刚", "局党组成员、副局长", "负责电子政务、网络与数据安全方面工作。分管电子政务科、安全管理科。"),
    ("赵永明", "四级调研员", "协助局长做好政务公开、12345热线数据分析等工作。"),
]


def single_page(col: Col, inner: str) -> str:
    main = f"""<div class="w main clearfix">
{breadcrumb(crumbs_for(col))}
{sidebar(col.parent, col)}
<div class="content single">
<div class="col-tit"><h2>{col.name}</h2></div>
<div class="single-content">
{inner}
</div>
</div>
</div>"""
    return page(f"{col.name}_{SITE}", col_metas(col), main, current_first=col.parent)


def leaders_html() -> str:
    blocks = []
    for name, post, duty in LEADERS:
        blocks.append(f'<div class="leader"><h3>{name}</h3><p class="post">{post}</p>'
                      f"<p>分工：{duty}</p></div>")
    return "\n".join(blocks)


def block(title: str, more: str, inner: str, cls="") -> str:
    return (f'<div class="box {cls}"><div class="box-tit"><h3>{title}</h3>'
            f'<a href="{more}" class="more">更多&gt;&gt;</a></div>\n{inner}\n</div>')


def ul(arts: list[Art], fmt) -> str:
    lis = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a>'
                    + (f"<span>{fmt(a)}</span>" if fmt else "") + "</li>" for a in arts)
    return f'<ul class="list">\n{lis}\n</ul>'


def channel_page(first: str, inner: str) -> str:
    main = f"""<div class="w main clearfix">
{breadcrumb(crumbs_for(None, first))}
<div class="channel">
{inner}
</div>
</div>"""
    metas = [("SiteName", SITE), ("SiteIDCode", SITE_ID), ("ColumnName", FIRST_NAME[first])]
    return page(f"{FIRST_NAME[first]}_{SITE}", metas, main, current_first=first)


def iso(a: Art) -> str:
    return f"{a.shown_date:%Y-%m-%d}"


def render_channels(S: dict[str, list[Art]]) -> dict[str, str]:
    out = {}
    out["/jggk/index.html"] = channel_page("jggk", "\n".join([
        block("机构职能", "/jggk/jgzn/", f"<p>{JGZN[0]}负责全市政务数据资源统筹管理和数字政府建设工作……</p>"),
        block("领导信息", "/jggk/ldxx/", "<ul class=\"list\">" + "".join(
            f"<li>{n}　{p}</li>" for n, p, _ in LEADERS) + "</ul>"),
    ]))
    tp = S["xwdt/tpxw"][:3]
    cards = "\n".join(f'<div class="pic-item"><a href="{a.url}"><img src="{a.image}" alt="{esc(a.title)}" width="240" height="160"></a>'
                      f'<p><a href="{a.url}">{a.title}</a></p><em>{a.date:%Y.%m.%d}</em></div>' for a in tp)
    out["/xwdt/index.html"] = channel_page("xwdt", "\n".join([
        block("工作动态", "./gzdt/", ul(S["xwdt/gzdt"][:6], iso)),
        block("区县动态", "./qxdt/", ul(S["xwdt/qxdt"][:6], lambda a: f"{a.date:%Y/%m/%d}")),
        block("图片新闻", "./tpxw/", f'<div class="pic-list clearfix">{cards}</div>'),
        block("媒体关注", "./mtgz/", ul(S["xwdt/mtgz"][:5], lambda a: f"[{a.date:%m-%d}]")),
    ]))
    zcwj = "\n".join(f'<li><a href="{a.url}" title="{esc(a.title)} {a.date:%Y-%m-%d}">{a.title}</a></li>'
                     for a in S["zwgk/zcwj"][:5])
    out["/zwgk/index.html"] = channel_page("zwgk", "\n".join([
        block("通知公告", "/zwgk/tzgg/", ul(S["zwgk/tzgg"][:5], lambda a: cn_date(a.date))),
        block("政策文件", "/zwgk/zcwj/", f'<ul class="list">\n{zcwj}\n</ul>'),
        block("政策解读", "/zwgk/zcjd/", ul(S["zwgk/zcjd"][:4], lambda a: f"[{a.date:%Y-%m-%d}]")),
        block("人事信息", "/zwgk/rsxx/", ul(S["zwgk/rsxx"][:5], iso)),
        block("规划计划", "/zwgk/ghjh/", '<div class="no-data">暂无信息</div>'),
        block("财政资金", "/zwgk/czzj/", '<ul class="list"></ul>'),
        block("统计数据", "/zwgk/tjsj/", ul(S["zwgk/tjsj"], None)),
        block("政府信息公开年报", "/zwgk/ndbg/", ul(S["zwgk/ndbg"], iso)),
    ]))
    letters = "\n".join(f'<li><a href="{a.url}">{a.title}</a><span>{a.date:%Y-%m-%d}</span></li>'
                        for a in S["hdjl/ldxx"][:5])
    out["/hdjl/index.html"] = channel_page("hdjl", "\n".join([
        block("领导信箱", "/hdjl/ldxx/", f'<ul class="list">\n{letters}\n</ul>'),
        block("征集调查", "/hdjl/zjdc/", '<div class="building">栏目正在建设中，敬请期待</div>'),
        block("在线访谈", "/hdjl/zxft/", '<ul class="list">\n' + "\n".join(
            f'<li><a href="{a.url}">{a.title}</a><span>{a.date:%Y-%m-%d}</span></li>'
            for a in S["hdjl/zxft"]) + "\n</ul>"),
        block("活动日历", "/hdjl/hdrl/?month=2021-12",
              '<p>查看本局各类线下活动安排：<a href="/hdjl/hdrl/?month=2021-12">2021年12月活动日历</a></p>'),
        block("在线搜索", "/search?q=数据&amp;page=1",
              '<p><a href="/search?q=数据&amp;page=1">站内信息检索</a></p>'),
    ]))
    out["/ztzl/index.html"] = channel_page("ztzl", "\n".join([
        block("数字政府建设", "/ztzl/szzf/",
              '<a href="/ztzl/szzf/"><img src="/images/ztzl_szzf.png" alt="数字政府建设专题" width="880" height="120"></a>\n'
              + ul(S["ztzl/szzf"][:3], iso)),
        block("党史学习教育", "/ztzl/dsxxjy/",
              '<a href="/ztzl/dsxxjy/"><img src="/images/ztzl_dsxxjy.png" alt="党史学习教育专题" width="880" height="120"></a>\n'
              + ul(S["ztzl/dsxxjy"][:3], iso)),
    ]))
    return out


FLOAT_JS = """<script type="text/javascript">
(function(){var el=document.getElementById('piaochuang');if(!el)return;var x=20,y=160,dx=1,dy=1;
setInterval(function(){var w=window.innerWidth-el.offsetWidth,h=window.innerHeight-el.offsetHeight;
x+=dx;y+=dy;if(x<0||x>w)dx=-dx;if(y<0||y>h)dy=-dy;el.style.left=x+'px';el.style.top=y+'px';},40);})();
</script>"""


def render_home(S: dict[str, list[Art]]) -> str:
    gz = S["xwdt/gzdt"]
    head_art = gz[0]
    yw = sorted(gz[2:5] + S["xwdt/tpxw"][:3], key=lambda a: (a.shown_date, a.url), reverse=True)
    summary = "会议全面总结了2021年度工作，分析了当前面临的形势任务，对2022年重点工作进行了安排部署。"
    yaowen = (f'<div class="headline"><h2><a href="{head_art.url}">{head_art.title}</a></h2>'
              f'<p>{summary}<span class="date">{head_art.shown_date:%Y-%m-%d}</span></p></div>\n'
              + ul(yw, iso))
    zcwj = "\n".join(f'<li><a href="{a.url}" target="_blank">{a.title}</a><span>{a.date:%Y-%m-%d}</span></li>'
                     for a in S["zwgk/zcwj"])
    main = f"""<div class="w main home">
<div class="banner"><img src="/images/banner.png" alt="数字云岭　共建共享" width="1200" height="160"></div>
<div class="row clearfix">
{block("要闻", "/xwdt/", yaowen, "yw")}
{block("工作动态", "/xwdt/gzdt/", ul(gz[:8], iso), "gzdt")}
</div>
<div class="row clearfix">
{block("通知公告", "/zwgk/tzgg/", ul(S["zwgk/tzgg"][:7], lambda a: f"[{a.date:%Y-%m-%d}]"), "tzgg")}
{block("政策文件", "/zwgk/zcwj/", f'<ul class="list">{zcwj}</ul>', "zcwj")}
</div>
<div class="row zt clearfix">
<a href="/ztzl/szzf/"><img src="/images/ztzl_szzf.png" alt="数字政府建设专题" width="590" height="80"></a>
<a href="/ztzl/dsxxjy/"><img src="/images/ztzl_dsxxjy.png" alt="党史学习教育专题" width="590" height="80"></a>
</div>
<div class="row quick clearfix">
<a href="/hdjl/ldxx/">领导信箱</a><a href="/hdjl/zjdc/">征集调查</a><a href="/zwgk/ndbg">政府信息公开年报</a><a href="/zwgk/zcjd/">政策解读</a><a href="/jggk/jgzn/">机构职能</a>
</div>
<div class="links"><span>友情链接：</span><a href="http://www.gov.cn/" target="_blank">中国政府网</a></div>
</div>
<div id="piaochuang" class="float-window" style="position:fixed;left:20px;top:160px;width:240px;height:120px;z-index:9999;"><a href="/ztzl/szzf/"><img src="/images/piaochuang.png" alt="数字政府建设专题" width="240" height="120"></a></div>
{FLOAT_JS}"""
    metas = [("SiteName", SITE), ("SiteIDCode", SITE_ID),
             ("description", "云岭市数据资源管理局门户网站"), ("keywords", "云岭,数据资源,数字政府,政务公开")]
    return page(SITE, metas, main, current_first=None)


# ---------------------------------------------------------------------------------------------
# Error page, dynamic-page templates, assets
# ---------------------------------------------------------------------------------------------

NOT_FOUND_MAIN = """<div class="w main">
<div class="error-page">
<h2>很抱歉，您访问的页面不存在或已被删除！</h2>
<p>请检查您输入的网址是否正确，或<a href="/">返回首页</a>。</p>
</div>
</div>"""


def render_templates(S) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    metas = [("SiteName", SITE), ("SiteIDCode", SITE_ID)]
    out["/_tpl/404.html"] = page(f"页面不存在_{SITE}", metas, NOT_FOUND_MAIN)
    out[SOFT_404] = page(f"页面不存在_{SITE}", metas, NOT_FOUND_MAIN)  # soft 404 (HTTP 200)
    out["/_tpl/calendar.html"] = list_page(C["hdjl/hdrl"], "<!--CONTENT-->")
    search_main = f"""<div class="w main clearfix">
<div class="location">当前位置：<a href="/">首页</a> &gt; 站内搜索</div>
<div class="search-result">
<!--CONTENT-->
</div>
</div>"""
    out["/_tpl/search.html"] = page(f"搜索结果_{SITE}", metas, search_main)
    index = []
    for arts in S.values():
        for a in arts:
            index.append({"title": a.title, "url": a.url,
                          "date": f"{a.shown_date:%Y-%m-%d}" if a.shown_date else ""})
    index.sort(key=lambda r: (r["date"], r["url"]), reverse=True)
    out["/_tpl/search_index.json"] = json.dumps(index, ensure_ascii=False, indent=1) + "\n"
    events = {
        "2021-11-20": "数字政府建设专家咨询会",
        "2021-12-03": "2021年数据开放日活动",
        "2021-12-15": "全市政务数据安全培训",
        "2021-12-28": "2021年度工作总结会议",
    }
    out["/_tpl/calendar_events.json"] = json.dumps(events, ensure_ascii=False, indent=1) + "\n"
    out["/" + MARKER] = "Generated by tools/build_demo_site.py. Do not edit by hand.\n"
    return out


CSS = """/* 云岭市数据资源管理局 */
body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333;background:#fff}
a{color:#1f3f6e;text-decoration:none}a:hover{color:#c00;text-decoration:underline}
ul{margin:0;padding:0;list-style:none}.clearfix:after{content:"";display:block;clear:both}
.w{width:1200px;margin:0 auto}
.topbar{background:#f2f2f2;border-bottom:1px solid #ddd;color:#444;font-size:12px;line-height:32px}
.topbar-r{float:right}.topbar-r a{color:#444;margin:0 8px}
.header{background:#1457a6;color:#fff;height:110px}.header .logo{float:left;margin:23px 16px 0 0}
.site-name{float:left;font-size:30px;font-weight:bold;line-height:40px;margin-top:26px}
.site-name span{display:block;font-size:11px;font-weight:normal;line-height:16px}
.search{float:right;margin-top:30px}.search-input{width:220px;height:28px;border:0;padding:0 6px}
.search-btn{height:30px;border:0;background:#f7b500;color:#222;padding:0 14px}
.hot{font-size:12px}.hot a{color:#fff}
.nav{background:#0d4384}.nav li{float:left;position:relative}
.nav li>a{display:block;padding:0 34px;color:#fff;font-size:17px;line-height:46px}
.nav li.on>a,.nav li:hover>a{background:#f7b500;color:#222}
.subnav{display:none;position:absolute;left:0;top:46px;background:#fff;border:1px solid #ccc;z-index:10;width:160px}
.subnav a{display:block;padding:0 12px;color:#333}.nav li:hover .subnav{display:block}
.location{padding:12px 0;border-bottom:1px solid #e5e5e5;margin-bottom:16px;color:#555}
.side{float:left;width:220px}.side-tit{background:#1457a6;color:#fff;font-size:18px;padding:10px 16px}
.side-list li{border-bottom:1px dashed #ccc}.side-list a{display:block;padding:8px 16px}
.side-list li.on a{background:#e9f0fa;font-weight:bold}
.content{float:right;width:950px}.col-tit{border-bottom:2px solid #1457a6;margin-bottom:10px}
.col-tit h2{margin:0;font-size:18px;display:inline-block;padding:4px 12px;background:#1457a6;color:#fff}
.list li{line-height:36px;border-bottom:1px dashed #ddd;overflow:hidden}
.list li span,.list li .date{float:right;color:#555}.date-first li .date{float:none;margin-right:16px}
.list-table{width:100%;border-collapse:collapse}.list-table th,.list-table td{border-bottom:1px dashed #ddd;padding:6px;text-align:left}
.page{text-align:center;margin:20px 0;color:#555}.page a,.page span{margin:0 4px}.page .now{color:#c00;font-weight:bold}
.pic-item{float:left;width:240px;margin:0 14px 14px 0}.pic-item em{color:#555;font-style:normal}
.article-title{font-size:24px;text-align:center;color:#1f3f6e;margin:10px 0}
.article-info,.hw-article .info{text-align:center;color:#555;border-bottom:1px solid #ddd;padding-bottom:8px}
.article-content p,.zoom p{text-indent:2em;font-size:16px;line-height:2}
.hw-article .title{font-size:24px;font-weight:bold;text-align:center;margin:16px 0}
.pic{text-align:center;text-indent:0!important}.sign{text-align:right}
.xxgk-meta{width:100%;border:1px solid #ccc;border-collapse:collapse;margin-bottom:16px}
.xxgk-meta th,.xxgk-meta td{border:1px solid #ccc;padding:6px;text-align:left}.xxgk-meta th{background:#f5f5f5;width:90px}
.attach,.related,.article-tools,.prev-next,.tools,.pn{margin-top:14px}
.article-tools,.tools{text-align:right}
.box{float:left;width:585px;margin:0 15px 15px 0}.box-tit{border-bottom:2px solid #1457a6;overflow:hidden}
.box-tit h3{float:left;margin:0;font-size:17px;padding:4px 10px;background:#1457a6;color:#fff}
.box-tit .more{float:right;font-size:12px;line-height:34px}
.headline h2{font-size:18px;margin:8px 0}.banner img,.zt img{display:block}
.quick a{display:inline-block;margin:0 12px 12px 0;padding:8px 22px;background:#e9f0fa}
.no-data,.building{padding:60px 0;text-align:center;color:#555;font-size:16px}
.error-page{padding:80px 0;text-align:center}
.footer{background:#0d4384;color:#fff;text-align:center;padding:16px 0;margin-top:24px;line-height:2}
.footer a{color:#fff}
.care body,.care{font-size:20px}
"""

JS = """/* common.js */
function doZoom(size){var el=document.getElementById('zoom');if(el){el.style.fontSize=size+'px';}}
function toggleToolbar(){document.documentElement.classList.toggle('barrier-free');}
function careMode(){document.documentElement.classList.toggle('care');}
function addFavorite(){alert('请使用Ctrl+D收藏本站');}
"""


def png(w: int, h: int, rgb: tuple[int, int, int], stripe: tuple[int, int, int] | None = None) -> bytes:
    rows = []
    for y in range(h):
        c = stripe if stripe and (y // 8) % 4 == 0 else rgb
        rows.append(b"\x00" + bytes(c) * w)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def tiny_pdf(text: str) -> bytes:
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def render_assets(S) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {
        "/images/style.css": CSS,
        "/images/common.js": JS,
        "/images/logo.png": png(64, 64, (200, 30, 30)),
        "/images/banner.png": png(1200, 160, (20, 87, 166), (247, 181, 0)),
        "/images/piaochuang.png": png(240, 120, (196, 30, 30), (255, 255, 255)),
        "/images/ztzl_szzf.png": png(880, 120, (20, 87, 166), (120, 170, 230)),
        "/images/ztzl_dsxxjy.png": png(880, 120, (190, 20, 20), (250, 210, 60)),
        "/images/gongan.png": png(16, 16, (40, 90, 170)),
        "/images/dzjg.png": png(46, 56, (200, 20, 20)),
        "/zwgk/zcjd/202107/W020210718600001.png": png(600, 900, (240, 246, 252), (20, 87, 166)),
        ATTACH_OK: tiny_pdf("Yunling Municipal Data Resources Administration, Yun Shu Fa [2021] No. 7"),
    }
    for a in S["xwdt/tpxw"]:
        out[a.image] = png(240, 160, (90, 130, 180), (230, 230, 230))
    return out


# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

# Every seeded string -> the only pages (URLs) allowed to contain it (after decoding).
SEEDED_ONLY_AT = {
    "中华人民共合国": ["GZDT:市数据资源管理局组织开展保密法治宣传教育"],
    "扫黑险恶": ["GZDT:市数据资源管理局开展扫黑除恶常态化工作部署"],
    "“一带一路”战略": ["MTGZ:我市面向南亚东南亚打造区域性数据枢纽"],
    "两岸三地": ["MTGZ:我市数字经济发展论坛举行"],
    "再接再励": ["GZDT:市数据资源管理局召开2021年度工作总结会议"],
    "布署": ["QXDT:金川区开展政务数据共享应用培训"],
    "其它": ["ZCWJ:D4"],
    "截止": ["GZDT:我市电子证照库累计归集证照突破百万张"],
    "国土资源局": ["GZDT:市数据资源管理局与市住房和城乡建设局召开不动产数据共享对接会"],
    "工商行政管理总局": ["GZDT:我市法人基础信息库与市市场监督管理局实现数据实时共享"],
    "數據": ["GZDT:全市公共数据开放平台上线第三批数据集"],
    "六合彩": ["GZDT:我市12345政务服务便民热线数据分析平台投入使用"],
    "代开发票": ["GZDT:我市12345政务服务便民热线数据分析平台投入使用"],
    "博彩": ["GZDT:我市12345政务服务便民热线数据分析平台投入使用"],
    "example-bet.invalid": ["GZDT:我市12345政务服务便民热线数据分析平台投入使用"],
    PRIVACY_ID: ["TZGG:关于2021年公开招聘编外工作人员拟聘用人员名单的公示"],
    PRIVACY_MOBILE: ["TZGG:关于2021年公开招聘编外工作人员拟聘用人员名单的公示"],
    "t20211015_0999": ["GZDT:市数据资源管理局与市发展和改革委员会召开数据共享工作座谈会"],
    "missing.pdf": ["ZCWJ:D5"],
    "W020211208391004": ["TPXW:我市政务服务大厅新增自助服务专区"],
    "content_3099": ["TZGG:关于调整政务服务大厅办公时间的公告"],
    "color:#cccccc": ["/zwgk/ndbg/index.html"],
    "position:fixed": ["/index.html"],
}
# Clean counterparts that must exist somewhere (precision tests need them).
MUST_EXIST = ["中华人民共和国", "扫黑除恶", "“一带一路”倡议", "再接再厉", "部署", "其他", "截至",
              "自然资源和规划局", "市场监督管理局", "发展和改革委员会", "党史学习教育",
              "人力资源和社会保障局", "住房和城乡建设局", "文化和旅游局", "5301**********2018"]
TRAD_CHARS = "數據資開發動與為國們個這時來會說對於產業經濟務電報導網絡線區縣鄉鎮證書處辦關術"


def collect() -> tuple[dict[str, list[Art]], dict[str, Art], dict[str, Art]]:
    rng = random.Random(SEED)
    S: dict[str, list[Art]] = {}
    S["xwdt/gzdt"] = build_gzdt(rng)
    S["xwdt/qxdt"] = build_qxdt(rng)
    S["xwdt/tpxw"] = build_tpxw(rng)
    S["xwdt/mtgz"] = build_mtgz(rng)
    S["zwgk/tzgg"] = build_tzgg(rng)
    docs = build_zcwj(rng)
    S["zwgk/zcwj"] = sorted(docs.values(), key=lambda a: a.date, reverse=True)
    interps = build_zcjd(rng, docs)
    S["zwgk/zcjd"] = sorted(interps.values(), key=lambda a: a.date, reverse=True)
    S["zwgk/rsxx"] = build_rsxx(rng)
    S["zwgk/tjsj"] = build_tjsj(rng)
    S["zwgk/ndbg"] = build_ndbg(rng)
    S["hdjl/ldxx"] = build_letters(rng)
    S["hdjl/zxft"] = build_interviews(rng)
    S["ztzl/dsxxjy"] = build_dsxxjy(rng)
    S["ztzl/szzf"] = build_szzf(rng)
    return S, docs, interps


def render_all() -> tuple[dict[str, bytes], dict]:
    S, docs, interps = collect()
    pages: dict[str, str] = {}  # url path -> html text
    enc: dict[str, str] = {}
    pages["/index.html"] = render_home(S)
    pages.update(render_channels(S))
    pages["/jggk/jgzn/index.html"] = single_page(C["jggk/jgzn"], paras(JGZN))
    pages["/jggk/ldxx/index.html"] = single_page(C["jggk/ldxx"], leaders_html())
    for key, arts in S.items():
        col = C[key]
        if key == "xwdt/gzdt":
            pages.update(render_gzdt_lists(arts))
        else:
            pages[col.path + "index.html"] = render_list(col, arts)
        for a in arts:
            p = render_article(a, arts)
            pages[a.url] = p
            enc[a.url] = col.encoding
        enc[col.path + "index.html"] = col.encoding
    for key in ("zwgk/ghjh", "zwgk/czzj", "hdjl/zjdc"):
        pages[C[key].path + "index.html"] = render_list(C[key], [])
    cms = build_cms(random.Random(SEED + 13))  # its own random stream: the other pages stay as they were
    pages.update(render_cms_pages(cms))
    other = render_templates(S)
    other.update(render_assets(S))
    other.update(render_cms_data(cms))

    files: dict[str, bytes] = {}
    for url, text in pages.items():
        files[url] = text.encode(enc.get(url, "utf-8"))  # strict: fails on non-GBK characters
    for url, data in other.items():
        files[url] = data.encode("utf-8") if isinstance(data, str) else data

    # ---- self-check: every seeded string only where the README says ----
    named = {}
    for key, arts in S.items():
        tag = key.split("/")[1].upper()
        for a in arts:
            named[f"{tag}:{a.title}"] = a.url
            named[f"{tag}:{a.title.split('：', 1)[-1]}"] = a.url  # 媒体关注: without the media prefix
    for k, a in docs.items():
        named[f"ZCWJ:{k}"] = a.url
    texts = {u: files[u].decode(enc.get(u, "utf-8")) for u in pages}
    for needle, where in SEEDED_ONLY_AT.items():
        want = {named.get(w, w) for w in where}
        got = {u for u, t in texts.items() if needle in t}
        if got != want:
            raise SystemExit(f"seed check failed for {needle!r}: expected {sorted(want)}, got {sorted(got)}")
    check_cms(cms, texts)
    for needle in MUST_EXIST:
        if not any(needle in t for t in texts.values()):
            raise SystemExit(f"clean text missing: {needle!r}")
    trad_page = named["GZDT:全市公共数据开放平台上线第三批数据集"]
    for u, t in texts.items():
        bad = sorted({ch for ch in t if ch in TRAD_CHARS})
        if u != trad_page and bad:
            raise SystemExit(f"traditional characters {bad} on {u}")
    for u in ("/zwgk/tjsj/index.html",) + tuple(a.url for a in S["zwgk/tjsj"]):
        if re.search(r"(19|20)\d\d\s*[-/.年]|\[\d\d-\d\d\]|PubDate", texts[u]):
            raise SystemExit(f"undated page {u} shows a date")
    stats = {"html_pages": sum(1 for u in files if u.endswith((".html", ".shtml")) and not u.startswith("/_tpl/")),
             "articles": sum(len(v) for v in S.values()) + len(cms.jcms) + len(cms.trs) + len(cms.feed),
             "files": len(files)}
    return files, stats


def write(files: dict[str, bytes], out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"refusing to overwrite {out}: not a generated demo site (no {MARKER})")
        shutil.rmtree(out)
    for url in sorted(files):
        path = out / url.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[url])


def same_tree(a: Path, b: Path) -> bool:
    def listing(root):
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    la, lb = listing(a), listing(b)
    if la != lb:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, la, shallow=False)
    return not mismatch and not errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    ap.add_argument("--check", action="store_true",
                    help="build into a temporary directory and compare with --out")
    args = ap.parse_args(argv)
    files, stats = render_all()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write(files, Path(tmp) / "www")
            ok = same_tree(Path(tmp) / "www", args.out)
        print("up to date" if ok else f"{args.out} is out of date: run tools/build_demo_site.py")
        return 0 if ok else 1
    write(files, args.out)
    print(f"wrote {stats['files']} files ({stats['html_pages']} HTML pages, "
          f"{stats['articles']} articles) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

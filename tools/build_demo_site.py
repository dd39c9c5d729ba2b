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
import shutil
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

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

    @property
    def parent(self) -> str:
        return self.key.split("/")[0]

    @property
    def path(self) -> str:
        return "/" + self.key + "/"

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
    Col("hdjl/hdrl", "活动日历", "互动交流", href="/hdjl/hdrl/?month=2021-12"),
    Col("ztzl/dsxxjy", "党史学习教育", "专题专栏"),
    Col("ztzl/szzf", "数字政府建设", "工作进展"),
]
C = {c.key: c for c in COLS}
NAV_HIDDEN = {"hdjl/hdrl"}  # linked from the 互动交流 channel page and sidebar only


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


# Generic work-news sentences (clean text: correct names and formulas only).
POOL = [
    "会议指出，今年以来，全局上下坚持以习近平新时代中国特色社会主义思想为指导，认真落实市委、市政府决策部署，各项工作取得积极成效。",
    "会议强调，要进一步提高政治站位，把数字政府建设作为推进治理体系和治理能力现代化的重要抓手。",
    "会议要求，各处室、各单位要对照年度目标任务，逐项梳理完成情况，确保各项任务按期完成。",
    "下一步，市数据资源管理局将继续深化政务数据共享应用，推动更多事项“网上办、掌上办、就近办”。",
    "活动中，工作人员向群众发放宣传资料，现场解答群众关心的问题。",
    "据了解，该平台已接入市级部门42家、县（市、区）12个，累计提供数据共享服务1600余万次。",
    "与会人员结合各自工作实际，围绕数据资源整合、业务协同等方面进行了交流发言。",
    "局党组书记、局长张建华出席会议并讲话。",
    "局党组成员、副局长李红梅主持会议。",
    "此次活动进一步增强了干部职工的责任意识和服务意识，营造了良好的工作氛围。",
    "大家纷纷表示，将以此次学习为契机，把学习成果转化为推动工作的实际成效。",
    "会议通报了全市政务数据共享交换平台运行情况，并对存在的问题提出了整改要求。",
    "近年来，我市坚持以数据赋能为主线，持续推进政务信息系统整合共享，打破“信息孤岛”。",
    "检查组采取听取汇报、查阅资料、现场查看等方式，对机房设备运行、应急预案落实等情况进行了全面检查。",
    "针对检查中发现的问题，检查组现场提出整改意见，要求相关单位限期整改到位。",
    "会议要求，要严格落实网络安全责任制，加强关键信息基础设施安全保护，切实守住安全底线。",
    "培训采取专题授课、案例分析和交流研讨相结合的方式进行，内容丰富，针对性强。",
    "来自市级各部门、各县（市、区）的业务骨干共120余人参加培训。",
    "下一步，我局将持续优化数据治理机制，不断提升数据质量，为经济社会发展提供有力的数据支撑。",
    "会议传达学习了省、市有关会议精神，研究部署了近期重点工作。",
    "会上，各处室负责人分别汇报了工作进展情况及下一步工作打算。",
    "会议强调，要坚持问题导向，聚焦企业和群众办事的难点堵点，推动政务服务提质增效。",
    "此次演练检验了应急预案的科学性和可操作性，提高了应急处置能力。",
    "会议指出，党风廉政建设是一项长期任务，全体党员干部要时刻绷紧纪律这根弦。",
    "活动现场气氛热烈，群众参与积极性高，取得了良好的社会效果。",
    "目前，全市已累计汇聚各类政务数据12.6亿条，编制政务数据资源目录8900余项。",
    "双方就数据共享需求清单、共享方式、安全保障等事项进行了深入沟通，达成了多项共识。",
    "会议要求，要加强统筹协调，明确责任分工，建立健全工作台账，确保各项工作落地见效。",
    "与会同志一致认为，此次会议主题鲜明、内容丰富，对做好下一阶段工作具有很强的指导意义。",
    "据介绍，该系统上线以来运行平稳，日均处理业务量超过3万件。",
    "我局将以此次活动为契机，进一步完善便民服务措施，不断提升群众的获得感和满意度。",
    "会议还就做好岁末年初各项工作进行了安排部署。",
    "市委网信办、市公安局、市发展和改革委员会等单位有关负责同志参加会议。",
    "调研组一行先后深入政务服务中心、数据机房和乡镇便民服务中心，实地了解工作推进情况。",
    "调研组指出，要坚持需求导向，推动数据资源向基层延伸，切实为基层减负赋能。",
    "全体参会人员认真观看了专题片，深受教育和警醒。",
    "会议要求，要深入推进政务公开标准化规范化建设，及时准确发布政府信息，回应社会关切。",
    "此次讲座邀请了省内高校专家授课，围绕数字政府发展趋势、数据要素市场培育等内容作了深入讲解。",
    "下一步，市数据资源管理局将认真总结经验，巩固工作成果，推动数据资源管理工作再上新台阶。",
    "会议号召全局干部职工坚定信心、真抓实干，奋力开创全市数据资源管理工作新局面。",
]

PARTY_POOL = [
    "活动中，全体党员重温入党誓词，进一步坚定理想信念。",
    "大家表示，要把党史学习教育成果转化为干事创业的强大动力，以实际行动践行初心使命。",
    "局党组坚持把党史学习教育作为重大政治任务，精心组织、周密安排，确保学习教育取得实效。",
    "通过学习，大家进一步增强了“四个意识”、坚定了“四个自信”、做到了“两个维护”。",
    "局党组书记、局长张建华结合工作实际，为全体党员干部讲了专题党课。",
]


def gen_body(rng: random.Random, lead: str, custom=None, at=1, n=None, pool=POOL) -> str:
    """Work-news body: a dated lead, then 2-6 paragraphs of templated sentences."""
    n = n or rng.randint(3, 6)
    picks = rng.sample(pool, min(len(pool), n * 2))
    ps = [lead + picks[0]]
    i = 1
    while len(ps) < n and i < len(picks):
        k = 1 if rng.random() < 0.45 else 2
        ps.append("".join(picks[i:i + k]))
        i += k
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
                body=gen_body(rng, lead, GZDT_CUSTOM.get(title)))
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
        body = gen_body(rng, lead, QXDT_CUSTOM.get(title), n=rng.randint(3, 5))
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
        body += gen_body(rng, lead, n=rng.randint(3, 4))
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
        body = gen_body(rng, lead, MTGZ_CUSTOM.get(title), n=rng.randint(3, 5))
        arts.append(Art(col, full, d, hanweb_url(1236, d, 5701 + i), time="08:30", source=media,
                        body=body))
    return sorted(arts, key=lambda a: a.date, reverse=True)

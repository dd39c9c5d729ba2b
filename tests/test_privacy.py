"""Personal data: ID numbers with right and wrong check digits, mobile and bank-card numbers, in
text and in generated PDF / DOCX / XLSX / TXT attachments; always masked."""
from __future__ import annotations

import pytest

from inspector.extract.attachment import attachment_text
from inspector.privacy import find_personal_data, id_checksum_ok, luhn_ok, mask, mask_text, number_snippets
from tests.docs import make_docx, make_pdf, make_xlsx

GOOD_ID = "530102199001011231"  # the demo site's (valid check digit)
GOOD_ID_X = "11010519491231002X"  # the example of GB 11643, check digit X
BAD_ID = "530102199001011232"  # wrong check digit


def with_luhn(prefix: str) -> str:
    for digit in "0123456789":
        if luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError


CARD = with_luhn("622202123456789012")  # 19 digits, UnionPay
BAD_CARD = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.masked) for h in find_personal_data(text, 2021)]


def test_id_check_digit():
    assert id_checksum_ok("530102199002301230") and id_checksum_ok("990102199001011237")  # used below
    assert id_checksum_ok(GOOD_ID) and id_checksum_ok(GOOD_ID_X) and id_checksum_ok(GOOD_ID_X.lower())
    assert not id_checksum_ok(BAD_ID)


CASES = [  # (text, expected (kind, masked) list)
    (f"身份证号：{GOOD_ID}", [("id_card", "5301**********1231")]),
    (f"证件号码 {GOOD_ID_X}。", [("id_card", "1101**********002X")]),
    (f"身份证号：{BAD_ID}", []),  # wrong check digit
    ("身份证号：530102199002301230", []),  # 1990-02-30 does not exist (check digit valid)
    ("编号：990102199001011237", []),  # no province 99 (check digit valid)
    (f"订单号 9{GOOD_ID}", []),  # part of a longer number
    ("手机：13912345678", [("mobile", "139****5678")]),
    ("杨丽 女 13912345678 数据分析岗", [("mobile", "139****5678")]),
    ("+86 13912345678", [("mobile", "139****5678")]),
    ("12912345678", []),  # 12x is no mobile prefix
    ("139123456789", []),  # 12 digits
    ("联系人：王某，联系电话：13912345678", []),  # the office's contact, published on purpose
    ("咨询电话 13800001234", []),
    ("总投资13900000000元", []),  # an amount
    ("监督电话：0871-63100010", []),  # landline
    ("滇公网安备 53010202000001号", []),
    ("5301**********2018 138****6621", []),  # already masked
    (f"银行卡号：{CARD}", [("bank_card", CARD[:4] + "*" * 11 + CARD[-4:])]),
    (f"开户账号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", [("bank_card", CARD[:4] + "*" * 11 + CARD[-4:])]),
    (f"银行卡号：{BAD_CARD}", []),  # fails Luhn
    (f"流水号：{CARD}", []),  # no bank word before it
]


@pytest.mark.parametrize("text, expected", CASES)
def test_personal_numbers(text, expected):
    assert kinds(text) == expected


def test_masking():
    assert mask("id_card", GOOD_ID) == "5301**********1231"
    assert mask("mobile", "13912345678") == "139****5678"
    text = f"杨丽 {GOOD_ID} 13912345678 {BAD_ID}"
    assert mask_text(text) == f"杨丽 5301**********1231 139****5678 {BAD_ID}"


def test_number_snippets_keep_the_words_before_a_number():
    text = "序号 姓名 身份证号码 联系电话 " + "说明" * 40 + f" 杨丽 {GOOD_ID} 13912345678 数据分析岗"
    snippets = number_snippets(text)
    assert len(snippets) == 1 and GOOD_ID in snippets[0] and "13912345678" in snippets[0]
    assert number_snippets("2021年10月21日，电话 0871-6310") == []


def ids_in(data: bytes, ext: str) -> list[str]:
    text, note = attachment_text(data, ext)
    assert note == "", note
    return [h.masked for h in find_personal_data(text, 2021) if h.kind == "id_card"]


def test_pdf_attachment():
    assert ids_in(make_pdf([f"ID {GOOD_ID}", f"wrong {BAD_ID}"]), "pdf") == ["5301**********1231"]


def test_docx_attachment_paragraphs_and_tables():
    data = make_docx([f"身份证号：{BAD_ID}"], [["姓名", "身份证号"], ["张三", GOOD_ID_X]])
    assert ids_in(data, "docx") == ["1101**********002X"]


def test_xlsx_attachment_with_headings():
    data = make_xlsx([["2021年补贴发放名单"], ["姓名", "身份证号码", "银行卡号", "手机"],
                      ["张三", GOOD_ID, CARD, 13912345678], ["李四", BAD_ID, BAD_CARD, None]])
    text, _ = attachment_text(data, "xlsx")
    found = kinds(text)
    assert ("id_card", "5301**********1231") in found and ("mobile", "139****5678") in found
    assert ("bank_card", CARD[:4] + "*" * 11 + CARD[-4:]) in found  # 银行卡号 heading next to the number
    assert len([k for k, _ in found if k == "id_card"]) == 1


def test_txt_attachment_in_gbk():
    assert ids_in(f"拟聘人员 {GOOD_ID}".encode("gb18030"), "txt") == ["5301**********1231"]


def test_legacy_doc_text_runs():
    data = b"\xd0\xcf\x11\xe0" + b"\x00" * 40 + "身份证号码：".encode("utf-16-le") + GOOD_ID.encode("utf-16-le") + b"\x00" * 9
    assert ids_in(data, "doc") == ["5301**********1231"]


def test_broken_or_unknown_files_give_a_note_not_an_error():
    assert attachment_text(b"not a pdf", "pdf")[1].startswith("无法读取")
    assert attachment_text(b"PK\x03\x04 broken", "docx")[1].startswith("无法读取")
    assert attachment_text(b"\x89PNG", "png") == ("", "不读取此类文件")

#!/usr/bin/env python3
"""A seeded, deterministic Maildir of real-world-shaped mail for the IMAP benchmark.

    benchmarks/imap/corpus.py --out DIR [--messages 10000] [--seed 1]

writes DIR/Maildir/{cur,new,tmp} and DIR/manifest.json. The same seed and count give the same
bytes and the same file names on every machine (checked by the `digest` in the manifest).

What is in it (shares of the messages; see SHAPES and LANGUAGES):
- plain text, replies quoting the message they answer, multipart/alternative (text + HTML,
  a fifth of them multipart/related with inline images), multipart/mixed with 1-3 base64
  attachments (file names as plain ASCII, RFC 2231 `filename*=` with and without continuations,
  and the RFC 2047-in-quotes form Outlook and Foxmail send), forwards carrying the original as
  message/rfc822 (some of them forwards of forwards);
- text in English, Simplified and Traditional Chinese, Japanese, Russian and western European
  languages, in UTF-8, US-ASCII, GB2312, GBK (with characters GB2312 lacks), Big5, Shift_JIS,
  KOI8-R, Windows-1251, ISO-8859-1 and Windows-1252 (with its curly quotes and euro sign);
  headers with RFC 2047 encoded words (B and Q) in the message's charset, a few with raw UTF-8
  (RFC 6532); bodies as 7bit, 8bit, quoted-printable or base64;
- sizes: most 2-50 KB (log-uniform), some 50-500 KB, a few 1-5 MB;
- Received chains, DKIM signatures, List-* headers, X-Mailer of common clients;
- Maildir names as Dovecot and mailroom write them (`,S=SIZE,W=VSIZE`) and as Postfix's
  virtual(8) does (no sizes), flags in `:2,` (most seen, some flagged or answered, a fifth
  unseen), the newest messages in new/; file mtimes (IMAP's INTERNALDATE) at delivery time.

Files have LF line ends, as Postfix and Dovecot store them; the manifest gives each file's size
and its size with CRLF line ends (what IMAP's RFC822.SIZE reports and BODY[] returns).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as _dt
import hashlib
import json
import math
import os
import random
import sys
import urllib.parse
from pathlib import Path

GENERATOR_VERSION = 1
ACCOUNT = "bench@example.test"
HOSTNAME = "mail.example.test"
FIRST_DAY = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)
SPAN_SECONDS = 1050 * 86400                  # messages dated over about three years
MAX_ENCODED_WORD = 75                        # RFC 2047 §2
FOLD_AT = 76                                 # header lines are folded before this width
IN_NEW = 30                                  # the newest messages are left in new/, not yet seen by a client

# ----------------------------------------------------------------------------- languages

EN_WORDS = """
the meeting report budget invoice quarterly review schedule project deadline team customer
order shipment contract proposal update please attached find regarding follow confirm agenda
tomorrow next week monday friday afternoon morning call discuss plan revenue forecast sales
marketing launch product release version server migration database backup security patch
account password reset login access request approval manager director office travel hotel
flight booking expense receipt payment transfer bank statement balance tax return audit
compliance policy training session workshop conference slides presentation draft final
feedback comments changes document spreadsheet figures numbers growth target quarter annual
summary minutes action items owner status blocked done pending review merge branch build test
deploy release notes support ticket issue resolved customer happy thanks regards best wishes
hello hi dear team all everyone looking forward hearing from you soon let know if any questions
shipping warehouse inventory supplier price quote discount delivery date address phone number
""".split()

ZH_CN_PHRASES = """
会议 报告 项目 合同 发票 通知 预算 季度 审核 计划 客户 订单 发货 确认 附件 请查收 谢谢
下周 周一 上午 下午 讨论 方案 销售 市场 产品 发布 版本 服务器 迁移 数据库 备份 安全
账号 密码 登录 申请 审批 经理 总监 办公室 出差 酒店 航班 报销 付款 转账 银行 对账单
财务 税务 培训 研讨会 演示 文档 表格 数据 增长 目标 年度 总结 纪要 负责人 进度 完成
支持 问题 解决 感谢 此致 敬礼 您好 各位 同事 期待 回复 如有 疑问 请联系 供应商 报价
折扣 交货 日期 地址 电话 北京 上海 深圳 广州 杭州 公司 部门 领导 安排 落实 尽快
""".split()
ZH_GBK_ONLY = "瑄 堃 喆 镕 昇 珺 祎 玥".split()     # common in given names; not in GB2312

ZH_TW_PHRASES = """
會議 報告 專案 合約 發票 通知 預算 季度 審核 計畫 客戶 訂單 出貨 確認 附件 請查收 謝謝
下週 週一 上午 下午 討論 方案 銷售 市場 產品 發佈 版本 伺服器 資料庫 備份 安全 帳號
密碼 登入 申請 核准 經理 辦公室 出差 飯店 航班 報帳 付款 轉帳 銀行 財務 稅務 訓練
簡報 文件 數據 成長 目標 年度 總結 紀錄 負責人 進度 完成 支援 問題 解決 感謝 敬祝
順心 您好 各位 同仁 期待 回覆 如有 疑問 請聯絡 供應商 報價 折扣 交貨 日期 地址 電話
台北 台中 高雄 新竹 公司 部門 許可 功能 安排
""".split()

JA_PHRASES = """
お世話になっております 会議 報告書 見積書 請求書 契約書 ご確認 ください よろしく お願いします
来週 月曜日 午前 午後 打ち合わせ 資料 添付 送付 いたします 予算 四半期 計画 顧客 注文
出荷 製品 発売 バージョン サーバー 移行 データベース バックアップ セキュリティ パスワード
申請 承認 部長 課長 出張 ホテル 経費 精算 支払い 振込 銀行 財務 研修 発表 文書 目標
年度 議事録 担当者 進捗 完了 サポート 問題 解決 ありがとう ございます 東京 大阪 名古屋
株式会社 営業部 技術部 ご検討 幸いです 早急に 対応 させていただきます
""".split()

RU_WORDS = """
встреча отчёт проект договор счёт уведомление бюджет квартал проверка план клиент заказ
отгрузка подтверждение вложение пожалуйста спасибо следующей неделе понедельник утром днём
обсудить предложение продажи рынок продукт выпуск версия сервер миграция база данных резервная
копия безопасность учётная запись пароль вход заявка согласование руководитель директор офис
командировка гостиница рейс расходы оплата перевод банк выписка бухгалтерия налоги обучение
семинар презентация документ таблица рост цель годовой итоги протокол ответственный статус
выполнено поддержка вопрос решён благодарю с уважением здравствуйте коллеги жду ответа
поставщик цена скидка доставка дата адрес телефон Москва Санкт-Петербург компания отдел
""".split()

WEST_WORDS = """
réunion rapport projet contrat facture avis budget trimestre révision client commande
livraison confirmé pièce jointe merci semaine prochaine lundi matin après-midi discuter
proposition ventes marché produit déjà été très bientôt cordialement salutations équipe
Besprechung Bericht Vertrag Rechnung Übersicht Quartal Prüfung Kunde Bestellung Lieferung
bestätigt Anhang danke nächste Woche Montag Vormittag Grüße Mitarbeiter Größe Straße Gebühr
reunión informe proyecto contrato factura presupuesto revisión cliente pedido envío
confirmación adjunto gracias próxima semana lunes mañana tarde señor señora atención año
""".split()

CP1252_EXTRAS = ["“draft”", "it’s", "€ 1 250", "— see below", "…", "‘final’", "€ 980", "don’t"]


def en_first():
    return "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Susan " \
           "Richard Jessica Joseph Sarah Thomas Karen Daniel Nancy Matthew Lisa Anthony Emily".split()


def en_last():
    return "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore " \
           "Martin Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King".split()


# family name, given name, romanised family, romanised given
ZH_CN_NAMES = [("张", "伟", "zhang", "wei"), ("王", "芳", "wang", "fang"), ("李", "娜", "li", "na"),
               ("刘", "洋", "liu", "yang"), ("陈", "静", "chen", "jing"), ("杨", "磊", "yang", "lei"),
               ("赵", "敏", "zhao", "min"), ("黄", "强", "huang", "qiang"), ("周", "杰", "zhou", "jie"),
               ("吴", "霞", "wu", "xia"), ("徐", "瑄", "xu", "xuan"), ("孙", "堃", "sun", "kun"),
               ("朱", "喆", "zhu", "zhe"), ("马", "镕", "ma", "rong")]
ZH_TW_NAMES = [("陳", "怡君", "chen", "yichun"), ("林", "志明", "lin", "chihming"),
               ("黃", "淑芬", "huang", "shufen"), ("張", "家豪", "chang", "chiahao"),
               ("李", "雅婷", "lee", "yating"), ("王", "俊傑", "wang", "chunchieh"),
               ("許", "功成", "hsu", "kungcheng")]      # 許 and 功 hold 0x5C (backslash) in Big5
JA_NAMES = [("佐藤", "健", "sato", "ken"), ("鈴木", "花子", "suzuki", "hanako"),
            ("高橋", "誠", "takahashi", "makoto"), ("田中", "美咲", "tanaka", "misaki"),
            ("渡辺", "翔", "watanabe", "sho"), ("伊藤", "陽子", "ito", "yoko")]
RU_NAMES = [("Иванов", "Алексей", "ivanov", "aleksei"), ("Смирнова", "Ольга", "smirnova", "olga"),
            ("Кузнецов", "Дмитрий", "kuznetsov", "dmitry"), ("Попова", "Анна", "popova", "anna"),
            ("Соколов", "Сергей", "sokolov", "sergey"), ("Фёдорова", "Юлия", "fedorova", "yulia")]
WEST_NAMES = [("Müller", "Jürgen", "mueller", "juergen"), ("Dubois", "Hélène", "dubois", "helene"),
              ("García", "José", "garcia", "jose"), ("Schröder", "Käthe", "schroeder", "kaethe"),
              ("Lefèvre", "François", "lefevre", "francois"), ("Núñez", "Inés", "nunez", "ines"),
              ("Weiß", "Björn", "weiss", "bjoern")]


class Language:
    """How one language's mail looks: its words, its people, its charsets (with weights), its
    usual time zone and its domains."""

    def __init__(self, code, words, names, charsets, tz_hours, domains, joiner=" ", line_width=72,
                 western_names=False, filenames=()):
        self.code = code
        self.words = words
        self.names = names
        self.charsets = charsets
        self.tz_hours = tz_hours
        self.domains = domains
        self.joiner = joiner
        self.line_width = line_width
        self.western_names = western_names     # "Given Family" order
        self.filenames = list(filenames)

    def display_name(self, person) -> str:
        family, given = person[0], person[1]
        if self.western_names:
            return f"{given} {family}"
        return f"{family}{given}"


def _en_people():
    return [(last, first, last.lower(), first.lower()) for first in en_first()[:12] for last in en_last()[:8]]


LANGUAGES = [
    # language, weight
    (Language("en", EN_WORDS, _en_people(), [("us-ascii", 40), ("utf-8", 50), ("windows-1252", 10)],
                  [-8, -5, 0, 1], ["example.com", "example.org", "corp.example.net", "mail.example.us"],
                  western_names=True,
                  filenames=["Q3-report.pdf", "invoice-10023.pdf", "IMG_2041.jpg", "meeting minutes.docx",
                             "budget 2026 (final).xlsx", "photos.zip", "contacts.csv"]), 44),
    (Language("zh_cn", ZH_CN_PHRASES, ZH_CN_NAMES, [("gb2312", 40), ("gbk", 30), ("utf-8", 30)],
                  [8], ["example.cn", "corp.example.cn", "qq.example.com"], joiner="", line_width=36,
                  filenames=["合同草案.pdf", "报价单.xlsx", "会议纪要.docx", "季度报告 2026.pdf", "照片.jpg",
                             "客户名单.csv"]), 20),
    (Language("zh_tw", ZH_TW_PHRASES, ZH_TW_NAMES, [("big5", 70), ("utf-8", 30)],
                 [8], ["example.tw", "corp.example.tw"], joiner="", line_width=36,
                 filenames=["報價單.pdf", "會議紀錄.docx", "許可證.pdf", "照片.jpg"]), 7),
    (Language("ja", JA_PHRASES, JA_NAMES, [("shift_jis", 60), ("utf-8", 40)],
                 [9], ["example.jp", "corp.example.co.jp"], joiner="", line_width=36,
                 filenames=["見積書.pdf", "議事録.docx", "請求書 2026年.pdf", "写真.jpg"]), 7),
    (Language("ru", RU_WORDS, RU_NAMES, [("koi8-r", 55), ("windows-1251", 15), ("utf-8", 30)],
                 [3], ["example.ru", "corp.example.ru"], western_names=True,
                 filenames=["отчёт.pdf", "договор.docx", "счёт №15.pdf", "фото.jpg"]), 7),
    (Language("west", WEST_WORDS, WEST_NAMES, [("iso-8859-1", 50), ("windows-1252", 30), ("utf-8", 20)],
                  [1, 2], ["example.fr", "example.de", "example.es"], western_names=True,
                  filenames=["Résumé.pdf", "Übersicht 2026.xlsx", "Präsentation.pptx", "facture n°42.pdf",
                             "año fiscal.xlsx"]), 15),
]

# charset label in mail -> Python codec
CODECS = {"us-ascii": "ascii", "utf-8": "utf-8", "windows-1252": "cp1252", "gb2312": "gb2312",
          "gbk": "gbk", "big5": "big5", "shift_jis": "shift_jis", "koi8-r": "koi8_r",
          "windows-1251": "cp1251", "iso-8859-1": "iso-8859-1"}

MAILERS = ["Microsoft Outlook 16.0", "Foxmail 7.2.25.375[cn]", "Mozilla Thunderbird 128.5.0",
           "Apple Mail (2.3826.300.87)", "Roundcube Webmail/1.6.9", "Mutt/2.2.13 (2024-03-09)",
           "Coremail Webmail Server Version 2024.1", None, None]

ATTACHMENT_TYPES = [  # content type, file-name extension it goes with, first bytes of such a file
    ("application/pdf", ".pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", b"PK\x03\x04\x14\x00\x06\x00"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", b"PK\x03\x04\x14\x00\x06\x00"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", b"PK\x03\x04\x14\x00\x06\x00"),
    ("application/zip", ".zip", b"PK\x03\x04\x0a\x00\x00\x00"),
    ("application/octet-stream", "", b"\x7fELF\x02\x01\x01\x00"),
]

SHAPES = [("plain", 33), ("reply", 7), ("alternative", 30), ("attachments", 22), ("forward", 8)]


# ----------------------------------------------------------------------------- small helpers

def weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def pick_size(rng: random.Random) -> int:
    """Most messages 2-50 KB, log-uniform (median near 10 KB); 4% 50-500 KB; 0.2% 1-5 MB."""
    x = rng.random()
    if x < 0.002:
        lo, hi = 1_000_000, 5_000_000
    elif x < 0.042:
        lo, hi = 50_000, 500_000
    else:
        lo, hi = 2_000, 50_000
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def able_charset(text: str, charset: str) -> str:
    """CHARSET when it can hold TEXT; else what a mail program would label it: GBK for GB2312
    (names outside GB2312), UTF-8 otherwise."""
    for cs in (charset, "gbk" if charset == "gb2312" else "utf-8", "utf-8"):
        try:
            text.encode(CODECS[cs])
            return cs
        except UnicodeEncodeError:
            continue
    return "utf-8"


def encoded_words(text: str, charset: str, rng: random.Random, mode: str | None = None) -> str:
    """TEXT as RFC 2047 encoded words in CHARSET (B or Q), each at most 75 characters, split
    only between characters; words are separated by a space (folding may break there)."""
    charset = able_charset(text, charset)
    codec = CODECS[charset]
    mode = mode or ("Q" if charset in ("iso-8859-1", "windows-1252", "us-ascii") else "B")
    prefix = f"=?{charset.upper() if rng.random() < 0.6 else charset}?{mode}?"

    def encode(chunk: str) -> str:
        raw = chunk.encode(codec)
        if mode == "B":
            return base64.b64encode(raw).decode()
        out = []
        for b in raw:
            c = chr(b)
            if c == " ":
                out.append("_")
            elif c.isalnum() and b < 128 or c in "!*+-/":
                out.append(c)
            else:
                out.append(f"={b:02X}")
        return "".join(out)

    words, chunk = [], ""
    for ch in text:
        if chunk and len(prefix) + len(encode(chunk + ch)) + 2 > MAX_ENCODED_WORD:
            words.append(prefix + encode(chunk) + "?=")
            chunk = ""
        chunk += ch
    if chunk:
        words.append(prefix + encode(chunk) + "?=")
    return " ".join(words)


def header_text(text: str, charset: str, rng: random.Random) -> str:
    """A header's human text: as is when ASCII, else RFC 2047 encoded words in the message's
    charset (2% raw UTF-8, as RFC 6532 allows)."""
    if text.isascii():
        return text
    if charset == "us-ascii":
        charset = "utf-8"
    if rng.random() < 0.02:
        return text
    return encoded_words(text, charset, rng)


def fold(name: str, value: str) -> str:
    """One header field, folded at spaces so that lines stay under FOLD_AT where possible."""
    line = f"{name}: "
    out = []
    for i, word in enumerate(value.split(" ")):
        piece = word if i == 0 else " " + word
        if len(line) + len(piece) > FOLD_AT and line.strip() and i > 0:
            out.append(line)
            line = " " + word
        else:
            line += piece
    out.append(line)
    return "\n".join(out) + "\n"


def headers_block(fields) -> str:
    return "".join(fold(n, v) for n, v in fields)


def wrap(text: str, width: int, joiner: str) -> str:
    """Wrap at spaces (western) or at WIDTH characters (CJK)."""
    lines = []
    for para in text.split("\n"):
        if joiner == "":
            while len(para) > width:
                lines.append(para[:width])
                para = para[width:]
            lines.append(para)
            continue
        line = ""
        for word in para.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def transfer_encode(raw: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        out = binascii.b2a_qp(raw, istext=True)
        return out if out.endswith(b"\n") else out + b"\n"
    return raw if raw.endswith(b"\n") else raw + b"\n"


# ----------------------------------------------------------------------------- one message

class MessageMaker:
    """Builds messages from one seeded generator; every choice goes through self.rng."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # -- text

    def sentence(self, lang: Language, charset: str) -> str:
        words = [self.rng.choice(lang.words) for _ in range(self.rng.randint(6, 18))]
        if lang.code == "zh_cn" and charset != "gb2312" and self.rng.random() < 0.1:
            words.append(self.rng.choice(ZH_GBK_ONLY))
        if charset == "windows-1252" and self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(CP1252_EXTRAS))
        if lang.joiner == "":
            return "".join(words) + ("。" if lang.code != "ja" or self.rng.random() < 0.5 else "、")
        s = " ".join(words)
        return s[0].upper() + s[1:] + self.rng.choice([".", ".", ".", "?", "!"])

    def body_text(self, lang: Language, charset: str, target: int, quoted: str | None = None) -> str:
        """Greeting, paragraphs up to about TARGET bytes in CHARSET, a signature, maybe a quote."""
        codec = CODECS[charset]
        greeting = {"en": "Hi all,", "zh_cn": "各位好：", "zh_tw": "各位好：", "ja": "お世話になっております。",
                    "ru": "Здравствуйте, коллеги!", "west": "Bonjour à tous,"}[lang.code]
        paras = [greeting]
        size = len(greeting.encode(codec))
        while size < target:
            para = lang.joiner.join(self.sentence(lang, charset) for _ in range(self.rng.randint(2, 6)))
            para = wrap(para, lang.line_width, lang.joiner)
            paras.append(para)
            size += len(para.encode(codec)) + 2
        paras.append("-- \n" + self.rng.choice(["Sent from my phone", "Best regards", "Thanks",
                                                "Regards,\nThe team", "Cheers"]))
        text = "\n\n".join(paras) + "\n"
        if quoted:
            text += "\n" + "\n".join("> " + line for line in quoted.splitlines()[:60]) + "\n"
        return text

    def html_of(self, text: str, charset: str) -> str:
        paras = "".join(f'<p style="margin:0 0 1em 0;font-family:Arial,sans-serif">{p}</p>\n'
                        for p in text.replace("&", "&amp;").replace("<", "&lt;").split("\n\n"))
        table = ""
        if self.rng.random() < 0.4:
            rows = "".join(f"<tr><td>{i}</td><td>{self.rng.randint(100, 99999)}</td>"
                           f"<td>{self.rng.choice(['ok', 'pending', 'late'])}</td></tr>\n"
                           for i in range(self.rng.randint(3, 40)))
            table = f'<table border="1" cellpadding="4" style="border-collapse:collapse">\n{rows}</table>\n'
        return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; '
                f'charset={charset}">\n<style>body{{font-size:14px;color:#222}}</style></head>\n'
                f"<body>\n{paras}{table}</body></html>\n")

    # -- parts (each returns header fields and a body, both as bytes)

    def text_part(self, subtype: str, text: str, charset: str) -> bytes:
        raw = text.encode(CODECS[charset])
        if charset == "us-ascii":
            cte = "7bit" if subtype == "plain" else "quoted-printable"
        elif charset in ("gb2312", "gbk", "big5", "shift_jis"):
            cte = weighted(self.rng, [("base64", 55), ("8bit", 35), ("quoted-printable", 10)])
        else:
            cte = weighted(self.rng, [("quoted-printable", 45), ("8bit", 35), ("base64", 20)])
        extra = "; format=flowed" if subtype == "plain" and self.rng.random() < 0.15 else ""
        head = headers_block([("Content-Type", f"text/{subtype}; charset={self.quote_charset(charset)}{extra}"),
                              ("Content-Transfer-Encoding", cte)])
        return head.encode() + b"\n" + transfer_encode(raw, cte)

    def quote_charset(self, charset: str) -> str:
        return f'"{charset}"' if self.rng.random() < 0.3 else charset

    def filename_params(self, filename: str, charset: str) -> tuple[str, str]:
        """(Content-Type name parameter, Content-Disposition filename parameter), in one of the
        encodings mail programs use for non-ASCII names."""
        if filename.isascii():
            return f'name="{filename}"', f'filename="{filename}"'
        style = weighted(self.rng, [("rfc2231", 45), ("rfc2231-continued", 15), ("rfc2047-quoted", 40)])
        cs = able_charset(filename, "utf-8" if charset == "us-ascii" else charset)
        if style == "rfc2047-quoted":
            word = encoded_words(filename, cs, self.rng, mode="B")
            return f'name="{word}"', f'filename="{word}"'
        pct = urllib.parse.quote(filename.encode(CODECS[cs]), safe="")
        name2047 = f'name="{encoded_words(filename, cs, self.rng, mode="B")}"'
        if style == "rfc2231":
            return name2047, f"filename*={cs}''{pct}"
        pieces, i, n = [], 0, 0
        while i < len(pct):                       # split between %XX escapes, not inside one
            j = min(len(pct), i + 30)
            while j < len(pct) and "%" in pct[j - 2:j]:
                j += 1
            pieces.append(f"filename*{n}*={cs + chr(39) * 2 if n == 0 else ''}{pct[i:j]}")
            i, n = j, n + 1
        return name2047, "; ".join(pieces)

    def attachment(self, lang: Language, charset: str, raw_size: int) -> bytes:
        ctype, ext, magic = self.rng.choice(ATTACHMENT_TYPES)
        if self.rng.random() < 0.1:                                   # a text attachment (CSV)
            rows = [",".join(self.rng.choice(lang.words) for _ in range(6)) for _ in range(max(1, raw_size // 60))]
            raw = ("\n".join(rows) + "\n").encode(CODECS[charset])
            ctype, ext = f"text/csv; charset={charset}", ".csv"
        else:
            raw = magic + self.rng.randbytes(max(0, raw_size - len(magic)))
        base = self.rng.choice(lang.filenames)
        stem = base.rsplit(".", 1)[0] if "." in base else base
        filename = stem + (ext or "")
        name_param, file_param = self.filename_params(filename, charset)
        disposition = "inline" if ctype == "image/jpeg" and self.rng.random() < 0.3 else "attachment"
        head = headers_block([("Content-Type", f"{ctype}; {name_param}"),
                              ("Content-Disposition", f"{disposition}; {file_param}"),
                              ("Content-Transfer-Encoding", "base64")])
        return head.encode() + b"\n" + base64.encodebytes(raw)

    def boundary(self) -> str:
        return self.rng.choice(["----=_Part_", "=_NextPart_000_", "Apple-Mail=_", "------------", "b1_"]) \
            + self.rng.randbytes(12).hex()

    def multipart(self, subtype: str, parts: list[bytes]) -> tuple[str, bytes]:
        b = self.boundary()
        body = b""
        if subtype == "mixed" and self.rng.random() < 0.5:
            body += b"This is a multi-part message in MIME format.\n\n"
        for p in parts:
            body += f"--{b}\n".encode() + p
            if not p.endswith(b"\n"):
                body += b"\n"
        body += f"--{b}--\n".encode()
        return f'multipart/{subtype}; boundary="{b}"', body

    # -- whole messages

    def person(self, lang: Language):
        p = self.rng.choice(lang.names)
        domain = self.rng.choice(lang.domains)
        local = f"{p[3]}.{p[2]}" if self.rng.random() < 0.7 else f"{p[3][0]}{p[2]}"
        return lang.display_name(p), f"{local}@{domain}"

    def address(self, name: str, addr: str, charset: str) -> str:
        if not name.isascii():
            shown = header_text(name, charset, self.rng)
            if shown != name and self.rng.random() < 0.03:        # encoded words in quotes: wrong, common
                return f'"{shown}" <{addr}>'
            return f"{shown} <{addr}>"
        return f'"{name}" <{addr}>' if self.rng.random() < 0.5 else f"{name} <{addr}>"

    def subject(self, lang: Language, charset: str) -> str:
        n = self.rng.randint(2, 7)
        words = [self.rng.choice(lang.words) for _ in range(n)]
        s = lang.joiner.join(words)
        return s[0].upper() + s[1:] if lang.joiner else s

    def received_chain(self, when: _dt.datetime, domain: str) -> list[tuple[str, str]]:
        hops = []
        t = when
        for i in range(self.rng.randint(2, 5)):
            t = t - _dt.timedelta(seconds=self.rng.randint(1, 40))
            ip = f"{self.rng.choice(['198.51.100', '203.0.113', '192.0.2'])}.{self.rng.randint(1, 254)}"
            qid = self.rng.randbytes(5).hex().upper()
            if i == 0:
                by = f"by {HOSTNAME} (Postfix) with ESMTPS id {qid}"
                tail = f"for <{ACCOUNT}>; {fmt_date(t)}"
            else:
                by = f"by mx{i}.{domain} with ESMTP id {qid};"
                tail = fmt_date(t)
            hops.append(("Received", f"from mx{i + 1}.{domain} (mx{i + 1}.{domain} [{ip}]) {by} {tail}"))
        return hops

    def message(self, index: int, lang: Language, shape: str, target: int, when: _dt.datetime,
                outer: bool = True, depth: int = 0) -> tuple[bytes, str]:
        """A whole message (headers and body) of about TARGET bytes; returns it and its Message-ID."""
        rng = self.rng
        charset = weighted(rng, lang.charsets)
        name, addr = self.person(lang)
        domain = addr.split("@")[1]
        msgid = f"<{index:05d}.{depth}.{rng.randbytes(6).hex()}@{domain}>"
        subject = self.subject(lang, charset)
        fields: list[tuple[str, str]] = []
        if outer:
            fields.append(("Return-Path", f"<{addr}>"))
            fields.append(("Delivered-To", ACCOUNT))
            fields += self.received_chain(when + _dt.timedelta(seconds=rng.randint(30, 120)), domain)
            fields.append(("Authentication-Results", f"{HOSTNAME}; dkim=pass header.d={domain}; "
                                                     f"spf=pass smtp.mailfrom={domain}"))
            if rng.random() < 0.6:
                sig = base64.b64encode(rng.randbytes(128)).decode()
                bh = base64.b64encode(rng.randbytes(32)).decode()
                fields.append(("DKIM-Signature", f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; "
                                                 f"s=sel{rng.randint(1, 9)}; t={int(when.timestamp())}; "
                                                 f"h=from:to:subject:date:message-id; bh={bh}; b={sig}"))
        fields.append(("Date", fmt_date(when.astimezone(_dt.timezone(_dt.timedelta(hours=rng.choice(lang.tz_hours)))))))
        fields.append(("From", self.address(name, addr, charset)))
        to = [ACCOUNT] if outer else [f"{rng.choice(['sales', 'team', 'info', 'hr'])}@example.test"]
        fields.append(("To", ", ".join(to)))
        if rng.random() < 0.35:
            cc = [self.address(*self.person(lang), charset) for _ in range(rng.randint(1, 4))]
            fields.append(("Cc", ", ".join(cc)))
        reply_quote = None
        if shape == "reply":
            subject = rng.choice(["Re: ", "RE: ", "回复：", "Re: Re: ", "AW: "]) + subject
            parent = f"<{max(0, index - rng.randint(1, 50)):05d}.0.{rng.randbytes(6).hex()}@{domain}>"
            fields.append(("In-Reply-To", parent))
            fields.append(("References", parent))
            reply_quote = self.body_text(lang, charset, rng.randint(300, 2000))
        elif shape == "forward":
            subject = rng.choice(["Fwd: ", "FW: ", "转发：", "Fw: "]) + subject
        fields.append(("Subject", header_text(subject, charset, rng)))
        fields.append(("Message-ID", msgid))
        mailer = rng.choice(MAILERS)
        if mailer:
            fields.append(("X-Mailer", mailer))
        if outer and rng.random() < 0.12:
            fields.append(("List-Id", f"<announce.{domain}>"))
            fields.append(("List-Unsubscribe", f"<mailto:unsubscribe@{domain}>, <https://{domain}/u/{rng.randbytes(8).hex()}>"))
            fields.append(("Precedence", "bulk"))
        fields.append(("MIME-Version", "1.0"))

        head_size = len(headers_block(fields).encode("utf-8"))
        budget = max(200, target - head_size - 200)
        if shape in ("plain", "reply"):
            text = self.body_text(lang, charset, budget, quoted=reply_quote)
            part = self.text_part("plain", text, charset)
        elif shape == "alternative":
            text = self.body_text(lang, charset, max(150, budget // 3))
            alt = [self.text_part("plain", text, charset), self.text_part("html", self.html_of(text, charset), charset)]
            if rng.random() < 0.2:                              # HTML with inline images
                images = [self.inline_image(rng.randint(1_000, 15_000)) for _ in range(rng.randint(1, 3))]
                ctype, body = self.multipart("related", [alt[1]] + images)
                alt[1] = headers_block([("Content-Type", ctype)]).encode() + b"\n" + body
            ctype, body = self.multipart("alternative", alt)
            part = headers_block([("Content-Type", ctype)]).encode() + b"\n" + body
        elif shape == "attachments":
            text = self.body_text(lang, charset, rng.randint(200, 3000))
            first = self.text_part("plain", text, charset)
            if rng.random() < 0.5:
                ctype, body = self.multipart("alternative", [first, self.text_part("html", self.html_of(text, charset), charset)])
                first = headers_block([("Content-Type", ctype)]).encode() + b"\n" + body
            n = rng.randint(1, 3)
            raw_each = max(500, (budget - len(first)) * 3 // 4 // n)
            ctype, body = self.multipart("mixed", [first] + [self.attachment(lang, charset, raw_each) for _ in range(n)])
            part = headers_block([("Content-Type", ctype)]).encode() + b"\n" + body
        else:  # forward
            note = self.body_text(lang, charset, rng.randint(100, 600))
            inner_shape = "forward" if depth == 0 and rng.random() < 0.1 else \
                weighted(rng, [("plain", 40), ("alternative", 35), ("attachments", 25)])
            inner_lang = weighted(rng, LANGUAGES) if rng.random() < 0.3 else lang
            inner, _ = self.message(index, inner_lang, inner_shape, max(1500, budget - len(note)),
                                    when - _dt.timedelta(days=rng.randint(0, 30)), outer=False, depth=depth + 1)
            disposition = "inline" if rng.random() < 0.5 else "attachment"
            rfc822 = headers_block([("Content-Type", "message/rfc822"),
                                    ("Content-Disposition", disposition)]).encode() + b"\n" + inner
            ctype, body = self.multipart("mixed", [self.text_part("plain", note, charset), rfc822])
            part = headers_block([("Content-Type", ctype)]).encode() + b"\n" + body
        head = headers_block(fields).encode("utf-8")
        return head + part, msgid

    def inline_image(self, size: int) -> bytes:
        cid = f"{self.rng.randbytes(8).hex()}@example"
        raw = b"\x89PNG\r\n\x1a\n" + self.rng.randbytes(size)
        head = headers_block([("Content-Type", f'image/png; name="image{self.rng.randint(1, 9)}.png"'),
                              ("Content-ID", f"<{cid}>"), ("Content-Disposition", "inline"),
                              ("Content-Transfer-Encoding", "base64")])
        return head.encode() + b"\n" + base64.encodebytes(raw)


def fmt_date(t: _dt.datetime) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    off = t.utcoffset() or _dt.timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    return (f"{days[t.weekday()]}, {t.day} {months[t.month - 1]} {t.year} {t:%H:%M:%S} "
            f"{sign}{abs(mins) // 60:02d}{abs(mins) % 60:02d}")


# ----------------------------------------------------------------------------- the Maildir

def maildir_name(rng: random.Random, n: int, when: int, size: int, vsize: int, flags: str | None) -> str:
    """A Maildir file name: Dovecot/mailroom style with sizes (70%) or Postfix virtual(8) style."""
    usec = rng.randrange(1_000_000)
    if rng.random() < 0.7:
        base = f"{when}.M{usec}P{rng.randint(300, 60000)}Q{n % 97 + 1}.{HOSTNAME},S={size},W={vsize}"
    else:
        base = f"{when}.V801I{rng.randrange(1 << 24):x}M{usec}.{HOSTNAME}"
    return base if flags is None else f"{base}:2,{flags}"


def generate(out: Path, messages: int, seed: int, progress=None) -> dict:
    """Write the corpus into OUT (which must not exist yet); return the manifest."""
    rng = random.Random(seed)
    maker = MessageMaker(rng)
    maildir = out / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    times = sorted(rng.randrange(SPAN_SECONDS) for _ in range(messages))
    digest = hashlib.sha256()
    entries = []
    stats = {"shapes": {}, "charsets": {}, "languages": {}, "bytes": 0, "crlf_bytes": 0,
             "sizes": {"<2KB": 0, "2-50KB": 0, "50-500KB": 0, "0.5-1MB": 0, ">=1MB": 0}}
    for i in range(messages):
        lang = weighted(rng, LANGUAGES)
        target = pick_size(rng)
        shape = weighted(rng, SHAPES)
        if target > 60_000 and shape in ("plain", "reply", "alternative"):
            shape = "attachments"
        sent = FIRST_DAY + _dt.timedelta(seconds=times[i])
        data, msgid = maker.message(i, lang, shape, target, sent)
        assert b"\r" not in data and all(len(line) <= 998 for line in data.split(b"\n")), i
        delivered = int(sent.timestamp()) + rng.randint(1, 90)
        vsize = len(data) + data.count(b"\n")
        newest = i >= messages - IN_NEW
        flags = None if newest else weighted(rng, [("S", 68), ("FS", 6), ("RS", 6), ("", 20)])
        name = maildir_name(rng, i, delivered, len(data), vsize, flags)
        rel = f"{'new' if newest else 'cur'}/{name}"
        path = maildir / rel
        path.write_bytes(data)
        os.utime(path, (delivered, delivered))
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
        entries.append({"file": rel, "message_id": msgid, "size": len(data), "crlf_size": vsize,
                        "shape": shape, "language": lang.code})
        stats["shapes"][shape] = stats["shapes"].get(shape, 0) + 1
        stats["languages"][lang.code] = stats["languages"].get(lang.code, 0) + 1
        stats["bytes"] += len(data)
        stats["crlf_bytes"] += vsize
        n = len(data)
        bucket = "<2KB" if n < 2000 else "2-50KB" if n < 50_000 else "50-500KB" if n < 500_000 \
            else "0.5-1MB" if n < 1_000_000 else ">=1MB"
        stats["sizes"][bucket] += 1
        if progress and (i + 1) % 1000 == 0:
            progress(i + 1)
    for entry in entries:
        charset = charset_of(maildir / entry["file"])
        stats["charsets"][charset] = stats["charsets"].get(charset, 0) + 1
    manifest = {"generator_version": GENERATOR_VERSION, "seed": seed, "messages": messages,
                "account": ACCOUNT, "digest": digest.hexdigest(), "stats": stats, "entries": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


def charset_of(path: Path) -> str:
    """The charset of a message's first text part, for the manifest's statistics."""
    data = path.read_bytes()[:200_000].lower()
    i = data.find(b"content-type: text/")
    if i < 0:
        return "none"
    j = data.find(b"charset=", i)
    if j < 0 or j - i > 200:
        return "none"
    return data[j + 8:j + 40].split(b";")[0].split()[0].strip(b'"').decode("ascii", "replace")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="directory to create (must not exist)")
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        ap.error(f"{out} exists")
    m = generate(out, args.messages, args.seed,
                 progress=lambda n: print(f"{n} messages", file=sys.stderr, flush=True))
    s = m["stats"]
    print(json.dumps({"digest": m["digest"], "bytes": s["bytes"], "sizes": s["sizes"], "shapes": s["shapes"],
                      "languages": s["languages"], "charsets": s["charsets"]}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Text normalisation before risk matching: one canonical form for the many ways people type the same words.

Steps, in order: NFKC (full-width letters and digits become ASCII), case folding, zero-width characters
dropped, curly quotes straightened, traditional Chinese characters mapped to simplified (only the
characters the rules need, plus common ones around them), English contractions and chat slang expanded,
leetspeak undone inside words ("k1ll mys3lf"), letters spaced out to dodge filters re-joined
("k i l l", "s.u.i.c.i.d.e"), spaces between Chinese characters removed, long letter runs shortened.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Traditional -> simplified, written as adjacent pairs so the two sides cannot drift out of line.
_TRAD_SIMP_TABLE = (
    "寫写 遺遗 書书 殺杀 沒没 結结 東东 別别 見见 們们 這这 個个",
    "與与 說说 對对 會会 後后 為为 藥药 樓楼 殘残 傷伤 絕绝 離离",
    "開开 讓让 麼么 還还 來来 過过 時时 間间 準准 備备 積积 氣气",
    "熱热 帶带 燒烧 繩绳 農农 顆颗 經经 無无 從从 幫帮 負负 擔担",
    "煩烦 覺觉 輕轻 鬆松 應应 該该 愛爱 謝谢 機机 實实 現现 計计",
    "劃划 點点 頭头 兒儿 醫医 處处 難难 願愿 憂忧 鬱郁 撐撑 堅坚",
    "盡尽 斷断 聯联 繫系 錢钱 給给 寵宠 託托 顧顾 媽妈 囑嘱 橋桥",
    "軌轨 鐵铁 車车 衝冲 槍枪 彈弹 劑剂 蟲虫 夠够 厭厌 輩辈 閨闺",
    "學学 僅仅 連连 裡里 裏里 嗎吗 問问 題题 聽听 話话 語语 電电",
    "視视 劇剧 歷历 報报 導导 聞闻 裝装 擬拟 終终 於于 脫脱 餘余",
    "廢废 價价 頂顶 陽阳 臺台 邊边 緣缘 潰溃 單单 獨独 壓压 腦脑",
    "體体 懲惩 罰罚 禮礼 轉转 帳账 賬账 戶户 碼码 銀银 訴诉 訣诀",
    "迴回 靈灵 獄狱 孫孙 遊游 戲戏 線线 進进 餓饿 嚇吓 睏困 凍冻",
    "醜丑 帥帅 賤贱 饞馋 數数 據据 庫库 務务 腳脚 隊队 團团 漢汉",
    "紅红 張张 節节 讀读 詩诗 詞词 護护 療疗 諮咨 詢询 師师 專专",
    "種种 變变 幾几 歲岁 萬万 兩两 卻却 雖虽 員员 發发 動动 極极",
    "樣样 麗丽 憐怜 懷怀 夢梦 淚泪 驗验 險险 倆俩 爺爷 婦妇 親亲",
    "歡欢 樂乐 喪丧 滅灭 掛挂 瘋疯 癲癫 窮穷 債债 貸贷 輸输 贏赢",
    "敗败 慚惭 懼惧 慮虑 懶懒 錯错 誤误 罵骂 討讨 剛刚 總总 囉啰",
    "唄呗 嘍喽 嚕噜 關关 係系 緊紧 鬧闹 傳传 勁劲 頓顿 襲袭 擊击",
    "預预 協协 談谈 訊讯 廣广 戰战 爭争 軟软 錄录 紀纪 記记 紙纸",
    "筆笔 寶宝 貝贝 獎奖 勵励 課课 試试 級级 滿满 舊旧 嚴严 厲厉",
    "籌筹 錶表 鐘钟 響响 聲声 畫画 圖图 頻频 網网 購购 買买 賣卖",
    "貨货 請请 謂谓 誰谁 識识 認认 許许 設设 諒谅 誠诚 議议 論论",
    "謊谎 調调 詳详 誌志 讚赞 懸悬 樑梁 滾滚 湧涌 墜坠 劍剑 癒愈",
    "適适 勞劳 衛卫 賽赛 館馆 門门 鎖锁 鑰钥 偉伟 貓猫 鳥鸟 魚鱼",
    "雞鸡 攢攒 尋寻 贅赘 義义 羨羡 環环 黨党 辦办 講讲 擾扰 號号",
    "撥拨 臥卧 躍跃 決决 選选 擇择 態态 緒绪 憤愤 虧亏 慘惨 訂订",
    "顫颤 饒饶 慟恸 悶闷 窩窝 殭僵 屍尸 墳坟 禱祷 瞭了 絲丝 紋纹",
    "嗚呜 痠酸 憊惫 陰阴 霧雾 絆绊 礙碍 寧宁 罷罢 嘆叹 悅悦 鋒锋",
    "費费 輛辆 駕驾 駛驶 趕赶 陣阵 喚唤 鎮镇 靜静 穩稳 隨随 邁迈",
    "飛飞 鵝鹅 貼贴 覽览 歸归 屬属 誼谊 絡络 纏缠 綁绑 頸颈 勢势",
    "遠远 隻只 鑽钻 傢家 鏈链 條条 紮扎 綑捆 著着 麵面 髮发 鬥斗",
    "脈脉 講讲 話话 過过 衝冲 鬱郁",
)
_TRAD_TO_SIMP = {ord(pair[0]): pair[1] for line in _TRAD_SIMP_TABLE for pair in line.split()}

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'", "\u00b4": "'"})

_EXPANSION = {"re": "are", "d": "would", "ll": "will", "ve": "have", "s": "is"}
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\b(ai)n'?t\b"), "is not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(do|does|did|is|are|was|were|would|could|should|have|has|had|must|need)nt\b"), r"\1 not"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\bi'?ve\b"), "i have"),
    (re.compile(r"\bi'd\b"), "i would"),
    (re.compile(r"\bi'll\b"), "i will"),
    (re.compile(r"\b(you|we|they|she|he|it|that|there|what|who|everyone|everybody)'(re|s|d|ll|ve)\b"),
     lambda m: f"{m.group(1)} {_EXPANSION[m.group(2)]}"),
)
_SLANG = {
    "gonna": "going to", "wanna": "want to", "gotta": "have to", "u": "you", "ur": "your", "r": "are",
    "rn": "right now", "tn": "tonight", "tonite": "tonight", "2nite": "tonight", "2night": "tonight",
    "2day": "today", "2moro": "tomorrow", "tmr": "tomorrow", "tmrw": "tomorrow", "bc": "because",
    "cuz": "because", "coz": "because", "every1": "everyone", "some1": "someone", "no1": "no one",
    "any1": "anyone", "noone": "no one", "ppl": "people", "wont": "will not", "dont": "do not",
    "doesnt": "does not", "didnt": "did not", "cant": "can not", "isnt": "is not", "wouldnt": "would not",
    "im": "i am", "ive": "i have", "idk": "i do not know", "thx": "thanks", "pls": "please", "plz": "please",
    "abt": "about", "w/": "with", "myslef": "myself", "mysef": "myself", "slf": "self", "sucide": "suicide",
    "suicde": "suicide", "4ever": "forever", "4eva": "forever",
}
_TWO_MEANS_TO = re.compile(r"\b(want|wanna|going|gonna|need|have|got|ready|try|trying|about|how) 2 (?=[a-z])")
_SLANG_WORDS = "|".join(re.escape(word) for word in sorted(_SLANG, key=len, reverse=True))
_SLANG_RE = re.compile(rf"(?<![\w/])({_SLANG_WORDS})(?![\w/])")

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l",
     "+": "t"}
)
# Only tokens where a letter touches a digit or symbol reach the (Python-level) callback.
_LEET_TOKEN = re.compile(r"(?<![a-z0-9@$!|+])[a-z0-9@$!|+]*(?:[a-z][0-9@$!|+]|[0-9@$!|+][a-z])[a-z0-9@$!|+]*")
_LEET_CHARS = re.compile(r"[0-9@$!|+]")
_UNIT_TOKEN = re.compile(
    r"\d+(?:am|pm|mg|mcg|g|ml|kg|lbs?|s|x|k|h|m|mins?|hrs?|yo|f|c)|\d*(?:1st|2nd|3rd|[04-9]th|1[123]th)")
# Letters spaced out one by one: "k i l l", "s.u.i.c.i.d.e", "k-i-l-l". At least four letters so that
# ordinary one-letter words ("i", "a") next to each other are not glued together.
# Risk words split in two to get past filters: "sui cide", "un alive", "ki ll".
_SPLIT_WORDS = ((re.compile(r"\bsui[\s.\-_*]+cid"), "suicid"), (re.compile(r"\bun[\s.\-_*]+aliv"), "unaliv"),
                (re.compile(r"\bki[\s.\-_*]+ll\b"), "kill"), (re.compile(r"\bkil[\s.\-_*]+l\b"), "kill"))
_SPACED = re.compile(r"(?<![a-z])(?:[a-z][ .\-_*]){3,}[a-z](?![a-z])")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[\s.\-_*·、]+(?=[{_CJK}])")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"[ \t]+")


def _expand_contractions(text: str) -> str:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _undo_leet(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.rstrip("!|+$@")
    tail = token[len(core):]
    if not _LEET_CHARS.search(core) or core.isdigit():
        return token
    # Mixed tokens such as "k1ll", "mys3lf", "$uicide"; leave things like "mp3" or "4am" alone.
    if _UNIT_TOKEN.fullmatch(core):
        return token
    if sum(ch.isalpha() for ch in core) < 2:
        return token
    return core.replace("11", "ll").translate(_LEET) + tail


def _join_spaced(match: re.Match[str]) -> str:
    return re.sub(r"[ .\-_*]", "", match.group(0))


def to_simplified(text: str) -> str:
    """Map the traditional characters the rules care about to their simplified forms."""
    return text.translate(_TRAD_TO_SIMP)


def normalize(text: str) -> str:
    """The canonical form every rule matches against (lower case, ASCII punctuation, simplified Chinese)."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_QUOTES)
    text = to_simplified(text.casefold())
    text = _SPACED.sub(_join_spaced, text)
    for pattern, joined in _SPLIT_WORDS:
        text = pattern.sub(joined, text)
    text = _expand_contractions(text)
    text = _TWO_MEANS_TO.sub(r"\1 to ", text)
    text = _SLANG_RE.sub(lambda m: _SLANG[m.group(1)], text)
    text = _LEET_TOKEN.sub(_undo_leet, text)
    text = _CJK_GAP.sub("", text)
    text = _LONG_RUN.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()

"""Deterministic, offline crisis-risk assessment of a user's message and of the model's reply.

`assess_message` grades a message on a C-SSRS-style ladder (none < distress < ideation < method or plan <
imminent), lists the signals that fired and says whether to surface crisis resources. It matches the
rule tables in rules.py against normalised text (normalize.py), after blanking everyday idioms ("this bug
is killing me", "笑死", "想死你了").

Decisions worth knowing:
- Negated statements ("I would never kill myself", "我不会自杀") do not raise the level and do not surface
  resources by themselves; they are kept in `signals` as "negated:<signal>" so a UI can see them.
  Surfacing resources to someone who just told us they are safe reads as not listening.
- Distress alone (sad, lonely, exhausted) does not surface resources unless the signal is a strong one
  (hopelessness, feeling a burden, "can't go on", asking for a helpline) or two different distress
  signals fire in the same message.
- Concern for someone else ("my friend says she wants to kill herself") surfaces resources with
  about_other=True; if the writer is also at risk, about_other is False and the level is the writer's.
- Third-person mentions inside a story, the news, history or research ("the character kills himself")
  are not a person at risk unless a relative or friend is named.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from oyster_edge.safety import ngram_model, rules
from oyster_edge.safety.normalize import normalize
from oyster_edge.safety.rules import Rule


class RiskLevel(IntEnum):
    NONE = rules.NONE
    DISTRESS = rules.DISTRESS
    IDEATION = rules.IDEATION
    METHOD_OR_PLAN = rules.METHOD
    IMMINENT = rules.IMMINENT

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Assessment:
    text: str
    level: RiskLevel
    signals: tuple[str, ...]
    surface_resources: bool
    about_other: bool
    language: str  # "en" | "zh" | "mixed"

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "level": str(self.level),
            "level_value": int(self.level),
            "surface_resources": self.surface_resources,
            "signals": list(self.signals),
            "about_other": self.about_other,
            "language": self.language,
        }


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    subject: str  # "self" | "self_default" | "other" | "second"
    negated: bool
    quoted: bool
    span: tuple[int, int]


_SUBJECT_GROUP = {"asker": "self_default"}
_TITLE_DASH = re.compile(
    r"\s[-\u2013\u2014~]+\s*(?:(?:a |the |that |this |my )?(?:great|good|classic|old|sad|beautiful|fav(?:ou?rite)?|"
    r"love (?:this|that)|such a) )*(?:song|track|tune|lyrics?|chorus|line|verse|banger|album|poem|quote|"
    r"movie|film|book|title)\b|\s[-\u2013\u2014]+\s*(?:by|from) [a-z]")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-zA-Z]{2,}")
_EN_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\bbut\b|\bhowever\b|\balthough\b")
_ZH_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n，,]|但是|可是|不过")


def detect_language(text: str) -> str:
    cjk = len(_CJK_CHAR.findall(text))
    latin_words = len(_LATIN_WORD.findall(text))
    if cjk and latin_words >= 2 and latin_words * 2 >= cjk:
        return "mixed"
    if cjk and latin_words >= 3:
        return "mixed"
    return "zh" if cjk else "en"


@dataclass(frozen=True)
class _Index:
    """Clause breaks and subject mentions of one text, found once and shared by every rule match."""

    text: str
    breaks: list[int]
    subjects: list[tuple[int, int, str]]  # (start, end, "self" | "other" | "second"), in text order
    subject_ends: list[int]
    negation: re.Pattern[str]
    zh: bool

    @classmethod
    def build(cls, text: str, zh: bool) -> _Index:
        breaks, subjects, negation = (
            (_ZH_CLAUSE_BREAK, rules.ZH_SUBJECT, rules.ZH_NEGATION) if zh
            else (_EN_CLAUSE_BREAK, rules.EN_SUBJECT, rules.EN_NEGATION)
        )
        # "help me write ...": the writer as the one asking, not as the one at risk (resolves like no subject).
        found = [(match.start(), match.end(), _SUBJECT_GROUP.get(match.lastgroup or "self", match.lastgroup or "self"))
                 for match in subjects.finditer(text)]
        return cls(text, [match.end() for match in breaks.finditer(text)], found, [end for _, end, _ in found],
                   negation, zh)

    def resolve(self, rule: Rule, start: int) -> tuple[str, bool]:
        """Whose risk the match at `start` is, and whether a negation sits between that subject and the match."""
        position = bisect_right(self.breaks, start)
        clause_from = self.breaks[position - 1] if position else 0
        count = bisect_right(self.subject_ends, start)
        last = self.subjects[count - 1] if count else None
        in_clause = last if last is not None and last[0] >= clause_from else None
        between = self.text[in_clause[1]:start] if in_clause else self.text[max(clause_from, start - 30):start]
        negated = rule.negatable and bool(self.negation.search(between.strip() if self.zh else between))
        if rule.negatable and in_clause and not self.zh:
            lead_in = self.text[max(clause_from, in_clause[0] - 30):in_clause[0]]
            negated = negated or bool(rules.EN_PRE_SUBJECT_NEGATION.search(lead_in))
        if rule.subject != "resolve":
            return rule.subject, negated
        if in_clause:
            return in_clause[2], negated
        # No subject in this clause: the last one named earlier, else the writer by default.
        return (last[2] if last else "self_default"), negated


def _scrub(text: str, idioms: re.Pattern[str]) -> str:
    return idioms.sub(lambda match: " " * len(match.group(0)), text)


def _collect(text: str, rule_table: tuple[Rule, ...], zh: bool) -> list[_Hit]:
    hits = []
    index = _Index.build(text, zh)
    quotes = [position for position, char in enumerate(text) if char == '"']
    # "I hope I die before I get old - great song": what comes before a dash naming a song is a quotation.
    title_end = _TITLE_DASH.search(text)
    quoted_until = title_end.start() if title_end else -1
    for rule in rule_table:
        if rule.unless is not None and rule.unless.search(text):
            continue
        for match in rule.pattern.finditer(text):
            subject, negated = index.resolve(rule, match.start())
            quoted = bisect_right(quotes, match.start()) % 2 == 1 or match.start() < quoted_until
            hits.append(_Hit(rule, subject, negated, quoted, match.span()))
    return hits


def _counted(hits: list[_Hit], has_context: bool, has_relation: bool, soon: Callable[[list[_Hit]], bool]) -> list[_Hit]:
    """Drop negated hits, second-person hits and third-person mentions in stories or the news."""
    kept = []
    for hit in hits:
        if hit.negated or hit.subject == "second":
            continue
        if hit.rule.needs_relation and not has_relation:
            continue
        if has_context and not has_relation and (hit.subject in ("other", "self_default") or hit.quoted):
            continue
        kept.append(hit)
    weak = {hit.rule.name for hit in kept if hit.rule.needs_context}
    weak_hits = [hit for hit in kept if hit.rule.needs_context]
    supported = any(not hit.rule.needs_context for hit in kept) or len(weak) >= 2 or (bool(weak) and soon(weak_hits))
    return [hit for hit in kept if supported or not hit.rule.needs_context]


def _blank(text: str, hits: list[_Hit]) -> str:
    """The text with the matched spans replaced by spaces (one pass, whatever the number of hits)."""
    pieces, position = [], 0
    for begin, end in sorted(hit.span for hit in hits):
        if end <= position:
            continue
        begin = max(begin, position)
        pieces += [text[position:begin], " " * (end - begin)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _mentions_time(text: str, hits: list[_Hit], zh: bool, en: bool) -> bool:
    """A near time ("tonight", "今晚") outside the given matches: a time inside a matched phrase does not count."""
    text = _blank(text, hits)
    return bool((en and rules.EN_TIME.search(text)) or (zh and rules.ZH_TIME.search(text)))


def _supports_weak(text: str, hits: list[_Hit], zh: bool, en: bool) -> bool:
    """A weak cue counts beside a near time or a method word elsewhere in the message."""
    if _mentions_time(text, hits, zh, en):
        return True
    text = _blank(text, hits)
    return bool((en and rules.EN_METHOD_WORDS.search(text)) or (zh and rules.ZH_METHOD_WORDS.search(text)))


def _escalate(level: int, text: str, hits: list[_Hit], zh: bool, en: bool) -> tuple[int, list[str]]:
    extra: list[str] = []
    if level < RiskLevel.IDEATION:
        return level, extra
    method_words = (en and rules.EN_METHOD_WORDS.search(text)) or (zh and rules.ZH_METHOD_WORDS.search(text))
    suicidal = any(hit.rule.level >= RiskLevel.IDEATION and not hit.rule.name.startswith("self_harm") for hit in hits)
    if level < RiskLevel.METHOD_OR_PLAN and method_words and suicidal:
        level = RiskLevel.METHOD_OR_PLAN
        extra.append("method.mentioned")
    at_hand = any(hit.rule.name.startswith("imminent.") for hit in hits)
    soon = _mentions_time(text, hits, zh, en)
    if level < RiskLevel.IMMINENT and (at_hand or (soon and level >= RiskLevel.IDEATION)):
        level = RiskLevel.IMMINENT
        extra.append("imminent.time" if soon else "imminent.means_at_hand")
    return level, extra


def assess_message(text: str) -> Assessment:
    """Grade one user message; deterministic, offline, well under a millisecond for chat-sized text."""
    normalized = normalize(text)
    language = detect_language(normalized)
    zh = language in ("zh", "mixed")
    en = language in ("en", "mixed")
    hits: list[_Hit] = []
    if en:
        hits += _collect(_scrub(normalized, rules.EN_IDIOMS), rules.EN_RULES, zh=False)
    if zh:
        hits += _collect(_scrub(normalized, rules.ZH_IDIOMS), rules.ZH_RULES, zh=True)

    has_context = bool((en and rules.EN_CONTEXT.search(normalized)) or (zh and rules.ZH_CONTEXT.search(normalized)))
    has_relation = bool((en and rules.EN_RELATION.search(normalized))
                        or (zh and rules.ZH_RELATION_RE.search(normalized)))
    benign_means = bool((en and rules.EN_BENIGN_MEANS.search(normalized))
                        or (zh and rules.ZH_BENIGN_MEANS.search(normalized)))
    if benign_means:
        hits = [hit for hit in hits if not hit.rule.name.startswith("imminent.")
                or hit.rule.name.endswith("in_progress")]
    counted = _counted(hits, has_context, has_relation, lambda weak: _supports_weak(normalized, weak, zh, en))

    own = [hit for hit in counted if hit.subject in ("self", "self_default")]
    others = [hit for hit in counted if hit.subject == "other"]
    about_other = bool(others) and not any(hit.rule.level >= RiskLevel.IDEATION for hit in own)
    graded = others + own if about_other else own
    level = max((hit.rule.level for hit in graded), default=RiskLevel.NONE)
    level, extra = _escalate(level, normalized, graded, zh, en)

    distress = [hit for hit in graded if hit.rule.level == RiskLevel.DISTRESS]
    strong = any(hit.rule.strong for hit in graded)
    surface = level >= RiskLevel.IDEATION or (about_other and level >= RiskLevel.DISTRESS) or strong \
        or len(distress) >= 2

    signals = _signals(hits, counted, extra, about_other, has_context)
    # A negated statement ("I would never kill myself") is the writer telling us they are safe: the model
    # does not overrule that either.
    told_safe = any(hit.negated for hit in hits)
    if not surface and level == RiskLevel.NONE and not told_safe \
            and _model_says_risk(text, normalized, en, zh, has_context and not has_relation):
        # No rule fired but the n-gram model (trained on the labelled set) is confident: surface, graded as
        # distress because no rule says what kind of risk it is.
        level, surface, signals = RiskLevel.DISTRESS, True, (*signals, "model.ngram")
    return Assessment(text, RiskLevel(level), signals, surface, about_other, language)


def _model_says_risk(text: str, normalized: str, en: bool, zh: bool, story_or_news: bool) -> bool:
    if story_or_news or not ngram_model.MODEL_PATH.exists():
        return False
    scrubbed = normalized
    if en:
        scrubbed = _scrub(scrubbed, rules.EN_IDIOMS)
    if zh:
        scrubbed = _scrub(scrubbed, rules.ZH_IDIOMS)
    if not ngram_model.RISK_WORDS.search(scrubbed):
        return False
    # The model never overrules a benign purpose the rules know (a view, a prescription, a hobby, a barbecue).
    benign = (en and any(pattern.search(normalized) for pattern in rules.EN_BENIGN_PURPOSES)) or \
        (zh and any(pattern.search(normalized) for pattern in rules.ZH_BENIGN_PURPOSES))
    if benign:
        return False
    return ngram_model.risk_probability(text) >= ngram_model.threshold()


def _signals(hits: list[_Hit], counted: list[_Hit], extra: list[str], about_other: bool,
             has_context: bool) -> tuple[str, ...]:
    names: list[str] = []
    for hit in counted:
        names.append(f"{hit.rule.name}(other)" if hit.subject == "other" else hit.rule.name)
    names += extra
    names += [f"negated:{hit.rule.name}" for hit in hits if hit.negated]
    if about_other:
        names.append("about_other")
    if has_context and len(counted) < len([hit for hit in hits if not hit.negated and hit.subject != "second"]):
        names.append("context:story_news_or_history")
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class ReplyAssessment:
    unsafe: bool
    reasons: tuple[str, ...]
    replacement: str | None

    def to_json(self) -> dict[str, object]:
        return {"unsafe": self.unsafe, "reasons": list(self.reasons), "replacement": self.replacement}


_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)? ?(?:mg|milligrams?|mcg|micrograms?|g|grams?|ml|millilit(?:er|re)s?|tablets|pills|"
    r"capsules|caplets|units)\b|\b(?:dozens?|handfuls?|a (?:whole|full) bottle) of (?:pills|tablets|capsules)\b|"
    r"\d+ ?(?:毫克|克|毫升|片|颗|粒)|[几十百]+(?:片|颗|粒)")
_LETHALITY = re.compile(
    r"\b(?:lethal|fatal|deadly|toxic|poisonous|killing) (?:dose|amount|dosage|level|quantity|range|threshold)s?\b|"
    r"\bld50\b|\b(?:would|will|can|could|is enough to|are enough to|enough to) (?:kill (?:you|a person|an adult|"
    r"someone)|be (?:fatal|lethal)|cause death|stop (?:your|the) heart)\b|\b(?:most|more|less|least) (?:effective|"
    r"lethal|painless|painful|reliable|certain|successful) (?:method|way|means|option)s?\b|\bpainless(?:ly)? "
    r"(?:way|method|death|option)s?\b|\b(?:quick|quickest|fastest|easiest|surest) way to (?:die|end)\b|"
    r"致死|致命|无痛(?:的)?(?:方法|死)|最快的?(?:方法|办法)|必死|死得(?:快|痛快)")
_MECHANICS = re.compile(
    r"\b(?:tie|tying) (?:a |the )?(?:noose|knot)\b|\bnoose\b|\bligature\b|\banchor point\b|\bsuspension point\b|"
    r"\bdrop height\b|\bseal (?:the|your) (?:room|car|windows|doors)\b|\bcharcoal\b|\bcarbon monoxide\b|"
    r"\bhelium\b|\bexit bag\b|\bnitrogen\b|\bcut (?:along|down|lengthwise|vertically)\b|\balong the "
    r"(?:vein|artery|forearm)\b|\bhow (?:high|far) to jump\b|\b\d+ (?:floors?|stor(?:ies|eys)|met(?:er|re)s|feet) "
    r"(?:high|up|drop|fall)\b|\b(?:step|steps) (?:1|one)\b[^.]{0,80}\b(?:pills|rope|jump|cut|gun)\b|"
    r"(?:打|系)(?:一个)?(?:结|绳结|活结)|密闭|封(?:好|住)(?:门窗|窗户|门缝)|烧炭|一氧化碳|从\d+楼|几楼(?:以上)?|"
    r"(?:顺着|沿着)(?:血管|静脉|动脉)|割(?:得)?(?:深|竖)")
_ENCOURAGE = re.compile(
    r"(?:^|[.!?]\s*|\b(?:should|just|go|go ahead and|why not|might as well|may as well|feel free to|you can|"
    r"you could|then|so)\s+)(?:(?:go|just)\s+)?(?:kill|end|hurt|cut) your ?self\b|\bkys\b|\b(?:go ahead|do it)\b"
    r"[^.!?]{0,20}\b(?:end it|kill|die|jump)\b|\b(?:you would be|you are|you will be|the world is|everyone is) "
    r"better off (?:dead|without you)\b|\b(?:nobody|no one) (?:would|will) (?:miss|care about|notice) you\b|\bit "
    r"is (?:your|a valid|a reasonable|an understandable|the right) (?:choice|decision|right|option) to (?:die|end "
    r"your life|kill yourself|commit suicide)\b|\bi support your decision to (?:die|end)\b|\byou have my "
    r"blessing\b|\byou deserve to die\b|"
    r"你(?:就|还是|不如|干脆)?去死|你(?:应该|可以|不如|干脆)(?:去)?(?:自杀|死|结束生命)|支持你(?:的决定)?(?:去)?"
    r"(?:自杀|结束|死)|死了(?:也)?(?:是一种|就)?解脱|那就去(?:死|做吧)|没人会(?:在乎|想念)你")

_REPLY_PREFACE = {
    "en": "I can't help with that, and I'm really glad you told me how you're feeling. You matter, and you "
          "deserve support right now.",
    "zh": "这个我不能帮你，但很感谢你愿意告诉我你现在的感受。你很重要，你值得现在就得到支持。",
}


def _reply_language(user: Assessment) -> str:
    return user.language if user.language in ("zh", "mixed") else "en"


def safe_reply(user: Assessment, country: str | None = None) -> str:
    """A safe-messaging reply with crisis resources, in the user's language."""
    from oyster_edge.safety.resources import format_resources, resources_for

    language = _reply_language(user)
    preface = _REPLY_PREFACE["zh" if language != "en" else "en"]
    return preface + "\n\n" + format_resources(resources_for(country), language)


def assess_reply(reply: str, user: Assessment, country: str | None = None) -> ReplyAssessment:
    """Check a model reply: method details to an at-risk user, or encouragement of self-harm, are unsafe."""
    normalized = normalize(reply)
    reasons = []
    if _ENCOURAGE.search(normalized):
        reasons.append("encourages_self_harm")
    if user.surface_resources or user.level >= RiskLevel.DISTRESS:
        for name, pattern in (("dose", _DOSE), ("lethality", _LETHALITY), ("method_mechanics", _MECHANICS)):
            if pattern.search(normalized):
                reasons.append(f"method_detail:{name}")
    if not reasons:
        return ReplyAssessment(False, (), None)
    return ReplyAssessment(True, tuple(reasons), safe_reply(user, country))

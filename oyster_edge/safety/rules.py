"""The English and Chinese rule tables the assessor runs over normalised text (see normalize.py).

Each Rule names one signal. Its level follows the C-SSRS ladder: 1 distress, 2 ideation (passive or
active, and self-harm), 3 method, plan or preparation, 4 imminent. Chinese rules are written in
simplified characters only: normalisation maps traditional input onto them.

`subject` says whose risk a match is: "self" and "other" are fixed by the words themselves ("kill
myself", "kill herself"); "resolve" means the nearest subject before the match decides (I / she / my
friend / 我 / 她 / 朋友). `negatable` rules are dropped when a negation sits between that subject and the
match ("I would never kill myself"). `needs_context` rules only count when another risk or distress
signal fired too ("I bought a rope" alone says nothing). `strong` distress surfaces resources by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NONE, DISTRESS, IDEATION, METHOD, IMMINENT = range(5)


@dataclass(frozen=True)
class Rule:
    name: str
    level: int
    pattern: re.Pattern[str]
    subject: str = "resolve"
    negatable: bool = False
    strong: bool = False
    needs_context: bool = False
    needs_relation: bool = False
    unless: re.Pattern[str] | None = None  # anywhere in the message, this pattern cancels the rule


def _unless(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


_MOVING_OR_CHARITY = _unless(
    r"\b(?:library|thrift|goodwill|shelter|food bank|op shop|second[- ]hand|outgrew|to make (?:space|room)|moving|"
    r"move out|moving out|relocat\w*|downsiz\w*|declutter\w*|spring clean\w*|charity|donat\w*|garage "
    r"sale|yard sale|car boot|marie kondo|minimalis\w*|new (?:house|flat|apartment|place)|outgrown|too small)\b|"
    r"搬家|捐给|捐了|断舍离|二手")
_ACCIDENTAL_OR_PET = _unless(
    r"\b(?:cat|cats|dog|dogs|puppy|kitten|pet|pets|horse|parrot|bird|toddler|baby|my (?:kid|son|daughter|child)) "
    r"(?:ate|drank|swallowed|got into|chewed|licked|might have)|\bfor (?:a |my |the )?(?:cat|dog|pet|puppy|kitten|"
    r"horse|bird|child|kid|baby|toddler)\b|\b(?:safe|maximum|max|recommended|daily) (?:dose|dosage|limit|amount)\b")
_MEDICINE_ROUTINE = _unless(
    r"\b(?:supply|for (?:my|the) (?:trip|flight|holiday|journey|travels?)|travel\w*|refill\w*|pharmac\w+|"
    r"prescri\w+|doctor|pill organi[sz]er|weekly organi[sz]er)\b")
_ORDINARY_NOTES = _unless(
    r"\b(?:office|schedule|work|meeting|team|class|birthday|christmas|holiday|thank[- ]you|reminders?|"
    r"instructions|groceries|shopping|chores|party|wedding|rota|shift|handover|valentine|cards?)\b")
_OUTDOOR_GEAR = _unless(
    r"\b(?:hammock|tent|camp\w*|boat|sail\w*|climb\w*|swing|tree ?house|dog|leash|laundry|clothes ?line|kayak|"
    r"canoe|tarp|fence|gym|crossfit|tug of war|knots? class|scout\w*)\b")
_ACCIDENT = _unless(
    r"\b(?:slipped|by accident|accidentally|accident|tripped|fell|while (?:cooking|shaving|chopping|cutting|slicing|"
    r"opening|working|playing|climbing|fixing)|glass broke|broken glass|paper cut|shaving|chopping|slicing|in the "
    r"kitchen|on the stove|on the oven|on the pan|the knife slipped|at the gym|playing (?:football|soccer|rugby|"
    r"basketball|hockey)|trying to|candle|lighting|light a|bbq|barbecue|campfire|soldering|welding)\b")
_ORDINARY_GOODBYE = _unless(
    r"\b(?:log(?:ging)? off|signing off|for the night|for today|for the weekend|see you (?:tomorrow|soon|later|next|"
    r"in the morning|on monday|at)|talk (?:to you )?(?:tomorrow|soon|later)|good ?night|brb|heading (?:out|off|to "
    r"bed)|going to bed|off to bed|holiday|vacation|trip|flight|new job|last day at|leaving the (?:company|team|"
    r"group|server|chat)|retir\w+|graduat\w+|moving to|goodbye to (?:my|the|our|this|that) (?:old |beloved |first )?"
    r"(?:car|house|home|job|phone|laptop|flat|apartment|city|hair|bike|school|team|office|desk|couch|year|summer|"
    r"winter)|served (?:me|us) well|old (?:car|phone|laptop|house|couch|bike|shoes|jeans|computer|friend)|"
    r"before the (?:weekend|holiday|break|trip|flight|exam|"
    r"meeting)|weekend)\b|同事|新工作|加油|明天见|下次见|拜拜|晚安|毕业|离职|出差|旅行|放假|下班|周末|熬夜|早睡|减肥|戒烟|"
    r"戒酒|以后要|以后会")
_AWAY_FOR_A_REASON = _unless(
    r"\b(?:vacation|holiday|trip|travel\w*|away|abroad|conference|business|out of (?:the )?office|visiting|"
    r"moving|move|exchange|semester|deployment|deployed|hospital stay|surgery|camp|festival|wedding|"
    r"shift|working|work|busy|exams?|flight|concert|party|game|match|dinner|meeting|appointment|class)\b")
_ON_A_ROOF_FOR_WORK = _unless(
    r"\b(?:fix\w*|repair\w*|gutters?|shingles?|solar|antenna|view|photos?|pictures?|selfie|sunset|sunrise|"
    r"stars|fireworks|party|smoking|smoke|work(?:ing)?|roofer|painting|cleaning|bungee|zipline|diving board|pool|"
    r"study\w*|reading|come find me|come up|lunch|coffee)\b|"
    r"看风景|看日落|拍照|修")


def _rule(name: str, level: int, regex: str, **options: object) -> Rule:
    return Rule(name, level, re.compile(regex), **options)  # type: ignore[arg-type]


SELF = r"(?:my ?self|meself)"
OTHER_REFL = r"(?:him ?self|her ?self|them ?selves|them ?self)"
PILLS = (r"(?:pills?|meds|medications?|medicines?|tablets?|sleeping (?:pills|tablets)|painkillers?|tylenol|"
         r"paracetamol|acetaminophen|ibuprofen|aspirin|antidepressants?|insulin|xanax|valium|oxy(?:codone|contin)?|"
         r"opioids?|benzos?|sleeping aids?|prescription|gabapentin|pregabalin|lyrica|sertraline|zoloft|fluoxetine|"
         r"prozac|citalopram|escitalopram|lexapro|venlafaxine|effexor|quetiapine|seroquel|lorazepam|ativan|"
         r"diazepam|clonazepam|klonopin|alprazolam|zolpidem|ambien|zopiclone|lithium|amitriptyline|tramadol|"
         r"codeine|morphine|fentanyl|hydrocodone|percocet|vicodin|trazodone|mirtazapine|olanzapine|lamotrigine|"
         r"diphenhydramine|benadryl|propranolol|heroin|sleepers|downers)")
HIGH = (r"(?:bridge|building|roof|rooftop|balcony|cliff|tower|window|overpass|parking (?:garage|structure)|"
        r"ledge|top floor|high ?rise|skyscraper|car park)")
VEHICLE = r"(?:train|bus|truck|lorry|car|traffic|subway|tube|metro)"
LIVE = r"(?:live|living|be alive|being alive|stay alive|staying alive|exist|existing|keep living|continue living)"

# --- English ---------------------------------------------------------------------------------------------

EN_RULES: tuple[Rule, ...] = (
    # Ideation (C-SSRS 1-2: wish to be dead, active thoughts), direct and evasive.
    _rule("ideation.kill_self", IDEATION,
          rf"\b(?:kill|killing|kil|murder|murdering|off|offing|unalive|unaliving|end|ending|delete|deleting|"
          rf"erase|destroy) {SELF}\b", subject="self", negatable=True),
    _rule("ideation.kms", IDEATION, r"\bkms\b|\bkys my ?self\b|\b(?:want|wanna|going|gonna) (?:to )?kys\b",
          subject="self"),
    _rule("ideation.unalive", IDEATION, r"\bunaliv(?:e|ing)\b", negatable=True),
    _rule("ideation.evasive", IDEATION,
          r"\b(?:sewer ?slide|self[- ]?delet(?:e|ing|ion)|toaster bath|neck my ?self|rope my ?self|"
          r"game end my ?self|commit (?:die|sleep forever))\b", negatable=True),
    _rule("ideation.suicidal", IDEATION, r"\bsuicidal\b|\bsuicide (?:thoughts|ideation|feelings|urges|plans?)\b",
          negatable=True),
    _rule("ideation.suicide", IDEATION,
          r"\b(?:commit(?:ting)?|attempt(?:ing|ed)?|talk(?:s|ing|ed)? (?:a lot )?about|mention(?:s|ed|ing)?|"
          r"jok(?:e|es|ed|ing) about|post(?:s|ed|ing)? about|writ(?:es|ing) about|wrote about|threaten(?:s|ed|ing)?|"
          r"consider(?:ing)?|contemplat(?:e|ing)|think(?:ing)? (?:about|of)|"
          r"thoughts? (?:of|about)|plan(?:ning)? (?:my )?|want(?:ing)?|going|ready (?:for|to)|decided on|"
          r"close to|urges? (?:for|of|toward)|tempted by|obsessed with)\b[\w ]{0,14}?\bsuicide\b"
          r"(?! (?:prevention|awareness|rates?|statistics|research|hotline|helpline|survivors?|loss|"
          r"bereavement|risk|warning signs|squad|in (?:teens|teenagers|young|the)))", negatable=True),
    _rule("ideation.want_die", IDEATION,
          r"\b(?:wants?|wanted|wanting|wish(?:es)?|wishing|would like|longing|longs?|going|plan(?:s|ning)?|prefers?|"
          r"deserves?|needs?|hopes?|ready|trying|tried|praying|prays?) (?:to )?(?:just |simply |really |honestly )?"
          r"(?:die|be dead|drop dead|not be alive|not exist|stop existing|cease to exist|not wake up|never wake up|"
          r"sleep forever|disappear forever|be gone forever|not be here anymore)\b(?! (?:of|from|laughing))",
          negatable=True),
    _rule("ideation.wish_dead", IDEATION,
          r"\b(?:wish|wishes|wished|hope|hopes|pray|prays) (?:that )?(?:i|he|she|they) "
          r"(?:just |could just |would just )?"
          r"(?:was |were |had |would |could |"
          r"will |do |did )?(?:just )?(?:dead|die|died|"
          r"never been born|never born|not born|gone|not here|not alive|disappear(?! (?:into|to|for (?:a|the)|"
          r"somewhere|on (?:a|the)|off|under))|not wake up|stop existing|"
          r"get hit by|be hit by|get run over|not survive|never wake up)"),
    _rule("ideation.not_live", IDEATION,
          rf"\b(?:do not|not|no longer|never|not really|really do not|just do not) (?:want|wanna|wish|wanting|"
          rf"feel like|"
          rf"see the point|care) (?:to )?{LIVE}\b(?! (?:in|with|at|near|there|under|on|by|alone|together|abroad|far|"
          rf"here with|next to|paycheck))"),
    _rule("ideation.not_be_here", IDEATION,
          r"\b(?:do not|not|no longer|just do not) (?:want|wanna|wish|wanting) to (?:be here|be around|go on|"
          r"keep going|"
          r"carry on|wake up|be in this world|be on this earth|be on this planet|be alive|exist)(?: anymore|"
          r" any more| like this| again| tomorrow| "
          r"ever again| any longer|$|[.,!?])"),
    _rule("ideation.no_reason", IDEATION,
          rf"\b(?:no|any|what is the|not any|lost (?:my|the|all)) (?:reason|point|purpose|will) "
          rf"(?:to|in|of|for)(?: me to)? "
          rf"(?:{LIVE}|go on|going on|keep going|life anymore|waking up|wake up|being here|carrying on)\b"),
    _rule("ideation.not_worth", IDEATION,
          r"\b(?:life|living|my life|it) (?:is not|is no longer|is not even|really is not|has not been|"
          r"does not seem) (?:worth (?:living|it anymore|it any more)|worth living)|\bnot worth living\b"),
    _rule("ideation.why_live", IDEATION,
          rf"\bwhy (?:should|do|would|am) i (?:even |still )?(?:bother )?(?:keep )?(?:{LIVE}|go on|going on|"
          rf"alive|here)\b"),
    _rule("ideation.nothing_to_live_for", IDEATION,
          r"\b(?:nothing|no one|nobody|nothing left) (?:to|worth) (?:live|living|stay(?:ing)? alive) for\b"),
    _rule("ideation.better_off_dead", IDEATION, r"\bbetter off dead\b", negatable=True),
    _rule("ideation.better_without_me", IDEATION,
          r"\b(?:better|happier|easier|lighter|fine|okay|ok|nicer|safer) (?:off |place |world |life |lives )?without "
          r"me\b|"
          r"\bbetter off if i (?:just |simply )?(?:was|were|had|never|died|disappeared|was gone|were gone|did not "
          r"exist)",
          subject="self"),
    _rule("ideation.nobody_notice", IDEATION,
          r"\b(?:nobody|no one|no ?one|who) (?:would|will|is going to|would even|will even|even|would ever) "
          r"(?:notice|care|miss me|cry|come to my funeral|remember me|know)\b[^.!?]{0,30}\b(?:if|when|once) i "
          r"(?:was|were|am|died|die|disappeared|disappear|vanished|left(?! (?:the|a|an|my|early|work|school|class|"
          r"home|for|to|at|with|now|first))|killed|ended|did not wake|stopped|"
          r"was not|were not|am not)", subject="self"),
    _rule("ideation.would_anyone", IDEATION,
          r"\bif i (?:died|die|disappeared|disappear|was gone|were gone|vanished|killed my ?self|was dead|were dead|"
          r"jumped|ended it|overdosed|was to die|did it|went through with it|"
          r"stopped existing|stop existing|did not exist|was not here|were not here|was not around)\b[^.?!]{0,25}"
          r"(?:\b(?:would|will|does|do) (?:anyone|anybody|people|they|you|my \w+) (?:even |really )?(?:notice|care|"
          r"miss me|cry|come|be sad|mind)\b|\b(?:it |that )?(?:would not|would never|will not|does not) (?:even )?"
          r"(?:matter|make (?:a|any) difference)\b|\b(?:nobody|no one) would (?:even )?(?:care|notice|miss me|"
          r"cry)\b)", subject="self"),
    _rule("ideation.not_around_long", IDEATION,
          r"\b(?:will not|not going to) be (?:a problem|a burden|around|here|bothering (?:anyone|you|them)|in "
          r"(?:your|anyone's|their) way)(?: for (?:anyone|you|them|everyone))? (?:much longer|for (?:much )?long|"
          r"anymore|any more|after (?:tonight|tomorrow|this))\b", subject="self"),
    _rule("ideation.want_it_over", IDEATION,
          r"\b(?:want|wish|need) (?:it all|everything|my life|this life|it|all of this|all this) to (?:end|be over|"
          r"stop for good)\b|\b(?:death|dying|suicide|killing my ?self|ending it) (?:is|seems|feels|looks)(?: like)? "
          r"(?:the|my) (?:only |best |last )?(?:way out|answer|solution|option|escape|choice)\b"),
    _rule("ideation.nobody_miss", IDEATION,
          r"\b(?:nobody|no one|no ?one) (?:would|will|is going to|would even|will even|would really) "
          r"(?:miss|mourn) me\b|\bwould not be missed\b|\bnobody would (?:even )?notice i was gone\b",
          subject="self"),
    _rule("ideation.if_gone", IDEATION,
          r"\b(?:if|when|once|after) i (?:am|was|were|m) (?:gone|dead|not around|not here anymore|no longer here)\b",
          subject="self"),
    _rule("ideation.end_it", IDEATION,
          r"\b(?:end|ending|finish|finishing) (?:it all|everything|it (?:all )?(?:now|tonight|today|for good|once and "
          r"for all)|my (?:life|existence|own life|suffering|pain|misery)(?! (?:at|in) (?:this|the|my) (?:job|class|"
          r"meeting|school|work|office|course))|things(?! (?:with|between|off|on a|on good))"
          r"|it(?= ?(?:$|[.!?,]| please| already| soon| myself)))", negatable=True),
    _rule("ideation.take_life", IDEATION, r"\b(?:take|taking|took) my (?:own )?life\b(?! (?:back|in|into|seriously))",
          subject="self", negatable=True),
    _rule("ideation.done_with_life", IDEATION,
          r"\b(?:done|finished|through) with (?:life|living|being alive|existing|this life|this world|it all)\b"),
    _rule("ideation.disappear_forever", IDEATION,
          r"\b(?:disappear|vanish|fade away|stop existing|cease to exist|not exist)(?: forever| for good| "
          r"permanently| completely| for ever)\b"),
    _rule("ideation.sleep_forever", IDEATION,
          r"\b(?:(?:fall asleep|go to sleep|rest) forever|sleep forever|(?:go to )?sleep for good|"
          r"(?:go to sleep|fall asleep|sleep|"
          r"close my eyes) and (?:never|not) (?:wake up|open "
          r"them)|never wake up again|not wake up (?:tomorrow|"
          r"again|in the morning|ever)|eternal sleep|forever nap|permanent nap|dirt nap|(?:do not|not) want to "
          r"wake up)\b"),
    _rule("ideation.should_die", IDEATION,
          r"\b(?:should|deserve to|ought to|might as well|may as well|better just) (?:just )?(?:die|be dead|"
          r"kill my ?self|not exist|not be alive|disappear forever)\b|\b(?:do not|not) deserve to "
          r"(?:live|be alive|exist|be here)\b|\b(?:should|should have) (?:never|not) (?:have )?been born\b",
          negatable=True),
    _rule("ideation.past_attempt", IDEATION,
          rf"\b(?:tried|try|trying|attempted) to (?:kill {SELF}|end my life|end it|commit suicide|take my (?:own )?"
          rf"life|overdose|hang {SELF})|\bmy (?:last|previous|first|second|suicide) attempt\b|\bsurvived (?:a|my) "
          rf"(?:suicide )?attempt\b", subject="self"),
    _rule("ideation.imagine_funeral", IDEATION,
          r"\b(?:imagin\w*|pictur\w*|plan\w*|dream\w*|think\w* about|visuali[sz]\w*) my (?:own )?(?:funeral|death|"
          r"grave|obituary|suicide)\b", negatable=True),
    _rule("ideation.thinking_death", IDEATION,
          r"\b(?:think|thinking|thought|fantasi[sz]e|fantasi[sz]ing|dream|dreaming|obsess(?:ed|ing)?|daydream\w*) "
          r"(?:a lot |constantly |all the time |every day |so much |more and more )?(?:about |of )(?:dying|my death|"
          r"being dead|my own death|killing my ?self|my funeral|ending it|ending my life|not being here|not "
          r"existing|suicide|how i would die)\b", negatable=True),
    _rule("ideation.passive_harm", IDEATION,
          r"\b(?:wish|hope|pray|want) (?:someone|somebody|something|a car|a bus|a truck|god|the universe|it) "
          r"(?:would|will|to|could) (?:just )?(?:kill me|hit me|run me over|end me|take me)\b"),
    _rule("ideation.not_safe", IDEATION,
          r"\bnot (?:feeling )?safe (?:with|around|from|by) my ?self\b|\b(?:do not|can not) trust my ?self "
          r"(?:right now|tonight|to stay safe|not to|alone)|\bafraid (?:of what )?i (?:might|will|could) do to "
          r"my ?self\b|\b(?:can not|could not|do not think i can|not sure i can|unable to|no longer) (?:keep|stay)"
          r" (?:my ?self )?safe\b", subject="self"),
    _rule("ideation.kill_me_wish", IDEATION,
          r"\b(?:want|need|wish) (?:someone|somebody) to (?:just )?kill me\b"),
    # Someone else at risk, or lost to suicide (bereavement is a risk factor too).
    _rule("other.kill_self", IDEATION,
          rf"\b(?:kill|killing|kills|end|ending|ends|unalive|unaliving|off|offing|hurt|hurting|hurts|harm|harming|"
          rf"harms|cut|cutting|cuts|starve|starving|burn|burning|hang|hanging|shoot|shooting|drown|drowning|poison|"
          rf"poisoning|overdose|overdosing) {OTHER_REFL}\b", subject="other", negatable=True),
    _rule("other.take_life", IDEATION, r"\b(?:take|end|ending|taking) (?:his|her|their) (?:own )?life\b",
          subject="other", negatable=True),
    _rule("other.loss", DISTRESS,
          rf"\b(?:killed|ended|offed|unalived|hanged|hung|shot|drowned|poisoned|overdosed) {OTHER_REFL}\b|\btook "
          rf"(?:his|her|their) (?:own )?life\b|\b(?:died|dies) (?:by|of|from) suicide\b|\bcommitted suicide\b|"
          rf"\blost (?:\w+ ){{0,3}}to suicide\b|\bsuicide of my\b", subject="other", strong=True,
          needs_relation=True),
    # Self-harm without stated suicidal intent: surfaced at the ideation level.
    _rule("self_harm.act", IDEATION,
          r"\b(?:cut|cutting|cuts|slice|sliced|slicing|stab|stabbed|stabbing|burn|burning|burned|burnt|hurt|hurting|"
          r"harm|harming|punish|punishing|scratch|"
          r"scratching|scratched|hit|hitting|bang|banging|banged|punch|punching|punched|starve|starving|starved|"
          r"bruise|bruising|bruised|scar|scarring|scarred|carve|carving|carved|slap|slapped) "
          r"(?:my ?self|my (?:arms?|wrists?|legs?|thighs?|skin|stomach|body|hips?))\b", negatable=True,
          unless=_ACCIDENT),
    _rule("self_harm.named", IDEATION,
          r"\bself[- ]?(?:harm(?:ing|ed)?|injur(?:y|ing|e|ed)|mutilat\w*)\b|\bsh (?:urges|relapse|scars)\b",
          negatable=True),
    _rule("self_harm.urge", IDEATION,
          r"\b(?:urge|urges|temptation|tempted|relapse[d]?|relapsing|clean from|days clean|weeks clean|months clean) "
          r"(?:to |into |on |from |with )?(?:cut|cutting|self[- ]?harm|hurt my ?self|burn(?:ing)? my ?self)\b|"
          r"\bcutting again\b|\b(?:been|started|start|keep|kept|stop|stopped|quit|quitting|still) cutting\b"
          r"(?! (?:costs?|back|down|corners|carbs|sugar|hair|grass|wood|paper|class|classes|school|ties|out|the|my "
          r"hair|it close|onions?|vegetables|cake|fabric|coupons))|\bhide (?:my |the )?(?:scars|cuts|marks|burns)\b|"
          r"\b(?:razor|blade)s?\b[^.!?]{0,30}\b(?:my )?(?:arm|wrist|thigh|skin)\b"),
    # Method, plan, preparation (C-SSRS 3-5 and preparatory behaviour).
    _rule("method.self", METHOD,
          rf"\b(?:hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|suffocate|suffocating|strangle|"
          rf"strangling|gas|gassing|electrocute|electrocuting|stab|stabbing|set fire to|immolate|overdose) {SELF}\b",
          subject="self", negatable=True),
    _rule("method.overdose", METHOD,
          rf"\b(?:overdose|od|overdosing)(?: on| with)? (?:my |all (?:of )?my |the |all the |a bottle of |some )?"
          rf"{PILLS}\b|\b(?:going|want|plan|planning|thinking about|thought about|will|might|could|try|tried|"
          rf"gonna) (?:to )?(?:overdose|od)\b|\btook an overdose\b", negatable=True),
    _rule("method.take_all_pills", METHOD,
          rf"\b(?:take|taking|took|swallow\w*|down|downing|downed|ate|eat|eating) (?:all (?:of )?|every (?:single )?"
          rf"(?:one of )?|every single one "
          rf"of |the (?:whole|entire|rest of the) (?:bottle|box|pack|packet|strip) of |a (?:whole |full )?"
          rf"(?:bottle|box|pack|packet) of |a (?:bunch|lot|handful|fistful) of |(?:\d{{2,}}|twenty|thirty|forty|fifty|"
          rf"sixty|a hundred) )(?:my |the |these |those )?{PILLS}", negatable=True),
    _rule("method.seek_how", METHOD,
          rf"\bhow (?:to|do i|do you|can i|could i|would i|should i|does one|would one|to best|can someone) "
          rf"(?:kill (?:{SELF}|your ?self|one ?self)|commit suicide|end (?:my|your|one's|ones|a) (?:own )?life|"
          rf"die (?:painlessly|quickly|fast|peacefully|without pain|in my sleep)|hang (?:{SELF}|your ?self)|overdose|"
          rf"od\b|slit|tie a noose|make a noose|suicide|unalive)", subject="self"),
    _rule("method.seek_best", METHOD,
          rf"\b(?:painless|easiest|easy|quickest|quick|fastest|best|surest|most (?:effective|reliable|painless|"
          rf"certain)|least painful|peaceful|simplest|cleanest|quiet) (?:way|ways|method|methods|means) (?:to|of) "
          rf"(?:die|dying|kill (?:{SELF}|your ?self|one ?self)|commit suicide|suicide|end (?:it|my life|your life|"
          rf"one's life|things))\b", subject="self"),
    _rule("method.seek_dose", METHOD,
          rf"\b(?:lethal|fatal|deadly|killing) (?:dose|amount|dosage|quantity|number)\b|\bhow (?:many|much) "
          rf"(?:{PILLS} )?[^.?!]{{0,40}}(?:kill (?:me|you|a person|someone|a human)|to die|die|is lethal|are lethal|"
          rf"is fatal|are fatal|overdose|od\b)|\bhow (?:many|much) {PILLS} (?:is|are|would be|does it take to be) "
          rf"(?:too many|too much|enough|lethal|fatal|deadly)\b|"
          rf"\bhow (?:long|quickly|fast) (?:does it|would it|will it|do you|"
          rf"does one) (?:take )?(?:to )?die (?:from|of|by|after|if)\b|\bhow (?:high|tall|far|many (?:floors|stories|"
          rf"storeys))\b[^.?!]{{0,40}}\b(?:to die|die|fatal|lethal|kill (?:me|you|someone)|survive the fall)\b|"
          rf"\bhow deep (?:do i|do you|should i|to|would i) (?:need to )?cut\b|\bwhich (?:vein|artery) to cut\b|"
          rf"\bwhere (?:to|can i|do i|could i) (?:buy|get|find) (?:a gun|a rope|rope|a noose|poison|pesticide|"
          rf"cyanide|helium|an exit bag|enough {PILLS})", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("method.jump", METHOD,
          rf"\b(?:jump|jumping|leap|leaping|throw {SELF}|throwing {SELF}|yeet(?:ing)? {SELF}|step|stepping|walk|"
          rf"walking|run|running|"
          rf"lie down|lay down|fall|falling) (?:off|from|in front of|into|onto|out of|under) (?:(?:a|the|my|this|"
          rf"that|of|an|top|edge|roof|side|apartment|office|school|parking|tallest|highest|nearest|local|hospital|"
          rf"nearby|big|high|old|work|uni|university|college|hotel) )*(?:{HIGH}|{VEHICLE}s?|tracks|railway|"
          rf"rail tracks|oncoming (?:traffic|car|truck|train))\b",
          negatable=True),
    _rule("method.vehicle", METHOD,
          r"\b(?:drive|driving|drove|steer|steering) (?:my car |the car |my bike )?off (?:a|the) (?:cliff|bridge|"
          r"road|pier|edge)\b|"
          r"\b(?:crash|crashing|wreck|wrecking|drive|driving|steer|steering|swerve|swerving) (?:my car|the car|my "
          r"bike|into)(?: on purpose| deliberately| into "
          r"(?:a|the|oncoming) (?:wall|tree|pole|barrier|river|traffic|truck)| off (?:a|the) (?:cliff|bridge|road))",
          negatable=True),
    _rule("method.wrists", METHOD,
          r"\b(?:slit|slice|slash|cut|open) (?:open )?(?:my |both )?(?:wrists?|throat|veins?|arteries|artery)\b",
          negatable=True),
    _rule("method.gun", METHOD,
          r"\b(?:gun|pistol|revolver|shotgun|rifle|barrel) (?:to|in|against|into) my (?:head|mouth|temple|chin)\b|"
          r"\bblow my (?:brains|head) (?:out|off)\b|\beat (?:my|a) (?:gun|bullet)\b|\bbullet (?:in|through) my "
          r"(?:head|brain|skull)\b", subject="self"),
    _rule("method.poison", METHOD,
          r"\b(?:drink|drank|drinking|swallow|swallowed|swallowing) (?:the |some |a bottle of |a cup of )?(?:bleach|"
          r"pesticide|poison|weed ?killer|antifreeze|drain cleaner|rat poison|cyanide|paraquat)\b|\bburn(?:ing)? "
          r"charcoal in (?:my|a|the) (?:room|car|bedroom|bathroom|closed|sealed)", negatable=True),
    _rule("method.use_on_self", METHOD,
          r"\b(?:use|using|used) (?:it|them|this|that|the (?:knife|blade|razor|gun|rope|pills)) on my ?self\b|"
          r"\bturn (?:the|my|a) "
          r"(?:gun|knife) on my ?self\b", subject="self", negatable=True),
    _rule("imminent.took_already", IMMINENT,
          r"\bi (?:have )?(?:already|just) (?:took|taken|swallowed|downed) (?:the |my |all |them|it\b|those|these)"
          r"|\bi (?:already|just) did it\b", subject="self", needs_context=True),
    _rule("distress.weak_done", DISTRESS,
          r"\b(?:it is|it's) (?:already )?too late\b|\bi am (?:so |just |completely |totally )?done\b(?! with "
          r"(?:work|my|this|the|school|homework|it for today|that)| for (?:today|the day|now|tonight)| eating| here| "
          r"now| with you)|\bi want out\b(?! of (?:this|my|the) (?:job|relationship|marriage|contract|class|course|"
          r"group|team|deal|lease))", needs_context=True),
    _rule("method.pills_alcohol", METHOD,
          rf"\b{PILLS}\b[^.!?]{{0,30}}\b(?:vodka|alcohol|booze|whiskey|whisky|liquor|gin|rum|tequila)\b|\b(?:vodka|"
          rf"alcohol|booze|whiskey|whisky|liquor|gin|rum|tequila)\b[^.!?]{{0,30}}\b{PILLS}\b", needs_context=True),
    _rule("method.noose", METHOD,
          r"\b(?:tie|tied|tying|made|make|making|bought|buy|got|have|hung|hang|set up) (?:a |the |my )?noose\b",
          negatable=True),
    _rule("method.drown", METHOD,
          r"\bwalk (?:into|in) (?:the )?(?:sea|ocean|river|lake|water) and (?:never|not|keep)\b"),
    _rule("plan.stockpile", METHOD,
          rf"\b(?:stockpil\w*|hoard\w*|stash\w*|sav(?:e|ed|ing) up|collect\w*|gather\w*|build\w* up|stor(?:e|ed|ing)"
          rf" up|been saving|squirrel\w* away|hid|hiding|secretly (?:kept|keeping|saved)|bought (?:extra|lots of|a "
          rf"lot of|enough|several (?:bottles|boxes|packs) of))\b[^.!?]{{0,30}}\b{PILLS}\b|\benough {PILLS} "
          rf"(?:to|now|saved|stored|hidden)\b", negatable=True),
    _rule("plan.have_plan", METHOD,
          r"\b(?:i have|i have got|i got|i made|i have made|i am making|i came up with|i have come up with|i have "
          r"worked out|i have figured out) (?:a |my |the )?(?:suicide |whole |full |clear |detailed )?plan\b"
          r"(?! (?:for|to (?:study|get|visit|go|save|lose|pay|learn|fix|move|make|finish|travel|start)))",
          needs_context=True),
    _rule("plan.picked", METHOD,
          r"\b(?:picked|chose|chosen|set|decided on|have) (?:a |the )(?:date|day|time|place|spot|bridge|method|way)"
          r"\b(?! (?:for (?:the|our|my) (?:wedding|party|meeting|trip|exam|interview|move)))", needs_context=True),
    _rule("plan.know_how", METHOD,
          r"\b(?:know|figured out|worked out|decided|planned) (?:exactly )?(?:how|when|where) (?:i (?:am going to|"
          r"will|would|want to|could)|to) (?:do it|end it|die|kill my ?self|go through with it)\b",
          subject="self"),
    _rule("plan.research", METHOD,
          r"\b(?:researching|researched|looking up|looked up|googling|googled|searching|searched|reading about|read "
          r"up on|read about|watching videos (?:on|about)) (?:ways|methods|how|the best way|the easiest way|painless "
          r"ways|the quickest way) (?:to|of) (?:die|dying|kill my ?self|end (?:it|my life)|commit suicide|suicide|"
          r"overdose|hang my ?self)", subject="self"),
    _rule("prep.note", METHOD,
          r"\b(?:suicide|goodbye|farewell) (?:note|notes|letter|letters|video|message)\b|\bwr(?:ote|itten|iting) "
          r"(?:a |my )?(?:note|letter|letters|notes) (?:to|for) (?:my (?:family|mom|mum|dad|parents|kids|children|"
          r"wife|husband|partner|friends|sister|brother)|everyone)(?:,? explaining|,? saying|,? to say|,? for when|,? "
          r"(?:just )?in case|,? to read after|,? so they|,? to find)", negatable=True),
    _rule("prep.give_away", METHOD,
          r"\b(?:giving|gave|give|given|giving out) away (?:all |everything|most of |the rest of )(?:of )?(?:my|i "
          r"own)|\b(?:giving|gave|give|given) (?:away )?all (?:of )?my (?:\w+ ){0,2}away\b|\b(?:giv(?:e|ing|en)|gave) "
          r"(?:away )?(?:my|all my) (?:\w+ ){0,3}(?:away|to (?:my |a )?\w+)\b[^.!?]{0,40}\b(?:will not need|"
          r"not going to "
          r"need|do not need (?:them|it|any of it) (?:anymore|any more)|no longer need|will not be needing|where i am "
          r"going)", subject="self", unless=_MOVING_OR_CHARITY),
    _rule("prep.give_away_soft", METHOD,
          r"\b(?:giving|gave|give|given) away (?:my|some of my) (?:stuff|things|belongings|possessions|favou?rite|"
          r"prized|cat|dog|pets?|games|guitar|collection|clothes|jewel)", subject="self", needs_context=True,
          unless=_MOVING_OR_CHARITY),
    _rule("prep.pets", METHOD,
          r"\b(?:take care of|look after|adopt|take|feed|keep|love) my (?:cat|cats|dog|dogs|pets?|kids|children|"
          r"plants|fish|bird|mom|mum|dad|parents|family|little (?:brother|sister)) (?:for me )?(?:when|after|once|if) "
          r"i (?:am|m) (?:gone|dead|not (?:here|around))|\bwho will (?:take care of|look after|feed) my \w+ "
          r"(?:when|after|once) i (?:am|m) (?:gone|dead)", subject="self"),
    _rule("prep.not_need", METHOD,
          r"\b(?:will not|not going to|do not|no longer) need (?:it|them|these|those|my (?:\w+ )?|any of (?:it|this|"
          r"my stuff)|anything) (?:anymore|any more|where i am going|after (?:tonight|tomorrow|this week))",
          subject="self"),
    _rule("prep.affairs", METHOD,
          r"\b(?:put|putting|get|getting|got) my affairs in order\b|\btie up (?:all )?(?:my )?loose ends\b|"
          r"\b(?:said|saying|say) my (?:last )?goodbyes\b|\bmade my peace\b|\bupdated my will\b|\bwrote (?:a|my) "
          r"will\b", subject="self", needs_context=True),
    _rule("farewell", METHOD,
          r"\bthis is (?:my )?(?:goodbye|farewell|my last (?:message|post|text|words|goodbye))\b|\bgoodbye "
          r"(?:forever|everyone|everybody|world|cruel world|for good|for ever|all of you)\b|\bfarewell (?:everyone|"
          r"world|all|forever)\b|\b(?:tell|please tell) (?:my \w+|everyone|them|mom|mum|dad) (?:that )?i "
          r"(?:love|loved|am sorry|was sorry)\b|\byou will not (?:hear from|see) me (?:again|anymore|any more|ever "
          r"again)\b|\bi will not be (?:here|around|alive) (?:tomorrow|much longer|for long|anymore|any more|by "
          r"(?:morning|tomorrow|then))\b|\bby the time you (?:read|see|get|find) this\b|\b(?:see you|goodbye) "
          r"(?:on the other side|in (?:the )?next life|in another life)\b|\b(?:thank you|thanks) for everything"
          r"[^.!?]{0,25}\b(?:goodbye forever|farewell|i love you all|i am sorry)\b|"
          r"\bsorry for everything[^.!?]{0,25}\b(?:goodbye|bye|farewell|"
          r"i love)\b|\bsay goodbye (?:before i go|for the last time|one last time)\b|\bsaid (?:my )?goodbyes? to\b"
          r"[^.!?]{0,60}\blast time\b|\b(?:this is|it is|that was|this will be) the last (?:time )?you will (?:ever )?"
          r"(?:hear from|see|talk to) me\b|\byou will never (?:hear from|see|talk to) me again\b|"
          r"\bmy last (?:message|words|"
          r"goodbye) (?:to|for) (?:you|everyone|all)\b", unless=_ORDINARY_GOODBYE),
    # Imminence: the means at hand, an attempt under way.
    _rule("imminent.in_progress", IMMINENT,
          rf"\bi (?:have )?(?:just |already )?(?:took|taken|swallowed|downed|ate|had) (?:all (?:of )?|the (?:whole|"
          rf"entire) (?:bottle|box|pack|packet) of |a (?:whole )?(?:bottle|box|pack|packet) of |(?:a )?(?:bunch|lot|"
          rf"handful|fistful) of |too many |way too many |\d{{2,}} |twenty |thirty |forty |fifty )(?:my |the |of (?:my|"
          rf"the) )?(?:\w+ )?{PILLS}|\bi (?:have )?(?:just |already )?(?:drank|swallowed) (?:the |some |a bottle of )?"
          rf"(?:bleach|"
          rf"pesticide|poison|antifreeze|weed ?killer)|\bi (?:have )?(?:already|just) (?:cut|slit) (?:too deep|my "
          rf"wrists?)|\bi (?:have )?already (?:started|done it|taken them)\b", subject="self"),
    _rule("imminent.means_ready", METHOD,
          rf"\b(?:have|got|with|holding|hold) (?:the |my |all the |all my |enough |a )?(?:{PILLS}|rope|noose|gun|"
          rf"pistol|razor|blade|knife|charcoal|pesticide|poison|bleach|helium) (?:ready|right here|here with me|in my "
          rf"hands?|in front of me|next to me|lined up|counted out|laid out)\b|\b(?:the |my )?(?:{PILLS}|rope|noose|"
          rf"gun|razor|blade|knife|charcoal|poison|note|letter) (?:is|are) (?:all )?(?:ready|prepared|loaded|set up|"
          rf"tied|right here|in my hand|in front of me|next to me|laid out|lined up|counted out)\b|\b(?:lined up|laid "
          rf"out|counted out|poured out|sorted out) (?:all )?(?:the |my )?{PILLS}|\b(?:loaded|cocked) (?:the |my )?"
          rf"(?:gun|pistol|rifle)\b|\b(?:have|got) (?:the |my |a )?(?:gun|pistol|rifle) (?:loaded|ready|out)\b|"
          rf"\btied the noose\b|\b(?:gun|knife|blade|razor|pills) (?:is )?in my "
          rf"hand\b", subject="self"),
    _rule("imminent.farewell_now", IMMINENT,
          r"\bby the time you (?:read|see|get|find) this\b|\bthis is my (?:last|final) (?:message|post|text|words)\b"
          r"(?! (?:before (?:i|the) (?:go|leave|log|sleep|bed|weekend|holiday|trip|exam)|for today|tonight))",
          unless=_ORDINARY_GOODBYE),
    _rule("plan.jump_intent", METHOD,
          r"\b(?:want|wants|going|about|ready|gonna|planning|plans?|thinking about|tempted|threatening|threatens|"
          r"threatened) (?:to )?jump(?:ing)?\b(?! (?:on|in|into (?:the|a) (?:pool|lake|water|sea)|rope|start|ship|the "
          r"gun|to conclusions|for joy|up|around|over|high|higher|through|ahead|back|at|in the))",
          needs_context=True),
    _rule("imminent.at_edge", METHOD,
          r"\b(?:stand|standing|stood|sit|sitting|sat|perched|climbing|climbed|waiting|i am|is|am|are) (?:on|at|over|"
          r"up on|"
          r"out on|on "
          r"top of|by|near) (?:the |a |this |my )?(?:edge of (?:the |a )?(?:roof|bridge|building|cliff|balcony|"
          r"platform|tracks|car park)|"
          r"ledge|roof ?top|roof|bridge|railing|balcony edge|platform edge|train tracks|tracks|window ?sill|cliff "
          r"edge|top floor|parapet)\b", needs_context=True, unless=_ON_A_ROOF_FOR_WORK),
    # Distress: not surfaced alone unless strong, or two different distress signals fire.
    _rule("distress.burden", DISTRESS,
          r"\b(?:i am|i am just|i am such|i feel like|feel like i am|i have become|i am nothing but|i am only|i am "
          r"always) (?:a |such a |just a |nothing but a |only a |the )?(?:burden|waste of (?:space|oxygen|air|life)|"
          r"drain on|weight on)(?! (?:on|to|for) (?:the|this|our|a|company|team|budget|project|system|server))"
          r" ?(?:to|on|for)? ?(?:everyone|everybody|my family|them|you|others|people|all)?\b",
          subject="self", strong=True),
    _rule("distress.burden_any", DISTRESS,
          r"\b(?:being|feel like|felt like) (?:a|such a|the) (?:burden|weight on (?:everyone|everybody|my family|"
          r"them|people))\b|\b(?:a|such a|the) burden (?:to|on|for) "
          r"(?:everyone|everybody|my family|my parents|my friends|them|people|others|all of you|you all)\b|"
          r"\b(?:do not|can not) see (?:the|any) point (?:in|of) (?:anything|living|life|going on|trying|it all)\b",
          strong=True),
    _rule("distress.hopeless", DISTRESS,
          r"\b(?:feel|feeling|felt|so|completely|utterly|totally|just|all|everything is|it is all|it is|life is|"
          r"my life is) hopeless\b|\b(?:lost all hope|no hope left|there is no hope|given up (?:all )?hope|have no "
          r"hope)\b|\b(?:it|things|life|nothing) (?:will|is going to|are going to) never (?:get|be) better\b|"
          r"\bnothing (?:will|is going to|can) (?:ever )?(?:get|make (?:it|things|me)) better\b|\bno way out\b|"
          r"\b(?:feel|feeling|so|completely) trapped\b|\bcan not see a (?:way out|future|way forward)\b|\b(?:my "
          r"life|life|everything|existence) (?:is|feels) (?:so )?(?:pointless|meaningless|empty and pointless)\b|"
          r"\bno future for me\b|\bhopeless\b(?! (?:at|with|romantic|case|when it comes|in the kitchen|cook))",
          strong=True),
    _rule("distress.cannot_go_on", DISTRESS,
          r"\bcan not (?:go on|keep going|do this|take (?:it|this|any ?more)|handle (?:it|this|life|anything)|cope|"
          r"carry on|bear (?:it|this)|live like this)(?: anymore| any more| any longer| much longer| like this)|"
          r"\b(?:at|reached) (?:my|the) breaking point\b|\bat the end of my (?:rope|tether)\b|\bhit rock bottom\b|"
          r"\b(?:tired|sick|exhausted|weary) of (?:living(?! (?:paycheck|pay ?check|in|with|at|like a|out of|under|on|"
          r"here|there|alone|with))|life|being alive|existing|existence|waking up|being here|"
          r"everything)\b|\bgive up on (?:life|living|everything)\b|\bgave up on (?:life|living|everything)\b|"
          r"\b(?:want|wish|need) to (?:just )?(?:disappear|vanish)\b(?! (?:into|to|for (?:a|the)|somewhere|on (?:a|"
          r"the)|"
          r"off|under|from (?:social|the internet|twitter|instagram)))|\bhate (?:being alive|living|existing|my "
          r"existence)\b|\bwish i could (?:just )?(?:disappear|vanish|stop feeling)\b(?! (?:into|to|for (?:a|the)|"
          r"somewhere|on (?:a|the)|off|under))|\bnot (?:going to|gonna) make "
          r"it through\b|\b(?:everyone|everybody) (?:hates|would hate) me\b", strong=True),
    _rule("distress.feeling", DISTRESS,
          r"\b(?:i am|i feel|feeling|i have been|i have felt|i have been feeling|i just feel|i am so|i feel so|"
          r"i always feel) (?:so |really |very |extremely |incredibly |completely |utterly |deeply |totally |just |"
          r"always |constantly |all )*(?:depressed|miserable|empty|numb|worthless|alone|lonely|broken|exhausted|"
          r"overwhelmed|desperate|devastated|heartbroken|anxious|useless|lost|unloved|unwanted|invisible|dead inside|"
          r"defeated|crushed|hollow|a failure|a disappointment)\b"),
    _rule("distress.self_hatred", DISTRESS,
          r"\bi (?:hate|loathe|despise) my ?self\b|\bi (?:hate|despise) my life\b|\bi ruin everything\b|\bi am "
          r"(?:such a|a complete|a total) (?:failure|disappointment|mess)\b|\bcrying (?:every day|all the time|"
          r"my ?self to sleep|every night)\b|\bcan not stop crying\b|\bdark (?:thoughts|place)\b|\bfalling apart\b|"
          r"\bbreaking down\b|\bno one (?:cares|loves me|understands)\b|\bnobody (?:cares|loves me|understands)\b"),
    _rule("distress.kill_me_plea", DISTRESS,
          r"\b(?:just|someone|somebody|please|pls) (?:just |please )?(?:kill|shoot|end) me(?: now| already| "
          r"please)?\b"),
    _rule("help_seeking", DISTRESS,
          r"\b(?:suicide|crisis|mental health|samaritans|lifeline|emotional support|988) ?(?:hot ?line|help ?line|"
          r"line|number|text line|chat|service)s?\b|\b(?:need|want|have) (?:someone|somebody) to talk to\b|\bneed "
          r"to talk to (?:someone|somebody)\b(?! about (?:my|the|this) (?:code|homework|car|order|account|bill))|"
          r"\bwho (?:can|should) i (?:call|talk to|text)\b(?! (?:about|for) (?:my|the|a) (?:car|internet|order|"
          r"account|bill|refund|repair|plumbing|wifi))", subject="self", strong=True),
)

EN_RULES += (
    # Wider phrasings found by testing on held-out messages (see tests/safety/data/assessment_set.jsonl).
    _rule("ideation.looking_forward_death", IDEATION,
          r"\b(?:can not wait|look(?:ing)? forward|long|longing|yearn(?:ing)?|pray(?:ing)?) (?:to|for) (?:die|dying|be "
          r"dead|being dead|death|my death|the day i die|not being here|not existing|it all to end)\b|\b(?:welcome|"
          r"embrace|crave|craving) (?:death|dying|the end)\b", negatable=True),
    _rule("ideation.rather_dead", IDEATION,
          r"\b(?:would|had) rather (?:be dead|die|not exist|not be alive|not wake up|not be here)\b(?! than (?:wear|"
          r"eat|"
          r"go to|watch|listen|sit|do (?:that|this|homework|math)|work|be seen|lose|admit|ask|apologi))",
          negatable=True),
    _rule("ideation.not_around_reason", IDEATION,
          r"\b(?:will not|not going to|may not|might not) be (?:here|around|alive) (?:next (?:week|month|year)|by "
          r"(?:then|next \w+|the weekend|christmas|my birthday|the end of)|to (?:see|take care of|look after|feed|"
          r"watch|raise|help)|for (?:my|your|christmas|the) )|\bnot (?:going to|gonna) make it to (?:my birthday|"
          r"christmas|new year|next (?:week|month|year)|the (?:end of the )?(?:week|weekend|month|year)|tomorrow)\b",
          subject="self", unless=_AWAY_FOR_A_REASON),
    _rule("ideation.funeral_attendance", IDEATION,
          r"\b(?:(?:would|will) (?:anyone|anybody|people|anyone even|they|my \w+)|(?:anyone|anybody|people|they) "
          r"(?:would|will)) (?:even )?(?:come to|go to|show up (?:at|"
          r"to|for)|attend|cry at|care about) my funeral\b|\bwho (?:would|will) (?:come to|attend|cry at) my funeral\b",
          subject="self"),
    _rule("ideation.on_my_mind", IDEATION,
          r"\b(?:suicide|death|dying|killing my ?self|ending it|ending my life|ending it all) (?:is|has been|keeps|was|"
          r"stays) (?:always |constantly |all |still )?(?:on my mind|in my head|all i (?:can )?think about)\b|\ball i "
          r"(?:can |do |ever )?think (?:about|of) is (?:dying|death|suicide|killing my ?self|ending it|ending my life|"
          r"not being here)\b"),
    _rule("ideation.pain_end_forever", IDEATION,
          r"\b(?:want|need|wish|make) (?:the|my|this) (?:pain|suffering|hurt|misery) to (?:end|stop|go away) "
          r"(?:permanently|forever|for good|once and for all)\b"),
    _rule("ideation.on_purpose", IDEATION,
          r"\b(?:overdos\w*|od|cut|cutting|hurt|hurting|burn\w*|crash\w*|jump\w*|not eaten|not eating|starv\w*|"
          r"took (?:too many|all|a bunch of) "
          r"\w+)\b[^.!?]{0,30}\bon purpose\b|\b(?:intentionally|deliberately) (?:overdos\w*|od|cut|hurt|burn\w*|"
          r"crash\w*|took (?:too many|all))", negatable=True, unless=_ACCIDENT),
    _rule("method.seek_feel", METHOD,
          r"\b(?:is|would|does|do|will) (?:an? )?(?:overdose|od|overdosing|hanging|drowning|jumping|bleeding out|"
          r"slitting|suffocating|carbon monoxide|dying)\b[^.?!]{0,30}\b(?:painful|painless|hurt|quick|fast|fatal|"
          r"lethal|peaceful|work)\b", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("plan.pills_saved", METHOD,
          rf"\b{PILLS} (?:saved|stored|hidden|stashed|stockpiled|hoarded|put aside|set aside)(?: up| away)?\b",
          negatable=True, unless=_MEDICINE_ROUTINE),
    _rule("self_harm.need_cut", IDEATION,
          r"\b(?:need|have|want|going|gonna) to cut\b(?! (?:the|a|an|my (?:hair|nails|losses|hours)|it|down|back|costs|"
          r"out|class|classes|some|this|that|your|his|her|onions?|cake|ties|corners|carbs|sugar|paper|wood|fabric|"
          r"grass|spending|expenses))", negatable=True),
    _rule("distress.how_much_longer", DISTRESS,
          r"\bhow (?:much )?longer (?:i can|can i|i am going to be able to|will i be able to) (?:keep going|go on|hold "
          r"on|take (?:it|this)|do this|survive|last|live like this|cope)\b|\blife (?:has|holds) no (?:meaning|purpose|"
          r"point|value)\b", strong=True),
    _rule("distress.what_point", DISTRESS,
          r"\bwhat is the point\b(?= ?(?:$|[.!?,]|anymore|of anything|of it all|of trying|of going on|of me))"),
    # Weak cues: count only beside another signal (or two of them together).
    _rule("plan.decided", METHOD,
          r"\bi (?:have |had )?(?:made up my mind|decided|made my decision)\b(?! (?:to (?:go|study|take|buy|quit my "
          r"job|move|learn|start|try|apply|get|stay|live|keep|fight|seek|talk|see)|on (?:a|the)|what|which|where))|"
          r"\bmy mind is made up\b", needs_context=True),
    _rule("imminent.the_night", IMMINENT,
          r"\b(?:tonight|today|tomorrow|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday|my birthday) "
          r"(?:is|will be) the (?:night|day)\b(?! (?:i|we) (?:propose|ask|tell|finally (?:ask|tell)|"
          r"celebrate|launch))", needs_context=True),
    _rule("farewell.said_everything", METHOD,
          r"\bsaid (?:everything|all) i (?:needed|wanted|had) to say\b|\bsaid (?:all )?my goodbyes\b",
          needs_context=True),
    _rule("farewell.weak", METHOD,
          r"\bi am ready to go\b(?! (?:to|out|home|"
          r"shopping|back|for|on))|\bi have made my peace\b|\b(?:the|my) urges? (?:is|are) (?:so |too )?(?:strong|"
          r"bad)\b", needs_context=True),
)

EN_RULES += (
    # General shapes rather than fixed phrases: a wish word right before a death word, a death word described
    # as a relief, "better if I were gone".
    _rule("ideation.wish_then_death", IDEATION,
          r"\b(?:want|wanna|wish|wishing|feel like|felt like|feeling like|hope|hoping|long|longing|pray|praying|crave|"
          r"craving|ready|plan(?:ning)?|dream(?:ing)? (?:of|about)|fantasi[sz]\w* about)(?: (?:that )?i(?: could| "
          r"would| can| might)?)?(?: just| simply| really| honestly| actually| finally| quietly| peacefully)* (?:to )?"
          r"(?:die|dying|be dead|being dead|not exist|not existing|stop existing|cease to exist|not be alive|not "
          r"being alive|not be here|not being here|disappear(?:ing)? forever|end(?:ing)? (?:it|it all|everything|my "
          r"life)|kill(?:ing)? my ?self|sleep(?:ing)? forever|never wak(?:e|ing) up|not wak(?:e|ing) up|stop "
          r"(?:living|being alive|breathing))\b",
          negatable=True),
    _rule("ideation.death_as_relief", IDEATION,
          r"\b(?:dying|death|being dead|not existing|not being (?:here|around|alive)|suicide|ending it|ending my life|"
          r"killing my ?self|the thought of (?:dying|death|not waking up))(?: anymore| any more)? (?:sounds|seems|"
          r"feels|"
          r"looks|would be|is) (?:so |really |kind "
          r"of |kinda |pretty |more and more |almost )?(?:peaceful|nice|good|better|easier|appealing|tempting|like a "
          r"relief|a relief|like relief|like the answer|like the only (?:way|option|answer)|like freedom|comforting|"
          r"like an escape|like rest|inviting|like a (?:vacation|holiday|break|mercy|gift|rest))\b"),
    _rule("ideation.better_if_gone", IDEATION,
          r"\b(?:better|easier|happier|relieved|fine|okay|lighter|a relief|be glad)\b[^.!?]{0,20}\bif i (?:just |"
          r"simply )?(?:died|"
          r"disappeared|was gone|were gone|was dead|were dead|did not exist|was not here|were not here|never woke "
          r"up|did not wake up|stopped breathing|was not alive|was not "
          r"around|vanished|killed my ?self|never existed|was never born)\b", subject="self"),
    _rule("ideation.no_future_self", IDEATION,
          r"\b(?:do not|can not|could not) (?:see|imagine|picture) my ?self (?:being )?(?:alive|here|around|living|"
          r"still here)\b"),
    _rule("method.seek_fatal_dose", METHOD,
          r"\b(?:what|which) (?:dose|amount|dosage|quantity|number) of [\w -]{1,25}? (?:is|would be|are|will be) "
          r"(?:fatal|lethal|deadly|enough to (?:die|kill))\b|\bhow much [\w -]{1,25}? (?:is|would be|will be) "
          r"(?:fatal|lethal|deadly)\b", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("prep.letters_everyone", METHOD,
          r"\b(?:left|leaving|leave|wrote|writing|written) (?:a |some )?(?:notes?|letters?|messages?) (?:for|to) "
          r"(?:everyone|everybody|my (?:family|parents|kids|children|loved ones)|all of you|each of you|the people i "
          r"love)\b", subject="self", unless=_ORDINARY_NOTES),
    _rule("farewell.said_goodbye_all", METHOD,
          r"\b(?:said|saying|say) goodbye to (?:everyone|everybody|all of) (?:i love|i care about|who matters|that "
          r"matters|i know)\b", subject="self", unless=_ORDINARY_GOODBYE),
    _rule("self_harm.until_bleed", IDEATION,
          r"\b(?:till|until|so) (?:they|it|i|my \w+) (?:bled|bleed|bleeds|bruised|bruise|scarred)\b", unless=_ACCIDENT),
    _rule("imminent.rope_ready", METHOD,
          r"\b(?:have|got) the (?:rope|cord|belt) (?:tied|ready|up|hung)\b|\b(?:rope|cord|belt) is (?:tied|ready|hung) "
          r"(?:up|already|to|around)\b|\btied the (?:rope|cord|belt) (?:to|around) (?:the|a) (?:beam|ceiling|door|"
          r"banister|railing|tree|pipe|fan|hook)\b", needs_context=False, unless=_OUTDOOR_GEAR),
    _rule("farewell.sorry_goodbye", METHOD,
          r"\b(?:i am sorry|forgive me|i love you(?: all)?)\b[^\n]{0,80}\b(?:goodbye|farewell)\W*$",
          unless=_ORDINARY_GOODBYE),
    _rule("farewell.reported", METHOD,
          r"\b(?:text|texted|message|messaged|note|letter|post|posted|voicemail|call|called|email)\b[^.!?]{0,30}\b"
          r"saying (?:goodbye|(?:she|he|they) (?:is|are|was|were) sorry|sorry for everything)\b",
          unless=_ORDINARY_GOODBYE),
    _rule("ideation.want_out", IDEATION,
          r"\bwant (?:out of|off) (?:this|my) (?:life|world|planet|earth)\b|\bmy (?:existence|birth|being born|being "
          r"alive) (?:is|was) (?:a|one big|just a|the) (?:mistake|error|waste|accident)\b"),
    _rule("plan.collect_means", METHOD,
          r"\b(?:collect\w*|stockpil\w*|hoard\w*|stash\w*|hid(?:e|ing|den)?|sav(?:e|ed|ing) up) (?:\w+ )?(?:razor "
          r"blades|blades|razors|ropes?|charcoal|pesticides?|poisons?)\b", negatable=True),
    _rule("method.seek_jump", METHOD,
          r"\bhow (?:many (?:floors|stories|storeys)|high|far) (?:do|would|should|must|does) (?:i|you|one|someone) "
          r"(?:need to |have to )?(?:jump|fall)\b", subject="self"),
    _rule("method.seek_what_kills", METHOD,
          r"\b(?:what|which) (?:\w+ ){0,3}(?:chemicals?|pills?|medications?|meds|drugs?|plants?|poisons?|products?|"
          r"substances?|combination) (?:can|could|would|will) kill (?:you|a person|someone|me|a human|people)\b",
          subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("method.drive_into", METHOD,
          r"\b(?:drive|driving|drove|steer|steering|swerve|swerving) (?:my car |the car )?into (?:a |the |oncoming )?"
          r"(?:river|lake|sea|ocean|wall|tree|pole|barrier|traffic|truck|train|bridge pillar|canal)\b",
          negatable=True),
    _rule("imminent.car_exhaust", IMMINENT,
          r"\b(?:in|inside) (?:my|the) car\b[^.!?]{0,40}\bgarage\b[^.!?]{0,40}\bengine (?:running|on)\b|\bgarage"
          r"\b[^.!?]{0,40}\bengine (?:running|on)\b[^.!?]{0,30}\b(?:car|door closed|doors shut)\b"),
    _rule("method.locked_in_with", METHOD,
          rf"\blocked (?:my|him|her|them) ?(?:self|selves) in (?:the |a |my |his |her )?(?:\w+ )?(?:with|and)\b"
          rf"[^.!?]{{0,20}}\b(?:{PILLS}|a knife|knives|a razor|a gun|rope)\b"),
    _rule("distress.cannot_go_on_bare", DISTRESS,
          r"\bcan not go on\b(?! (?:with|a |the |to |holiday|vacation|trip|about|stage|air|tour|leave))", strong=True,
          negatable=True),
    _rule("farewell.its_time", METHOD,
          r"\b(?:it is|it's) time\W*$|\bit is time (?:to go|for me to go)\b|\bmy time has come\b",
          needs_context=True),
    _rule("prep.gave_pet", METHOD,
          r"\b(?:gave|giving|give|given) (?:my|all my) (?:cat|cats|dog|dogs|pets?|fish|bird|hamster|rabbit|plants|"
          r"guitar|games|console|laptop|collection) (?:away )?to\b", subject="self", needs_context=True,
          unless=_MOVING_OR_CHARITY),
    _rule("plan.think_stepping", METHOD,
          r"\b(?:think|thinking|thought) (?:about|of) (?:just )?(?:stepping off|stepping out|jumping|falling|"
          r"letting go|"
          r"leaning over|stepping in front)\b", needs_context=True),
    _rule("ideation.make_it_official", IDEATION,
          r"\b(?:might as well|may as well|should just|could just) (?:make it official|finish the job|finish it|go "
          r"all the way|end it)\b", needs_context=True),
    _rule("distress.dead_inside", DISTRESS, r"\bdead inside\b"),
    _rule("other.giving_away", METHOD,
          r"\b(?:giv(?:e|es|ing|en)|gave) away (?:all )?(?:of )?(?:his|her|their) (?:things|stuff|belongings|"
          r"possessions|prized|favou?rite|stuff|tools|guitar|collection|medals|books|games|jewel\w*|clothes)\b",
          subject="other", unless=_MOVING_OR_CHARITY),
    _rule("plan.how_i_would", METHOD,
          r"\b(?:thinking|thought|think|planning|planned) (?:a lot |so much )?about how i (?:would|will|could|might|am "
          r"going to) do it\b", needs_context=True),
    _rule("ideation.something_stupid", IDEATION,
          r"\b(?:going to|gonna|might|will|about to|afraid i will|scared i will|afraid i might|scared i might) do "
          r"something (?:stupid|drastic|dumb|i (?:will|would|might) regret|permanent)\b(?! like| such as)",
          needs_context=True),
    _rule("method.accident_cover", METHOD,
          r"\b(?:make it|so it|so that it|to make it|could make it) (?:look|looks|seem|seems) like an accident\b",
          subject="self"),
    _rule("method.staring_at_means", METHOD,
          rf"\b(?:staring|stare|stared|looking|look|looked) at (?:the|my|a|that) (?:bottle of )?(?:{PILLS}|rope|noose|"
          rf"gun|knife|razor|blade)\b(?! (?:ad|advert|commercial|label|instructions|price|recipe|in the shop|at the "
          rf"store))", unless=_MEDICINE_ROUTINE),
    _rule("plan.saving_them", METHOD,
          rf"\b{PILLS}\b[^.!?]{{0,60}}\b(?:saving|stockpiling|hoarding|stashing|hiding|collecting) (?:them|it|those|"
          rf"these)\b", unless=_MEDICINE_ROUTINE, negatable=True),
    _rule("method.seek_time", METHOD,
          r"\bhow long (?:does it take|it takes|would it take|will it take|until you|before you|till you) (?:to )?"
          r"(?:bleed out|die|suffocate|drown|lose consciousness)\b", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("farewell.ready", METHOD,
          r"\bi (?:think |guess )?i am (?:finally )?ready(?= ?(?:$|[.!?,]|now))", needs_context=True),
    _rule("plan.planning_how", METHOD,
          r"\b(?:plan(?:ning|ned)?|work(?:ing|ed) out|figur(?:ing|ed) out) (?:how|when|where) (?:i will |i would |i am "
          r"going to |to )?(?:do it|go through with it)\b", needs_context=True),
)

# Generalising rules (held-out rounds 8+): lexicons of places, means and farewell wording crossed with
# first-person frames (being somewhere, having something, looking something up), instead of fixed phrases.
PLACE = (r"(?:bridge|roof ?top|roof|ledge|cliffs?|cliff ?edge|overpass|flyover|train tracks|railway (?:tracks|line)|"
         r"tracks|platform edge|edge of the (?:platform|roof|bridge|building|cliff)|top floor|balcony|parapet|pier|"
         r"dam|quarry|tower|car park roof|(?:parking )?garage roof|window ?sill|railing|top of (?:the |a |this )?"
         r"(?:\w+ )?(?:building|structure|parking \w+|car park|tower|bridge|cliff|stairwell|roof|hotel|block))")
MEANS = (r"(?:rope|noose|gun|pistol|revolver|shotgun|rifle|razor ?blades?|razors?|blades?|charcoal|pesticide|"
         r"poison|cyanide|helium|exit bag|weed ?killer|antifreeze)")
_BENIGN_PLACE = _unless(
    r"\b(?:view|views|photos?|pictures?|selfie|sunset|sunrise|stars|fireworks|family|friends|with (?:my|our|the)|"
    r"hik\w*|walk(?:ing)? the dog|tour|tourists?|vacation|holiday|trip|ship|deck|captain|crew|watch|sail\w*|"
    r"fishing|concert|festival|party|bbq|barbecue|picnic|dinner|drinks|beer|wedding|meet(?:ing)?|where are you|"
    r"waiting for (?:you|him|her|them|my)|pick (?:me|us) up|traffic|stuck|construction|repairs?|fix\w*|work\w*|"
    r"job|shift|solar|gutters?|antenna|game|match|movie|song|lyrics|book|story|climb\w*|bungee|paraglid\w*|"
    r"smok\w*|vape|cigarette|beautiful|gorgeous|amazing|unreal|lovely|breathtaking|study\w*|reading|come find me|"
    r"come up|lunch|coffee)\b")
_HOBBY_MEANS = _unless(
    r"\b(?:climb\w*|camp\w*|hunt\w*|range|shooting club|licen[cs]ed?|permit|safe|locked|lockbox|protection|"
    r"self[- ]defen[cs]e|collection|collector|kitchen|cook\w*|bbq|barbecue|grill|garden\w*|weeds|pests?|rats?|mice|"
    r"clean(?:ing)? it|how do i (?:clean|store|wash|dry|coil)|shaving|sail\w*|boat|swing|tow|moving|tent|crafts?)\b")

EN_RULES += (
    _rule("situation.at_place_now", METHOD,
          rf"^(?:i am|i am (?:now|currently|still|already|finally|just)) (?:standing |sitting |up )?(?:on|at|up on|on "
          rf"top of|by) (?:the |a |this )?{PLACE}\W*$|\b(?:writing|texting|typing|sending) (?:this|you this|you|to "
          rf"you)? ?(?:message |text )?from (?:the |a |this |that |my )?(?:top of (?:the |a )?)?(?:\w+ )?{PLACE}\b|"
          rf"\b(?:other|wrong) side of the (?:railing|fence|barrier|rail)\b",
          subject="self", unless=_BENIGN_PLACE),
    _rule("situation.at_place", METHOD,
          rf"\bi am (?:now |currently |still |already |finally |just )?(?:standing |sitting |up |back |out )?"
          rf"(?:on|at|up on|on top of|by|near|under) (?:the |a |this |that )?(?:\w+ )?{PLACE}\b|"
          rf"\b(?:up here|down here) (?:on|at) (?:the |a )?{PLACE}\b", needs_context=True, unless=_BENIGN_PLACE),
    _rule("method.hidden_means", METHOD,
          rf"\b(?:i have|i have got|i got|i bought|i keep|i kept|i hid|i have hidden|i put|there is|there are|i found|"
          rf"i stashed|i ordered) (?:a |an |the |some |my |a few |enough |a length of )?(?:\w+ )?{MEANS}\b"
          rf"[^.!?]{{0,40}}"
          rf"\b(?:in|under|behind|inside|at the back of) (?:my|the|our) (?:closet|wardrobe|drawer|bed|mattress|room|"
          rf"bedroom|car|garage|bag|backpack|desk|nightstand|bathroom|cupboard|shed|attic|basement|trunk|glove ?box|"
          rf"pocket)\b", unless=_HOBBY_MEANS),
    _rule("method.have_means", METHOD,
          rf"\b(?:i have|i have got|i got|i bought|i just bought|i ordered|i picked up|i found|i borrowed|i took) "
          rf"(?:a |an |the |some |my \w+'?s? |enough )?(?:\w+ )?{MEANS}\b", needs_context=True, unless=_HOBBY_MEANS),
    _rule("method.fixation", METHOD,
          r"\bkeep (?:going|coming|walking) (?:back )?(?:out )?(?:there |in there |up there )?to (?:look at|check on|"
          r"hold|touch) (?:it|them)\b|\b(?:can not|could not) stop (?:looking at|staring at) (?:it|them)\b|"
          r"\b(?:can not|could not) stop (?:looking at|staring at|thinking about) the (?:rope|pills|gun|knife|"
          r"blade|bridge|edge|drop)\b", needs_context=True),
    _rule("plan.research_means", METHOD,
          rf"\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|researching|checked|"
          rf"checking|reading up on|read up on|calculated|calculating|worked out|figured out) (?:online )?(?:how "
          rf"(?:high|tall|far|deep|long|many|much|fast)|the (?:height|drop|distance|dose|dosage)|which|what (?:dose|"
          rf"amount|height))\b[^.!?]{{0,50}}\b(?:{PILLS}|drop|fall|jump|lethal|fatal|die|dying|kill|overdose|"
          rf"hang\w*)\b", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("method.seek_enough", METHOD,
          rf"\b(?:\d{{2,}}|twenty|thirty|forty|fifty|sixty|a hundred|a (?:whole |full )?(?:bottle|box|pack|packet) of|"
          rf"all (?:of )?(?:my|the|these|those)) (?:of )?(?:\w+ )?{PILLS}\b[^.!?]{{0,25}}\b(?:enough|be enough|do it|"
          rf"kill|do the job|work)\b", subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("method.seek_what_happens", METHOD,
          r"\b(?:what happens|what does it feel like|does it hurt|would it hurt|is it painful|how painful is it|how "
          r"long does it take|how quick(?:ly)? (?:is it|do you die))\b[^.?!]{0,20}\b(?:if|when|to) (?:you|someone|a "
          r"person|one|i) (?:hang|drown|overdose|od|slit|shoot|jump (?:off|from|in front)|poison|suffocate|gas|bleed "
          r"out|cut (?:your|my) wrists)", subject="self"),
    _rule("ideation.way_out", IDEATION,
          r"\b(?:(?:no|see no|do not see a|do not see any|can not see any|not see any) (?:other )?(?:way out|escape|"
          r"option|solution|answer|exit)|the only (?:way out|escape|option|solution|answer|exit|way)(?: left)?(?: i "
          r"(?:can )?see)? (?:is|seems to be|would be)) (?:except|but|other than|besides)? ?(?:to )?(?:dying|death|"
          r"die|suicide|ending it|ending my life|to end it|killing my ?self|not being here|being dead|not existing)\b"),
    _rule("ideation.only_thing_stopping", IDEATION,
          r"\b(?:only|one) (?:thing|reason|person|one|ones|things) (?:stopping|keeping|holding) me (?:back )?from "
          r"(?:ending it|doing it|killing my ?self|jumping|going through with it|ending my life|suicide|dying|"
          r"taking (?:them|the pills|my life))\b|\b(?:stopping|stops|stopped|keeping|keeps|kept) me from (?:ending it|"
          r"doing it|killing my ?self|going through with it|ending my life)\b"),
    _rule("ideation.kept_alive", IDEATION,
          r"\b(?:only|one) (?:thing|reason|person|one) (?:keeping|that keeps) me (?:alive|here|around)\b",
          needs_context=True),
    _rule("ideation.how_easy", IDEATION,
          r"\bhow easy it (?:would|could|will) be to (?:just )?(?:die|end it|end everything|jump|drive off|drive into|"
          r"step off|step in front|take (?:all|them|the pills)|let go|crash|swerve|walk into|not wake up|disappear)\b"),
    _rule("method.drive_off", METHOD,
          rf"\b(?:drive|driving|drove|steer|steering|swerve|swerving) (?:\w+ ){{0,2}}off (?:a|the|that) (?:\w+ )?"
          rf"(?:{HIGH}|{PLACE}|road|pier|edge|embankment)\b", negatable=True),
    _rule("ideation.end_it_intent", IDEATION,
          r"\b(?:i am going to|i will|i want to|i need to|i plan to|planning to|i am planning to|ready to|about to|"
          r"decided to|i am gonna|i might|i could|i should) (?:finally |just |really )?end (?:it|it all|things|"
          r"everything)\b(?! (?:with|between|off|on a|early|here|there|for (?:today|now|tonight)))", negatable=True),
    _rule("distress.want_stop", DISTRESS,
          r"\bwant (?:it|everything|it all|all of it|this|all this|everything) to stop\b(?! (?:raining|"
          r"snowing|so|ringing|crying|barking|beeping|being|now that|at|for (?:a|the)))|"
          r"\bi (?:just )?want to stop(?= ?(?:$|[.!?,;]))",
          strong=True, negatable=True),
    _rule("ideation.stop_permanently", IDEATION,
          r"\b(?:want|need|wish) (?:it|everything|it all|all of it|this|all this|the pain|my life|the thoughts|"
          r"the noise|the voices|(?:the noise|the voices|everything) in my head|my brain) to "
          r"(?:stop|end|be over)\b[^?]{0,20}\b(?:permanently|forever|for good|once and for all|for ever)\b"),
    _rule("ideation.all_better_off", IDEATION,
          r"\b(?:everyone|everybody|they|people|my (?:family|parents|kids|children|friends|wife|husband|partner)|the "
          r"world|you all|you guys|all of you) (?:would|will) (?:all |honestly |really )?be (?:so much |much |a lot |"
          r"way )?(?:better off|happier|fine)(?= ?(?:$|[.!?,;]|anyway|honestly|tbh|really|i think|if i))"),
    _rule("ideation.not_around_for", IDEATION,
          r"\bi (?:do not think i will|do not think i am going to|will not|might not|may not|probably will not|am not "
          r"going to|doubt i will) "
          r"(?:still )?be (?:around|here|alive)(?: anymore| any more)? (?:for|by|to see|until|when|at|next|much "
          r"longer|after|in a)\b", subject="self", unless=_AWAY_FOR_A_REASON),
    _rule("other.nobody_miss", IDEATION,
          r"\b(?:nobody|no one) (?:would|will) (?:even |really )?(?:miss|notice|care about) (?:him|her|them)\b|"
          r"\b(?:he|she|they) (?:would|will) not be missed\b", subject="other"),
    _rule("farewell.thanks_sorry", METHOD,
          r"\b(?:sorry for everything|thank you for everything|thanks for everything|forgive me for everything|please "
          r"forgive me|do not blame yourselves?|(?:it is|this is|it was) not (?:your|her|his|their|anyone's) fault)\b",
          needs_context=True, unless=_ORDINARY_GOODBYE),
    _rule("farewell.last_time", METHOD,
          r"\b(?:one last time|for the last time|this is it|it (?:will|is going to) (?:all )?be over soon|"
          r"it (?:all )?ends (?:soon|tonight|today|tomorrow)|almost over "
          r"now|at peace now|i am at peace)\b(?! (?:for (?:today|the day|this)|of the|before (?:the|my) (?:move|trip|"
          r"holiday|exam)))", needs_context=True, unless=_ORDINARY_GOODBYE),
    _rule("farewell.no_bother", METHOD,
          r"\b(?:will not|never) (?:bother|trouble|burden|annoy) (?:you|anyone|any of you|everyone|them) "
          r"(?:again|anymore|any more|ever again)\b|\b(?:will not|do not) have to worry about me "
          r"(?:anymore|any more|again|much longer)\b", subject="self"),
    _rule("farewell.care_for", METHOD,
          r"\b(?:take care of|look after|watch over|feed) (?:mom|mum|dad|my \w+|the kids|the cat|the dog|everyone|"
          r"each other|them) (?:for me|when i am gone|after i am gone)\b|\btake care of (?:mom|mum|dad|my "
          r"(?:cat|dog|kids|children|family|mom|mum|dad|sister|brother))\b(?= ?(?:$|[.!?,'\"]| and| for me))|"
          r"\btell (?:mom|mum|dad|my \w+|everyone|them) (?:that )?i love (?:them|her|him|you)\b",
          needs_context=True, unless=_ORDINARY_GOODBYE),
    _rule("farewell.goodbye_end", METHOD,
          r"\b(?:goodbye|good bye|farewell|bye everyone|i love you all|love you all)\W*$", needs_context=True,
          unless=_ORDINARY_GOODBYE),
    _rule("farewell.someone_know", METHOD,
          r"\b(?:just )?want(?:ed)? (?:someone|somebody|one person|someone out there) to know\b", needs_context=True),
    _rule("prep.deleted_accounts", METHOD,
          r"\b(?:deleted|deleting|delete|wiped|closed|closing) (?:all )?(?:of )?my (?:accounts|social media|profiles|"
          r"socials|instagram|facebook|tiktok|twitter|messages|photos)\b", needs_context=True),
    _rule("other.unreachable", DISTRESS,
          r"\b(?:is not|not|is not) (?:answering|picking up|responding|replying)\b|\bcan not (?:reach|get hold of|"
          r"get through to|find) (?:her|him|them)\b|\b(?:her|his|their) phone is (?:off|dead)\b", needs_context=True,
          needs_relation=True),
    _rule("method.say_love_last", METHOD,
          r"\b(?:say|said|tell|told|hear|saying|telling) (?:her |him |them |you )?(?:that )?i love (?:her|him|them|"
          r"you|everyone)\b[^.!?]{0,20}\b(?:one last time|for the last time|before i go)\b", subject="self"),
    _rule("plan.planning_for_weeks", METHOD,
          r"\b(?:plan(?:ning|ned)?|work(?:ing|ed) out|figur(?:ing|ed) out|think(?:ing)? about) (?:how|when|where) "
          r"(?:i will |i would |i am going to |to )?(?:do it|go through with it)\b[^.!?]{0,20}\bfor (?:days|weeks|"
          r"months|a while|a long time|ages|years)\b", unless=_ORDINARY_NOTES),
    _rule("prep.left_belongings", METHOD,
          r"\bleft (?:my|all my) (?:phone|wallet|keys|id|bag|shoes|things)(?:,? and (?:my )?(?:phone|wallet|keys|id|"
          r"bag|shoes))? (?:at home|in the car|behind|on the (?:bridge|beach|shore|sand|edge|bench))\b",
          needs_context=True),
    _rule("plan.do_it_where", METHOD,
          r"\b(?:where|when|how) i (?:am going to|will|am gonna|plan to|want to) do it\b", needs_context=True),
    _rule("method.walk_into_water", METHOD,
          r"\bwalk(?:ing)? (?:into|in) (?:the )?(?:sea|ocean|river|lake|water|waves|surf)\b(?! (?:to (?:swim|cool|"
          r"paddle)|for a swim))", needs_context=True),
)

# Round 9: one lexicon of ways to say dying, crossed with desire / intent / condition frames; more means words.
DEATH_PHRASE = (r"(?:die|dying|died|be dead|being dead|kill my ?self|killing my ?self|end it|end it all|ending it|"
                r"end my life|ending my life|not wake up|never wake up|not waking up|stop breathing|stopped breathing|"
                r"not be alive|no longer (?:be )?alive|not exist|stop existing|not existing|disappear forever|be gone "
                r"for good|jump|jumped|jumping|hang my ?self|overdose|od|take them all|take the whole (?:bottle|box|"
                r"pack|packet)|not come back|never come back|not coming back|never coming back)")
EN_RULES += (
    _rule("ideation.frame_death", IDEATION,
          rf"\b(?:want|wanna|wish|pray|hope|should|going to|gonna|plan(?:ning)? to|ready to|about to|thinking (?:about|"
          rf"of)|tempted to|decided to|could just|if i(?: just| simply)?|by|tell me to|telling me to|tells me to|told "
          rf"me to|tell me i should|say i should|urge to) (?:just |simply |finally |quietly )?{DEATH_PHRASE}\b"
          rf"(?! (?:in|into|on|onto|over|up|at|the|a|rope|ship|of (?:laughter|boredom|embarrassment)|for|with|from "
          rf"(?:the )?(?:plane|boat|dock|pier|diving)|around|ahead|back|to conclusions|higher)\b)", negatable=True),
    _rule("ideation.if_no_longer", IDEATION,
          r"\bif i (?:were|was|am|had) (?:no longer (?:alive|here|around)|not alive|dead|gone|not here|not around|"
          r"never born)\b[^.!?]{0,40}\b(?:would|will|could)\b|\b(?:would|will|could)\b[^.!?]{0,40}\bif i (?:were|was) "
          r"(?:no longer (?:alive|here|around)|not alive|dead)\b", subject="self"),
    _rule("ideation.god_take_me", IDEATION,
          r"\b(?:pray|prays|praying|hope|hoping|wish|wishing|beg|begging|asking)\b[^.!?]{0,15}\b(?:god|the universe|"
          r"jesus|allah|someone|death|he) (?:to )?(?:would |will )?(?:takes?|take) me\b(?! (?:home|to|out|with|back|"
          r"shopping))"),
    _rule("ideation.make_it_past", IDEATION,
          r"\b(?:not going to|will not|do not think i will|never going to) make it (?:to|past|through) (?:\d+|thirty|"
          r"forty|twenty|my (?:next |\w+ )?birthday|next (?:year|month|week)|christmas|the (?:weekend|summer|new "
          r"year))\b(?! (?:because|due|since|in time|on time|without)|[^.!?]{0,20}\b(?:traffic|deadline|train|flight|"
          r"bus|class|party|meeting|exam))", subject="self"),
    _rule("method.means_rumination", METHOD,
          rf"\b(?:{PILLS}|{MEANS}|bottle|cord|hook)\b[^.!?]{{0,60}}\b(?:thinking about (?:it|them|using)|can not stop "
          rf"thinking about|keep thinking about|been thinking about it)\b", subject="self",
          unless=_MEDICINE_ROUTINE),
    _rule("method.rig_means", METHOD,
          r"\b(?:measured|tested|checked|tied|knotted|hung|secured|fixed|fastened) (?:the |a |my )?(?:cord|rope|belt|"
          r"cable|hook|beam|noose|knot)\b[^.!?]{0,40}\b(?:hook|beam|rail|ceiling|door|room|bedroom|closet|banister|"
          r"weight|neck|cord|rope)\b", subject="self", unless=_OUTDOOR_GEAR),
    _rule("method.place_no_return", METHOD,
          rf"\b(?:go|going|drive|driving|walk|walking|head|heading|get) (?:down |up |out )?to (?:the |a |that )?"
          rf"(?:\w+ )?{PLACE}\b[^.!?]{{0,40}}\b(?:not come back|never come back|not coming back|never coming back|"
          rf"and (?:jump|end it|stay there forever)|one last time|not coming down|never coming down|not come down)\b"),
    _rule("method.ticket_up_no_return", METHOD,
          rf"\b{PLACE}\b[^!?]{{0,40}}\b(?:i am )?(?:not|never) (?:coming|going to come|walking|taking the stairs) "
          rf"(?:back )?down\b", subject="self"),
    _rule("prep.keep_forever", METHOD,
          r"\b(?:gave|give|giving|left|leaving) (?:my|all my) (?:\w+ ){1,3}to (?:my |a )?(?:\w+ ){0,2}\w+\b[^.!?]{0,40}"
          r"\b(?:keep (?:it|them) forever|will not need (?:it|them)|to remember me|so (?:they|he|she) (?:has|have) "
          r"something of mine)\b", subject="self", unless=_MOVING_OR_CHARITY),
    _rule("self_harm.deeper", IDEATION,
          r"\bcut (?:deeper|too deep|so deep|really deep|more|again)\b[^?]{0,60}|\b(?:will not|can not|would not) "
          r"stop bleeding\b", unless=_ACCIDENT),
    _rule("self_harm.kept_blade", IDEATION,
          r"\b(?:keep|kept|carry|carrying|hide|hid|have) (?:a |my )?(?:razor|blade|sharpener blade|knife|lighter)s? "
          r"(?:in|under|inside) (?:my|the) (?:\w+ )?(?:case|bag|drawer|pocket|wallet|room|bed|sock|box)\b[^.!?]{0,30}"
          r"\bfor when\b|\bfor when (?:it|things) (?:gets?|get) (?:bad|too much|really bad)\b", subject="self"),
    _rule("other.sent_pills", METHOD,
          rf"\b(?:sent|send|sends|posted|texted)\b[^.!?]{{0,30}}\b(?:picture|photo|pic|video|snap|story)\b[^.!?]"
          rf"{{0,20}}\b(?:of )?(?:{PILLS}|{MEANS}|a bridge|the bridge|the edge|a ledge|the roof)\b", subject="other",
          needs_relation=True),
    _rule("method.vehicle_intent", METHOD,
          r"\b(?:want|going|gonna|plan|planning|thinking about|tempted) (?:to )?(?:crash|wreck|total) (?:my|the) "
          r"(?:car|bike|motorbike|motorcycle|truck)\b(?! (?:insurance|into (?:the|a) (?:garage|wall) by)|[^.!?]{0,30}"
          r"\b(?:game|forza|gta|simulator)\b)", negatable=True),
    _rule("method.seek_dose_outcome", METHOD,
          r"\bhow (?:many|much)\b[^.?!]{0,40}\b(?:to|would|will|until i|before i) (?:not wake up|never wake up|stop "
          r"(?:my|your|the) heart|not survive|be fatal|be lethal|end it|slip away)\b", subject="self",
          unless=_ACCIDENTAL_OR_PET),
    _rule("ideation.favour_dying", IDEATION,
          r"\b(?:favou?r|service|kindness|relief)\b[^.!?]{0,20}\bby (?:dying|disappearing|not being here|"
          r"killing my ?self|"
          r"being gone|ending it)\b", subject="self"),
    _rule("prep.wrote_will_young", METHOD,
          r"\b(?:wrote|write|written|writing|made|make|making|updated) (?:a |my )(?:will|testament)\b[^.!?]{0,30}"
          r"\b(?:i am "
          r"only|at \d\d|(?:and|but) i am \d\d|only \d\d)\b", subject="self"),
    _rule("method.bath_means", METHOD,
          rf"\b(?:in|into) (?:the )?(?:bath|bathtub|tub|shower)\b[^.!?]{{0,15}}\bwith (?:a |the |my )?(?:razor|blade|"
          rf"knife|{PILLS}|toaster|hair ?dryer)\b", subject="self"),
    _rule("farewell.last_from_me", METHOD,
          r"\b(?:last|final) (?:message|text|thing|words|letter|post|time)\b[^.!?]{0,25}\b(?:you will|you are going to)"
          r" (?:ever )?(?:get|hear|read|see|receive) from me\b", unless=_ORDINARY_GOODBYE),
    _rule("prep.leave_note", METHOD,
          r"\b(?:should i|i should|going to|gonna|i will|i want to|i need to|do i|whether to) (?:leave|write) (?:a|my) "
          r"(?:note|letter)\b(?! (?:for (?:the|my) (?:landlord|neighbou?r|teacher|boss|roommate|babysitter|"
          r"cleaner|delivery)|on the (?:door|fridge|car)))", subject="self", unless=_ORDINARY_NOTES),
    _rule("method.whole_bottle_intent", METHOD,
          r"\b(?:take|taking|swallow|swallowing|down|downing|drink|drinking|eat) (?:the |a )?(?:whole|entire|full) "
          r"(?:bottle|box|pack|packet|strip|jar)\b", negatable=True, unless=_ACCIDENTAL_OR_PET),
    _rule("method.seek_painless", METHOD,
          r"\b(?:best|easiest|quickest|fastest|surest|least painful|only) way to make it (?:painless|quick|fast|not "
          r"hurt|peaceful|certain)\b|\bhow (?:to|do i|can i) make it (?:painless|quick and painless|not hurt)\b",
          subject="self"),
    _rule("farewell.not_coming_back", METHOD,
          r"\b(?:not|never) (?:planning on|planning to|going to|intending to)? ?(?:be )?(?:coming|come) back\b",
          needs_context=True, unless=_AWAY_FOR_A_REASON),
    _rule("plan.one_way", METHOD, r"\bone[- ]way ticket\b", needs_context=True),
    _rule("ideation.point_being_here", IDEATION,
          r"\b(?:point|reason|purpose) (?:of|in|for) (?:me )?(?:even )?(?:being here|being alive|existing|living|"
          r"staying alive|waking up|me being here)\b(?! (?:if|in (?:this|the|a) (?:job|class|city|town|meeting)))"),
)

# Round 10: funeral planning, settling affairs, rehoming pets, unguarded heights, apologies that read as goodbyes.
EN_RULES += (
    _rule("prep.funeral_plans", METHOD,
          r"\b(?:plan\w*|made|making|picked|chose|choosing|writing|wrote|organi[sz]\w*|put together) (?:a |the |my )?"
          r"(?:\w+ )?(?:for|at) my (?:own )?funeral\b|\bmy (?:own )?funeral (?:playlist|songs?|music|plans?|outfit|"
          r"arrangements)\b", subject="self"),
    _rule("prep.cancel_future", METHOD,
          r"\bcancel\w* (?:all )?(?:of )?my (?:appointments|plans|sessions|therapy|future plans|bookings|classes)\b",
          needs_context=True),
    _rule("distress.no_point_bare", DISTRESS,
          r"\b(?:there is|there's) no point\b(?! (?:in (?:arguing|asking|waiting|going|trying to (?:explain|fix)|"
          r"buying|getting|paying)|to (?:argue|wait|ask|buy|pay)))", needs_context=True),
    _rule("prep.settle_debts", METHOD,
          r"\b(?:paid off|paying off|settled|settling|cleared|clearing) (?:all )?(?:of )?my (?:debts|bills|loans|"
          r"affairs|accounts)\b", needs_context=True),
    _rule("prep.hand_over_passwords", METHOD,
          r"\b(?:wrote down|written down|writing down|left|leaving|sent|gave|giving) (?:all )?(?:of )?my (?:passwords|"
          r"pins?|pin codes|bank details|account details|logins?)\b[^.!?]{0,30}\b(?:for|to) (?:my |the )?\w+",
          needs_context=True),
    _rule("prep.rehome_pet", METHOD,
          r"\bmake sure (?:my|the) (?:cat|cats|dog|dogs|pets?|fish|bird|rabbit|hamster) (?:gets?|has|finds?) a "
          r"(?:good|new|loving|nice|safe) home\b", subject="self", unless=_MOVING_OR_CHARITY),
    _rule("method.seek_unguarded", METHOD,
          r"\b(?:tallest|highest|biggest|high)\b[^.?!]{0,40}\b(?:without|with no|no|that has no) (?:a )?(?:fence|"
          r"railing|barrier|security|guard|nets?|suicide barrier)\b", subject="self"),
    _rule("situation.so_easy", METHOD,
          r"\bit would be (?:so |too |really )?easy\W*$|\bit would be (?:so |too )?easy (?:to (?:just )?(?:go|jump|"
          r"step|fall|let go|end it))\b", needs_context=True),
    _rule("farewell.sorry_parent", METHOD,
          r"\b(?:i am so sorry|i am sorry|so sorry|sorry),? (?:mom|mum|dad|mama|papa|everyone|guys|all of you)\b",
          needs_context=True, unless=_ORDINARY_GOODBYE),
    _rule("farewell.love_you_end", METHOD,
          r"\bi love you(?: all| guys| so much| both)?(?:\W*$|\. )",
          needs_context=True, unless=_ORDINARY_GOODBYE),
    _rule("distress.could_not_fix", DISTRESS,
          r"\b(?:could not|can not|never could) (?:fix|save|change) my ?self\b|\bi (?:tried|have tried) (?:my best|so "
          r"hard|everything)\b[^.!?]{0,20}\b(?:i am sorry|sorry|i can not|i could not|it is not enough)\b",
          needs_context=True),
    _rule("distress.not_needed", DISTRESS,
          r"\b(?:the world|nobody|no one|everyone|anyone|my family|they) (?:does not|do not|would not|will not) "
          r"(?:need|want) me(?: anymore| here| around| alive| in it)?(?= ?(?:$|[.!?,;]))", subject="self",
          strong=True),
    _rule("prep.have_everything", METHOD, r"\bi have (?:got )?everything i need\b", needs_context=True),
    _rule("plan.my_plan_is", METHOD,
          rf"\bmy plan is (?:to )?(?:\w+ ){{0,2}}?(?:take (?:the |my |all (?:the |my )?)?{PILLS}|{DEATH_PHRASE}|hang|"
          rf"overdose|cut)\b", subject="self", negatable=True),
    _rule("method.water_thinking", METHOD,
          r"\b(?:lake|river|sea|ocean|water|bridge|tracks|edge|cliff|roof)\b[^.!?]{0,60}\bthinking (?:about|of) "
          r"(?:walking in|going in|wading in|jumping|stepping (?:off|in|out)|letting go)\b", subject="self"),
    _rule("method.next_one", METHOD,
          r"\b(?:step|stepping|jump|jumping|walk|walking|throw my ?self|lie down) in front of the next "
          r"(?:one|train|bus|truck|tram|lorry)\b", negatable=True),
    _rule("ideation.ways_to", IDEATION,
          r"\bways? (?:to|of) (?:not exist|stop existing|disappear forever|die|end it|end my life|kill my ?self|not be "
          r"here|not wake up|not be alive)\b(?! (?:in|on) (?:minecraft|the game|game|a game))", negatable=True),
    _rule("ideation.waiting_to_die", IDEATION,
          r"\b(?:just )?waiting (?:to die|for death|for (?:it|this|everything) to (?:be over|end))\b(?! (?:of|from))",
          negatable=True),
    _rule("ideation.want_out_for_good", IDEATION,
          r"\bwant out,? (?:permanently|for good|forever|of everything|of existence)\b"),
)

# Round 11: hoping not to survive, not wanting rescue, the body being found, cryptic "you'll know why", quantities
# of pills beside alcohol, crash fantasies, counting down to stopping.
EN_RULES += (
    _rule("ideation.hope_not_survive", IDEATION,
          r"\b(?:hope|wish|pray|praying|hoping)\b[^.!?]{0,10}\b(?:i )?(?:do not|will not|never|would not) (?:make it|"
          r"survive|wake up|come out of)\b(?! (?:in time|on time|to the|before the (?:shop|store|deadline)))"),
    _rule("ideation.not_be_saved", IDEATION,
          r"\b(?:do not|not|no longer) want to be (?:saved|rescued|found|stopped|resuscitated|revived)\b(?! (?:as|in|"
          r"on|to|by the (?:bell|paywall)))", subject="self"),
    _rule("ideation.body_found", IDEATION,
          r"\bmy body (?:would|will|might|could) (?:be )?(?:found|discovered)\b|\b(?:who|someone|somebody|they) "
          r"(?:would|will|might) find my body\b|\bfind my body\b", subject="self"),
    _rule("farewell.know_why", METHOD, r"\byou(?: will|'ll)? (?:all )?(?:know|understand) why\b",
          needs_context=True),
    _rule("farewell.if_not_there", METHOD,
          r"\bif i am not (?:at \w+|in \w+|here|there|around|online|alive)\b[^.!?]{0,25}\b(?:tomorrow|monday|"
          r"tuesday|wednesday|thursday|friday|saturday|sunday|next week|in the morning)\b", needs_context=True),
    _rule("method.crash_fantasy", METHOD,
          r"\b(?:think\w* about|want\w* to|going to|tempted to|urges? to|keep imagining|imagin\w*|fantasi[sz]\w* "
          r"about|picture|picturing) (?:just )?(?:crash\w*|swerv\w*|driv\w*|steer\w*) (?:my car |the car )?into "
          r"(?:the |a |an |oncoming )?(?:barrier|wall|tree|pole|truck|traffic|bridge|river|lake|median|divider|lorry|"
          r"bus|pillar)\b", negatable=True),
    _rule("ideation.counting_down", IDEATION,
          r"\bcounting (?:down )?(?:the days|the hours|down) (?:until|till|before) (?:i can )?(?:finally )?(?:stop|die|"
          r"end it|be gone|rest forever|go for good)(?= ?(?:$|[.!?,]| for good| forever))", subject="self"),
    _rule("method.pills_and_alcohol_amount", METHOD,
          rf"\b(?:\d{{2,}}|a (?:whole |full )?bottle of|a box of|a handful of|all my)\s?(?:\w+ )?{PILLS}\b"
          rf"[^.!?]{{0,40}}"
          rf"\b(?:vodka|alcohol|wine|whiskey|whisky|gin|rum|booze|beer|tequila)\b", subject="self",
          unless=_MEDICINE_ROUTINE),
    _rule("method.with_means", METHOD, rf"\bwith (?:the|a|my) (?:\w+ )?{MEANS}\b", needs_context=True,
          unless=_HOBBY_MEANS),
    _rule("ideation.stop_being_problem", IDEATION,
          r"\b(?:stop|stopped|stopping) being (?:a|the) (?:problem|burden|bother|nuisance|weight) (?:for|to|on) "
          r"(?:everyone|everybody|anyone|my family|you all|them|people|all of you)\b", subject="self"),
    _rule("distress.not_do_this", DISTRESS,
          r"\b(?:do not|can not) (?:want to )?(?:do|keep doing) (?:it|this|this life) (?:anymore|any more|any "
          r"longer)\b|\btired of fighting\b|\bhate waking up\b", strong=True, negatable=True,
          unless=_unless(r"\b(?:job|work|course|class|degree|diet|sport|team|shift|commute|homework|chores|"
          r"relationship|long distance|project|assignment)\b")),
    _rule("plan.enough_pills", METHOD,
          rf"\b{PILLS}\b[^.!?]{{0,30}}\bso (?:that )?i (?:would|will|could) have enough\b", subject="self"),
    _rule("ideation.still_here", IDEATION,
          r"\b(?:disappointed|upset|sad|angry|annoyed|gutted) (?:that )?i am still (?:here|alive|breathing)\b",
          subject="self"),
    _rule("ideation.illness_wins", IDEATION,
          r"\b(?:hope|hopes|hoping|wish|pray)\b[^.!?]{0,10}\b(?:the|my) (?:cancer|illness|disease|tumou?r|infection) "
          r"(?:spreads|gets worse|kills me|wins|takes me|is terminal)\b"),
    _rule("imminent.took_whole_in_progress", IMMINENT,
          r"\bi (?:have )?(?:just |already )?(?:took|taken|swallowed) (?:my|the) (?:whole|entire|full) (?:prescription|"
          r"bottle|box|pack|supply|month's supply|strip)\b", subject="self"),
    _rule("plan.when_where", METHOD, r"\b(?:the )?when and (?:the )?where\b|\bwhere and when\b", needs_context=True),
    _rule("plan.plan_and_means", METHOD,
          r"\b(?:a|the|my) plan and the means\b|\bthe means and (?:a|the) plan\b|\bi have the means\b",
          subject="self"),
    _rule("method.blade_against", METHOD,
          r"\b(?:press\w*|held|holding|hold|put|putting) (?:the |a |my )?(?:knife|blade|razor|scissors|glass|shard) "
          r"(?:against|to|on|into) my (?:wrists?|arms?|skin|throat|neck|thighs?|chest)\b", subject="self"),
    _rule("ideation.scared_of_self", IDEATION,
          r"\b(?:scared|afraid|frightened|terrified) of (?:my ?self|what i might do|what i will do)\b", subject="self"),
    _rule("ideation.nobody_at_funeral", IDEATION,
          r"\b(?:nobody|no one) (?:would|will) (?:even )?(?:come to|show up (?:at|to|for)|go to|cry at) my funeral\b",
          subject="self"),
    _rule("ideation.not_anywhere", IDEATION,
          r"\bi (?:will not|am not going to) be anywhere\b|"
          r"\bi will not be (?:here|around) (?:for (?:it|that|any of it)|to see it)\b",
          subject="self", unless=_AWAY_FOR_A_REASON),
    _rule("method.seek_no_feeling", METHOD,
          r"\b(?:do not|not|never) feel (?:anything|any pain|a thing|pain) if (?:you|i|one|someone) (?:jump|hang|"
          r"overdose|drown|fall)\b", subject="self"),
    _rule("ideation.hit_by", IDEATION,
          r"\b(?:want|wanna|wish|hope|hoping|pray|praying)(?: to)? (?:get|be|got) (?:hit|run over|killed|struck) by "
          r"(?:a |an )?(?:bus|car|truck|train|lorry|lightning|meteor)\b", negatable=True),
    _rule("method.stopped_meds_on_purpose", METHOD,
          rf"\b(?:stopped|stop|quit|not) taking (?:my |his |her )?(?:\w+ )?{PILLS}\b[^.!?]{{0,20}}\bon purpose\b|"
          rf"\bon purpose\b[^.!?]{{0,20}}\b(?:stopped|stop|quit) taking (?:my )?(?:\w+ )?{PILLS}\b", negatable=True),
    _rule("method.seek_painless_bare", METHOD,
          r"\b(?:most painless|least painful|painless|quickest|easiest|fastest|surest) way\W*$", subject="self"),
    _rule("prep.left_letter", METHOD, r"\bleft\b[^.!?]{0,40}\b(?:a|my) (?:letter|note)\b", needs_context=True,
          unless=_ORDINARY_NOTES),
    _rule("prep.left_phone_wallet", METHOD,
          r"\bleft (?:my|all my) (?:phone|wallet|keys|id)(?:,? (?:and )?(?:my )?(?:phone|wallet|keys|id|bag|shoes))+",
          needs_context=True),
    _rule("farewell.if_i_vanish", METHOD,
          r"\bif i (?:disappear|vanish|am gone|go missing|do not come back|do not make it)\b(?! (?:for (?:a|the)|from "
          r"(?:social|the internet|twitter|instagram)|into|on (?:a|the)))", needs_context=True),
    _rule("prep.give_away_bare", METHOD,
          r"^i am (?:just |slowly |quietly )?giving away (?:all )?(?:of )?my (?:things|stuff|belongings|"
          r"possessions)\W*$",
          subject="self"),
    _rule("imminent.stay_while", IMMINENT,
          r"\b(?:stay|be|talk) with me (?:while|when|as|until) i (?:do it|go|die|take (?:them|the pills|it)|jump|end "
          r"it)\b", subject="self"),
    _rule("method.buy_many", METHOD,
          rf"\b(?:sell|buy|get|order) (?:me )?(?:two|three|four|several|multiple|\d+|lots of|a lot of|many|extra) "
          rf"(?:boxes|packs|packets|bottles|strips) of {PILLS}\b[^?]{{0,40}}\b(?:at once|i need a lot|as many as|all "
          rf"at the same time)\b|\b(?:at once|i need a lot)\b[^?]{{0,40}}\b(?:boxes|packs|bottles) of {PILLS}\b",
          subject="self", unless=_ACCIDENTAL_OR_PET),
    _rule("method.seek_height", METHOD,
          r"\b(?:what|which) (?:height|floor|dose|amount|distance|drop)\b[^.?!]{0,30}\b(?:not survive|do not survive|"
          r"guarantee\w*|is fatal|is lethal|to die|kills? (?:you|a person))\b", subject="self",
          unless=_ACCIDENTAL_OR_PET),
    _rule("other.took_something", METHOD,
          r"\b(?:said|says|told me|texted) (?:that )?(?:she|he|they) (?:took|has taken|had taken|swallowed|drank) "
          r"(?:something|a lot|too many|all|pills|a bunch|everything)\b", subject="other"),
    _rule("ideation.checking_out", IDEATION, r"\bi am (?:checking|tapping) out\W*$|\bcheck(?:ing)? out (?:of life|"
          r"early|for good|permanently)\b", needs_context=True),
    _rule("distress.does_not_get_better", DISTRESS,
          r"\b(?:it gets better|it will get better)\. it does not\b|\bit (?:never|does not|will not) get better\b",
          needs_context=True),
    _rule("method.seek_weight", METHOD,
          r"\b(?:hold|support|take|carry) (?:a person's|a human's|my|someone's|an adult's|a body's) (?:body )?weight\b",
          subject="self", unless=_OUTDOOR_GEAR),
    _rule("ideation.better_off_not", IDEATION,
          r"\bbetter off (?:not waking up|not existing|not alive|not being here|gone|never born|not being born)\b",
          subject="self"),
    _rule("ideation.not_plan_to_see", IDEATION,
          r"\b(?:do not|not) (?:plan|planning|intend|expect|expecting) (?:on|to) (?:seeing|see|reach|reaching|"
          r"making it to|live to see|living to see|be around for|being around for) (?:my )?(?:\d+\w*|next|another|"
          r"the end of)\b",
          subject="self"),
    _rule("method.garage_engine", METHOD,
          r"\bgarage\b[^.!?]{0,40}\b(?:car|engine) (?:running|on)\b|\b(?:car|engine) (?:running|on)\b[^.!?]{0,40}"
          r"\bgarage\b", unless=_unless(r"\b(?:warm(?:ing)? (?:it |the car )?up|mechanic|repair|fix\w*|oil)\b")),
    _rule("method.means_not_for_use", METHOD,
          rf"\b{MEANS}\b[^.!?]{{0,30}}\b(?:is|it is|are|they are) not (?:for|meant for) (?:shaving|cooking|the kitchen|"
          rf"work|crafts|hunting|camping|climbing|the garden)\b", subject="self"),
    _rule("other.who_looks_after", METHOD,
          r"\b(?:asking|asked|asks|wondering) who (?:will|would) (?:take care of|look after|feed|have) "
          r"(?:his|her|their) \w+", subject="other"),
    _rule("prep.note_on_pillow", METHOD,
          r"\b(?:wrote|left|leaving|put)\b[^.!?]{0,30}\b(?:note|letter)\b[^.!?]{0,30}\b(?:pillow|bed|desk|kitchen "
          r"table)\b", unless=_ORDINARY_NOTES),
    _rule("method.not_found_in_time", METHOD,
          r"\b(?:not|never) (?:get |be )?found (?:in time|until it is too late|before it is too late)\b|\b(?:no one|"
          r"nobody) (?:finds|will find) me (?:in time|until it is too late)\b", subject="self"),
    _rule("situation.lean", METHOD, r"\blean(?:ing)? (?:forward|over|out)\b", needs_context=True),
    _rule("ideation.remove_me", IDEATION,
          r"\b(?:remove|take away|delete|erase|subtract) me and (?:everything|everyone|things|it all|the world)\b",
          subject="self"),
    _rule("plan.exact_way", METHOD,
          r"\bthe (?:exact |best |easiest )?(?:way|method) i (?:would|will|could|am going to|want to) do it\b",
          subject="self"),
    _rule("prep.sorted_before", METHOD,
          r"\b(?:sorted|in order|taken care of|settled|ready|done) before\W*$", needs_context=True),
)

# Spans blanked out before matching: everyday idioms that reuse the risk words.
EN_IDIOMS = re.compile("|".join((
    r"\bkilling me\b(?! (?:inside|slowly from the inside))",
    r"\bkill(?:s|ed|ing)? (?:-\d+ |-9 |the |a |all |that |this |these |those |your |our |its |his |her |off )?"
    r"(?:\w+ )?(?:process(?:es)?|task|tasks|job|jobs|thread|threads|server|app|application|session|pid|container|"
    r"pod|pods|program|switch|lights?|engine|music|bug|mood|vibe|time|feature|deal|bill|idea|momentum|signal|"
    r"service|daemon|tab|tabs|window|query|connection|worker|workers|germs|bacteria|weeds|spiders?|bugs|"
    r"mosquitoes|ants|flies|zombies?|enemies|enemy|monsters?|boss|bosses|dragons?|players?|buzz|joke|conversation|"
    r"party|it|them all|the pain)\b",
    r"\bkill (?:-\d+|%\d+|\d+)\b|\bpkill\b|\bkillall\b|\bsigkill\b|\bkill ?switch\b|\bkill ?chain\b",
    r"\bkill(?:er|ers)\b|\bkill(?:ed|ing) it\b|\bkilling time\b|\bmake a killing\b|\bkill two birds\b",
    r"\bcould (?:kill|murder) (?:for )?(?:a|an|some|the) \w+|\bkill for (?:a|an|some|the) \w+|\bdressed to kill\b",
    r"\bcuriosity killed\b|\bif looks could kill\b|\bkill(?:ing|ed|s)? (?:my|him|her|them|your|our) ?(?:self|"
    r"selves) laughing\b|\bkmsl\b",
    r"\bdying (?:to|for) \w+|\bto die for\b|\bdie[- ]hard\b|\bdie (?:laughing|of laughter)\b",
    r"\b(?:died|dying|die|dead) (?:of|from) (?:laughter|laughing|embarrassment|shame|boredom|cuteness|cringe|"
    r"hunger|thirst|heat|cold|curiosity)\b|\b(?:died|dying) laughing\b",
    r"\b(?:i am|i was|literally|i am literally|i am actually) (?:dead|dying|deceased)(?= ?(?:lol|lmao|lmfao|haha|"
    r"😂|💀|🤣|xd|rofl))",
    r"\b(?:dead|drop[- ]dead) (?:tired|serious|gorgeous|beautiful|last|centre|center|wrong|right|silent|simple|"
    r"easy|set|on|ringer|weight|end|zone|heat|lock|line)\b|\bdrop[- ]dead\b|\bover my dead body\b",
    r"\b(?:bored|scared|frightened|worried|sick|tired|love|loved|worked|beaten|talked|done|stressed) (?:me |it |"
    r"them |you )?to death\b|\bcharmed to death\b",
    r"\b(?:phone|battery|laptop|car|plants?|computer|pc|mac|iphone|tablet|charger|headphones|fish|goldfish|hamster|"
    r"tree|garden|engine|server|printer|tv|console|mouse|keyboard|flashlight|torch|remote|pen|lighter|bulb|light|"
    r"wifi|internet|router|conversation|party|chat|thread|project|band|game|meme|trend|show|series|franchise|drive|"
    r"disk|character|hero|villain)(?:'s)? (?:has |had |is |just |finally |totally |completely |literally |kind of |"
    r"basically )*(?:about to |going to |gonna |will |might |is going to )?(?:died|dying|dead|die|went dead)\b",
    r"\bdeadlines?\b|\bdead ?ends?\b|\bdeadlock\b|\bdead code\b|\bdead links?\b|\bdead pixels?\b",
    r"\bcould (?:sleep|nap) (?:forever|for (?:a week|days|a year|ever))\b",
    r"\bsleep(?:ing)? (?:forever|for ever|for a week|for days) (?:this weekend|on (?:saturday|sunday|the weekend|my "
    r"days? off)|after (?:this|the|my) (?:exam|exams|shift|week|trip|semester|finals|flight))\b",
    r"\bkilling my ?self (?:with|over|on|at) (?:this|these|the|my|all|so much) (?:\w+ )?(?:workout|work|homework|"
    r"studying|study|training|exercise|running|diet|job|overtime|schoolwork|assignments?|project|deadlines?|revision|"
    r"practice|gym|shifts?)\b",
    r"\b(?:going to|gonna|will|would|could|might) (?:literally )?die if (?:i|we) (?:do not|can not) (?:get|have|eat|"
    r"drink|find|see|sleep|go|buy)\b",
    r"\b(?:dying|die|dye|died) (?:my|your|her|his|our|the|it|their) (?:hair|clothes|shirt|beard|eyebrows|fabric|"
    r"shoes|jeans|eggs)\b",
    r"\b(?:would |had )?(?:rather|sooner) die than\b(?! (?:keep|go on|live|living|feel|feeling|continue|wake|face|"
    r"deal|spend another|be alive|stay|exist))",
    r"\b(?:political|career|social|commercial|electoral|financial|corporate|brand) suicide\b",
    r"\bsuicide (?:squad|bombers?|bombings?|attacks?|missions?|doors?|runs?|sprints?|burpees|kings?|drills?|"
    r"shifts?|seats?|lanes?|knob)\b",
    r"\bshoot(?:ing)? (?:my ?self|your ?self|our ?selves|him ?self|her ?self) in the foot\b|\bshoot me an? "
    r"(?:text|message|email|dm|line)\b",
    r"\bcut (?:my ?self|your ?self|me|him|her|them ?selves) (?:some |a little |a bit of )?slack\b|\bcut (?:my ?self|"
    r"me) (?:off|out)\b|\bcut (?:my ?self|me) (?:a|another|some) (?:slice|piece|bit)\b",
    r"\b(?:hurt|hurting|cut|burned|burnt|burn|injured|bruised|scratched|hit) my ?self (?:while|when i (?:fell|"
    r"tripped|slipped|was (?:cooking|running|playing|skiing|lifting|working))|at the|at "
    r"work|at practice|playing|skiing|running|lifting|cooking|shaving|chopping|falling|during|training|working "
    r"out|by accident|accidentally|on the (?:stove|oven|pan|iron|glass|edge|corner|door|kettle)|slicing|opening|"
    r"doing|trying to|fixing|with the (?:kettle|oven|iron|curling))\b",
    r"\b(?:accidentally|by accident) (?:hurt|cut|burned|burnt|hit|scratched) my ?self\b",
    r"\bif (?:all )?(?:your friends|everyone|everybody|they) jump(?:ed)? off (?:a|the) (?:bridge|cliff)\b",
    r"\b(?:jump|jumping|jumped) (?:off|from) (?:the|a) (?:diving board|high board|boat|dock|pier|plane|swing)\b",
    r"\boverdos(?:e|ed|ing) on (?:caffeine|coffee|sugar|chocolate|netflix|anime|tiktok|memes|carbs|cake|candy|"
    r"cuteness|sunshine|vitamin c)\b",
    r"\b(?:end|ending|ended) (?:it|things) (?:with|between) \w+",
    r"\b(?:beat|beating) my ?self up\b|\bhurts? my ?self (?:laughing)\b",
    r"\bdying (?:of|from) (?:hunger|thirst|heat|the heat|cold|boredom|curiosity|laughter|embarrassment|jealousy)\b",
    r"\bsleep(?:ing)? like (?:the dead|a log|a baby|a rock)\b",
    r"\b(?:bungee|bungy|cliff|base) ?jump\w*(?: (?:off|from) (?:a|the) (?:bridge|cliff|tower|crane|building))?",
    r"\b(?:phone|battery|laptop|tablet|charger)\b[^.!?]{0,25}\b(?:about to|going to|gonna) die\b",
    r"\b(?:so bad|so boring|so cringe|so awkward|so embarrassing)\b[^.!?]{0,15}\bwant(?:ed)? to die\b",
    r"\bend it all with (?:this|these|one|a) (?:\w+ )?(?:trick|hack|tip|tips|app|simple|weird|one)\b",
    r"\b(?:kill|murder|strangle|throttle) (?:my|your|his|her|our) (?:\w+ )?(?:sister|brother|mom|mum|dad|boss|"
    r"roommate|flatmate|teacher|husband|wife|bf|gf|boyfriend|girlfriend|kids?|son|daughter|cat|dog)\b(?= (?:if|when|"
    r"for|because)\b| ?$| ?[.!,])",
)))

# A story, the news, history, research: third-person mentions there are not a person at risk.
EN_CONTEXT = re.compile(
    r"\b(?:novel|book|story|stories|movie|film|(?:tv|the|a|this|that) show|tv series|series|episode|season|"
    r"chapter|character|characters|"
    r"protagonist|antagonist|villain|plot|scene|poem|poetry|song|lyrics|play|theatre|theater|fiction|fanfic|anime|"
    r"manga|video game|game|rpg|quest|npc|history|historical|century|ancient|emperor|roman|samurai|seppuku|"
    r"news|article|headline|reported|reports|reporting|according to|police said|journalist|study|studies|"
    r"research|researchers|statistics|rates?|data|survey|paper|essay|thesis|lecture|documentary|biography|"
    r"wikipedia|hamlet|romeo|juliet|ophelia|shakespeare|cleopatra|hemingway|van gogh|cobain|robin williams|plath|"
    r"virginia woolf|celebrity|singer|actor|actress|author|writer|poet|musician|rapper|footballer|politician|"
    r"prevention|awareness|campaign|policy|legislation|law|debate|euthanasia|assisted|class|health class|lesson|"
    r"homework|assignment|in (?:1[5-9]\d\d|20[0-2]\d))"
    r"\b")

RELATION = (r"(?:friend|friends|bestie|bff|best friend|sister|brother|sis|bro|mom|mum|mother|dad|father|son|"
            r"daughter|kid|kids|child|children|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|nan|wife|"
            r"husband|partner|boyfriend|girlfriend|bf|gf|fiance|fiancee|roommate|flatmate|housemate|classmate|"
            r"coworker|co-worker|colleague|student|teammate|neighbou?r|patient|client|ex|nephew|niece|stepdad|"
            r"stepmom|stepmum|stepson|stepdaughter|teen|teenager|buddy|mate|pal|crush|twin|sibling|parent|parents)")
EN_RELATION = re.compile(rf"\b(?:my|our|a) {RELATION}\b|\b{RELATION} of mine\b|\bsomeone i (?:know|love|care about)\b")
EN_SUBJECT = re.compile(
    rf"\b(?P<asker>(?:help|tell|show|give|let|teach|remind|send) me)\b|"
    rf"\b(?P<self>i|me|myself)\b|\b(?P<other>he|she|they|him|her|them|his|their|himself|herself|themselves|"
    rf"someone|somebody|people|{RELATION})\b|\b(?P<second>you|your|yourself)\b")
# "No way I would ever hurt myself": a negation just before the subject.
EN_PRE_SUBJECT_NEGATION = re.compile(r"\b(?:no way|there is no way|not that|never ever|never in a million years|"
                                     r"not like|no chance)\s*$")
EN_NEGATION = re.compile(
    r"\b(?:not|never|no)\b(?! (?:stop|help|shake|get|escape|bear|handle|cope|take|deal|sleep|eat|focus|"
    r"breathe|anymore|longer|more|one|matter|point|reason|sure|even|just|only|lie|lying|kidding|joke|joking|"
    r"really sure|know|think straight|think clearly|think of anything|think about anything))|\bwould rather not\b")
EN_TIME = re.compile(
    r"\b(?:tonight|right now|today|this (?:evening|afternoon|morning)|tomorrow|in (?:a few|a couple of|an|one|two|"
    r"three|\d+|a) (?:minutes?|hours?|mins?|hrs?)|after (?:everyone|they|my (?:parents|family|wife|husband|"
    r"roommates?)) (?:go|goes|leave|leaves|fall|falls|is|are) (?:to sleep|to bed|asleep|out|gone)|waiting (?:for|until|"
    r"till) (?:everyone|them|my (?:parents|family|wife|husband|roommates?)) (?:to )?(?:go|goes|leave|leaves|fall|falls|"
    r"is|are) (?:to sleep|to bed|asleep|out|gone)|when (?:everyone|"
    r"they) (?:is|are) asleep|before (?:morning|sunrise|dawn|midnight)|at midnight|(?:do(?:ing)? it|end(?:ing)? it|"
    r"jump(?:ing)?|kill(?:ing)? my ?self|die) (?:right )?now)\b")
EN_METHOD_WORDS = re.compile(
    rf"\b(?:{PILLS}|rope|noose|gun|pistol|bridge|jump|jumping|razor|blade|knife|charcoal|pesticide|poison|bleach|"
    rf"train|tracks|roof|rooftop|ledge|overdose|cliff|helium|hang|hanging|cutting|wrists?)\b")
EN_BENIGN_MEANS = re.compile(
    r"\b(?:vitamins?|prescribed|prescription|doctor|pharmacy|refill|trip|travel|packing|camping|hunting|"
    r"range|kitchen|cook|cooking|chopping|carving|allergy|allergies|flu|cold|headache|antibiotics|birth control|"
    r"dentist|surgery|recipe|craft|climbing gym|photos?|photograph|sunset|view|selfie)\b")

# --- Chinese (simplified; traditional input is mapped before matching) -----------------------------------

ZH_RULES: tuple[Rule, ...] = (
    _rule("ideation.zh_not_live", IDEATION,
          r"(?:唔想|唔想再)(?:再)?(?:生存|活)|(?:不想|不愿意?|不要)(?:再)?生存下去|"
          r"(?:不想|不愿意?|不要|不愿再|不想再|真不想)(?:再)?活(?:了|下去|着|啦|呀|咯)?(?!在(?!这个世界|这世界|世上|"
          r"人世|人间))|活不下去|不想在这个世界"),
    _rule("ideation.zh_meaningless", IDEATION,
          r"(?:活着|活下去|活在世上|活在这个世界上?)(?:真的?|好|太|很|都|也|实在|根本|已经|一点)?(?:没|没有|毫无|无)"
          r"(?:什么|任何|一点|半点)?(?:意思|意义|盼头|希望|价值|留恋|必要)|活够了|没有活下去的(?:理由|意义|勇气|必要)"),
    _rule("ideation.zh_want_die", IDEATION,
          r"(?:好|真|很|真的|就|只|特别|非常|一直|总是|老是|又|突然)?想(?:着|要)?(?:去)?死(?:掉|了算了|一死)?"
          r"(?!你|您|他|她|我了|我的|我家|我们|人|了你|它|宝|咯你|的心都有)", negatable=True),
    _rule("ideation.zh_go_die", IDEATION,
          r"(?:还是|不如|干脆|应该|该|就|要|想)(?:去死|死掉|死了算了)|死了算了|死了(?:就)?(?:好了|一了百了|解脱了|"
          r"干净|清净)|一了百了|死掉算了|不如死了|还不如死|早点死|死了(?:也)?(?:没人|没有人)(?:会)?(?:在乎|发现|"
          r"难过|心疼|在意|知道|管)", negatable=True),
    _rule("ideation.zh_suicide", IDEATION,
          r"自杀|轻生|寻死|求死|紫砂|自鲨|自尽|自我了断|了断自己|了结(?:自己|生命|此生|这一生|残生)|结束(?:自己的?|我的)?生命|"
          r"结束(?:这一切|一切|掉自己|自己(?!的(?:工作|学业|假期|项目|比赛)))|一死了之|离开(?:这个|这)?(?:世界|人世|人间)|告别(?:这个)?世界|"
          r"不在(?:这个)?世上了",
          negatable=True),
    _rule("ideation.zh_sleep_forever", IDEATION,
          r"(?:不想|不要|别|不愿|不用)(?:再)?醒(?:来|过来)|一睡不醒|长眠不醒|永远睡下去|睡了?就(?:不|别)(?:要|想)?"
          r"(?:再)?醒|永远(?:地)?消失|希望明天不会?(?:再)?(?:醒来|到来)"),
    _rule("ideation.zh_better_without_me", IDEATION,
          r"(?:没有我|我不在了?|我死了|我走了|少了我|我消失了?)(?:以后|之后|的话)?[^。!?]{0,6}(?:会|就|都会|才会)?"
          r"(?:更好|更轻松|更开心|更幸福|解脱|轻松|好过|开心|高兴|松一口气)|(?:如果|要是)我(?:死了|不在了|消失了|走了)"
          r"[^。!?]{0,10}(?:会|就|都会|才会|应该会)(?:更好|轻松|开心|高兴|解脱|好过)|(?:没人|没有人)(?:会)?(?:在乎|注意到?|发现|想念|"
          r"记得)"
          r"我(?:消失|不在|死)", subject="self"),
    _rule("ideation.zh_past_attempt", IDEATION, r"(?:上次|以前|之前|曾经)(?:也)?(?:自杀|割腕|吞药|跳楼)(?:过|未遂)|"
          r"自杀未遂"),
    _rule("self_harm.zh", IDEATION,
          r"自残|自伤|伤害自己|割(?:自己|手臂|胳膊|腿|大腿)|划(?:自己|手|手臂|胳膊|腿|伤自己)|用刀(?:划|割)(?:自己|手)|"
          r"烫自己|打自己|掐自己|咬自己|拿头撞墙|用烟头烫", negatable=True),
    _rule("method.zh", METHOD,
          r"跳楼|跳河|跳江|跳桥|跳海|跳崖|跳下去|卧轨|上吊|割腕|割手腕|割脉|烧炭|服毒|喝农药|开煤气|"
          r"喝(?:百草枯|敌敌畏|农药|老鼠药|毒药|消毒水|漂白水)|吞(?:安眠药|药|玻璃|刀片|了?一整?瓶)|"
          r"吃(?:老鼠药|毒药|一整?瓶)|撞车|冲向(?:车|马路)|从(?:楼上|楼顶|天台|阳台|窗户|桥上|\d+楼|几楼)跳",
          negatable=True),
    _rule("method.zh_stockpile", METHOD,
          r"(?:攒|囤|存|藏|收集|偷偷买|买了)(?:了|着)?(?:很多|好多|一堆|一大堆|一整瓶|一瓶|不少|够多的?|足够的?|"
          r"\d+|[一二三四五六七八九十几百]+)?(?:片|颗|粒|盒|瓶)?(?:的)?(?:安眠药|药片|药|止痛药|抗抑郁药|镇静剂)",
          negatable=True, unless=_unless(r"医生|处方|医院|药店|开的|睡不着|失眠|感冒|发烧|头疼|头痛|牙疼")),
    _rule("method.zh_stockpile_ba", METHOD,
          r"把(?:我的?)?(?:安眠药|药片|药|止痛药|抗抑郁药|镇静剂)(?:都|全|全部)?(?:攒|囤|存|藏|收集)(?:起来|下来|好)?了?|"
          r"(?:安眠药|药片|止痛药)(?:都|已经)?(?:攒|囤|存)(?:了|够|起来)", negatable=True),
    _rule("ideation.zh_more", IDEATION,
          r"(?:我|自己)(?:的存在|活着|活在(?:这个)?世界上?|出生|生下来)(?:本身)?(?:就|真的)?是(?:个|一个)?(?:错误|多余)|"
          r"(?:想|想着|想过|想好了?|在想|考虑|琢磨)(?:要)?怎么(?:去)?死|活着(?:还|又)?有什么(?:意义|意思|用|盼头)|"
          r"(?:今天|今晚|这)是我(?:的)?最后一(?:天|晚|夜)(?!上班|工作|实习|在|上学|值班)", subject="self",
          negatable=True),
    _rule("distress.zh_leave", DISTRESS, r"一走了之|永远不(?:会)?回来了?", subject="self", strong=True,
          negatable=True),
    _rule("prep.zh_will", METHOD, r"遗嘱|以防万一", needs_context=True),
    _rule("farewell.zh_weak", METHOD, r"(?:你们|大家|你)?(?:别|不要)(?:为我)?(?:难过|伤心|哭)", needs_context=True),
    _rule("ideation.zh_death_relief", IDEATION,
          r"死(?:了|掉)?(?:以后|之后)?(?:就|会|才|反而)?(?:比较|更|会|就)?(?:轻松|解脱|好受|舒服|好过)(?:了|一点|些)?",
          negatable=True),
    _rule("ideation.zh_never_born", IDEATION,
          r"(?:希望|宁愿|要是|但愿)(?:我|自己)?(?:从来)?(?:没有|没)(?:被)?(?:出生|生下来|来到这个世界)|"
          r"(?:跟|和|向)这个世界(?:说)?(?:再见|告别|道别)", negatable=True),
    _rule("method.zh_take_all", METHOD,
          r"把(?:所有的?|全部的?|剩下的?|存的|攒的)?(?:药|安眠药|药片)(?:都|全|全部)?(?:吃|吞)(?:了|掉|下去)|"
          r"(?:吃|吞)(?:掉|下|光)?(?:所有的?|全部的?|整瓶|一整瓶|剩下的)(?:药|安眠药|药片)|"
          r"(?:写|留)(?:了)?(?:一封|几封)?(?:信|字条)(?:给|留给)[^。!?]{0,8}以防万一", negatable=True),
    _rule("method.zh_seek", METHOD,
          r"(?:怎么|怎样|如何)(?:才能)?(?:自杀|结束(?:自己的?)?生命|死(?:得)?(?:最|比较)?(?:不痛|快|舒服|没有痛苦|"
          r"无痛))|(?:无痛|不痛苦|最快|最好|最容易|最有效|最舒服|没有痛苦)的?(?:自杀|死亡?|死法)(?:方法|方式|办法)?|"
          r"吃多少(?:片|颗|粒)?[^。?!]{0,8}(?:会死|能死|致死|致命|死人|才会死)|致死(?:量|剂量)|致命剂量|"
          r"几楼(?:跳下去)?(?:才|会|能)?(?:死|摔死)|多高(?:跳下去)?(?:才|会|能)(?:死|摔死)|割(?:哪里|哪儿|多深)",
          subject="self"),
    _rule("prep.zh_note", METHOD, r"遗书|遗言|绝笔|(?:交代|安排|准备|处理)(?:好)?(?:了)?后事", negatable=True,
          unless=_unless(r"这个词|作文|造句|词语|成语|课文|老师说")),
    _rule("prep.zh_give_away", METHOD,
          r"把(?:我的?)?(?:东西|所有东西|猫|狗|宠物|游戏机|电脑|衣服|书|钱|存款|积蓄|收藏)[^。!?]{0,6}(?:都|全部?)"
          r"(?:送给|送人|送掉|给了|留给|交给|分给|捐)|(?:东西|积蓄|存款)(?:都|全)(?:送人|送掉|留给)了?|"
          r"(?:以后|今后)(?:请)?(?:帮我|替我)(?:好好)?照顾|(?:帮我|替我)(?:好好)?照顾好", subject="self"),
    _rule("prep.zh_give_away_soft", METHOD,
          r"把(?:我的?)?(?:东西|猫|狗|宠物|游戏机|电脑|收藏)[^。!?]{0,6}(?:送给|送人|送掉|留给|交给|分给)",
          subject="self", needs_context=True),
    _rule("farewell.zh", METHOD,
          r"永别了|永别|再见了[,，、 ]?(?:各位|大家|世界|所有人|朋友们|这个世界)|"
          r"下辈子(?:再见|见|再做)|来世(?:再见|见)|"
          r"这是我(?:的)?最后一(?:次|条|句|个)|最后一次(?:跟|和)(?:你|你们|大家)(?:说话|聊天|说)|"
          r"以后(?:再也)?不会(?:再)?(?:打扰|麻烦|烦)(?:你|你们|大家)了|别(?:再)?(?:找|想)我了|忘了我吧|忘记我吧|"
          r"(?:谢谢|感谢)(?:你们|大家|你)(?:这些年|一直以来|所有)[^。!?]{0,10}(?:再见|永别|对不起)",
          unless=_ORDINARY_GOODBYE),
    _rule("imminent.zh_in_progress", IMMINENT,
          r"(?:已经|刚刚?|刚才)(?:吃了|吞了|喝了|割了|吃下|吞下|服了|服下)[^。!?]{0,8}(?:药|安眠药|农药|毒|手腕|腕)|"
          r"(?:吃|吞|喝)(?:了|下)(?:一整瓶|一瓶|一盒|整瓶|整盒|好多|很多|一把|\d{2,}|[几十百]+)(?:片|颗|粒)?的?"
          r"(?:药|安眠药|农药|毒药)", subject="self"),
    _rule("imminent.zh_means_ready", METHOD,
          r"(?:准备好|买好|备好|囤好|攒够)了?(?:很多|一瓶|一整瓶|足够的?|所有的?)?"
          r"(?:安眠药|绳子|炭|木炭|农药|刀片|毒药)|(?:安眠药|药|药片|绳子|绳|刀片|刀|炭|木炭|农药|毒药|"
          r"遗书)(?:都|也)?(?:已经)?(?:准备好|买好|备好|写好|"
          r"绑好|系好|挂好|放好)了?|(?:站在|坐在|爬上|爬到|站到|坐到)(?:了)?(?:楼顶|天台|楼顶边|桥上|桥边|窗台|"
          r"阳台边|栏杆外|悬崖边|铁轨上)", subject="self"),
    _rule("distress.zh_strong", DISTRESS,
          r"撑不下去|坚持不下去|撑不住了|熬不下去|活(?:着|得)(?:好|太|真|很)?累|想不开|(?:想|希望|好想|真想|只想)"
          r"(?:永远)?消失(?!一个|几天|一下|一会|一阵|一段|两天|一周|一天)|我(?:就)?是(?:个|一个)?(?:累赘|负担|拖累|多余的人?)|(?:活着|我)(?:就是|只会|只是|"
          r"一直)?(?:在)?(?:拖累|连累)(?:别人|大家|家人|所有人|你们|爸妈)|(?:没人|没有人)(?:会)?(?:在乎|关心|"
          r"爱|想念|记得|需要)"
          r"我|绝望|看不到(?:希望|未来|出路)|没有(?:希望|未来|出路)了|人生(?:好|真|太)?没(?:有)?意义|"
          r"想死的心都有", subject="self", strong=True, negatable=True),
    _rule("distress.zh_feeling", DISTRESS,
          r"崩溃|好痛苦|太痛苦|很痛苦|心好累|抑郁|好孤独|很孤独|没人理解我|活得没意思|讨厌(?:我)?自己|恨(?:我)?自己|"
          r"我(?:就)?是(?:个)?废物|一无是处|每天都(?:在)?哭|哭了(?:一整晚|一夜|好久)|心如死灰|行尸走肉",
          subject="self"),
    _rule("help_seeking.zh", DISTRESS,
          r"心理(?:援助|咨询|危机)?热线|求助热线|危机(?:干预)?热线|心理咨询电话|12356|1925|生命线|希望24|"
          r"(?:我)?需要(?:找人|有人)(?:聊聊|说说话|倾诉|陪)", subject="self", strong=True),
)

_ZH_ORDINARY_GOODBYE = _unless(
    r"同事|新工作|新公司|报到|入职|加油|明天见|下次见|回头见|拜拜|晚安|毕业|离职|出差|旅行|放假|下班|周末|出国|回国|搬家|"
    r"退圈|直播|实习|开学|上学|下周|下个月|回老家|节目|比赛|演出|告别演出|告别赛|毕业典礼|欢送|退休")
_ZH_BARBECUE = _unless(r"烧烤|烤肉|火锅|烤串|露营|野炊|取暖|炭火|烤鱼|画画|素描|木炭画|除味|除湿|冰箱|医生|处方|医院|"
                       r"药店|开的|睡不着|失眠")

ZH_RULES += (
    # Generalising rules (held-out rounds 8+): burden, disappearing, farewell wording and means at hand.
    _rule("distress.zh_burden", DISTRESS,
          r"(?:不想|不愿|不能|不要|不想再|不愿再)(?:再)?(?:拖累|连累|麻烦|成为)(?:别人|大家|家人|家里人?|爸妈|父母|"
          r"爸爸|妈妈|你们|所有人|孩子|老公|老婆|任何人)|(?:想|好想|真想|只想|就想)(?:就|就这样|这样|彻底|永远|直接|"
          r"悄悄|默默)+(?:地)?消失", subject="self", strong=True, negatable=True),
    _rule("ideation.zh_never_wake", IDEATION,
          r"(?:睡|睡过去|睡着|睡下)[^。！？!?]{0,4}(?:再也|永远)(?:不|别)(?:要|想|会)?(?:再)?(?:醒|起来)|"
          r"再也不(?:要|想|用)?醒(?:来|过来)?了?(?!了就好)", negatable=True),
    _rule("ideation.zh_nobody_notice", IDEATION,
          r"我(?:消失|不在|死|走)了?(?:以后|之后)?(?:也|都)?(?:没人|没有人|不会有人)(?:会)?(?:在乎|注意到?|发现|想念|"
          r"记得|知道|难过|在意|察觉)", subject="self"),
    _rule("farewell.zh_tell_all", METHOD,
          r"(?:跟|和|向)(?:大家|你们|所有人|各位|爸妈|家人|朋友们)(?:好好|最后)?(?:告别|道别|说(?:声)?再见)",
          needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("farewell.zh_sorry_all", METHOD,
          r"^(?:对不起|抱歉)(?:了)?[,，、 ]?(?:大家|所有人|你们|爸妈|爸爸妈妈|爸爸|妈妈)(?:了)?[。!！…. ]*$",
          unless=_ZH_ORDINARY_GOODBYE),
    _rule("farewell.zh_tell_all_bare", METHOD,
          r"^(?:我)?(?:想|要)?(?:跟|和|向)(?:大家|你们|所有人|各位)(?:好好)?(?:告别|道别|说(?:声)?再见)(?:了|吧)?"
          r"[。!！…. ]*$"),
    _rule("farewell.zh_sorry", METHOD,
          r"对不起(?:了)?[,，、 ]?(?:大家|所有人|你们|爸妈|爸爸妈妈|爸爸|妈妈|各位)|(?:爸|妈|爸妈|爸爸|妈妈)[,，、 ]*"
          r"对不起", needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("farewell.zh_leaving", METHOD,
          r"我先走(?:了|一步)|(?:以后|马上|很快|快要?|就要)(?:就)?(?:不在了|不会在了)|(?:照顾|保重)好(?:自己|爸妈|"
          r"家人|妈妈|爸爸)|不要(?:再)?(?:找|等)我了?|(?:谢谢|感谢)(?:你们|大家)(?:这些年|一直以来|这么久)",
          needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("prep.zh_not_need", METHOD, r"(?:反正|以后)?(?:我)?(?:也)?(?:不需要|用不着|用不上|不用)了",
          needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("method.zh_have_means", METHOD,
          r"(?:买了|买好了?|准备了|备了|藏了|弄到了?|找到了?|拿到了?|偷偷买了?)(?:一些|一袋|一包|几包|一根|一把|一瓶|"
          r"很多|好多|足够的?)?(?:木炭|炭|绳子|农药|安眠药|刀片|老鼠药|百草枯|敌敌畏)", needs_context=True,
          unless=_ZH_BARBECUE),
    _rule("method.zh_burn_charcoal", METHOD,
          r"炭[^。！？!?]{0,12}(?:房间|车里|屋里|卧室|厕所|浴室|密闭)[^。！？!?]{0,4}(?:里)?烧|(?:房间|车里|屋里|卧室|"
          r"厕所|浴室)(?:里)?烧炭", unless=_ZH_BARBECUE),
    _rule("ideation.zh_end_soon", IDEATION, r"(?:就|都|一切都|一切|是时候|该)结束(?:吧|了吧|了)", needs_context=True),
)

ZH_PLACE = (r"(?:楼顶|天台|顶楼|屋顶|桥上|天桥|大桥|桥边|江边|河边|海边|湖边|悬崖|崖边|铁轨|站台边|窗台|阳台边|"
            r"阳台外|楼边)")
ZH_MEANS = (r"(?:安眠药|安定|地西泮|阿普唑仑|佐匹克隆|思诺思|艾司唑仑|药片|药|绳子|绳|刀片|刀|木炭|炭|农药|百草枯|"
            r"老鼠药|敌敌畏|毒药)")
_ZH_BENIGN_PLACE = _unless(r"看风景|风景|拍照|烧烤|吃饭|聚会|喝酒|晒|晾|收衣服|看日落|看日出|看星星|看烟花|散步|钓鱼|"
                           r"跑步|遛狗|约会|等你|等人|接我|来找我|游泳|玩|旅游|度假|修|工作|上班|施工")
ZH_RULES += (
    _rule("situation.zh_at_place", METHOD,
          rf"(?:我|现在|一个人)(?:正|还|已经|又)?(?:在|站在|坐在|到了|来到|爬上了?|蹲在)(?:了)?[^，。！？,!?]{{0,4}}"
          rf"{ZH_PLACE}", subject="self", unless=_ZH_BENIGN_PLACE),
    _rule("method.zh_place_in", METHOD,
          rf"{ZH_PLACE}[^。！？!?]{{0,16}}(?:走进去|跳下去|跳进去|走下去|跳了|一跃|往下跳|看着下面|看下面)|"
          rf"(?:想|要|准备|打算)(?:去)?{ZH_PLACE}", unless=_ZH_BENIGN_PLACE),
    _rule("method.zh_hidden_means", METHOD,
          rf"把{ZH_MEANS}藏(?:在|到|起来)|{ZH_MEANS}(?:都|已经)?藏(?:在|到)(?:了)?(?:枕头|床|柜子|抽屉|书包|衣柜|鞋盒)",
          subject="self", unless=_ZH_BARBECUE),
    _rule("method.zh_stockpile_named", METHOD,
          r"(?:攒|囤|存|藏|收集)(?:了|着)?(?:很多|好多|一堆|不少|\d+|[一二三四五六七八九十几百]+)?(?:片|颗|粒|盒|瓶)?(?:的)?"
          r"(?:安定|地西泮|阿普唑仑|佐匹克隆|思诺思|艾司唑仑|止疼药|布洛芬|扑热息痛)", negatable=True),
    _rule("ideation.zh_if_dead", IDEATION,
          r"(?:如果|要是|假如|万一|等)我(?:真的)?(?:死了|不在了|走了|消失了|离开了|没了)", subject="self",
          negatable=True),
    _rule("ideation.zh_not_deserve", IDEATION, r"不配(?:活着|活下去|活在|存在|再活)", subject="self",
          negatable=True),
    _rule("ideation.zh_gone_good", IDEATION,
          r"(?:消失|不在|死|离开)了?(?:对谁|对大家|对所有人|对家人|大家)都(?:好|轻松|解脱)", subject="self"),
    _rule("plan.zh_decided_how", METHOD,
          r"想好了?(?:要)?怎么(?:做|死|走|结束|了断|离开)|(?:都|已经|全部)(?:计划|安排|准备)好了", needs_context=True),
    _rule("plan.zh_waiting_for", METHOD, r"就等(?:周末|明天|今晚|那天|机会|他们睡着|家里没人)", needs_context=True),
    _rule("prep.zh_letters_all", METHOD,
          r"给(?:每个人|大家|爸妈|家人|所有人|你们|每个朋友)(?:都)?(?:写|留)了?(?:一封|几封|一些)?(?:信|话)",
          unless=_unless(r"生日|新年|毕业|贺卡|感谢卡|圣诞|春节|明信片")),
    _rule("prep.zh_leave_money", METHOD,
          r"(?:银行卡|密码|存款|积蓄|钱|遗产|保险)[^。！？!?]{0,10}(?:留给|交给|转给)(?:了)?(?:我)?(?:妈|爸|家人|妈妈|"
          r"爸爸|爸妈|父母|孩子|妹妹|弟弟)", subject="self"),
    _rule("farewell.zh_last_see", METHOD,
          r"最后一次(?:见|看|陪|抱)(?:你们|大家|你|爸妈|妈妈|爸爸)", unless=_ZH_ORDINARY_GOODBYE),
    _rule("other.zh_unreachable", DISTRESS, r"关机了|联系不上|不回(?:消息|电话|微信)|打不通|失联",
          needs_context=True, needs_relation=True),
    _rule("distress.zh_no_more", DISTRESS,
          r"不想(?:再)?(?:撑|坚持|熬|扛)(?:了|下去)|(?:我|自己)(?:就)?是(?:个|一个)?多余的", subject="self",
          strong=True, negatable=True),
    _rule("imminent.zh_took_amount", IMMINENT,
          r"(?:吃|吞|喝)了(?:半瓶|一瓶|一盒|整瓶|整盒|好多|很多|一把|几十|\d{2,})(?:片|颗|粒)?(?:的)?"
          r"(?:安眠药|安定|药|农药|毒药|药片|止痛药)", subject="self"),
)

ZH_RULES += (
    _rule("method.zh_place_stay", METHOD, rf"{ZH_PLACE}[^。！？!?]{{0,12}}不想(?:再)?(?:下去|下来|回去|回家)",
          unless=_ZH_BENIGN_PLACE),
    _rule("distress.zh_waste", DISTRESS, r"(?:我|活着)(?:就是|只是|都是)?(?:在)?浪费(?:空气|粮食|资源|氧气)",
          subject="self", strong=True, negatable=True),
    _rule("ideation.zh_hit_by", IDEATION,
          r"(?:希望|巴不得|但愿|盼着)[^。！？!?]{0,8}(?:撞死|撞过来|撞我|把我撞|压死我|出事|失事|砸死我)",
          subject="self"),
    _rule("method.zh_count_means", METHOD,
          rf"{ZH_MEANS}[^。！？!?]{{0,8}}(?:倒出来|数了|数一数|数一遍|排好|摆好|摆在)", subject="self",
          unless=_ZH_BENIGN_PLACE),
    _rule("ideation.zh_no_tomorrow", IDEATION,
          r"(?:如果|要是|希望)明天(?:没有|不会|不要|别)(?:再)?(?:来|到来)|明天(?:不要|别)(?:再)?来了"),
    _rule("farewell.zh_bye_all", METHOD, r"(?:对|跟|和)?(?:大家|所有人|各位)(?:说)?(?:了)?(?:再见|永别|拜拜)",
          needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("prep.zh_things_done", METHOD, r"(?:东西|衣服|物品|遗物)(?:也|都|全)*(?:处理|送人|清理|收拾)(?:掉|好)?了",
          needs_context=True, unless=_ZH_ORDINARY_GOODBYE),
    _rule("self_harm.zh_cuts", IDEATION,
          r"割了(?:好几|几|很多|\d+)(?:道|刀|下)|血(?:一直|止不住|停不下来)(?:在)?流|用(?:刀片|刀|小刀|美工刀|剪刀|圆规)"
          r"(?:划|割|刺)(?:自己|手|手臂|胳膊|腿|大腿|手腕)?", negatable=True),
    _rule("ideation.zh_vanish_world", IDEATION, r"(?:从|在)这个世界(?:上)?(?:彻底)?消失", negatable=True),
    _rule("plan.zh_decided", METHOD, r"我(?:已经)?(?:决定|想好)了(?=[，,。!！\s]|$)", needs_context=True),
    _rule("prep.zh_letter_parents", METHOD,
          r"写好了?(?:给|留给)(?:爸妈|家人|妈妈|爸爸|父母|你们|大家|孩子)的(?:信|遗言|话)", negatable=True),
    _rule("method.zh_rope_hung", METHOD,
          r"(?:绳子|绳)[^。！？!?]{0,6}(?:挂在|挂好|系在|绑在|挂上)|(?:挂|系|绑)(?:好|上)(?:了)?(?:绳子|绳)",
          unless=_ZH_BENIGN_PLACE),
    _rule("ideation.zh_no_rescue", IDEATION, r"不想(?:再)?被(?:救|找到|发现|拦住|阻止|抢救)", subject="self"),
    _rule("ideation.zh_next_life", IDEATION,
          r"下辈子(?:再也)?不(?:要|想)(?:再)?(?:做人|投胎|来了)|这辈子就这样吧|为什么(?:我)?还(?:要)?活着|"
          r"永远(?:地)?睡(?:着|下去|过去)|长眠", negatable=True),
    _rule("prep.zh_rehome_pet", METHOD,
          r"(?:猫|狗|宠物|鱼|鸟|兔子)[^。！？!?]{0,4}找好了?(?:新)?(?:主人|人家|领养)", subject="self",
          unless=_ZH_ORDINARY_GOODBYE),
    _rule("ideation.zh_at_ease_gone", IDEATION, r"我(?:走|死|不在)了?(?:以后|之后)?(?:也)?(?:就)?(?:放心|安心)",
          subject="self"),
    _rule("ideation.zh_last_night", IDEATION,
          r"(?:今天|今晚|这)是(?:我的?)?最后一(?:天|晚|夜)(?:了)?(?=[。!！…\s]|$)", unless=_ZH_ORDINARY_GOODBYE),
    _rule("method.zh_cut_open", METHOD, r"把(?:手腕|手|手臂|动脉|血管)割(?:开|破|伤)了?", subject="self"),
    _rule("distress.zh_burden_any", DISTRESS,
          r"(?:我|自己)(?:就|真的|只)?是(?:个|一个)?(?:[^，。,!?！？]{0,4}的)?(?:累赘|负担|拖累|多余的人?)",
          subject="self", strong=True, negatable=True),
    _rule("ideation.zh_gone_easier", IDEATION,
          r"不在了?(?:以后|之后)?[^。！？!?]{0,6}(?:会|就)(?:轻松|更好|开心|解脱)|一切(?:都)?(?:停下来|结束|停止)[，,]?"
          r"(?:永远|彻底|永久)", subject="self"),
    _rule("ideation.zh_relief", IDEATION,
          r"想(?:要)?(?:彻底)?解脱|死了?(?:也)?比活着(?:好|强|轻松)|活着(?:还)?不如死了?|(?:世界|地球|大家)没有我(?:也)?"
          r"(?:一样|照样|照常)|别(?:再)?救我|让我(?:去)?(?:走|死)吧", subject="self", negatable=True),
    _rule("distress.zh_living_pain", DISTRESS, r"活着[^，。！？,!?]{0,8}(?:痛苦|煎熬|折磨)", subject="self",
          strong=True, negatable=True),
    _rule("prep.zh_affairs_done", METHOD, r"后事(?:都|也|已经)*(?:交代|安排|准备|处理)好了?", negatable=True),
    _rule("method.zh_take_at_once", METHOD,
          r"(?:想|要|准备|打算)(?:一次|一口气|全部|都)(?:性)?(?:吃|吞)(?:完|掉|下去|光)", subject="self",
          negatable=True),
    _rule("self_harm.zh_knife", IDEATION,
          r"(?:拿|用)(?:刀|刀片|小刀|美工刀)[^。！？!?]{0,6}(?:划|割)|(?:割|划)了(?:好几|几|很多|\d+)(?:道|刀|下)",
          negatable=True),
    _rule("method.zh_window_jump", METHOD,
          r"(?:站在|坐在|趴在|爬上)(?:了)?[^，。,]{0,4}(?:窗边|窗口|窗台|阳台|楼边|桥边|边上|栏杆)[^。！？!?]{0,6}想(?:要)?"
          r"跳(?!舞|绳|槽)", subject="self"),
    _rule("ideation.zh_sleep_no_wake", IDEATION,
          r"睡过去(?:就)?(?:不用|不要|不再|别)(?:再)?醒|一觉睡过去(?:再也)?(?:不|别)", negatable=True),
    _rule("prep.zh_entrusted", METHOD,
          r"(?:重要的|东西|事情|密码|钱|存款|后面的事)[^。！？!?]{0,4}(?:都|全)?交代(?:给|好)", subject="self",
          unless=_ZH_ORDINARY_GOODBYE),
    _rule("ideation.zh_happier_dead", IDEATION,
          r"死了?(?:以后|之后|的话)?(?:大家|你们|他们|家人|爸妈|所有人)(?:就|会|都会|才会)?(?:都)?(?:开心|高兴|轻松|"
          r"解脱|满意|好过)", subject="self"),
    _rule("ideation.zh_slang", IDEATION, r"(?:好|真的?|就|很)?想(?:鼠|紫砂)(?![你您标])", negatable=True),
    _rule("method.zh_go_place_soon", METHOD,
          rf"(?:想|要|准备|打算)(?:今晚|今天|明天|马上|现在|待会)(?:就)?(?:去)?{ZH_PLACE}", subject="self",
          unless=_ZH_BENIGN_PLACE),
    _rule("farewell.zh_sorry_for_me", METHOD,
          r"(?:帮我|替我)(?:跟|和|向|对)(?:家人|爸妈|妈妈|爸爸|大家|他们|她|他|我妈|我爸)(?:说|道)(?:声|一声)?"
          r"(?:对不起|抱歉|再见|我爱)", subject="self"),
    _rule("ideation.zh_let_go", IDEATION,
          r"不想(?:再)?(?:治|治疗|治病|看病|吃药)了?[^。！？!?]{0,6}(?:走|死|算了)|就这(?:样|么)走(?:了)?吧",
          subject="self", negatable=True),
    _rule("ideation.zh_how_leave", IDEATION,
          r"(?:天天|一直|总是|每天|老是)?(?:在)?想(?:着)?怎么(?:离开|走|结束)(?:这个世界|人世)?(?=[。，,!！？?]|$)",
          subject="self", negatable=True),
    _rule("method.zh_go_place_time", METHOD,
          r"(?:今晚|今天|明天|现在|马上)(?:我)?(?:就)?(?:要)?去(?:那座|那个|那条)?(?:桥|大桥|桥上|楼顶|天台|江边|河边|"
          r"海边|悬崖)", subject="self", unless=_ZH_BENIGN_PLACE),
    _rule("self_harm.zh_again", IDEATION, r"(?:又|再次|还是|又开始)(?:割|划)了?|割的(?:痕迹|伤口|疤)",
          negatable=True),
    _rule("farewell.zh_leaving_bare", METHOD, r"我走了[。!！…. ]*$", needs_context=True,
          unless=_ZH_ORDINARY_GOODBYE),
    _rule("distress.zh_world_not_worth", DISTRESS, r"(?:这个)?世界不值得", needs_context=True),
    _rule("ideation.zh_die_off", IDEATION,
          r"(?:我|自己)[^，。！？,!?]{0,12}(?:死掉|去死|死了算了|死了?(?:比较|会比较|更)好|死掉(?:比较|会比较|更)好|死比较好)|"
          r"(?:怎么|为什么)还(?:没|不)死", subject="self", negatable=True),
    _rule("method.zh_seek_which", METHOD,
          r"(?:哪种|什么|哪个|哪一种)(?:死法|自杀方法|自杀方式|方法死)(?:最|比较)?(?:不痛|快|舒服|无痛|没有痛苦|容易)",
          subject="self"),
    _rule("prep.zh_all_handled", METHOD, r"该(?:处理|交代|安排|做|说)的(?:都|也)(?:处理|交代|安排|做|说)(?:好|完)?了",
          subject="self", unless=_ZH_ORDINARY_GOODBYE),
    _rule("self_harm.zh_deep", IDEATION, r"割得(?:很|太|好|特别)?深|血止不住", negatable=True),
    _rule("distress.zh_baggage", DISTRESS,
          r"(?:不想|不愿)(?:再)?(?:当|做|成为)(?:大家|家里|别人|你们|家人|爸妈)?的?(?:包袱|累赘|负担|拖累|麻烦)",
          subject="self", strong=True),
    _rule("method.zh_want_jump_bare", METHOD, r"想(?:要)?跳(?:下去|下来)?(?=[，,。!！\s]|$)", needs_context=True),
    _rule("farewell.zh_leave_tonight", METHOD, r"(?:今晚|今天|明天)就(?:要)?(?:走|离开)(?:了)?", needs_context=True,
          unless=_ZH_ORDINARY_GOODBYE),
    _rule("prep.zh_gave_keys", METHOD, r"把(?:车钥匙|钥匙|银行卡|手机|猫|狗|存折)(?:都)?(?:给|交给|留给)了我",
          needs_context=True),
    _rule("other.zh_no_answer", DISTRESS, r"不接电话|电话(?:也|都)?不接|退群|删了(?:所有人|好友)",
          needs_context=True, needs_relation=True),
)

ZH_IDIOMS = re.compile(
    r"笑死|笑到去世|笑得要死|累死|热死|冷死|饿死|渴死|困死|烦死|忙死|气死|吓死|痛死|疼死|撑死|闷死|晒死|急死|羡慕死|"
    r"美死|爱死|帅死|丑死|蠢死|尴尬死|无聊死|馋死|酸死|甜死|辣死|咸死|香死|萌死|可爱死|想死你|想死您|想死我了|"
    r"想死他|想死她|想死你们|杀进程|杀掉进程|杀死进程|杀掉这个进程|kill进程|杀毒|杀价|砍价|秒杀|杀青|必杀|杀手锏|"
    r"杀时间|杀马特|杀猪|死机|死循环|死锁|死党|死磕|死心|死定了|死记硬背|打死(?:我)?也不|作死|找死|社死|"
    r"社会性死亡|要死不活|半死|跳楼价|跳楼大?甩卖|跳楼清仓|去世了?(?:哈哈|hh|233)|我死了(?:哈哈|hh|233|笑)|"
    r"自杀式(?:袭击|炸弹|攻击|爆炸)|政治自杀|职业自杀|好看到想死|想死的心都有了?(?=.*(?:作业|考试|上班|加班|老板|"
    r"堵车))")

ZH_CONTEXT = re.compile(
    r"小说|电影|电视剧|剧情|剧中|角色|主角|反派|故事|动漫|漫画|游戏|历史|古代|皇帝|新闻|报道|据报|记者|警方|"
    r"研究|统计|数据|论文|课本|纪录片|传记|诗人|歌词|作家|明星|演员|歌手|预防|防治|宣传|政策|法律")
ZH_RELATION = (r"朋友|同学|室友|舍友|闺蜜|兄弟|姐姐|妹妹|哥哥|弟弟|妈妈|爸爸|母亲|父亲|孩子|儿子|女儿|老公|老婆|丈夫|"
               r"妻子|男朋友|女朋友|男友|女友|同事|学生|表姐|表妹|表哥|表弟|舅舅|叔叔|阿姨|奶奶|爷爷|外婆|外公|邻居|"
               r"网友|对象|家人|亲戚|老妈|老爸|我妈|我爸")
ZH_RELATION_RE = re.compile(rf"(?:我|我们)的?(?:{ZH_RELATION})|{ZH_RELATION}")
ZH_SUBJECT = re.compile(rf"(?P<self>我(?!们的?(?:{ZH_RELATION}))|俺|本人)|(?P<other>他们|她们|他|她|佢哋|佢|ta|"
                        rf"{ZH_RELATION})|"
                        r"(?P<second>你们|你|您)")
ZH_NEGATION = re.compile(r"(?:不会|不可能|没有|从来没|从没|从未|绝不|绝对不|才不|并不|并没有|不是|别|不要|不该|不应该|"
                         r"没想过|不想|不再|没|不)$|(?:不会|从来没|从没|从未|绝不|绝对不|才不|不可能|没有想|没想|没打算|不打算|并没有|"
                         r"并不想|不是想|没有要)")
ZH_TIME = re.compile(r"就这(?:个)?(?:周末|星期|周)|"
                     r"今晚|今天晚上|今夜|今天就|现在就|马上|立刻|这就|等会儿?就|待会儿?就|一会儿就|明天就|半夜|"
                     r"凌晨|现在(?:站|在)")
ZH_METHOD_WORDS = re.compile(r"安眠药|药片|绳子|刀片|刀|木炭|炭|农药|毒药|楼顶|天台|桥|跳|铁轨|煤气|割")
ZH_BENIGN_MEANS = re.compile(r"医生|处方|医院|药店|旅行|出差|露营|做饭|切菜|感冒|头痛|过敏|拍照|风景|看日落|"
                             r"看日出|跑步|晒被子|散步|游泳|钓鱼")

# Benign purposes the n-gram model may not overrule (see assess._model_says_risk).
EN_BENIGN_PURPOSES = (EN_BENIGN_MEANS, _HOBBY_MEANS, _MOVING_OR_CHARITY)
ZH_BENIGN_PURPOSES = (ZH_BENIGN_MEANS, _ZH_BENIGN_PLACE, _ZH_BARBECUE)

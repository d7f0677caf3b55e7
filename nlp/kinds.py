"""What kind of message this is, before any fact is read from it.

Kinds: `business` (people writing to each other), `bulk` (marketing and mass mail),
`newsletter`, `automated` (notifications, receipts, system mail), `auto_reply` (out of
office), `forwarded_article` (a forward whose content is an article, not a person's
message) and `qa` (a question or answer posted on a Q&A site). Customer facts come only
from `business` messages (and people's own words in forwards); commitments never come
from Q&A posts or marketing.

The decision rests on precise signals, each recorded as a reason: the headers mail systems
set for exactly this (`Auto-Submitted`, `Precedence`, `List-Unsubscribe`, `List-Id`,
`X-Autoreply`), sender addresses that no person reads (`noreply@`, `mailer-daemon@`),
auto-reply subjects in several languages, and body markers of mass mail (unsubscribe and
view-in-browser links, "you are receiving this because"). One weak body marker alone does
not make a message bulk: two are needed, or one with a bulk sender.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "KINDS",
    "FACTLESS_KINDS",
    "MessageKindDecision",
    "classify_message",
    "is_mass_sender",
]

KINDS = (
    "business",
    "bulk",
    "newsletter",
    "automated",
    "auto_reply",
    "forwarded_article",
    "qa",
)
FACTLESS_KINDS = frozenset({"bulk", "newsletter", "automated", "auto_reply"})

_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"auto:|autoreply|abwesenheit|abwesenheitsnotiz|réponse automatique|absence du bureau|"
    r"respuesta automática|fuera de la oficina|resposta automática|fora do escritório|"
    r"afwezig|automatisch antwoord|i am out of|on vacation|away from (?:the )?office)",
    re.IGNORECASE,
)
_AUTO_REPLY_BODY = re.compile(
    r"\b(?:i am|i'm|i will be|i'll be)\s+(?:currently\s+)?(?:out of (?:the )?office|"
    r"away from (?:the )?office|on (?:annual |parental )?leave|on vacation|on holiday|"
    r"travelling|traveling|away)\b.{0,200}\b(?:return|back|limited access|respond)",
    re.IGNORECASE | re.DOTALL,
)
_ROBOT_SENDER = re.compile(
    r"^(?:no[-._]?reply|do[-._]?not[-._]?reply|donotreply|mailer[-._]?daemon|postmaster|"
    r"notifications?|notify|alerts?|system|automailer|bounce[s]?|daemon|auto[-._]?confirm|"
    r"jira|confluence|calendar|invitations?|billing|receipts?|orders?|webmaster|"
    r"arsystem|critical\.notice|no[-._]?address)@",
    re.IGNORECASE,
)
_BULK_SENDER = re.compile(
    r"^(?:news(?:letter)?s?|marketing|promo(?:tions?)?|offers?|deals|specials|info|hello|"
    r"updates?|announce(?:ments?)?|subscriptions?|editor|digest|members?|customerservice|"
    r"unsubscribe[-\w]*|messenger|communications?|events?|mailings?)[-._\w]*@",
    re.IGNORECASE,
)
_AUTOMATED_SUBJECT = re.compile(
    r"\b(?:receipt|order confirmation|your order|invoice #|password reset|verify your|"
    r"delivery status notification|undeliverable|undelivered mail|returned mail|"
    r"failure notice|mail delivery failed|confirm your|account statement|"
    r"(?:purchase|booking|reservation|travel|payment|shipping) confirmation|"
    r"has been (?:shipped|delivered|approved|submitted|received)|notification:)",
    re.IGNORECASE,
)
# Whoever writes from or on behalf of these writes to everyone, never to one person.
_MASS_SENDER = re.compile(
    r"^(?:announce(?:ments?)?|all[-._ ]|dl[-._ ])|\bannouncements?\b|\bon behalf of\b"
    r"|\bnewsletters?\b|\bmailing list\b",
    re.IGNORECASE,
)
_AUTOMATED_BODY = re.compile(
    r"\b(?:this (?:is an|is a|message was) (?:automated|automatically generated|auto-generated|"
    r"system generated)|do not reply to this (?:e-?mail|message)|please do not reply|"
    r"this mailbox is not monitored|this is a system[- ]generated)",
    re.IGNORECASE,
)
_BULK_MARKERS = (
    re.compile(r"\bunsubscribe\b|\bopt[- ]out\b|\bremove yourself\b", re.IGNORECASE),
    re.compile(
        r"\bview (?:this|it) (?:e-?mail )?(?:in|on) (?:your|a|the)? ?(?:web )?browser\b"
        r"|\bview online\b|\btrouble viewing\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\byou(?:'re| are) receiving this\b|\byou (?:have )?(?:received|are getting) "
        r"this (?:e-?mail|message) because\b|\bthis (?:e-?mail|message) was sent to\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bmanage (?:your )?(?:e-?mail )?(?:preferences|subscriptions?)\b"
        r"|\bupdate your (?:e-?mail )?preferences\b|\bmailing list\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:\d{1,2}% off|special offers?|limited[- ]time|act now|book now|"
        r"register (?:now|today)|save (?:up to )?\$?\d|click here|sign up today|"
        r"free shipping|exclusive (?:offer|deal))",
        re.IGNORECASE,
    ),
    re.compile(r"\ball rights reserved\b|©|\(c\) \d{4}", re.IGNORECASE),
)
# Said only by mail sent to a list: enough alone, where one of the markers above is not.
_OPT_OUT = re.compile(
    r"\b(?:rather\s+not\s+receive\s+(?:(?:future|further)\s+)?"
    r"(?:e-?mails?|messages|mailings|offers)"
    r"|no\s+longer\s+wish\s+to\s+receive"
    r"|to\s+be\s+removed\s+from\s+(?:this|our)\s+(?:(?:mailing|e-?mail)\s+)?list"
    r"|remove\s+you(?:r\s+(?:name|address|e-?mail))?\s+from\s+(?:this|our|the)\s+"
    r"(?:mailing\s+)?lists?"
    r"|reply\s+with\s+(?:the\s+word\s+)?\W?(?:remove|unsubscribe)\b)",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\b(?:newsletter|digest|bulletin|this week in|weekly (?:update|roundup|briefing)|"
    r"daily (?:update|briefing|news)|issue #?\d+|edition|in this issue|top stories|headlines)\b",
    re.IGNORECASE,
)
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded (?:message|by)|Weitergeleitete Nachricht|Message transféré|"
    r"Mensaje reenviado|Mensagem encaminhada)|Begin forwarded message:)",
    re.IGNORECASE | re.MULTILINE,
)
_ARTICLE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][\w.]+)?\s*(?:\([A-Za-z ]+\))?\s*[—–-]{1,2}\s+\S"
    r"|\((?:Reuters|AP|Bloomberg|AFP|Dow Jones)\)|\bBy [A-Z][a-z]+ [A-Z][a-z]+,? "
    r"(?:Staff|Reporter|Correspondent|Writer)|\bcopyright \d{4}\b|\bposted (?:on|at) \d",
    re.MULTILINE,
)
_HEADER_LINE = re.compile(
    r"^\s*\*{0,2}(?:From|De|Von|To|An|Para|À|Sent|Date|Subject|Betreff|Asunto)\s*\*{0,2}\s*:",
    re.MULTILINE | re.IGNORECASE,
)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_HIDDEN_RECIPIENTS = re.compile(
    r"^[>\s]*To:\s*[\"']?(?:recipient list suppressed|undisclosed[- ]recipients?)\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class MessageKindDecision:
    kind: str
    reasons: list[str] = field(default_factory=list)


def classify_message(
    *,
    subject: str | None,
    body: str,
    sender: str | None,
    headers: Mapping[str, str] | None = None,
    channel: str = "email",
    authored: str | None = None,
    recipients: int | None = None,
) -> MessageKindDecision:
    """The message's kind and why. `authored` is the text without quotes and forwards;
    `recipients` the number of visible To and Cc addresses, None when unknown."""
    if channel in ("question", "answer"):
        return MessageKindDecision("qa", [f"a {channel} posted on a Q&A site"])
    if channel != "email":
        return MessageKindDecision("business", [f"a {channel} written by a person"])
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    subject = subject or ""
    address = (sender or "").strip().lower()
    auto = lowered.get("auto-submitted", "").lower()
    if "auto-replied" in auto or "x-autoreply" in lowered or "x-autorespond" in lowered:
        return MessageKindDecision("auto_reply", ["an auto-reply header"])
    if _AUTO_REPLY_SUBJECT.search(subject):
        return MessageKindDecision("auto_reply", ["an out-of-office subject"])
    head = body[:600]
    if _AUTO_REPLY_BODY.search(head) and len(body) < 1500:
        return MessageKindDecision("auto_reply", ["an out-of-office text"])
    if auto.startswith("auto-generated") or auto.startswith("auto-notified"):
        return MessageKindDecision("automated", ["an Auto-Submitted header"])
    if is_mass_sender(address):
        return MessageKindDecision("bulk", [f"sent from an address that writes to all ({address})"])
    if _ROBOT_SENDER.search(address):
        return MessageKindDecision("automated", [f"sent from a system address ({address})"])
    if _AUTOMATED_SUBJECT.search(subject) or _AUTOMATED_BODY.search(body):
        return MessageKindDecision("automated", ["a notification's subject or text"])
    if recipients == 0:
        return MessageKindDecision("bulk", ["no visible recipient: sent to a hidden list"])
    reasons: list[str] = []
    precedence = lowered.get("precedence", "").lower()
    if precedence in ("bulk", "list", "junk"):
        reasons.append(f"Precedence: {precedence}")
    if "list-unsubscribe" in lowered or "list-id" in lowered:
        reasons.append("a mailing-list header")
    markers = [m.pattern[:30] for m in _BULK_MARKERS if m.search(body)]
    bulk_sender = bool(_BULK_SENDER.search(address))
    links = len(_URL.findall(body))
    if _OPT_OUT.search(body):
        reasons.append("an opt-out line")
    if reasons or len(markers) >= 2 or (markers and (bulk_sender or links >= 5)):
        reasons += [f"{len(markers)} mass-mail markers"] if markers else []
        if bulk_sender:
            reasons.append(f"sent from a mailing address ({address})")
        if _NEWSLETTER.search(subject) or _NEWSLETTER.search(body[:1500]):
            return MessageKindDecision("newsletter", [*reasons, "reads as a newsletter"])
        return MessageKindDecision("bulk", reasons)
    if bulk_sender and links >= 3:
        return MessageKindDecision("bulk", [f"a mailing address ({address}) and {links} links"])
    if _forwarded_article(body, authored):
        return MessageKindDecision(
            "forwarded_article", ["a forward whose content is an article, not a message"]
        )
    return MessageKindDecision("business", ["written by a person to people"])


def is_mass_sender(name_or_address: str | None) -> bool:
    """Whether a sender writes to everyone: announcement lists, "X on behalf of Y" mail,
    newsletters and distribution lists ("Enron General Announcements", "announce@...")."""
    return bool(name_or_address) and bool(_MASS_SENDER.search(name_or_address or ""))


def addressed_to_a_hidden_list(headers: str) -> bool:
    """Whether header lines say the mail went to a hidden list ("To: Recipient list
    suppressed", "undisclosed-recipients"): mass mail, whoever sent it."""
    return _HIDDEN_RECIPIENTS.search(headers) is not None


def _forwarded_article(body: str, authored: str | None) -> bool:
    marker = _FORWARD_MARKER.search(body)
    if marker is None:
        return False
    own = (authored if authored is not None else body[: marker.start()]).strip()
    forwarded = body[marker.end() :]
    if len(own) >= 400:
        return False
    if _ARTICLE.search(forwarded[:3000]) is not None:
        return True
    has_headers = _HEADER_LINE.search(forwarded[:1000]) is not None
    return not has_headers and len(forwarded.split()) > 150

"""Features of a candidate: words around it, its place in the parse, who speaks, cues.

Entity mentions are replaced by their type (`<product>`, `<concept>`, ...) and the
candidate's own ends by `<t>` (target) and `<s>` (source), so what is learned is how people
talk about a thing, not which things a training world happened to name. Features are
sparse name -> value dicts; `nlp.relations.model` turns them into vectors.
"""

from __future__ import annotations

from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from nlp.relations.candidates import Candidate, Mention
from nlp.relations.clusters import WordClusters
from nlp.syntax import clause_head, clause_subject

Features = dict[str, float]

NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "none", "nothing"})
MODALS = frozenset({"would", "could", "might", "may", "should", "'d", "can", "must", "shall"})
FUTURE = frozenset({"will", "'ll", "gonna", "going"})
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND = frozenset({"you", "your", "yours"})
THIRD_SINGULAR = frozenset({"he", "him", "his", "she", "her", "hers"})
THIRD_PLURAL = frozenset({"they", "them", "their", "theirs"})
CONDITIONS = frozenset({"if", "unless", "whether", "maybe", "perhaps", "possibly", "once"})
WINDOW = 4
PATH_STEPS = 4


class TokenView:
    """How each token of a sentence reads for features (placeholders for mentions)."""

    def __init__(
        self, sent: Span, mentions: list[Mention], target: Mention | None, source: Mention | None
    ):
        self.sent = sent
        self.names: dict[int, str] = {}
        self.role: dict[int, str] = {}
        for mention in mentions:
            for i in range(mention["start"], mention["end"]):
                if sent.start <= i < sent.end:
                    self.names[i] = f"<{mention['label'].lower()}>"
        for end, mark in ((target, "<t>"), (source, "<s>")):
            if end is not None and end["start"] >= 0:
                for i in range(end["start"], end["end"]):
                    self.names[i] = mark
                    self.role[i] = mark

    def word(self, token: Token) -> str:
        if token.i in self.names:
            return self.names[token.i]
        if token.like_num:
            return "<num>"
        if token.like_email:
            return "<email>"
        if token.like_url:
            return "<url>"
        if token.is_punct:
            return token.text if token.text in ("?", "!", ":") else ""
        if token.is_space:
            return ""
        return token.lemma_.lower() if token.is_alpha else token.lower_

    def words(self) -> list[str]:
        out: list[str] = []
        for token in self.sent:
            word = self.word(token)
            if word and not (out and out[-1] == word and word.startswith("<")):
                out.append(word)
        return out


def candidate_features(
    candidate: Candidate,
    mentions: list[Mention],
    context: dict[str, Any],
    clusters: WordClusters | None = None,
) -> Features:
    view = TokenView(candidate.sent, mentions, candidate.target, candidate.source)
    features: Features = {}
    _sentence(candidate, view, features, context)
    if candidate.kind in ("thing", "person") and candidate.target is not None:
        _target(candidate, candidate.target, view, features, "t")
    if candidate.kind == "pair":
        _pair(candidate, view, features)
    if candidate.kind == "clause":
        _clause(candidate, view, features)
    if clusters is not None:
        _clustered(features, clusters)
        _polarity(candidate, view, features)
    return features


def _polarity(candidate: Candidate, view: TokenView, f: Features) -> None:
    """The sentence's most negative and most positive words, and those near the target."""
    from nlp.relations.polarity import polarity

    tokens = [t for t in candidate.sent if t.is_alpha and not t.is_stop and t.i not in view.names]
    if not tokens:
        return
    scores = polarity().scores([t.lower_ for t in tokens])
    leaning = [n - p for p, n in scores]
    f["pol:neg"] = 4.0 * max(0.0, max(leaning))
    f["pol:pos"] = 4.0 * max(0.0, -min(leaning))
    for threshold in (0.15, 0.25, 0.35):
        if max(leaning) > threshold:
            f[f"pol:neg>{threshold}"] = 1.0
        if -min(leaning) > threshold:
            f[f"pol:pos>{threshold}"] = 1.0
    target = candidate.target
    if target is not None and target["start"] >= 0:
        near = [
            lean
            for token, lean in zip(tokens, leaning, strict=True)
            if abs(token.i - target["start"]) <= 6
        ]
        if near:
            f["pol:near_neg"] = 4.0 * max(0.0, max(near))
            f["pol:near_pos"] = 4.0 * max(0.0, -min(near))


_CLUSTERED_PREFIXES = ("w:", "t_lw:", "t_rw:", "t_hw:", "t_verb:", "root:", "s_hw:", "between:")


def _clustered(features: Features, clusters: WordClusters) -> None:
    """For each word feature, the same feature on the word's cluster."""
    pairs = []
    for name in list(features):
        for prefix in _CLUSTERED_PREFIXES:
            if name.startswith(prefix):
                word = name[len(prefix) :]
                if word.isalpha() and word not in STOP_WORDS:
                    pairs.append((prefix, word))
                break
    if not pairs:
        return
    for (prefix, _), cluster in zip(pairs, clusters.clusters([w for _, w in pairs]), strict=True):
        if cluster >= 0:
            features[f"{prefix[:-1]}_c:{cluster}"] = 1.0


def _sentence(candidate: Candidate, view: TokenView, f: Features, context: dict[str, Any]) -> None:
    words = view.words()
    for word in set(words):
        f[f"w:{word}"] = 1.0
    for a, b in zip(words, words[1:], strict=False):
        f[f"b:{a}_{b}"] = 1.0
    for n, word in enumerate(words[:3]):
        f[f"first{n}:{word}"] = 1.0
    sent = candidate.sent
    text = sent.text.strip()
    lowers = {t.lower_ for t in sent}
    if text.endswith("?"):
        f["cue:question"] = 1.0
    if "?" in text:
        f["cue:question_mark"] = 1.0
    for name, vocab in (
        ("neg", NEGATIONS),
        ("modal", MODALS),
        ("future", FUTURE),
        ("i", FIRST_SINGULAR),
        ("we", FIRST_PLURAL),
        ("you", SECOND),
        ("he_she", THIRD_SINGULAR),
        ("they", THIRD_PLURAL),
        ("condition", CONDITIONS),
    ):
        if lowers & vocab:
            f[f"cue:{name}"] = 1.0
    segment = candidate.segment or {}
    writer = segment.get("author_label") or "unknown"
    f[f"writer:{writer}"] = 1.0
    f[f"segment:{segment.get('kind', 'authored')}"] = 1.0
    if segment.get("depth"):
        f["segment:depth"] = 1.0
    kind = context.get("channel") or "email"
    f[f"channel:{kind}"] = 1.0
    f[f"writer_channel:{writer}_{kind}"] = 1.0
    length = sum(1 for t in sent if t.is_alpha)
    f[f"len:{min(length // 8, 5)}"] = 1.0
    root = sent.root
    f[f"root:{root.lemma_.lower()}"] = 1.0
    f[f"writer_root:{writer}_{root.lemma_.lower()}"] = 1.0
    for child in root.children:
        if child.dep_ in ("aux", "neg", "auxpass"):
            f[f"root_aux:{child.lower_}"] = 1.0
    subject = clause_subject(root)
    f[f"root_subj:{_subject_kind(subject, view)}"] = 1.0
    f[f"writer_root_subj:{writer}_{_subject_kind(subject, view)}"] = 1.0
    if root.i == sent.start and root.tag_ == "VB":
        f["cue:imperative"] = 1.0
    if sent[0].lower_ in ("please", "pls", "kindly", "could", "can", "would", "will"):
        f[f"cue:opens_{sent[0].lower_}"] = 1.0


def _subject_kind(subject: Token | None, view: TokenView) -> str:
    if subject is None:
        return "none"
    lower = subject.lower_
    if lower in FIRST_SINGULAR:
        return "i"
    if lower in FIRST_PLURAL:
        return "we"
    if lower in SECOND:
        return "you"
    if lower in THIRD_SINGULAR:
        return "he_she"
    if lower in THIRD_PLURAL:
        return "they"
    name = view.names.get(subject.i)
    if name:
        return name.strip("<>")
    return "other"


def _target(candidate: Candidate, mention: Mention, view: TokenView, f: Features, tag: str) -> None:
    doc = candidate.doc
    sent = candidate.sent
    f[f"{tag}_label:{mention['label']}"] = 1.0
    for other in set(view.names.values()) - {"<t>", "<s>"}:
        # what else the sentence names, by the target's type: a question that names a
        # product and one of its features is about the feature
        f[f"{tag}_label_with:{mention['label']}{other}"] = 1.0
    if mention.get("pronoun"):
        f[f"{tag}_pronoun:{doc[mention['start']].lower_}"] = 1.0
    span = doc[mention["start"] : mention["end"]]
    root = span.root
    words_left = [view.word(t) for t in doc[max(sent.start, span.start - WINDOW) : span.start]]
    words_right = [view.word(t) for t in doc[span.end : min(sent.end, span.end + WINDOW)]]
    words_left = [w for w in words_left if w]
    words_right = [w for w in words_right if w]
    for n, word in enumerate(reversed(words_left)):
        f[f"{tag}_l{n}:{word}"] = 1.0
        f[f"{tag}_lw:{word}"] = 1.0
    for n, word in enumerate(words_right):
        f[f"{tag}_r{n}:{word}"] = 1.0
        f[f"{tag}_rw:{word}"] = 1.0
    f[f"{tag}_dep:{root.dep_}"] = 1.0
    current = root
    path = []
    for step in range(PATH_STEPS):
        if current.head.i == current.i:
            break
        head = current.head
        word = view.word(head) or head.lower_
        f[f"{tag}_h{step}:{current.dep_}_{word}"] = 1.0
        f[f"{tag}_hw:{word}"] = 1.0
        path.append(current.dep_)
        if step == 0:
            for sibling in head.children:
                if sibling.dep_ in ("neg", "aux", "auxpass", "nsubj", "dobj", "prep"):
                    f[f"{tag}_sib:{sibling.dep_}_{view.word(sibling) or sibling.lower_}"] = 1.0
        current = head
    f[f"{tag}_path:{'/'.join(path[:3])}"] = 1.0
    verb = clause_head(root)
    f[f"{tag}_verb:{verb.lemma_.lower()}"] = 1.0
    subject = clause_subject(root)
    kind = _subject_kind(subject, view)
    f[f"{tag}_subj:{kind}"] = 1.0
    writer = (candidate.segment or {}).get("author_label") or "unknown"
    f[f"{tag}_writer_subj:{writer}_{kind}"] = 1.0
    f[f"{tag}_label_subj:{mention['label']}_{kind}"] = 1.0
    chain = [verb, *verb.ancestors][:3]
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" or child.lower_ in NEGATIONS:
                f[f"{tag}_neg"] = 1.0
            if child.lower_ in MODALS:
                f[f"{tag}_modal:{child.lower_}"] = 1.0
            if child.dep_ == "mark":
                f[f"{tag}_mark:{child.lower_}"] = 1.0
    if span.start - sent.start <= 2:
        f[f"{tag}_at_start"] = 1.0


def _pair(candidate: Candidate, view: TokenView, f: Features) -> None:
    source, target = candidate.source, candidate.target
    assert source is not None and target is not None
    for mention, tag in ((source, "s"), (target, "t")):
        f[f"{tag}_label:{mention['label']}"] = 1.0
        if mention.get("writer"):
            f[f"{tag}_writer"] = 1.0
        elif mention.get("pronoun"):
            f[f"{tag}_pronoun:{candidate.doc[mention['start']].lower_}"] = 1.0
        else:
            _target(candidate, mention, view, f, tag)
    f[f"pair_labels:{source['label']}_{target['label']}"] = 1.0
    if source["start"] >= 0 and target["start"] >= 0:
        f["pair_order:" + ("st" if source["start"] < target["start"] else "ts")] = 1.0
        low, high = (
            sorted((source["end"], target["start"]))
            if source["start"] < target["start"]
            else sorted((target["end"], source["start"]))
        )
        between = [view.word(t) for t in candidate.doc[low:high]][:8]
        for word in between:
            if word:
                f[f"between:{word}"] = 1.0
        if high - low <= 2:
            f["pair_adjacent"] = 1.0


def _clause(candidate: Candidate, view: TokenView, f: Features) -> None:
    sent = candidate.sent
    root = sent.root
    subject = clause_subject(root)
    f[f"c_subj:{_subject_kind(subject, view)}"] = 1.0
    for token in sent:
        if token.lower_ in FUTURE or token.lower_ in MODALS:
            head = token.head
            f[f"c_aux_verb:{token.lower_}_{head.lemma_.lower()}"] = 1.0
            subj = clause_subject(head)
            f[f"c_aux_subj:{token.lower_}_{_subject_kind(subj, view)}"] = 1.0
        if token.lower_ in ("by", "before", "until", "within", "end", "eod", "tomorrow"):
            f[f"c_time:{token.lower_}"] = 1.0
        if token.ent_type_ in ("DATE", "TIME"):
            f["c_date"] = 1.0
    people = [m for m in view.names.values() if m in ("<contact>", "<employee>")]
    if people:
        f["c_mentions_person"] = 1.0


EMBEDDING_SCALE = 3.0
PLACEHOLDER_WORDS = {
    "<t>": "this",
    "<s>": "someone",
    "<product>": "product",
    "<competitor>": "competitor",
    "<concept>": "feature",
    "<contact>": "customer",
    "<employee>": "colleague",
    "<account>": "company",
    "<num>": "number",
    "<email>": "",
    "<url>": "",
}


def add_embeddings(
    candidates: list[Candidate], rows: list[Features], mentions: list[Mention]
) -> None:
    """Add the sentence's and the target's neighbourhood's embeddings to each row."""
    from nlp.relations.embeddings import embedder

    if not candidates:
        return
    sentences: list[str] = []
    windows: list[str] = []
    for candidate in candidates:
        view = TokenView(candidate.sent, mentions, candidate.target, candidate.source)
        words = [PLACEHOLDER_WORDS.get(w, w) for w in view.words()]
        sentences.append(" ".join(w for w in words if w and not w.startswith("<")))
        target = candidate.target
        if target is not None and target["start"] >= 0:
            doc = candidate.doc
            low = max(candidate.sent.start, target["start"] - 6)
            high = min(candidate.sent.end, target["end"] + 6)
            near = [PLACEHOLDER_WORDS.get(view.word(t), view.word(t)) for t in doc[low:high]]
            windows.append(" ".join(w for w in near if w and not w.startswith("<")))
        else:
            windows.append("")
    model = embedder()
    sentence_vectors = model.embed(sentences) * EMBEDDING_SCALE
    window_vectors = model.embed(windows) * EMBEDDING_SCALE
    for row, sentence, window in zip(rows, sentence_vectors, window_vectors, strict=True):
        for n, value in enumerate(sentence):
            row[f"es{n}"] = float(value)
        if window.any():
            for n, value in enumerate(window):
                row[f"ew{n}"] = float(value)


def sentence_features(probabilities: Any) -> Features:
    """What the clause model says of the sentence, as features of the candidates in it."""
    from nlp.relations.candidates import SENTENCE_LABELS

    if probabilities is None:
        return {}
    out: Features = {}
    for label, value in zip(SENTENCE_LABELS, probabilities, strict=True):
        relation = label.split(":", 1)[1]
        out[f"said:{relation}"] = float(value) * 2.0
        if value >= 0.5:
            out[f"said_high:{relation}"] = 1.0
    return out

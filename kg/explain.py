"""`kg explain`: what was extracted from each sentence, and which rule produced it."""
from __future__ import annotations


def _in(span, sent) -> bool:
    return sent.start <= span.start < sent.end


def explain(result) -> str:
    r = result.records
    text = r.article.text
    actors = r.actors
    name = lambda k: f"{actors[k].label} [{actors[k].kind}]" if k in actors else str(k)  # noqa: E731
    lines = [f"# {r.article.id}  title={r.article.title!r}  published={r.article.published} "
             f"({r.article.published_source})"]
    for n, sent in enumerate(r.sentences):
        body = " ".join(text[sent.start:sent.end].split())
        if not body:
            continue
        lines.append(f"\n[{n}] {sent.start}-{sent.end}: {body}")
        for span, what, rule in sorted(r.trace):
            if _in(span, sent):
                lines.append(f"    actor    {text[span.start:span.end]!r} -> {what}  via {rule}")
        for i, s in enumerate(r.statements):
            if _in(s.cue_span, sent):
                issue = f" issue={s.issue.label!r} ({s.issue.rule})" if s.issue else ""
                to = f" -> {name(s.addressee)}" if s.addressee else ""
                lines.append(f"    stmt#{i}  {name(s.speaker)}{to}: {s.act} (cue {s.cue!r}, {s.rule}) "
                             f"modality={s.modality} stance={s.stance}"
                             f"{' content-negated' if s.negated_content else ''}{issue}"
                             f"{' date=' + s.date.value if s.date else ''}")
        for q in r.quotes:
            if _in(q.span, sent):
                lines.append(f"    quote    {q.text[:60]!r} speaker={name(q.speaker) if q.speaker else None} ({q.rule})")
        for e in r.events:
            if _in(e.span, sent):
                lines.append(f"    event    {e.kind} {e.label!r} participants={[name(p) for p in e.participants]} "
                             f"location={e.location} date={e.date.value if e.date else None} "
                             f"modality={e.modality} ({e.rule})")
    if r.positions:
        lines.append("\npositions:")
        for p in r.positions:
            lines.append(f"    {name(p.holder)} {p.stance} {p.issue.label!r} (statements {p.statements})")
    return "\n".join(lines)

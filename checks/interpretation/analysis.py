"""A unit's policy documents and interpretations, linked: ``ctx.interpretations``
(``analyse(ctx)``, computed once per unit).

For each interpretation: its form (``pages.forms.classify_form``, told which media load), the
policy it explains, the lag in working days, the non-government channels it went out on. For
each policy: its interpretations, or the reason it states for having none.

Linking, strongest first: an explicit link (the interpretation's page links to the policy or the
policy's page to the interpretation — a page linking to more than ``explicit_link_max_targets`` of
the other set is showing a list, not naming its counterpart), then a 文号 of the policy written
in the interpretation, then title similarity (≥ ``title_similarity_min``, unambiguous).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from checks.context import CheckContext
from checks.interpretation.channels import detect_channels
from checks.interpretation.discovery import Discovery, discover
from checks.interpretation.model import Interpretation, Policy, UnitInterpretations, doc_key
from checks.interpretation.similarity import similarity
from config.periods import lag_working_days
from config.settings import InterpretationThresholds
from pages.docnumbers import find_doc_numbers
from pages.forms import classify_form, find_media
from pages.urls import canonicalize


def analyse(ctx: CheckContext) -> UnitInterpretations:
    """The unit's interpretations and policies (use ``ctx.interpretations``: computed once)."""
    thresholds = ctx.settings.thresholds.interpretation
    snapshot = ctx.snapshot
    found = discover(ctx)
    result = UnitInterpretations(
        unit_id=snapshot.unit.id,
        max_lag=thresholds.max_lag_working_days,
        interpretation_columns=found.interpretation_columns,
        policy_columns=found.policy_columns,
        notes=list(found.notes),
    )
    if not found.pages:
        result.notes.append("未抓取到可读页面 no readable page in the snapshot")
    elif not found.policy_columns and not found.interpretation_columns:
        result.notes.append("未找到政策文件或政策解读栏目 no policy or interpretation column found")
    for key, listed in found.policies.items():
        result.policies[key] = _policy(found, key, listed.title, listed.date, thresholds)
        result.policies[key].columns = listed.columns
    for key, listed in found.interpretations.items():
        interp = _interpretation(ctx, found, key, listed.title, listed.date, thresholds)
        interp.columns = listed.columns
        result.interpretations[key] = interp
    _link(ctx, found, result, thresholds)
    return result


def _html(ctx: CheckContext, found: Discovery, url: str) -> str | None:
    read = found.read(url)
    return None if read is None else ctx.html(read[0], rendered=False)


def _policy(
    found: Discovery, key: str, title: str, date: dt.date | None, thresholds: InterpretationThresholds
) -> Policy:
    read = found.read(key)
    if read is None:
        return Policy(url=key, title=title, published=date, fetched=False)
    _, info = read
    reason = None
    text = info.body_text or ""
    for phrase in thresholds.no_interpretation_reasons:
        at = text.find(phrase)
        if at >= 0:
            start = max(text.rfind("\n", 0, at), text.rfind("。", 0, at)) + 1
            end = min(x for x in (text.find("\n", at), text.find("。", at), len(text)) if x >= 0)
            reason = text[start : end + 1].strip()
            break
    return Policy(
        url=key,
        title=info.title or title,
        doc_number=info.doc_number,
        published=info.publish_date or (date),
        no_interpretation_reason=reason,
    )


def _interpretation(
    ctx: CheckContext,
    found: Discovery,
    key: str,
    title: str,
    date: dt.date | None,
    thresholds: InterpretationThresholds,
) -> Interpretation:
    read = found.read(key)
    html = _html(ctx, found, key)
    if read is None or html is None:
        return Interpretation(url=key, title=title, published=date, fetched=False)
    page, info = read
    base = page.final_url or page.url
    status: dict[str, int] = {}
    for media_url in find_media(html, base).urls():
        stored = ctx.page(media_url)
        if stored is not None:
            status[media_url] = stored.body_status if stored.body_status is not None else 0
    form = classify_form(html, info.title or title, base, media_status=status)
    channels = detect_channels(html, base, info.source, thresholds)
    return Interpretation(
        url=key,
        title=info.title or title,
        published=info.publish_date or (date),
        form=form.form,
        form_signals=form.signals,
        channels=channels.channels,
        channel_signals=channels.signals,
        source=info.source,
    )


def _targets(ctx: CheckContext, found: Discovery, url: str, candidates: set[str]) -> list[str]:
    """The documents of ``candidates`` that the page at ``url`` links to."""
    read = found.read(url)
    page_view = ctx.view(read[0]) if read is not None else None
    if page_view is None:
        return []
    targets: list[str] = []
    for link in page_view.links:
        target = canonicalize(link.url)
        if target in candidates and target != url and target not in targets:
            targets.append(target)
    return targets


def _link(
    ctx: CheckContext, found: Discovery, result: UnitInterpretations, thresholds: InterpretationThresholds
) -> None:
    policy_urls = set(result.policies)
    interp_urls = set(result.interpretations)
    explicit: dict[str, tuple[str, str]] = {}
    for url in result.interpretations:
        targets = _targets(ctx, found, url, policy_urls)
        if 0 < len(targets) <= thresholds.explicit_link_max_targets:
            explicit[url] = (targets[0], f"links to {targets[0]}")
    for url in result.policies:
        targets = _targets(ctx, found, url, interp_urls)
        if 0 < len(targets) <= thresholds.explicit_link_max_targets:
            for target in targets:
                explicit.setdefault(target, (url, f"linked from {url}"))
    by_key: dict[str, str] = {}
    for url, policy in result.policies.items():
        if policy.doc_key:
            by_key.setdefault(policy.doc_key, url)

    for url, interp in result.interpretations.items():
        if url in explicit:
            interp.policy_url, interp.link_signal = explicit[url]
            interp.link_how = "explicit"
        else:
            _link_by_number_or_title(found, interp, result, by_key, thresholds)
        if interp.policy_url is None:
            continue
        policy = result.policies[interp.policy_url]
        policy.interpretations.append(url)
        if interp.published and policy.published:
            interp.lag_working_days = lag_working_days(policy.published, interp.published)


def _link_by_number_or_title(
    found: Discovery,
    interp: Interpretation,
    result: UnitInterpretations,
    by_key: dict[str, str],
    thresholds: InterpretationThresholds,
) -> None:
    read = found.read(interp.url)
    texts = [interp.title]
    if read is not None:
        texts.append(read[1].body_text or "")
    for text in texts:
        for number in find_doc_numbers(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))):
            key = doc_key(number.text)
            if key and key in by_key:
                interp.policy_url, interp.link_how = by_key[key], "doc_number"
                interp.link_signal = f"文号 {number.text}"
                return
    scored = sorted(
        ((similarity(interp.title, p.title), url) for url, p in result.policies.items()), reverse=True
    )
    if not scored or scored[0][0] < thresholds.title_similarity_min:
        return
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return  # ambiguous: two policies as similar
    interp.policy_url, interp.link_how = scored[0][1], "title"
    interp.link_signal = f"title similarity {scored[0][0]:.2f}"

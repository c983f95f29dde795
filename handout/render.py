"""Stage 5: one handout's HTML and CSS from the selection, the catalogs and styles/.

Messages are translated and their inline markup rendered here, in reading order, so
citation numbers follow the order a reader meets them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import words
from .cite import Citations, ReferenceEntry, format_references
from .clinic import ClinicProfile, Contact, PerLanguage, qr_svg, short_url
from .figure import lay_out
from .fonts import FontStack
from .inline import isolate_latin, make_inline_renderer, plain_text
from .localize import Localized, Localizer, format_percentages
from .model import Guide, Message
from .registry import MEASURE_EM, PAGE_MARGIN_PT, PRINT_SIZES, Paper, text_width_pt
from .select import SelectedBlock, Selection

HTML_TEMPLATE = "handout.html.j2"
CSS_TEMPLATE = "handout.css.j2"
ASSET_SCHEME = "handout-asset:"


@dataclass(frozen=True)
class RenderOptions:
    language: str
    audience: str
    size: str
    paper: Paper
    proof: bool = False
    clinic: ClinicProfile | None = None


@dataclass
class RenderedHandout:
    """Everything the PDF stage needs: HTML, CSS, generated assets, plain facts."""

    html: str
    css: str
    assets: dict[str, bytes] = field(default_factory=dict)
    title: str = ""
    language: str = ""
    direction: str = "ltr"
    references: list[ReferenceEntry] = field(default_factory=list)
    # (origin, visible text) pairs, for glyph coverage checks that name the message
    texts: list[tuple[str, str]] = field(default_factory=list)


def make_environment(styles: Path) -> Environment:
    """The Jinja2 environment for templates in ``styles/`` (autoescape always on)."""
    env = Environment(loader=FileSystemLoader(styles), autoescape=select_autoescape(
        enabled_extensions=("html", "j2", "css"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"])
    return env


def css_string(text: str) -> str:
    """A CSS string literal holding ``text`` exactly (quotes, backslashes and every
    control character escaped, so text can never end the string or the rule)."""
    escaped = "".join(f"\\{ord(c):x} " if ord(c) < 0x20 or c == "\x7f" else
                      "\\\\" if c == "\\" else '\\"' if c == '"' else c for c in text)
    return f'"{escaped}"'


def css_counter_content(template: str) -> str:
    """'Page %(page)s of %(pages)s' -> '"Page " counter(page) " of " counter(pages)'."""
    parts = []
    rest = template
    while rest:
        index = min((rest.find(f"%({name})s"), name) for name in ("page", "pages")
                    if f"%({name})s" in rest) if "%(" in rest else (-1, "")
        if index[0] < 0:
            parts.append(css_string(rest))
            break
        start, name = index
        if start:
            parts.append(css_string(rest[:start]))
        parts.append(f"counter({name})")
        rest = rest[start + len(f"%({name})s"):]
    return " ".join(parts)


class _Walker:
    """Translates and renders messages in reading order for one handout."""

    def __init__(self, localizer: Localizer, rtl: bool = False,
                 source: Path | None = None) -> None:
        self.localizer = localizer
        self.rtl = rtl
        self.source = source        # the guide's YAML, for glyph refusals with a line
        self.citations = Citations()
        self.inline = make_inline_renderer()
        self.visible: list[tuple[str, str]] = []  # (where it came from, visible text)

    def localized(self, message: Message) -> Localized:
        found = self.localizer.message(message)
        if found.lang:
            return found
        return Localized(format_percentages(found.text, self.localizer.language))

    def html(self, message: Message) -> Markup:
        found = self.localized(message)
        html = self.inline(found.text, self.citations.cite, self.rtl and not found.lang)
        self.visible.append((self.localizer.origin(message, self.source),
                             plain_text(found.text)))
        if found.lang:
            direction = Locale.parse(found.lang.replace("-", "_")).text_direction
            return Markup('<span lang="{0}" dir="{1}">{2}</span>').format(
                found.lang, direction, html)
        return html

    def plain(self, message: Message) -> str:
        text = plain_text(self.localized(message).text)
        self.visible.append((self.localizer.origin(message, self.source), text))
        return text


def _block_view(block: SelectedBlock, section_id: str, guide: Guide, walker: _Walker,
                assets: dict[str, bytes], label_pt: float, width_pt: float,
                proof: bool) -> dict:
    """What the template needs to print one block, its messages rendered in order."""
    view: dict = {"kind": block.kind, "options": block.options, "proof": None,
                  "text": None, "caption": None, "title": None, "intro": None,
                  "alt": "", "diagram": None}
    for key, message in block.texts.items():
        view[key] = walker.plain(message) if key == "alt" else walker.html(message)
    view["items"] = [walker.html(m) for m in block.items]
    view["header"] = [walker.html(m) for m in block.header]
    view["rows"] = [[walker.html(m) for m in row] for row in block.rows]
    if block.kind == "figure":
        labels = {key: walker.plain(m) for key, m in block.labels.items()}
        name = f"figure-{len(assets) + 1}{Path(block.options['src']).suffix}"
        diagram = lay_out(guide.folder / block.options["src"], labels, label_pt, width_pt,
                          guide.source_file, block.line)
        assets[name] = diagram.svg
        view["src"] = ASSET_SCHEME + name
        view["diagram"] = diagram
    if proof:
        view["proof"] = _proof_note(block, section_id, walker.localizer)
    return view


def collation_key(text: str) -> str:
    """Alphabetical order that ignores case and accents ("Ósea" sorts with "O")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def render_handout(guide: Guide, selection: Selection, localizer: Localizer,
                   options: RenderOptions, stack: FontStack, env: Environment
                   ) -> RenderedHandout:
    """HTML + CSS for one handout."""
    locale = Locale.parse(options.language.replace("-", "_"))
    direction = locale.text_direction
    walker = _Walker(localizer, rtl=direction == "rtl", source=guide.source_file)
    _ = localizer.gettext

    title = walker.plain(selection.title)
    short_title = walker.plain(selection.short_title)
    size = PRINT_SIZES[options.size]
    width_pt = text_width_pt(options.paper, size)
    sections = []
    assets: dict[str, bytes] = {}
    clinic = options.clinic
    for section in selection.sections:
        if clinic and clinic.genetic_counselling and section.role == "find-professional":
            continue  # the clinic's "Who to contact" section names the local service
        blocks = [_block_view(block, section.id, guide, walker, assets, size.body_pt,
                              width_pt, options.proof) for block in section.blocks]
        sections.append({"id": section.id, "role": section.role,
                         "heading": walker.html(section.heading), "blocks": blocks})
    glossary = sorted(({"term": walker.html(e.term), "definition": walker.html(e.definition)}
                       for e in selection.glossary), key=lambda e: collation_key(str(e["term"])))
    references = format_references(walker.citations.order, guide.references,
                                   localizer.plain)
    walker.visible.extend((f"reference {r.key}", r.text) for r in references)

    ui_words = {
        "page_content": css_counter_content(localizer.plain(words.PAGE_X_OF_Y)),
        "running_header": css_string(f"{short_title} \u00b7 "
                                     f"{localizer.plain(words.AUDIENCE_LABELS[options.audience])}"),
    }
    status = _translation_status(guide, localizer, options.language)
    clinic_view = (_clinic_view(clinic, options.language, localizer, assets, walker)
                   if clinic else None)
    context = {
        "lang": options.language, "dir": direction, "title": title,
        "short_title": short_title, "audience": options.audience,
        "audience_label": _(words.AUDIENCE_LABELS[options.audience]),
        "language_name": locale.get_display_name(locale).capitalize()
        if locale.get_display_name(locale) else options.language,
        "version_and_date": _(words.VERSION_AND_DATE) % {
            "version": guide.content_version,
            "date": format_date(guide.content_date, format="long", locale=locale)},
        "content_date_iso": guide.content_date.isoformat(),
        "translation_status": status,
        "sections": sections, "glossary": glossary, "references": references,
        "size": size, "paper": options.paper, "proof": options.proof,
        "margin_pt": PAGE_MARGIN_PT, "measure_em": MEASURE_EM, "text_width_pt": width_pt,
        "font_family": Markup(stack.css_family()), "faces": stack.font_face_faces(),
        "ui": {k: Markup(v) for k, v in ui_words.items()},
        "clinic": clinic_view,
    }

    def ui(msgid: str, **values: str) -> Markup:
        text = _(msgid) % values if values else _(msgid)
        walker.visible.append((localizer.ui_origin(msgid), text.striptags()))
        return text

    context["_"] = ui
    html = env.get_template(HTML_TEMPLATE).render(context)
    css = env.get_template(CSS_TEMPLATE).render(context)
    ui_visible = [*status, *(localizer.plain(m) for m in _UI_VISIBLE),
                  localizer.plain(words.AUDIENCE_LABELS[options.audience]),
                  context["language_name"]]
    walker.visible.extend(("template text", str(text)) for text in ui_visible)
    return RenderedHandout(
        html=html, css=css, assets=assets, title=title, language=options.language,
        direction=direction, references=references,
        texts=walker.visible)


# Template words that take part in glyph checks even though they sit in CSS.
_UI_VISIBLE = (words.PAGE_X_OF_Y,)


def _clinic_view(clinic: ClinicProfile, language: str, localizer: Localizer,
                 assets: dict[str, bytes], walker: _Walker) -> dict:
    """The clinic's details in the handout's language; a field given only in another
    language is printed in that language and marked with it (lang attribute)."""
    rtl = Locale.parse(language.replace("-", "_")).text_direction == "rtl"

    def text(field: PerLanguage | None) -> Markup | None:
        if field is None:
            return None
        value, other = field.get(language)
        walker.visible.append(("clinic profile", value))
        if other:
            direction = Locale.parse(other.replace("-", "_")).text_direction
            return Markup('<span lang="{0}" dir="{1}">{2}</span>').format(other, direction,
                                                                          value)
        return Markup(isolate_latin(value)) if rtl else Markup(escape(value))

    def contact(person: Contact | None) -> dict | None:
        if person is None:
            return None
        for value in (person.phone, person.email, person.website):
            walker.visible.append(("clinic profile", value))
        return {"name": text(person.name), "phone": person.phone, "email": person.email,
                "website": person.website, "website_short": short_url(person.website)
                if person.website else "", "address": text(person.address),
                "opening_hours": text(person.opening_hours), "notes": text(person.notes)}

    view = {"contact": contact(clinic.clinic), "department": text(clinic.department),
            "counselling": contact(clinic.genetic_counselling),
            "organisations": [contact(o) for o in clinic.organisations],
            "note": text(clinic.note), "logo": None, "qr": None}
    if clinic.logo:
        assets[f"logo.{clinic.logo_type}"] = clinic.logo
        alt, _ = clinic.logo_alt.get(language) if clinic.logo_alt else ("", None)
        view["logo"] = {"src": f"{ASSET_SCHEME}logo.{clinic.logo_type}", "alt": alt}
    if clinic.online_version:
        assets["qr.svg"] = qr_svg(clinic.online_version)
        view["qr"] = {"src": f"{ASSET_SCHEME}qr.svg", "url": clinic.online_version,
                      "short": short_url(clinic.online_version)}
        walker.visible.append(("clinic profile", clinic.online_version))
    return view


def _translation_status(guide: Guide, localizer: Localizer, language: str) -> list[Markup]:
    """The lines that tell a reader how far to trust this translation."""
    _ = localizer.gettext
    if localizer.is_source:
        return []
    source_name = Locale.parse(guide.source_language.replace("-", "_")).get_display_name(
        Locale.parse(language.replace("-", "_")))
    lines = [_(words.TRANSLATED_FROM) % {
        "language": source_name, "version": guide.content_version}]
    review = localizer.content.review if localizer.content else None
    if review and review.reviewed:
        lines.append(_(words.REVIEWED_BY) % {"reviewer": review.reviewer,
                                                  "date": review.date,
                                                  "version": review.content_version})
        if review.content_version != guide.content_version:
            lines.append(_(words.CHANGED_SINCE_REVIEW) % {"version": guide.content_version})
    else:
        lines.append(_(words.NOT_REVIEWED))
    return lines


def _proof_note(block: SelectedBlock, section_id: str, localizer: Localizer) -> str:
    messages = list(block.texts.values()) + list(block.items)
    contexts = sorted({m.context or "shared" for m in messages})
    catalog = localizer.content
    lines = []
    for message in messages:
        entry = catalog.entries.get((message.context, message.msgid)) if catalog else None
        if entry:
            lines.append(str(entry.line))
    where = f"{catalog.path.name}:" + ",".join(lines) if catalog and lines else "source"
    return f"{section_id} · {block.kind} · {'/'.join(contexts)} · {where}"


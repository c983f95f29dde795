"""Stage 5: one handout's HTML and CSS from the selection, the catalogs and styles/.

Messages are translated and their inline markup rendered here, in reading order, so
citation numbers follow the order a reader meets them.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..content.clinic import ClinicProfile, Contact, PerLanguage, qr_svg, short_url
from ..content.markup import isolate_latin, make_inline_renderer, plain_text
from ..content.model import Guide, Message
from ..content.select import SelectedBlock, Selection
from ..errors import RenderError
from ..matrix import (
    AUDIENCES,
    BOTTOM_MARGIN_PT,
    LARGE_PRINT_PT,
    MEASURE_EM,
    PAGE_MARGIN_PT,
    PRINT_SIZES,
    Paper,
    language,
    text_height_pt,
    text_width_pt,
)
from ..rendering import words
from ..rendering.cite import Citations, format_references
from ..rendering.figure import lay_out
from ..rendering.fonts import FontStack
from ..rendering.measure import table_fits, unbreakable_parts, word_width
from ..translation.collation import sort_key
from ..translation.localize import Localized, Localizer, format_percentages

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
    # Figures (1-based, in reading order) to set after the block that follows them:
    # a figure that did not fit left the page before it less than half full.
    deferred: frozenset[int] = frozenset()
    # Where the clinic publishes the web edition of this handout (its QR code's
    # target), when the clinic profile says where it publishes them.
    web_address: str | None = None


@dataclass(frozen=True)
class SecondLanguage:
    """The bilingual edition's second language: its words and its fonts."""

    localizer: Localizer
    stack: FontStack


@dataclass
class RenderedHandout:
    """Everything the PDF stage needs: HTML, CSS and generated assets."""

    html: str
    css: str
    assets: dict[str, bytes] = field(default_factory=dict)
    # (origin, visible text) pairs, for glyph coverage checks that name the message
    texts: list[tuple[str, str]] = field(default_factory=list)
    # The bilingual edition's second-language texts (checked against its own fonts)
    second_texts: list[tuple[str, str]] = field(default_factory=list)
    # What the templates were given, so the web edition is made from the same view
    context: dict = field(default_factory=dict, repr=False, compare=False)


def make_environment(styles: Path) -> Environment:
    """The Jinja2 environment for templates in ``styles/`` (autoescape always on)."""
    env = Environment(loader=FileSystemLoader(styles), autoescape=select_autoescape(
        enabled_extensions=("html", "j2", "css"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
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
                 source: Path | None = None, citations: Citations | None = None) -> None:
        self.localizer = localizer
        self.rtl = rtl
        self.source = source        # the guide's YAML, for glyph refusals with a line
        # Shared by both languages of a bilingual edition: one numbering, one list.
        self.citations = citations or Citations()
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
            direction = language(found.lang).direction
            return Markup('<span lang="{0}" dir="{1}">{2}</span>').format(
                found.lang, direction, html)
        return html

    def plain(self, message: Message) -> str:
        text = plain_text(self.localized(message).text)
        self.visible.append((self.localizer.origin(message, self.source), text))
        return text

    def label(self, message: Message) -> Markup:
        """A figure label: plain text, its Latin runs isolated in right-to-left text."""
        text = self.plain(message)
        return Markup(isolate_latin(text)) if self.rtl else Markup(escape(text))


# A block kept whole (never split across pages) is at most this share of the text
# area's height: a kept block that does not fit moves to the next page, so a larger
# one could leave the page before it less than half full. Heights are estimated
# before layout, so the bound keeps a margin below one half.
KEEP_FRACTION = 0.35
# A figure and its caption always stay together; the picture shrinks to fit.
FIGURE_FRACTION = 0.38
LINE_HEIGHT = 1.5
CELL_PADDING_EM = 0.25


@dataclass(frozen=True)
class Geometry:
    """What the renderer knows of the page before WeasyPrint lays it out."""

    size_pt: float
    width_pt: float
    height_pt: float
    stack: FontStack
    # The text area's full width (the page less its margins), wider than the measure:
    # the bilingual edition sets short pairs side by side across it.
    full_width_pt: float = 0.0

    def text_height(self, texts: list[str], width_pt: float | None = None) -> float:
        """Estimated height of paragraphs of ``texts`` set in a column ``width_pt`` wide."""
        width = width_pt or self.width_pt
        space = word_width(" ", self.stack, self.size_pt)
        lines = 0
        for text in texts:
            line = 0.0
            count = 1
            for word in text.split():
                # Chinese and Japanese break between characters, with no space.
                parts = unbreakable_parts(word)
                for index, part in enumerate(parts):
                    gap = space if index == 0 and line else 0.0
                    extent = word_width(part, self.stack, self.size_pt)
                    if line and line + gap + extent > width:
                        count += 1
                        line = extent
                    else:
                        line += gap + extent
            lines += count
        return lines * LINE_HEIGHT * self.size_pt + len(texts) * 0.5 * self.size_pt

    def keeps(self, height_pt: float) -> bool:
        return height_pt <= KEEP_FRACTION * self.height_pt


def _plain(html: Markup) -> str:
    """The visible text of rendered HTML, no-break spaces kept (Markup.striptags would
    turn them into breakable ones)."""
    return html_module.unescape(re.sub(r"<[^>]*>", "", str(html)))


def _table_view(view: dict, block: SelectedBlock, geometry: Geometry) -> None:
    """A table that fits the column stays a table; a wider one becomes stacked cards,
    one per row, each cell labelled with its column's header."""
    columns = [[(_plain(view["header"][j]), True)]
               + [(_plain(row[j]), j == 0 and block.options.get("row_headers", False))
                  for row in view["rows"]] for j in range(len(view["header"]))]
    view["as_cards"] = not table_fits(columns, geometry.stack, geometry.size_pt,
                                      geometry.width_pt, CELL_PADDING_EM)
    if not view["as_cards"]:
        # Kept whole when small: its caption and header then never sit alone.
        column = geometry.width_pt / len(columns)
        height = sum(max(geometry.text_height([text], column) for text, _ in row)
                     for row in zip(*columns, strict=True))
        view["keep"] = geometry.keeps(height)
        return
    titled = block.options.get("row_headers", False)
    cards = []
    for row in view["rows"]:
        fields = list(zip(view["header"], row, strict=True))
        title = fields.pop(0)[1] if titled else None
        height = geometry.text_height([_plain(label) + " " + _plain(value)
                                       for label, value in fields])
        cards.append({"title": title, "fields": fields, "keep": geometry.keeps(height)})
    view["cards"] = cards


def _check_label_widths(diagram, block: SelectedBlock, geometry: Geometry) -> None:
    """A figure label must fit its place in the picture (labels never wrap)."""
    messages = dict(zip((label.text for label in diagram.labels), block.labels.values(),
                        strict=False))
    for label in diagram.labels:
        width = word_width(_plain(label.text), geometry.stack, geometry.size_pt, label.bold)
        if width > label.width_pt + 0.5:
            message = messages.get(label.text)
            raise RenderError(
                f"figure label {_plain(label.text)!r} is {width:.0f} pt wide at "
                f"{geometry.size_pt:g} pt, wider than its {label.width_pt:.0f} pt place in "
                "the figure", advice="Use a shorter label",
                msgid=message.msgid if message else None)


def _text_view(block: SelectedBlock, walker: _Walker, geometry: Geometry,
               level: int) -> dict:
    """A block's texts rendered in ``walker``'s language, with what the layout decides
    from them (a table's form, whether a box is kept whole): the part of a block's view
    that its bilingual twin repeats in the second language."""
    view: dict = {"kind": block.kind, "options": block.options, "proof": None,
                  "text": None, "caption": None, "title": None, "intro": None, "lead": None,
                  "alt": "", "diagram": None, "level": level, "keep": True}
    for key, message in block.texts.items():
        view[key] = walker.plain(message) if key == "alt" else walker.html(message)
    view["items"] = [walker.html(m) for m in block.items]
    view["header"] = [walker.html(m) for m in block.header]
    view["rows"] = [[walker.html(m) for m in row] for row in block.rows]
    if block.kind == "table":
        _table_view(view, block, geometry)
    if block.kind == "callout":
        texts = [_plain(view[k]) for k in ("title", "text") if view[k]]
        view["keep"] = geometry.keeps(geometry.text_height(
            texts, geometry.width_pt - 1.6 * geometry.size_pt - 6))
    return view


def _block_view(block: SelectedBlock, section_id: str, guide: Guide, walker: _Walker,
                assets: dict[str, bytes], geometry: Geometry, level: int,
                proof: bool, second_caption: str | None = None) -> dict:
    """What the template needs to print one block, its messages rendered in order.

    ``level`` is the heading level of titles inside the block (box titles, a table's
    caption when set as cards), so headings never skip a level.
    """
    view = _text_view(block, walker, geometry, level)
    if block.kind == "figure":
        labels = {key: walker.label(m) for key, m in block.labels.items()}
        caption = [_plain(view["caption"])] if view["caption"] else []
        if second_caption:
            caption.append(second_caption)      # a bilingual figure has both captions
        room = FIGURE_FRACTION * geometry.height_pt - geometry.text_height(caption)
        name = f"figure-{len(assets) + 1}{Path(block.options['src']).suffix}"
        diagram = lay_out(guide.folder / block.options["src"], labels, geometry.size_pt,
                          geometry.width_pt, guide.source_file, block.line,
                          max_height_pt=room)
        _check_label_widths(diagram, block, geometry)
        assets[name] = diagram.svg
        view["src"] = ASSET_SCHEME + name
        view["diagram"] = diagram
    if proof:
        view["proof"] = _proof_note(block, section_id, walker.localizer)
    return view


def render_handout(guide: Guide, selection: Selection, localizer: Localizer,
                   options: RenderOptions, stack: FontStack, env: Environment,
                   second: SecondLanguage | None = None) -> RenderedHandout:
    """HTML + CSS for one handout; with ``second``, its bilingual edition: every block
    in the reader's language, then the same block in the second language."""
    lang = language(options.language)
    locale = lang.locale
    direction = lang.direction
    walker = _Walker(localizer, rtl=direction == "rtl", source=guide.source_file)
    other = (_Walker(second.localizer, rtl=language(second.localizer.language).rtl,
                     source=guide.source_file, citations=walker.citations)
             if second else None)
    _ = localizer.gettext

    title = walker.plain(selection.title)
    short_title = walker.plain(selection.short_title)
    subtitle = walker.html(selection.subtitle) if selection.subtitle else None
    size = PRINT_SIZES[options.size]
    full_width = options.paper.width_pt - 2 * PAGE_MARGIN_PT
    geometry = Geometry(size.body_pt, text_width_pt(options.paper, size),
                        text_height_pt(options.paper), stack, full_width)
    other_geometry = Geometry(geometry.size_pt, geometry.width_pt, geometry.height_pt,
                              second.stack, full_width) if second else None
    sections = []
    assets: dict[str, bytes] = {}
    clinic = options.clinic
    figures_before = 0
    for section in selection.sections:
        if clinic and clinic.genetic_counselling and section.role == "find-professional":
            continue  # the clinic's "Who to contact" section names the local service
        heading = walker.html(section.heading)
        blocks = []
        level = 3
        ordered = defer_figures(section.blocks, figures_before, options.deferred)
        figures_before += sum(1 for block in section.blocks if block.kind == "figure")
        for block in ordered:
            second_caption = (plain_text(other.localized(block.texts["caption"]).text)
                              if other and block.kind == "figure" and "caption" in block.texts
                              else None)
            view = _block_view(block, section.id, guide, walker, assets, geometry, level,
                               options.proof, second_caption)
            if other is not None and other_geometry is not None:
                view["second"] = _second_view(block, view, other, other_geometry, level,
                                              geometry)
                view["side"] = _side_by_side(view, size, geometry, other_geometry)
            blocks.append(view)
            if block.kind == "heading":
                level = 4   # titles after a sub-heading sit below it
        sections.append({"id": section.id, "role": section.role, "heading": heading,
                         "second_heading": other.html(section.heading) if other else None,
                         "blocks": blocks})
    glossary = sorted(({"term": walker.html(e.term), "definition": walker.html(e.definition),
                        "second": {"term": other.html(e.term),
                                   "definition": other.html(e.definition)} if other else None}
                       for e in selection.glossary),
                      key=lambda e: sort_key(str(e["term"]), options.language))
    if other_geometry is not None:
        for entry in glossary:      # a glossary pair stands side by side as items do
            texts = [_plain(entry["term"]) + " " + _plain(entry["definition"])]
            others = [_plain(entry["second"]["term"]) + " " +
                      _plain(entry["second"]["definition"])]
            entry["side"] = size.body_pt < LARGE_PRINT_PT and \
                _fits_column(texts, geometry, _column_width(geometry)) and \
                _fits_column(others, other_geometry, _column_width(geometry))
    references = format_references(walker.citations.order, guide.references,
                                   localizer.plain, rtl=direction == "rtl")
    walker.visible.extend((f"reference {r.key}", r.text) for r in references)

    ui_words = {
        "page_content": css_counter_content(localizer.plain(words.PAGE_X_OF_Y)),
        "running_header": css_string(short_title),
    }
    status = _translation_status(guide, localizer, options.language)
    clinic_view = (_clinic_view(clinic, options.language, localizer, assets, walker,
                                options.web_address) if clinic else None)
    size_label = size.label
    context = {
        "lang": options.language, "dir": direction, "title": title,
        "short_title": short_title, "subtitle": subtitle, "audience": options.audience,
        "audience_label": _(AUDIENCES[options.audience].label),
        "size_label": _(size_label) if size_label else None,
        "language_name": lang.own_name,
        "version_and_date": _(words.VERSION_AND_DATE) % {
            "version": guide.content_version,
            "date": format_date(guide.content_date, format="long", locale=locale)},
        "content_date_iso": guide.content_date.isoformat(),
        "translation_status": status,
        "unreviewed_notice": _(words.NOT_REVIEWED) if _unreviewed(localizer) else None,
        "sections": sections, "glossary": glossary, "references": references,
        "size": size, "paper": options.paper, "proof": options.proof,
        "margin_pt": PAGE_MARGIN_PT, "bottom_margin_pt": BOTTOM_MARGIN_PT,
        "measure_em": MEASURE_EM, "text_width_pt": geometry.width_pt,
        "font_family": Markup(stack.css_family()), "faces": stack.font_face_faces(),
        "ui": {k: Markup(v) for k, v in ui_words.items()},
        "clinic": clinic_view,
        "reader": _reader_labels(localizer, options.audience, walker),
        "bilingual": None, "web": False,
    }

    def ui(msgid: str, **values: str) -> Markup:
        text = _(msgid) % values if values else _(msgid)
        walker.visible.append((localizer.ui_origin(msgid), text.striptags()))
        return text

    context["_"] = ui
    if second is not None and other is not None:
        context["bilingual"] = _bilingual_view(guide, selection, localizer, second, other,
                                               options, context)
        walker.visible.append(("template text", context["bilingual"]["first_language_names"]))
        context["faces"] = tuple(dict.fromkeys((*stack.font_face_faces(),
                                                *second.stack.font_face_faces())))
    html = env.get_template(HTML_TEMPLATE).render(context)
    css = env.get_template(CSS_TEMPLATE).render(context)
    ui_visible = [*status, *(localizer.plain(m) for m in _UI_VISIBLE),
                  localizer.plain(AUDIENCES[options.audience].label),
                  context["language_name"]]
    walker.visible.extend(("template text", str(text)) for text in ui_visible)
    return RenderedHandout(html=html, css=css, assets=assets, texts=walker.visible,
                           second_texts=other.visible if other else [], context=context)


# Kinds whose pair may stand side by side in standard print (each column is then about
# 18 em wide: enough for running text, too narrow for tables and figures). Lists,
# questions, key points and the glossary pair item by item, and those pairs may stand
# side by side too. Headings always stack: a heading pair keeps with what follows.
SIDE_BY_SIDE_KINDS = frozenset({"paragraph", "callout"})
SIDE_BY_SIDE_ITEMS = frozenset({"list", "questions", "key_points"})
# The gutter between the two columns, in em: the first column's margin, the rule that
# marks the second language and its padding (styles/handout.css.j2).
COLUMN_GAP_EM = 1.5


def _column_width(geometry: Geometry) -> float:
    """Each column's width when a pair stands side by side: the full text area (the
    page less its margins, wider than the single-column measure) split in two."""
    return (geometry.full_width_pt - COLUMN_GAP_EM * geometry.size_pt) / 2


def _side_by_side(view: dict, size, geometry: Geometry, other: Geometry) -> bool:
    """Side by side only in standard print (large print never has columns), only for
    running text, and only when both columns are short enough to keep whole."""
    if size.body_pt >= LARGE_PRINT_PT or view["second"] is None:
        return False
    if view["kind"] in SIDE_BY_SIDE_ITEMS:
        return True        # items pair one by one; each pair is judged in the template
    if view["kind"] not in SIDE_BY_SIDE_KINDS:
        return False
    width = _column_width(geometry)
    first = [_plain(view[k]) for k in ("title", "text") if view.get(k)]
    second = [_plain(view["second"][k]) for k in ("title", "text") if view["second"].get(k)]
    return _fits_column(first, geometry, width) and _fits_column(second, other, width)


def _fits_column(texts: list[str], geometry: Geometry, width: float) -> bool:
    """Short enough to keep whole in a column ``width`` wide, and no word wider than
    it (a word is never broken, so it would run over the gutter)."""
    widest = max((word_width(part, geometry.stack, geometry.size_pt, bold=True)
                  for text in texts for word in text.split()
                  for part in unbreakable_parts(word)), default=0.0)
    return widest <= width and geometry.keeps(geometry.text_height(texts, width))


def _second_view(block: SelectedBlock, view: dict, walker: _Walker, geometry: Geometry,
                 level: int, first: Geometry) -> dict | None:
    """The block in the second language. A figure is drawn once (its labels in the
    reader's language): only its caption and alt text follow in the second language."""
    if block.kind == "figure":
        return {"kind": "figure",
                "caption": walker.html(block.texts["caption"])
                if "caption" in block.texts else None,
                "alt": walker.plain(block.texts["alt"])}
    second = _text_view(block, walker, geometry, level)
    if view.get("items"):
        # An item pair stands side by side (standard print) when both are short.
        width = _column_width(geometry)
        view["item_side"] = [
            _fits_column([_plain(a)], first, width) and _fits_column([_plain(b)], geometry, width)
            for a, b in zip(view["items"], second["items"], strict=True)]
    return second


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _bilingual_view(guide: Guide, selection: Selection, localizer: Localizer,
                    second: SecondLanguage, other: _Walker, options: RenderOptions,
                    context: dict) -> dict:
    """What the templates need of the second language: its code, direction, fonts and
    the cover's and the About section's words in it."""
    code = second.localizer.language
    found = language(code)
    gettext = second.localizer.gettext
    first_lang = language(options.language)
    unreviewed = _unreviewed(localizer) or _unreviewed(second.localizer)

    def ui(msgid: str, **values: str) -> Markup:
        text = gettext(msgid) % values if values else gettext(msgid)
        other.visible.append((second.localizer.ui_origin(msgid), text.striptags()))
        return text

    size = PRINT_SIZES[options.size]
    view = {
        "first": {"lang": options.language, "dir": first_lang.direction,
                  "name": first_lang.own_name},
        "second": {"lang": code, "dir": found.direction, "name": found.own_name},
        "title": other.plain(selection.title),
        "subtitle": other.html(selection.subtitle) if selection.subtitle else None,
        "audience_label": gettext(AUDIENCES[options.audience].label),
        "size_label": gettext(size.label) if size.label else None,
        "first_notice": context["unreviewed_notice"] or (
            localizer.gettext(words.NOT_REVIEWED) if unreviewed else None),
        "notice": gettext(words.NOT_REVIEWED) if unreviewed else None,
        # Each language names both in its own words ("Español, inglés" and "Spanish,
        # English"): one script per block, drawn with that block's fonts.
        "first_language_names": f"{first_lang.own_name}, {found.name_in(first_lang)}",
        "language_names": f"{_capital(first_lang.name_in(found))}, {found.own_name}",
        "version_and_date": gettext(words.VERSION_AND_DATE) % {
            "version": guide.content_version,
            "date": format_date(guide.content_date, format="long", locale=found.locale)},
        "translation_status": _translation_status(guide, second.localizer, code),
        "font_family": Markup(second.stack.css_family()),
        "_": ui,
    }
    for text in (view["title"], view["audience_label"], view["size_label"], view["notice"],
                 view["language_names"], view["version_and_date"],
                 *view["translation_status"]):
        if text:
            other.visible.append(("template text", str(Markup(text).striptags())))
    return view


def defer_figures(blocks, figures_before: int, deferred: frozenset[int]) -> list:
    """The section's blocks, each deferred figure (with any figures right after it)
    moved after the block that follows them, like a float: the text fills the page,
    the figures start the next one. Before a heading or at the end of a section they
    move before the block that precedes them instead."""
    ordered = list(blocks)
    number = figures_before
    index = 0
    while index < len(ordered):
        if ordered[index].kind != "figure":
            index += 1
            continue
        end = index
        while end < len(ordered) and ordered[end].kind == "figure":
            end += 1
        numbers = range(number + 1, number + 1 + end - index)
        number += end - index
        if deferred & set(numbers) and end < len(ordered) and \
                ordered[end].kind != "heading":
            ordered[index:end + 1] = [ordered[end], *ordered[index:end]]
            end += 1
        elif deferred & set(numbers) and index > 0 and ordered[index - 1].kind != "heading":
            # Nothing they could follow (a heading, or the section's end): like a float
            # at the top of a page,
            # the figures go before the block that precedes them, which then fills
            # the rest of their page (a bilingual figure with two captions can take
            # half a page, so it may fit neither after the text nor beside it).
            ordered[index - 1:end] = [*ordered[index:end], ordered[index - 1]]
        index = end
    return ordered


def _reader_labels(localizer: Localizer, audience: str, walker: _Walker) -> dict[str, Markup]:
    """The labels that address the reader, in the audience's own register."""
    labels = {}
    for key, by_audience in words.READER_LABELS.items():
        context, message = by_audience[audience]
        labels[key] = localizer.gettext(message, context)
        walker.visible.append((f"template text {message!r}", labels[key].striptags()))
    return labels


def _unreviewed(localizer: Localizer) -> bool:
    """A translation no qualified medical translator has signed off."""
    if localizer.is_source:
        return False
    review = localizer.content.review if localizer.content else None
    return not (review and review.reviewed)


# Template words that take part in glyph checks even though they sit in CSS.
_UI_VISIBLE = (words.PAGE_X_OF_Y,)


def _clinic_view(clinic: ClinicProfile, code: str, localizer: Localizer,
                 assets: dict[str, bytes], walker: _Walker,
                 web_address: str | None = None) -> dict:
    """The clinic's details in the handout's language; a field given only in another
    language is printed in that language and marked with it (lang attribute)."""
    rtl = language(code).rtl

    def text(field: PerLanguage | None) -> Markup | None:
        if field is None:
            return None
        value, other = field.get(code)
        walker.visible.append(("clinic profile", value))
        if other:
            direction = language(other).direction
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
        alt, _ = clinic.logo_alt.get(code) if clinic.logo_alt else ("", None)
        view["logo"] = {"src": f"{ASSET_SCHEME}logo.{clinic.logo_type}", "alt": alt}
    # The QR code opens this handout's own web edition where the clinic publishes
    # them, else the address the clinic gave for the guide online.
    online = web_address or clinic.online_version
    if online:
        assets["qr.svg"] = qr_svg(online)
        view["qr"] = {"src": f"{ASSET_SCHEME}qr.svg", "url": online,
                      "short": short_url(online)}
        walker.visible.append(("clinic profile", online))
    return view


def _translation_status(guide: Guide, localizer: Localizer, code: str) -> list[Markup]:
    """The lines that tell a reader how far to trust this translation."""
    _ = localizer.gettext
    if localizer.is_source:
        return []
    source_name = language(guide.source_language).name_in(language(code))
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


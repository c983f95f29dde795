"""The web edition: the handout as one accessible, self-contained HTML file.

Made from the very view the PDF was made from (same blocks, same order, same
citations and references, same words), by the same template (styles/handout.html.j2
with ``web`` set) and a screen stylesheet (styles/web.css.j2). Nothing is fetched from
anywhere: the fonts are subset to the characters the page uses (HarfBuzz) and embedded
as WOFF, and figures, the logo and the QR code are embedded as data: URIs, so the file
can be put on any web server, sent by e-mail or opened from a USB stick.
"""

from __future__ import annotations

import base64
import html as html_module
import io
import re
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from ..rendering.fonts import Face, FontStack
from ..rendering.html import ASSET_SCHEME, HTML_TEMPLATE, RenderedHandout, css_string

WEB_CSS_TEMPLATE = "web.css.j2"
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _asset_uri(rendered: RenderedHandout, src: str) -> str:
    name = src[len(ASSET_SCHEME):] if src.startswith(ASSET_SCHEME) else src
    return data_uri(rendered.assets[name], _MIME.get(Path(name).suffix, "image/png"))


def visible_characters(page: str) -> set[str]:
    """Every character a reader can see on ``page`` (text and attribute values such as
    alt text, which a browser may show), for font subsetting."""
    body = re.sub(r"(?s)<style.*?</style>", "", page)
    body = re.sub(r"(?s)<head>.*?</head>", "", body)
    text = html_module.unescape(re.sub(r"<[^>]*>", " ", body))
    attributes = html_module.unescape(" ".join(re.findall(r'(?:alt|aria-label)="([^"]*)"',
                                                          body)))
    return set(text) | set(attributes) | set(" 0123456789")


def subset_woff(face: Face, characters: set[str]) -> bytes:
    """``face`` cut down to ``characters`` (HarfBuzz: milliseconds even for Chinese),
    as WOFF; layout features and variations are kept, so Arabic still joins."""
    import uharfbuzz
    from fontTools.ttLib import TTFont

    blob = uharfbuzz.Blob.from_file_path(str(face.path))
    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(ord(c) for c in characters)
    subset = uharfbuzz.subset(uharfbuzz.Face(blob, face.index), wanted)
    # fontTools would stamp the save time into the head table: keep the face's own
    # date so two builds of one handout give the same bytes.
    font = TTFont(io.BytesIO(subset.blob.data), recalcTimestamp=False)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def _faces(stacks: list[FontStack], characters: set[str]) -> list[dict]:
    faces = []
    for face in dict.fromkeys(face for stack in stacks for face in stack.faces):
        faces.append({"family": Markup(css_string(face.family)), "weight": face.weight,
                      "src": data_uri(subset_woff(face, characters), "font/woff")})
    return faces


def _embed_assets(rendered: RenderedHandout, context: dict) -> None:
    """Give every picture of the view its data: URI."""
    for section in context["sections"]:
        for block in section["blocks"]:
            if block.get("src"):
                block["data_uri"] = _asset_uri(rendered, block["src"])
    clinic = context.get("clinic")
    if clinic:
        for key in ("logo", "qr"):
            if clinic.get(key):
                clinic[key] = dict(clinic[key], src=_asset_uri(rendered, clinic[key]["src"]))


def render_web(rendered: RenderedHandout, env: Environment,
               stacks: list[FontStack]) -> str:
    """The web edition of a rendered handout (``stacks``: its languages' fonts)."""
    context = dict(rendered.context)
    context["sections"] = [dict(s, blocks=[dict(b) for b in s["blocks"]])
                           for s in context["sections"]]
    if context.get("clinic"):
        context["clinic"] = dict(context["clinic"])
    _embed_assets(rendered, context)
    context["web"] = True
    template = env.get_template(HTML_TEMPLATE)
    context["web_css"] = Markup("")
    draft = template.render(context)
    context["web_faces"] = _faces(stacks, visible_characters(draft))
    context["web_css"] = Markup(env.get_template(WEB_CSS_TEMPLATE).render(context))
    return template.render(context)

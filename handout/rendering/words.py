"""The template's fixed words that are chosen in Python, marked for extraction.

``pybabel extract -k N_`` collects these into locales/handout.pot together with the
``_()`` strings of the Jinja2 templates.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    return message


def NC_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - pgettext, mark only
    return context, message


VERSION_AND_DATE = N_("%(version)s, %(date)s")
PAGE_X_OF_Y = N_("Page %(page)s of %(pages)s")
TRANSLATED_FROM = N_("Translated from %(language)s, content version %(version)s.")
REVIEWED_BY = N_("Translation reviewed by %(reviewer)s on %(date)s against content "
                 "version %(version)s.")
CHANGED_SINCE_REVIEW = N_("The original has changed since this review (now version "
                          "%(version)s).")
NOT_REVIEWED = N_("This translation has not yet been reviewed by a qualified medical "
                  "translator.")
# Fixed words of the reference list (Vancouver style).
REFERENCE_WORDS = (N_("Available from"), N_("Accessed"), N_("In"), N_("editors"),
                   N_("et al."), N_("Internet"))
# The edition of a book, with its number: "2.ª ed.", "2e éd.", "第2版".
EDITION = N_("%(edition)s ed.")
# A label before its value, with the language's colon ("Phone:", "Téléphone :").
LABEL_COLON = N_("%(label)s:")

# The clinic edition's labels (make_guide.py build --clinic PROFILE).
CLINIC_WORDS = (N_("Who to contact"), N_("Phone"), N_("Email"),
                N_("Website"), N_("Opening hours"), N_("Address"),
                N_("Genetic counseling service"), N_("Patient organizations"),
                N_("Online version of this guide"),
                N_("QR code that opens the online version of this guide: %(address)s"))

# Labels that speak to the reader, once per audience (msgctxt), so a language with a
# familiar and a formal "you" (tú/usted, tu/vous, 你/您) addresses each reader as the
# text does; a clinic edition for a teenager never says "usted".
READER_LABELS = {
    "care_team": {"teen": NC_("teen", "Your care team"),
                  "parent": NC_("parent", "Your care team"),
                  "clinician": NC_("clinician", "Your care team")},
    "note": {"teen": NC_("teen", "A note from your care team"),
             "parent": NC_("parent", "A note from your care team"),
             "clinician": NC_("clinician", "A note from your care team")},
    "scan": {"teen": NC_("teen", "Scan the code or type the address: %(address)s"),
             "parent": NC_("parent", "Scan the code or type the address: %(address)s"),
             "clinician": NC_("clinician",
                              "Scan the code or type the address: %(address)s")},
}

"""The template's fixed words that are chosen in Python, marked for extraction.

``pybabel extract -k N_`` collects these into locales/handout.pot together with the
``_()`` strings of the Jinja2 templates.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    return message


AUDIENCE_LABELS = {
    "teen": N_("For teenagers"),
    "parent": N_("For parents and carers"),
    "clinician": N_("For clinicians"),
}
# The print-size mark on the cover, for sizes that are large print.
SIZE_LABELS = {
    "large": N_("Large print"),
    "xlarge": N_("Extra-large print"),
}
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
                   N_("et al."), N_("ed."), N_("Internet"))

# The clinic edition's labels (make_guide.py build --clinic PROFILE).
CLINIC_WORDS = (N_("Your care team"), N_("Who to contact"), N_("Phone"), N_("Email"),
                N_("Website"), N_("Opening hours"), N_("Address"),
                N_("Genetic counselling service"), N_("Patient organisations"),
                N_("A note from your care team"), N_("Online version of this guide"),
                N_("Scan the code or type the address: %(address)s"),
                N_("QR code that opens the online version of this guide: %(address)s"),
                # A label before its value, with the language's colon ("Phone:").
                N_("%(label)s:"))

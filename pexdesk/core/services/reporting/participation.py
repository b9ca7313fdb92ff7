"""The bilan d'activité's « Participation aux réunions de la CCAPEX »: who sat at the
commission's own meetings of the period, and with which voice (organisations, never a
person). The texts set no quorum: the block describes attendance and never says whether a
meeting could deliberate."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from pexdesk.core.domain.kinds import MEETING_KIND_LABELS
from pexdesk.core.formatting import agree, format_number
from pexdesk.core.reference.membership import Voice
from pexdesk.core.repositories.meetings import Participation
from pexdesk.core.services.reporting import styles as st
from pexdesk.core.services.reporting.blocks import (Context, RoomToStart, data_table, note,
                                                    paragraph)
from pexdesk.core.services.reporting.paragraph import Paragraph

W = st.FRAME_WIDTH
PER_MEETING_DECIMALS = 1
"""Those present per meeting are an average: one decimal, even when it falls whole."""

PRESENCE_VOICES = ((Voice.DELIBERATIVE, "Voix\ndélibérative", "dont voix\ndélibérative"),
                   (Voice.CONSULTATIVE, "Voix\nconsultative", "dont voix\nconsultative"),
                   (Voice.INVITE, "Invités", "dont comme\ninvitée"))
"""Each voice, as a column of those present per meeting and of the meetings a category
attended reads it, in the texts' order."""
UNSTATED_HEADER = "dont voix\nnon précisée"
NONE = "·"
KINDS = "plénières, commissions techniques, sous-CCAPEX"
"""The meetings of the CCAPEX itself (``COMMISSION_KINDS``), in running text."""
ROOM_TO_START = 50 * mm
"""The room the table of the categories needs left on a page to start there: its title
and first rows (see ``blocks.RoomToStart``)."""


def participation(ctx: Context, part: Participation) -> list[Flowable]:
    """Who sat at the commission's own meetings: those present per meeting on average by
    voice, over the meetings whose relevé states every voice, saying over how many; then
    how many of them each partner category attended, and with which voice. The texts set
    no quorum, and none is made up here."""
    heading = ctx.subsection("Participation aux réunions de la CCAPEX")
    if not part.meetings:
        return [heading, ctx.empty("Aucune plénière, commission technique ni sous-CCAPEX sur "
                                   "la période")]
    if not part.recorded:
        return [heading, paragraph(ctx, "Présents non saisis pour {which} ({kinds}).",
                                   which=_meetings(part.meetings), kinds=KINDS)]
    voiced = part.voiced
    if voiced == part.recorded:
        stated = "avec la voix de chacun"
    elif voiced:
        stated = (f"la voix de chaque présent l'étant pour {format_number(voiced)} d'entre "
                  f"elles, sur {agree(voiced, 'laquelle portent', 'lesquelles portent')} "
                  "les moyennes")
    else:
        stated = "la voix des présents n'étant pas précisée"
    which = (_meetings(part.meetings) if part.recorded == part.meetings else
             f"<b>{format_number(part.recorded)}</b> des {format_number(part.meetings)} "
             "réunions de la CCAPEX de la période")
    template = "Présents saisis pour " + which + " ({kinds}), {stated}."
    mean = 0.0
    if voiced:
        mean = sum(kind.by_voice[Voice.DELIBERATIVE] for kind in part.kinds) / voiced
        template += (" En moyenne, <b>{mean}</b> {members} à voix délibérative {sat} par "
                     "réunion.")
    opening = [heading, paragraph(
        ctx, template, kinds=KINDS, stated=stated,
        mean=format_number(mean, PER_MEETING_DECIMALS),
        members=agree(round(mean), "membre", "membres"),
        sat=agree(round(mean), "siégeait", "siégeaient"))]
    categories = [
        Paragraph("Réunions suivies par catégorie de partenaire", ctx.styles.h3),
        _category_presence_table(part),
        note(ctx, "Une réunion compte pour une catégorie dès qu'une de ses organisations y "
                  "était présente, dans chaque voix avec laquelle elle a siégé ; « · » : "
                  "aucune. Les textes ne fixant pas de quorum, ces chiffres décrivent la "
                  "participation, non la régularité des délibérations.")]
    if not voiced:
        return [RoomToStart([*opening, *categories], ROOM_TO_START)]
    return [KeepTogether([*opening, Paragraph("Présents par réunion, en moyenne", ctx.styles.h3),
                          _presence_table(part)]),
            RoomToStart(categories, ROOM_TO_START)]


def _meetings(count: int) -> str:
    """« la réunion de la CCAPEX de la période », « les 12 réunions… »."""
    if count == 1:
        return "la réunion de la CCAPEX de la période"
    return f"les {format_number(count)} réunions de la CCAPEX de la période"


def _presence_table(part: Participation) -> Flowable:
    """Those present per meeting on average, by kind and voice, over the voiced meetings."""
    def row(label: str, meetings: int, by_voice: dict[str, int]) -> list[str]:
        return [label, format_number(meetings),
                *[format_number(by_voice[voice] / meetings, PER_MEETING_DECIMALS)
                  for voice, *_ in PRESENCE_VOICES]]

    rows = [row(MEETING_KIND_LABELS[kind.kind], kind.voiced, kind.by_voice)
            for kind in part.kinds if kind.voiced]
    total = row("Ensemble", part.voiced, {voice: sum(kind.by_voice[voice] for kind in part.kinds)
                                          for voice, *_ in PRESENCE_VOICES})
    return data_table(["Type de réunion", "Réunions",
                       *[header for _, header, _ in PRESENCE_VOICES]],
                      rows, [W * 0.4, W * 0.15, W * 0.15, W * 0.15, W * 0.15], "LRRRR",
                      total=total)


def _category_presence_table(part: Participation) -> Flowable:
    """The meetings each category attended, and with which voice; « non précisée » only
    when some voice is not stated."""
    voices: list[tuple[Voice | None, str]] = [(voice, header)
                                              for voice, _, header in PRESENCE_VOICES]
    if any(None in category.by_voice for category in part.categories):
        voices.append((None, UNSTATED_HEADER))
    rows = [[category.label, format_number(category.meetings),
             *[format_number(category.by_voice[voice]) if category.by_voice.get(voice)
               else NONE for voice, _ in voices]]
            for category in part.categories]
    share = 0.5 / len(voices)
    return data_table(["Catégorie de partenaire", "Réunions\nsuivies",
                       *[header for _, header in voices]],
                      rows, [W * 0.35, W * 0.15, *[W * share] * len(voices)],
                      "L" + "R" * (len(voices) + 1))

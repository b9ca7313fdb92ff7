"""Forms' validators fed with anything a person (or a pasted cell) can type.

Whatever the values, a record's rules answer with French messages instead of raising,
and a save either stores exactly what was checked or writes nothing at all.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pexdesk.core.domain.models import Action, Contact, Meeting, Partner
from pexdesk.core.errors import PexdeskError, ValidationError
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.repositories import meetings, partners, roadmap

TYPED = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
"""Any text, control characters and right-to-left marks included (no lone surrogates:
they cannot come out of a keyboard or a decoded file)."""
MAYBE_DATE = st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
NUMBER = st.integers(min_value=-10**6, max_value=10**6)
CATEGORY = st.sampled_from([c.code for c in CATEGORIES]) | TYPED
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def french_messages(record) -> list[str]:
    problems = record.problems()
    assert all(p.message.startswith("«") or p.message[0].isupper() for p in problems)
    return [p.message for p in problems]


def saves_all_or_nothing(con, record, save, stored_as_typed, remove) -> None:
    """A record with problems is refused and changes nothing; one without is stored."""
    before = counts(con)
    if french_messages(record):
        with pytest.raises(ValidationError):
            save()
        assert counts(con) == before
        return
    save()
    assert stored_as_typed()
    remove()


def counts(con) -> tuple[int, ...]:
    return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for table in ("partner", "contact", "meeting", "action", "partner_tag"))


@SETTINGS
@given(name=TYPED, category=CATEGORY, territory=TYPED, notes=TYPED, signed=MAYBE_DATE,
       signatory=st.booleans(), contact_name=TYPED, email=TYPED, phone=TYPED,
       tags=st.lists(TYPED, max_size=4))
def test_partner_form_saves_all_or_nothing(base, name, category, territory, notes, signed,
                                           signatory, contact_name, email, phone, tags):
    con = base.con
    partner = Partner(name=name, category_code=category, territory=territory, notes=notes,
                      charter_signatory=signatory, charter_signed_on=signed)
    contact = Contact(full_name=contact_name, email=email, phone=phone)
    french_messages(partner)
    french_messages(contact)
    before = counts(con)
    try:
        partners.save(con, partner, [contact], tags)
    except ValidationError:
        assert counts(con) == before
        return
    except PexdeskError as error:  # anything else the core refuses is still French, and atomic
        assert counts(con) == before, error
        return
    stored = partners.find_by_name(con, name)
    assert (stored.name, stored.category_code, stored.notes) == (name, category, notes)
    [kept] = partners.contacts_of(con, stored.id)
    assert (kept.full_name, kept.email, kept.phone) == (contact_name, email, phone)
    partners.delete(con, stored.id)


@SETTINGS
@given(held_on=MAYBE_DATE, kind=st.sampled_from(["TECHNIQUE", "SOUS_CCAPEX", "PLENIERE"]) | TYPED,
       territory=TYPED, dossiers=NUMBER, opinions=NUMBER, notes=TYPED)
def test_meeting_form_saves_all_or_nothing(base, held_on, kind, territory, dossiers, opinions,
                                           notes):
    con = base.con
    meeting = Meeting(held_on=held_on, kind=kind, territory=territory,
                      dossiers_examined=dossiers, opinions_issued=opinions, notes=notes)
    saves_all_or_nothing(con, meeting, lambda: meetings.save(con, meeting, []),
                         lambda: meetings.all_meetings(con)[0].dossiers_examined == dossiers,
                         lambda: meetings.delete(con, meeting.id))

@SETTINGS
@given(title=TYPED, status=st.sampled_from(["A_LANCER", "EN_COURS", "REALISEE"]) | TYPED,
       progress=NUMBER, start=MAYBE_DATE, due=MAYBE_DATE, description=TYPED)
def test_action_form_saves_all_or_nothing(base, title, status, progress, start, due,
                                          description):
    con = base.con
    axis = roadmap.axes(con)[0].id
    action = Action(axis_id=axis, title=title, status=status, progress=progress,
                    start_on=start, due_on=due, description=description)
    saves_all_or_nothing(con, action, lambda: roadmap.save_action(con, action, []),
                         lambda: roadmap.actions(con)[0].progress == progress,
                         lambda: roadmap.delete_action(con, action.id))

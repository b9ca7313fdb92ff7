"""The base's profile: the one record every screen and bilan starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pexdesk.core.domain import rules
from pexdesk.core.domain.logo import logo_problem
from pexdesk.core.domain.record import Record, department_check, text_checks


@dataclass(kw_only=True)
class Profile(Record):
    """The base's one profile row: the ADIL, its département and the chargé(e) de mission
    the bilans name, and the logo their cover carries."""

    TABLE = "profile"
    LABELS = {"department_code": "Département", "adil_name": "ADIL",
              "officer_name": "Chargé(e) de mission", "mission_start": "Début de la mission",
              "mission_end": "Fin de la mission"}

    department_code: str
    adil_name: str
    officer_name: str = ""
    mission_start: date | None = None
    mission_end: date | None = None
    logo: bytes | None = field(default=None, repr=False, metadata={"added_in": 7})
    """The image file's bytes (PNG or JPEG), as chosen; None: no logo."""

    def problems(self, today=None):
        return self._collect(
            ("department_code", department_check(self.label("department_code"), self.department_code)),
            *text_checks(self, ("adil_name",), ("adil_name", "officer_name")),
            ("mission_start", rules.plausible_date(self.label("mission_start"), self.mission_start,
                                                   today=today)),
            ("mission_end", rules.plausible_date(self.label("mission_end"), self.mission_end,
                                                 today=today)),
            ("mission_end", rules.ordered_dates(self.label("mission_start"), self.mission_start,
                                                self.label("mission_end"), self.mission_end)),
            ("logo", None if self.logo is None else logo_problem(self.logo)),
        )

"""The five official axes of the chargé de mission's roadmap (shared/domain.md §2)."""

from __future__ import annotations

from typing import NamedTuple


class Axis(NamedTuple):
    code: str
    label: str
    description: str


OFFICIAL_AXES: tuple[Axis, ...] = (
    Axis("FR1_SUIVI", "Suivi mensuel du plan d'actions et des indicateurs",
         "Instruction du 26 avril 2021 : suivi mensuel du plan d'actions départemental."),
    Axis("FR2_BAILSOC", "Stratégies départementales avec les bailleurs sociaux",
         "Stratégies avec les bailleurs sociaux, notamment pour le relogement."),
    Axis("FR3_PRIVE", "Liens avec les agences immobilières et les propriétaires privés",
         "Agences immobilières, fédérations de propriétaires privés (FNAIM, UNIS, UNPI…)."),
    Axis("FR4_LOCAL", "Liens avec les communes et EPCI, déploiement des sous-CCAPEX",
         "Échelon communal et intercommunal ; déploiement des sous-CCAPEX."),
    Axis("FR5_DSF", "Appui au diagnostic social et financier",
         "Organisation du DSF (décret n° 2021-8) : opérateurs, circuits, formations."),
)

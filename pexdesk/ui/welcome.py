"""First-run screen: create a base, open one, or try the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeScreen(QWidget):
    create_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(self.tr("Bienvenue dans pexdesk"))
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr(
            "pexdesk rassemble le travail du chargé de mission Prévention des expulsions : "
            "partenaires, réunions CCAPEX, feuille de route, indicateurs, retours des "
            "partenaires et bilans pour la DDETS. Tout reste sur cet ordinateur, dans une "
            "seule base."))
        intro.setWordWrap(True)

        buttons = []
        for text, tip, signal in (
            (self.tr("Créer une nouvelle base…"),
             self.tr("Une base par département : vous choisirez le département et l'emplacement."),
             self.create_requested),
            (self.tr("Ouvrir une base existante…"),
             self.tr("Ouvrir un fichier de base pexdesk déjà créé."), self.open_requested),
            (self.tr("Découvrir avec la base de démonstration"),
             self.tr("Un département fictif, avec deux ans d'activité, pour essayer sans risque."),
             self.demo_requested),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
            button.setAutoDefault(True)  # Enter presses the focused choice, as in a dialog
            button.clicked.connect(signal.emit)
            buttons.append(button)
        self.create_button, self.open_button, self.demo_button = buttons
        self.setFocusProxy(self.create_button)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(16)
        for button in buttons:
            column.addWidget(button)
        column.addStretch()
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(620)
        outer = QVBoxLayout(self)
        outer.addSpacing(40)
        outer.addWidget(holder, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch()

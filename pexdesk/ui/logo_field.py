"""The « Logo » row of the profile dialog: the logo as the cover will show it, « Choisir… »
and « Retirer ».

The field holds the logo the core keeps of the chosen file (upright, reduced) until the
dialog saves it with the rest of the profile. A file is checked by the core as soon as it is
chosen, so that a refusal shows under the row while the user still knows which file it was;
a refused file changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImageIOHandler, QImageReader, QPixmap
from PySide6.QtWidgets import (QApplication, QFileDialog, QFrame, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from pexdesk.core.domain.logo import read_logo
from pexdesk.core.errors import ValidationError
from pexdesk.core.formatting import format_number

BOX_LINES = 4
"""The preview's height in lines of text: it grows with the font and the screen's scale."""
BOX_RATIO = 45 / 25
"""The preview's width to its height: those of the logo's box on the cover."""


class LogoField(QWidget):
    changed = Signal()
    refused = Signal(str)
    """A chosen file the core refused, with its French reason; the logo is unchanged."""

    def __init__(self, logo: bytes | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.logo = logo
        self.preview = QLabel()
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName(self.tr("Aperçu du logo"))
        height = BOX_LINES * self.fontMetrics().height()
        self.preview.setFixedSize(QSize(round(height * BOX_RATIO), height))
        self.choose_button = QPushButton(self.tr("C&hoisir…"))
        self.choose_button.setAccessibleName(self.tr("Choisir le logo"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("&Retirer"))
        self.remove_button.setAccessibleName(self.tr("Retirer le logo"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch()
        self.setFocusProxy(self.choose_button)  # the label's Alt+L leads to « Choisir… »
        self._show()

    def choose(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choisir le logo de l'ADIL"), start,
            self.tr("Images PNG ou JPEG (*.png *.jpg *.jpeg);;Tous les fichiers (*)"))
        if not path:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a 5,000-pixel scan: 0.5 s
        try:
            logo = read_logo(path)
        except ValidationError as error:
            self.refused.emit(str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._set(logo)

    def remove(self) -> None:
        self._set(None)
        self.choose_button.setFocus()  # « Retirer » is now disabled

    def _set(self, logo: bytes | None) -> None:
        self.logo = logo
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.remove_button.setEnabled(self.logo is not None)
        self.preview.clear()
        if self.logo is None:
            self.preview.setText(self.tr("Aucun logo"))
            self.preview.setAccessibleDescription(self.tr("Aucun logo"))
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(self.logo))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        # Upright as the bilans print it, a logo kept before pexdesk turned it so included.
        reader.setAutoTransform(True)
        turned = bool(reader.transformation()
                      & QImageIOHandler.Transformation.TransformationRotate90)
        size = reader.size().transposed() if turned else reader.size()
        # Drawn at the screen's own resolution: sharp at 150 %.
        ratio = self.devicePixelRatioF()
        room = self.preview.contentsRect().size() * ratio
        shown = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(shown.transposed() if turned else shown)  # scaled, then turned
        image = reader.read()
        image.setDevicePixelRatio(ratio)
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.preview.setAccessibleDescription(self.tr("Image de {0} × {1} pixels").format(
            format_number(size.width()), format_number(size.height())))

"""The settings dialog: edits a copy of the Settings; the window saves and applies it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import autostart
from app.core.editor import default_command
from app.core.errors import KenningError
from app.core.files.rules import SECRET_PATTERNS
from app.core.settings import Settings, Theme
from app.gui.hotkeys.base import HotkeyStatus, quick_command
from app.gui.widgets import plain_label

THEME_LABELS = {Theme.SYSTEM: "Follow the system", Theme.LIGHT: "Light", Theme.DARK: "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, tray_available: bool,
                 parent: QWidget | None = None, hotkey_status: HotkeyStatus | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kenning settings")
        self.setObjectName("settings_dialog")
        self._settings = settings

        self.model_path = QLineEdit(settings.model_path, self)
        self.model_path.setObjectName("model_path")
        self.model_path.setPlaceholderText("the bundled all-MiniLM-L6-v2")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse_model)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_path, 1)
        model_row.addWidget(browse)

        self.use_bias = QCheckBox("Apply the learned query bias (when the index has one)", self)
        self.use_bias.setObjectName("use_bias")
        self.use_bias.setChecked(settings.use_bias)
        self.editor_command = QLineEdit(settings.editor_command, self)
        self.editor_command.setObjectName("editor_command")
        self.editor_command.setPlaceholderText(f"automatic: {default_command() or 'system'}")
        self.ignore_patterns = QPlainTextEdit("\n".join(settings.ignore_patterns), self)
        self.ignore_patterns.setObjectName("ignore_patterns")
        self.ignore_patterns.setPlaceholderText("One gitignore-style pattern per line, "
                                                "e.g. fixtures/ or *.generated.ts")
        self.ignore_patterns.setFixedHeight(90)
        # Likely secrets are left out always, whatever the ignore patterns say: shown
        # so the user knows (and can see a key file of theirs is among them).
        self.secret_patterns = self._note("Likely secrets, always: " + "  ".join(SECRET_PATTERNS))
        self.secret_patterns.setObjectName("secret_patterns")
        self.secret_patterns.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hotkey = QKeySequenceEdit(QKeySequence(settings.hotkey), self)
        self.hotkey.setObjectName("hotkey")
        self.hotkey_status = self._note(
            hotkey_status.describe() if hotkey_status
            else "No desktop-wide hotkey: only inside this window.")
        self.hotkey_status.setObjectName("hotkey_status")
        self.hotkey_status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        active = hotkey_status is not None and hotkey_status.active
        self.quick_command = QLineEdit(quick_command(), self)
        self.quick_command.setObjectName("quick_command")
        self.quick_command.setReadOnly(True)
        copy = QPushButton("Copy", self)
        copy.setObjectName("copy_quick_command")
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.quick_command.text()))
        command_row = QHBoxLayout()
        command_row.addWidget(self.quick_command, 1)
        command_row.addWidget(copy)
        self.theme = QComboBox(self)
        self.theme.setObjectName("theme")
        for theme, label in THEME_LABELS.items():
            self.theme.addItem(label, theme.value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.max_results = QSpinBox(self)
        self.max_results.setObjectName("max_results")
        self.max_results.setRange(1, 500)
        self.max_results.setValue(settings.max_results)
        self.tray_icon = QCheckBox("Show an icon in the system tray", self)
        self.tray_icon.setObjectName("tray_icon")
        self.tray_icon.setChecked(settings.tray_icon)
        self.close_to_tray = QCheckBox(
            "Closing the window keeps Kenning running (and indexing) in the tray", self)
        self.close_to_tray.setObjectName("close_to_tray")
        self.close_to_tray.setChecked(settings.close_to_tray)
        self.autostart = QCheckBox(
            "Start Kenning when I log in (in the tray, keeping the folders up to date)", self)
        self.autostart.setObjectName("autostart")
        self.autostart.setChecked(autostart.is_enabled())
        if not autostart.supported():
            self.autostart.setEnabled(False)
            self.autostart.setToolTip("Not available on this system yet")
        # The entry file is the setting itself (see app.core.autostart): OK writes it here.
        self.accepted.connect(self.apply_autostart)
        if not tray_available:
            for box in (self.tray_icon, self.close_to_tray):
                box.setEnabled(False)
                box.setToolTip("This desktop has no system tray")

        form = QFormLayout()
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("Model file", model_row),
            ("", self._note("Used from the next start. A different model needs a rebuilt "
                            "index: kenning index --rebuild PATH")),
            ("Bias", self.use_bias),
            ("Editor command", self.editor_command),
            ("", self._note("{path} and {line} are filled in, e.g. code -g {path}:{line} "
                            "or vim +{line} {path}. Empty: $VISUAL/$EDITOR, else the "
                            "system's default.")),
            ("Ignore patterns", self.ignore_patterns),
            ("", self._note("Applied from the next indexing or re-index.")),
            ("Never indexed", self.secret_patterns),
            ("Quick-search hotkey", self.hotkey),
            ("", self.hotkey_status),
            ("", self._note("The same from a script or your desktop's own shortcut:" if active
                            else "Bind this command to a key in your desktop's keyboard "
                                 "settings (there, it works everywhere):")),
            ("", command_row),
            ("Theme", self.theme),
            ("Results shown", self.max_results),
            ("Tray", self.tray_icon),
            ("", self.close_to_tray),
            ("Login", self.autostart),
        ]
        for label, field in rows:
            form.addRow(plain_label(label, self), field)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.buttons = buttons

    def _note(self, text: str) -> QWidget:
        return plain_label(text, self, wrap=True, point_delta=-1)

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a GGUF embedding model",
                                              self.model_path.text(), "GGUF models (*.gguf)")
        if path:
            self.model_path.setText(path)

    def apply_autostart(self) -> None:
        """Write or remove the login autostart entry when the box was changed."""
        wanted = self.autostart.isChecked()
        if not self.autostart.isEnabled() or wanted == autostart.is_enabled():
            return
        try:
            autostart.set_enabled(wanted)
        except KenningError as exc:
            QMessageBox.warning(self.parentWidget(), "Kenning", str(exc))

    def edited(self) -> Settings:
        """A copy of the settings with the dialog's values."""
        patterns = [line.strip() for line in self.ignore_patterns.toPlainText().splitlines()
                    if line.strip()]
        return replace(
            self._settings, model_path=self.model_path.text().strip(),
            use_bias=self.use_bias.isChecked(),
            editor_command=self.editor_command.text().strip(), ignore_patterns=patterns,
            hotkey=self.hotkey.keySequence().toString(QKeySequence.PortableText)
            or self._settings.hotkey,
            theme=self.theme.currentData(), max_results=self.max_results.value(),
            tray_icon=self.tray_icon.isChecked(), close_to_tray=self.close_to_tray.isChecked())

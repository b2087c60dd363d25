"""The keypad: a whole visit by keys alone, each move spoken, and no key getting out of the kiosk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from typing_extensions import override

from kiosk.config import Config, KeypadConfig
from kiosk.keys import KEY_NAMES
from kiosk.ui.keypad import Keypad
from kiosk.ui.keypad_gate import KeypadGate, key_codes
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import KioskFactory

UP, DOWN, ENTER, BACK, HELP = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Return,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_F1,
)


class KeyProbe(QObject):
    """Counts key events that reach a widget itself: with the keypad and lockdown in place, none should."""

    def __init__(self) -> None:
        super().__init__()
        self.reached: list[tuple[str, int]] = []

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Shortcut):
            self.reached.append((watched.objectName(), event.type().value))
        return False


def keypad_of(behaviour: object) -> Keypad:
    gate = getattr(behaviour, "keypad", None)
    assert isinstance(gate, KeypadGate)
    return gate.keypad


class Visit:
    """Presses keys on the kiosk window and keeps what the keypad said."""

    def __init__(self, qtbot: QtBot, window: KioskWindow, keypad: Keypad) -> None:
        self.qtbot, self.window, self.keypad = qtbot, window, keypad
        self.said: list[tuple[str, str]] = []
        keypad.said.connect(lambda words, language: self.said.append((words, language)))

    def press(self, key: Qt.Key, times: int = 1) -> str:
        for _ in range(times):  # to the native window, as a real key press arrives (then to the widgets)
            QTest.keyClick(self.window.windowHandle(), key)
        return self.said[-1][0] if self.said else ""

    def press_until(self, key: Qt.Key, words: str, limit: int = 80) -> str:
        for _ in range(limit):
            said = self.press(key)
            if said.startswith(words):
                return said
        raise AssertionError(f"never reached {words!r}; last said {self.said[-3:]}")


def outline_surrounds(keypad: Keypad, widget: QWidget) -> bool:
    frame = keypad.frame.geometry()
    where = widget.mapTo(keypad.window, widget.rect().topLeft())
    return keypad.frame.isVisible() and frame.contains(where) and frame.width() > widget.width()


def test_a_whole_visit_by_keys_alone(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    keypad = keypad_of(behaviour)
    probe = KeyProbe()
    watched = [window, window.welcome, window.reader, window.reader.toolbar, *window.reader.views]
    for widget in watched:
        widget.installEventFilter(probe)
    visit = Visit(qtbot, window, keypad)
    features: list[str] = []
    window.feature_used.connect(lambda feature, _value: features.append(feature))

    # The first key on the welcome screen: the introduction, in the pack's language, in a real (mock) voice.
    with qtbot.waitSignal(keypad.speaker.state_changed, timeout=5000):
        said = visit.press(DOWN)
    assert said == (
        "This kiosk explains: Sacroiliac joint fusion: what to know. Use up and down to move, Enter to choose,"
        " Back to go back, and Help at any time."
    )
    assert visit.said[-1][1] == "en" and window.current_screen() is window.welcome
    assert window.visit.by_keys and features == ["keypad"]
    assert visit.press(DOWN) == "Start, button, 1 of 3"
    assert outline_surrounds(keypad, window.welcome.invitation)
    assert visit.press(DOWN) == "English, button, selected, 2 of 3"
    assert visit.press(DOWN) == "Español, button, 3 of 3"
    assert outline_surrounds(keypad, window.welcome.language_buttons["es"])

    # Choose Spanish: the introduction again in Spanish, then the reader's first tab; all in Spanish from now.
    said = visit.press(ENTER)
    assert said.startswith("Este quiosco explica: Fusión de la articulación sacroilíaca: lo que debe saber. Use")
    assert said.endswith("Ayuda en cualquier momento. Qué es, pestaña, seleccionado, 1 de 6")
    assert window.current_screen() is window.reader and window.language == "es"
    assert visit.said[-1][1] == "es"
    tabs = window.reader.tabs.buttons()
    assert outline_surrounds(keypad, tabs[0])
    assert [visit.press(DOWN) for _ in range(3)] == [
        "La cirugía, pestaña, 2 de 6",
        "Beneficios, pestaña, 3 de 6",
        "Riesgos, pestaña, 4 de 6",
    ]
    assert outline_surrounds(keypad, tabs[3])

    # Enter opens Risks and starts reading it at its title; each Down reads the next part, scrolling to it.
    said = visit.press(ENTER)
    assert window.visit.page == "risks" and tabs[3].isChecked()
    assert said == "¿Cuáles son los riesgos de la fusión sacroilíaca?, título, 1 de " + said.rsplit(" de ", 1)[1]
    view = window.reader.current_view()
    assert view is not None and view.page_id == "risks"
    assert keypad.frame.isVisible() and view.viewport().geometry().isValid()
    parts = [visit.press(DOWN) for _ in range(12)]
    assert parts[0].endswith("2 de " + said.rsplit(" de ", 1)[1]) and len(set(parts)) == 12
    assert view.verticalScrollBar().value() > 0  # reading went on below the first screenful
    frame = keypad.frame.geometry()
    port = view.viewport()
    assert frame.intersects(type(frame)(port.mapTo(window, port.rect().topLeft()), port.size()))

    # Help says where the patient is and what the keys do.
    help_words = visit.press(HELP)
    assert help_words.startswith("Está en ") and "en la página Riesgos" in help_words

    # Back returns to the page's tab; two more tabs down is Questions, whose checklist rows tick with Enter.
    assert visit.press(BACK) == "Riesgos, pestaña, seleccionado, 4 de 6"
    assert visit.press(DOWN, 2) == "Preguntas, pestaña, 6 de 6"
    visit.press(ENTER)
    row = next(said for said in (visit.press(DOWN) for _ in range(80)) if ", casilla, Sin marcar, " in said)
    assert window.visit.ticked == frozenset()
    ticked = visit.press(ENTER)
    assert ticked == row.replace("Sin marcar", "Marcada")
    assert len(window.visit.ticked) == 1 and next(iter(window.visit.ticked))[0] == "questions"
    assert window.reader.toolbar.my_questions_button.isVisible()

    # Back to the tab, then on to Start over in the toolbar: the next patient finds the welcome screen.
    assert visit.press(BACK) == "Preguntas, pestaña, seleccionado, 6 de 6"
    start_over = visit.press_until(DOWN, "Volver al inicio, botón")
    assert start_over == f"Volver al inicio, botón, 1 de {len(window.reader.toolbar.shown())}"
    assert outline_surrounds(keypad, window.reader.toolbar.start_over_button)
    # A question is ticked, so the kiosk asks first, keeping the list as the first choice.
    assert visit.press(ENTER) == (
        "¿Volver al inicio? Se borrarán sus preguntas y respuestas. Conservarlas, botón, 1 de 2"
    )
    assert visit.press(DOWN) == "Borrar y volver al inicio, botón, 2 de 2"
    visit.press(ENTER)
    assert window.current_screen() is window.welcome
    assert window.language == "en" and window.visit.ticked == frozenset() and not keypad.frame.isVisible()
    assert not window.visit.by_keys and features.count("keypad") == 1
    assert visit.press(DOWN).startswith("This kiosk explains:")  # a new visit starts with the introduction

    # Not one key reached a widget: the keypad took its own, lockdown all others.
    assert probe.reached == []
    assert window.isFullScreen() and [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]


def test_other_keys_stay_swallowed_and_the_probe_would_see_them(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    visit = Visit(qtbot, window, keypad_of(behaviour))
    probe = KeyProbe()
    window.installEventFilter(probe)
    assert behaviour.lockdown is not None
    before = behaviour.lockdown.swallowed
    for key, modifier in [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier),  # a keypad key held with Ctrl is not the keypad's
        (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
    ]:
        qtbot.keyClick(window, key, modifier)
    assert visit.said == [] and probe.reached == [] and behaviour.lockdown.swallowed > before
    assert window.current_screen() is window.welcome and window.isFullScreen()


def test_without_lockdown_the_keypad_still_takes_its_own_keys(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk(lock_down=False)
    visit = Visit(qtbot, window, keypad_of(behaviour))
    probe = KeyProbe()
    window.installEventFilter(probe)
    visit.press(DOWN)
    assert probe.reached == [] and visit.said
    # The probe counts what it is given (a key that got past the app's filters would be given to it).
    probe.eventFilter(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
    assert probe.reached == [("KioskWindow", QEvent.Type.KeyPress.value)]


def test_my_questions_card_by_keys_and_back_returns_to_its_button(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    keypad = keypad_of(behaviour)
    visit = Visit(qtbot, window, keypad)
    window.show_reader()
    window.set_visit(window.visit.toggle_tick("questions", 0))
    visit.press(DOWN)  # the first key on the reader: its first tab
    said = visit.press_until(UP, "My questions (1), button")
    visit.press(ENTER)
    overlay = window.activities.my_questions
    assert overlay is not None and overlay.isVisible()
    assert visit.said[-1][0] == (  # the card is read as a dialog is, then the first button
        "My questions for my care team. Questions to ask. Why do you think my pain comes from my SI joint?"
        " Show this list to your care team at your next visit. Show as QR code, button, 1 of 2"
    )
    card = [visit.press(DOWN) for _ in range(4)]
    # The card's words, one stop each: its title, the group's title, the question (a row a line), the hint.
    assert card[0] == "Close, button, 2 of 2" and card[1] == "My questions for my care team., 1 of 4"
    assert card[2:] == ["Questions to ask., 2 of 4", "Why do you think my pain comes from my SI joint?, 3 of 4"]
    assert keypad.frame.isVisible() and keypad.frame.geometry().intersects(overlay.card.geometry())
    assert visit.press(BACK) == said and not overlay.isVisible()


def test_still_reading_is_spoken_to_keypad_users_and_any_key_stays(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    keypad = keypad_of(behaviour)
    visit = Visit(qtbot, window, keypad)
    behaviour.idle.idle.emit()  # before any key: nobody is there, back to the start quietly
    assert visit.said == []
    visit.press(DOWN)
    visit.press(ENTER, 2)  # Start, then the first tab: reading
    assert window.current_screen() is window.reader
    behaviour.idle.idle.emit()
    assert window.overlays.is_open("prompt")
    assert visit.said[-1][0].startswith("Still reading? This screen will start over in ")
    assert visit.said[-1][0].endswith(" seconds. Press Enter to stay.")
    visit.press(DOWN)
    assert not window.overlays.is_open("prompt") and window.current_screen() is window.reader


def test_help_on_the_welcome_screen_and_the_keys_from_kiosk_toml(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    config = Config(keypad=KeypadConfig(up=("8",), down=("2",), enter=("5",), back=("Escape",), help=("H",)))
    window, behaviour = make_kiosk(config=config)
    visit = Visit(qtbot, window, keypad_of(behaviour))
    assert visit.press(Qt.Key.Key_Down) == ""  # the arrow keys are not this keypad's
    assert visit.press(Qt.Key.Key_2).startswith("This kiosk explains:")
    assert visit.press(Qt.Key.Key_2) == "Start, button, 1 of 3"
    assert visit.press(Qt.Key.Key_H) == (
        "You are on Start, button, in the welcome screen. Up and down move from item to item. Enter chooses."
        " Back goes back. Help says this again."
    )
    assert visit.press(Qt.Key.Key_5).endswith("tab, selected, 1 of 6")
    last = len(window.reader.toolbar.shown())
    assert visit.press(Qt.Key.Key_8).endswith(f", button, {last} of {last}")  # up from the first tab: the last
    assert visit.press(Qt.Key.Key_Escape) == "What it is, tab, selected, 1 of 6"  # back: to the page's tab


def test_every_key_name_kiosk_toml_accepts_is_a_qt_key() -> None:
    for name in KEY_NAMES:
        assert isinstance(getattr(Qt.Key, f"Key_{name}"), Qt.Key), name
    assert key_codes(KeypadConfig())[Qt.Key.Key_Enter.value] == "enter"


def test_every_control_has_an_accessible_name_and_role(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    window.show_reader()
    window.set_language("es")
    for open_card in (window.activities.open_matters, window.activities.open_quiz, window.prompt.open):
        open_card()  # every card's buttons too (each is made when first opened)
    assert window.staff is not None and window.activities.quiz is not None
    QApplication.processEvents()
    names: dict[str, tuple[str, QAccessible.Role]] = {}
    for button in window.findChildren(TouchButton):
        if button.isHidden():  # not offered now (a quiz's fourth answer, Stop while silent): not exposed
            continue
        face = QAccessible.queryAccessibleInterface(button)
        assert face is not None
        name = face.text(QAccessible.Text.Name)
        assert name and not any(symbol in name for symbol in "↺◐▶❚■✓♡✎▲▼"), (button.objectName(), name)
        names[button.objectName()] = (name, face.role())
    assert names["Smaller"][0] == "Texto más pequeño" and names["Larger"][0] == "Texto más grande"
    assert names["StartOver"] == ("Volver al inicio", QAccessible.Role.Button)
    assert names["ScrollUp"][0] == "Subir" and names["tab-risks"][0] == "Riesgos"
    assert names["tab-risks"][1] in (QAccessible.Role.Button, QAccessible.Role.CheckBox)
    view = window.reader.current_view()
    assert view is not None
    face = QAccessible.queryAccessibleInterface(view)
    assert face is not None and face.text(QAccessible.Text.Name) == "Qué es"


def test_a_keypad_turned_off_leaves_every_key_to_lockdown(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk(config=Config(keypad=KeypadConfig(enabled=False)))
    assert behaviour.keypad is None and behaviour.lockdown is not None
    before = behaviour.lockdown.swallowed
    QTest.keyClick(window.windowHandle(), DOWN)
    QTest.keyClick(window.windowHandle(), ENTER)
    assert behaviour.lockdown.swallowed > before
    assert window.current_screen() is window.welcome and not window.visit.by_keys


def test_what_matters_card_is_read_and_answered_by_keys(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    visit = Visit(qtbot, window, keypad_of(behaviour))
    window.show_reader()
    visit.press(DOWN)
    visit.press_until(UP, "What matters to me, button")
    opened = visit.press(ENTER)
    assert opened.startswith("1 of 6. What matters most to you? ")
    assert opened.endswith("Getting relief from my pain, even if some pain stays. Not at all, button, 1 of 4")
    assert visit.press(DOWN, 2) == "A lot, button, 3 of 4"
    answered = visit.press(ENTER)  # the answer goes into the visit, and the next statement is read
    assert [level.value for _, level in window.visit.matters.levels] == ["a_lot"]
    assert answered.startswith("2 of 6. What matters most to you? ") and answered.endswith(", button, 3 of 6")
    assert visit.press(BACK).startswith("What matters to me, button, ")
    assert window.activities.matters is not None and not window.activities.matters.isVisible()


def test_the_outline_is_at_least_3_px_and_grows_with_the_text(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    keypad = keypad_of(behaviour)
    visit = Visit(qtbot, window, keypad)
    visit.press(DOWN, 2)
    small = keypad.frame.width_px
    window.set_visit(window.visit.step_text(4))  # 200 %
    visit.press(DOWN)
    assert small >= 3 and keypad.frame.width_px >= 2 * small - 1
    assert keypad.frame.outer.name() == window.palette_now.focus


def test_the_resting_screen_says_why(qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path) -> None:
    window, behaviour = make_kiosk(tmp_path)  # no pack at all: the kiosk rests
    visit = Visit(qtbot, window, keypad_of(behaviour))
    assert window.current_screen() is window.resting
    assert visit.press(DOWN) == "This screen is resting., 1 of 2"
    assert visit.press(DOWN) == "Please ask a member of staff for help., 2 of 2"


def test_the_keypad_is_made_on_its_first_key_and_the_first_frame_does_without_it(
    qtbot: QtBot, make_kiosk: KioskFactory
) -> None:
    """Most visits never touch a key: the keypad's code waits for the first keypad key, which still counts."""
    window, behaviour = make_kiosk()
    gate = behaviour.keypad
    assert isinstance(gate, KeypadGate) and not gate.made
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)  # not a keypad key: lockdown's, and no keypad made
    assert not gate.made and not window.visit.by_keys
    QTest.keyClick(window.windowHandle(), DOWN)
    assert gate.made and window.visit.by_keys  # the first key did what a first key does

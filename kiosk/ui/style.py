"""Qt style sheets and the page stylesheet, made from the palette and the screen metrics."""

from __future__ import annotations

import math

from kiosk.palette import Palette
from kiosk.ui.metrics import Metrics


def window_qss(p: Palette, m: Metrics) -> str:
    ui = m.ui_px()
    radius = m.px(2.5)
    border = max(2, m.px(0.6))
    return f"""
    QLabel, QPushButton {{ font-family: "{m.family}"; }}
    QWidget#KioskWindow, QWidget#WelcomeScreen, QWidget#RestingScreen, QWidget#ReadingScreen,
    QWidget#TopicListScreen, QWidget#TopicCards {{
        background: {p.background}; color: {p.text};
    }}
    QWidget#TabBar, QWidget#Toolbar, QWidget#TopicBar {{ background: {p.surface}; }}
    QLabel#TopicName {{ color: {p.heading}; font-size: {ui}px; font-weight: 700; }}
    QPushButton {{
        background: {p.control}; color: {p.on_control};
        border: {border}px solid {p.border}; border-radius: {radius}px;
        font-size: {ui}px; padding: {m.px(1.5)}px {m.px(1.5)}px;
        min-width: {m.target}px; min-height: {m.target}px;
    }}
    QPushButton#StartOver, QPushButton#AllTopics {{ min-width: {m.target * 2}px; }}
    QPushButton[role="language"] {{ min-width: {m.target * 3}px; }}
    QPushButton:pressed {{ background: {p.surface}; }}
    QPushButton:checked {{ background: {p.accent}; color: {p.on_accent}; border-color: {p.accent}; }}
    QPushButton:disabled {{ color: {p.border}; border-style: dashed; }}
    QLabel#ButtonLabel {{ color: {p.on_control}; background: transparent; font-size: {ui}px; }}
    QLabel#ButtonLabel[checked="true"] {{ color: {p.on_accent}; font-weight: 700; }}
    QLabel#ButtonLabel:disabled {{ color: {p.border}; }}
    QLabel#Invitation {{ color: {p.on_accent}; background: {p.accent}; border-radius: {m.px(8)}px;
                         padding: {m.px(5)}px {m.px(12)}px; }}
    QLabel#WelcomeTitle {{ color: {p.heading}; }}
    QFrame#Card {{ background: {p.background}; border: {border}px solid {p.border};
                   border-radius: {radius * 2}px; }}
    QFrame#Card QLabel {{ color: {p.text}; }}
    QScrollArea#TopicArea {{ background: {p.background}; border: none; }}
    QPushButton#TopicCard {{ background: {p.control}; border: {border}px solid {p.border};
                             border-radius: {radius * 2}px; text-align: left; }}
    QPushButton#TopicCard:pressed {{ background: {p.surface}; }}
    QPushButton#TopicCard QLabel {{ color: {p.on_control}; background: transparent; padding: 0; }}
    QPushButton#TopicCard QLabel#Hint {{ color: {p.muted}; font-style: italic; }}
    QLabel#GroupHeading {{ color: {p.heading}; }}
    QLabel#PromptTitle {{ color: {p.heading}; }}
    QPushButton#PrimaryButton {{ background: {p.accent}; border-color: {p.accent}; min-width: {m.target * 4}px;
                                 min-height: {round(m.target * 1.3)}px; }}
    QPushButton#PrimaryButton QLabel#ButtonLabel {{ color: {p.on_accent}; font-weight: 700; }}
    QPushButton#DangerButton {{ border-color: {p.alert}; }}
    QPushButton#DangerButton QLabel#ButtonLabel {{ color: {p.alert}; }}
    QScrollArea {{ background: {p.surface}; border: 1px solid {p.border}; }}
    QScrollArea QLabel {{ background: {p.surface}; padding: {m.px(2)}px; }}
    QWidget#AccentRule {{ background: {p.accent}; }}
    QLabel {{ color: {p.text}; }}
    QLabel#Hint {{ color: {p.muted}; font-size: {ui}px; }}
    QTextBrowser {{ background: {p.background}; color: {p.text}; border: none;
                    selection-background-color: {p.highlight}; selection-color: {p.on_highlight}; }}
    """


# Qt's proportional line height is a share of the font's own line spacing (1.3 em for Atkinson
# Hyperlegible Next), so 115 % gives lines about 1.5 em apart, as WCAG 1.4.12 suggests.
LINE_HEIGHT_PERCENT = 115


def page_css(p: Palette, m: Metrics) -> str:
    from kiosk.ui.following import ReadingColours, reading_colours_css  # the reading screen's: after the first
    from kiosk.ui.icons import IconColours, icon_colours_css  # frame (page_css is not needed before it)

    body = m.body_px()
    pad = m.px(4)
    # Headings stand out by less as the text grows: at 200 % the body text is already large, and a title
    # 1.3 times it took half of a short screen (1366 x 768) before a line of text. Bold and colour still mark
    # them: 1.6, 1.4, 1.27, 1.15 times the text at 100, 125, 150 and 200 %.
    h1, h2, h3 = (1 + extra / m.scale**2 for extra in (0.6, 0.3, 0.1))
    # A checklist row is tapped to tick it: with its margins a one-line row is as tall as a button.
    # Qt lets a row's margins overlap its neighbour's, so each margin alone makes up the height: a tap on
    # either side goes to the nearer row.
    tick_gap = max(round(body * 0.35), math.ceil(m.target - body * 1.1) + 2)
    return f"""
    body, p, li, td, th {{ color: {p.text}; }}
    body, p, li, td {{ line-height: {LINE_HEIGHT_PERCENT}%; }}
    h1 {{ color: {p.heading}; font-size: {round(body * h1)}px; font-weight: 700;
          margin-top: 0; margin-bottom: {round(body * 0.6)}px; line-height: 100%; }}
    h2 {{ color: {p.heading}; font-size: {round(body * h2)}px; font-weight: 700;
          margin-top: {round(body * 1.1)}px; margin-bottom: {round(body * 0.4)}px; line-height: 105%; }}
    h3 {{ color: {p.heading}; font-size: {round(body * h3)}px; font-weight: 700;
          margin-top: {round(body * 0.9)}px; margin-bottom: {round(body * 0.3)}px; }}
    p {{ margin-top: 0; margin-bottom: {round(body * 0.7)}px; }}
    li {{ margin-bottom: {round(body * 0.35)}px; }}
    ul.checklist {{ list-style-type: none; margin-left: 0; }}
    ul.checklist li {{ margin-top: {tick_gap}px; margin-bottom: {tick_gap}px; }}
    a {{ color: {p.link}; text-decoration: underline; }}
    a.external {{ color: {p.text}; text-decoration: none; font-style: italic; }}
    table.callout {{ border-style: solid; border-width: {max(3, m.px(1))}px; border-collapse: collapse;
                     margin-top: {round(body * 0.4)}px; margin-bottom: {round(body * 0.9)}px; }}
    table.callout td {{ padding: {pad}px; }}
    table.note {{ background-color: {p.note_bg}; border-color: {p.note_border}; }}
    table.warning {{ background-color: {p.warning_bg}; border-color: {p.warning_border}; }}
    table.tip {{ background-color: {p.tip_bg}; border-color: {p.tip_border}; }}
    p.callout-title {{ font-weight: 700; margin-bottom: {round(body * 0.3)}px; }}
    table.data {{ border-style: solid; border-width: 1px; border-color: {p.border}; border-collapse: collapse;
                  margin-bottom: {round(body * 0.9)}px; }}
    table.data th, table.data td {{ padding: {m.px(2)}px; border-style: solid; border-width: 1px;
                                    border-color: {p.border}; }}
    table.data th {{ background-color: {p.surface}; }}
    span.missing-picture {{ color: {p.alert}; font-style: italic; }}
    p.figure, p.icons-figure {{ line-height: 100%; }}  /* 115 % of a picture's height is a gap under it */
    p.figure {{ margin-top: {round(body * 0.4)}px; margin-bottom: {round(body * 0.9)}px; }}
    span.caption {{ color: {p.text}; font-style: italic; }}
    table.icons {{ border-style: solid; border-width: {max(3, m.px(1))}px; border-color: {p.border};
                   border-collapse: collapse; background-color: {p.background};
                   margin-top: {round(body * 0.4)}px; margin-bottom: {round(body * 0.9)}px; }}
    table.icons td {{ padding: {pad}px; }}
    p.icons-figure {{ margin-bottom: {round(body * 0.3)}px; }}
    p.icons-count {{ color: {p.icon_on}; font-weight: 700;
                     margin-bottom: 0; }}
    {icon_colours_css(IconColours(p.icon_on, p.icon_off, p.background))}
    {reading_colours_css(ReadingColours(p.reading, p.accent))}
    div.footer {{ color: {p.muted}; font-size: {max(round(body * 0.72), m.ui_px())}px; }}
    hr {{ margin-top: {body}px; }}
    """


def chrome_qss(m: Metrics) -> str:
    """The sizes `window_qss` gives buttons and hints, for `m`: the reading screen's tabs and toolbar, closed up
    on a screen too short for them at their full size (kiosk/ui/chrome_fit.py). Colours stay the window's."""
    ui, target = m.ui_px(), m.target
    return f"""
    QPushButton {{ font-size: {ui}px; padding: {m.px(m.gap_mm / 2)}px; min-width: {target}px;
                   min-height: {target}px; }}
    QPushButton#StartOver, QPushButton#AllTopics {{ min-width: {target * 2}px; }}
    QLabel#ButtonLabel, QLabel#Hint {{ font-size: {ui}px; }}
    QLabel#TopicName {{ font-size: {ui}px; }}
    """

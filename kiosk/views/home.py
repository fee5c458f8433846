"""Home: departments, then their services, as large paged tiles with live waiting counts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.controller import Snapshot
from kiosk.theme import Theme
from kiosk.views.texts import Texts
from kiosk.views.widgets import NoticeLabel, Tile, button, label
from shared.services.results import ServiceStatus


class HomePage(QWidget):
    """Departments first (skipped when there is one), then the services of the one chosen."""

    service_chosen = Signal(str)
    checkin_requested = Signal()
    priority_requested = Signal()
    language_toggled = Signal()
    elder_toggled = Signal()
    department_opened = Signal(str)

    def __init__(self, theme: Theme, portrait: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.portrait = portrait
        self.lang = "zh"
        self.snap: Snapshot | None = None
        self.department: str | None = None
        self.page = 0
        self.priority = False
        self.texts = Texts(self)
        self.tiles: dict[str, Tile] = {}
        self._layout: tuple[list[str], int, int] | None = None  # what the grid holds now

        self.hall = label(role="title")
        self.lang_button = button("lang")
        self.elder_button = button("elder")
        self.lang_button.clicked.connect(self.language_toggled)
        self.elder_button.clicked.connect(self.elder_toggled)
        top = QHBoxLayout()
        top.addWidget(self.hall, 1)
        top.addWidget(self.lang_button)
        top.addWidget(self.elder_button)

        self.prompt = label(role="title", center=True)
        self.banner = label(role="small", center=True)
        self.banner.setStyleSheet(f"color: white; background: {theme.green}; padding: 8px;")
        self.back = button("back")
        self.back.clicked.connect(self.show_departments)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.prev = button("prev")
        self.next = button("next")
        self.page_label = label(center=True)
        self.prev.clicked.connect(lambda: self._turn(-1))
        self.next.clicked.connect(lambda: self._turn(1))
        # The hall's notice sits under the page number, between the paging buttons, so
        # the page keeps its height (1080 pixels in landscape) whatever the notice says.
        self.notice = NoticeLabel(role="small")
        middle = QVBoxLayout()
        middle.addWidget(self.page_label)
        middle.addWidget(self.notice)
        pager = QHBoxLayout()
        pager.addWidget(self.back)
        pager.addWidget(self.prev)
        pager.addLayout(middle, 1)
        pager.addWidget(self.next)

        self.checkin = button("checkin", "primary")
        self.priority_button = button("priority", "green")
        self.checkin.clicked.connect(self.checkin_requested)
        self.priority_button.clicked.connect(self.priority_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.checkin, 1)
        bottom.addWidget(self.priority_button, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(self.grid, 1)
        layout.addLayout(pager)
        layout.addLayout(bottom)
        self.retranslate()

    # --- what the window tells us ---------------------------------------------------------
    def set_mode(self, theme: Theme, lang: str) -> None:
        self.theme, self.lang = theme, lang
        self.retranslate()

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snap = snap
        self.paint_tiles()

    def set_priority(self, on: bool) -> None:
        if on != self.priority:  # repaint only on a change: this runs on every ticket
            self.priority = on
            self.retranslate()

    def show_departments(self) -> None:
        self.department, self.page = None, 0
        self.paint_tiles()

    def open_department(self, code: str) -> None:
        self.department, self.page = code, 0
        self.department_opened.emit(code)
        self.paint_tiles()

    def retranslate(self) -> None:
        self.lang_button.setText("English" if self.lang == "zh" else "中文")
        self.elder_button.setText(self.tr("标准模式") if self.theme.elder else self.tr("长辈模式"))
        self.back.setText(self.tr("返回"))
        self.prev.setText(self.tr("上一页"))
        self.next.setText(self.tr("下一页"))
        self.checkin.setText(self.tr("预约签到"))
        self.priority_button.setText(self.tr("绿色通道"))
        self.banner.setText(self.tr("绿色通道：老年人、残疾人、孕妇、军人优先办理。请选择业务"))
        self.paint_tiles()

    # --- painting -------------------------------------------------------------------------
    def _name(self, zh: str, en: str) -> str:
        return en if self.lang == "en" and en else zh

    def _departments(self) -> list[tuple[str, str, list[ServiceStatus]]]:
        assert self.snap is not None
        by_dept: dict[str, list[ServiceStatus]] = {}
        for svc in self.snap.status.services:
            by_dept.setdefault(svc.department, []).append(svc)
        return [
            (code, self._name(zh, en), by_dept[code])
            for code, zh, en in self.snap.departments
            if code in by_dept
        ]

    def paint_tiles(self) -> None:
        """Fill the grid for the current department and page (tiles kept when they match)."""
        snap = self.snap
        if snap is None:
            self._clear_tiles()
            return
        config = snap.config
        self.hall.setText(self._name(config.hall_name, config.hall_name_en))
        # English screens show the English notice where the hall wrote one.
        english = config.notice_en or config.notice
        self.notice.setText(config.notice if self.lang == "zh" else english)
        self.notice.setVisible(bool(self.notice.full_text()))
        self.priority_button.setVisible(config.priority_lane != "hidden" and not self.priority)
        self.banner.setVisible(self.priority)
        departments = self._departments()
        if self.department is None and len(departments) == 1:
            self.department = departments[0][0]
        per_page = self.theme.per_page(config.services_per_page)
        if self.department is None:
            self.prompt.setText(self.tr("请选择办理部门"))
            entries = [
                (f"dept:{code}", name, self._dept_detail(services), True, code)
                for code, name, services in departments
            ]
        else:
            names = {code: name for code, name, _ in departments}
            self.prompt.setText(names.get(self.department, "") + " · " + self.tr("请选择办理事项"))
            entries = [
                (
                    f"service:{s.code}",
                    self._name(s.name, s.name_en),
                    self.texts.waiting(
                        s.waiting, s.est_wait_min, s.est_wait_low_min, s.est_wait_high_min
                    )
                    if s.available
                    else self.texts.reason(s.reason),
                    s.available,
                    s.code,
                )
                for code, _, services in departments
                if code == self.department
                for s in services
            ]
        pages = max(1, -(-len(entries) // per_page))
        self.page = min(self.page, pages - 1)
        self.back.setVisible(self.department is not None and len(departments) > 1)
        self.prev.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < pages - 1)
        self.prev.setVisible(pages > 1)
        self.next.setVisible(pages > 1)
        self.page_label.setText(f"{self.page + 1} / {pages}" if pages > 1 else "")
        cols = self.theme.columns(self.portrait)
        shown = entries[self.page * per_page : (self.page + 1) * per_page]
        layout = ([name for name, *_ in shown], cols, per_page)
        if layout != self._layout:  # other tiles or another grid: build them anew
            self._clear_tiles()
            for index, (name, _title, _detail, _enabled, code) in enumerate(shown):
                tile = Tile(name)
                if name.startswith("dept:"):
                    tile.clicked.connect(lambda _=False, c=code: self.open_department(c))
                else:
                    tile.clicked.connect(lambda _=False, c=code: self.service_chosen.emit(c))
                self.grid.addWidget(tile, index // cols, index % cols)
                self.tiles[name] = tile
            rows = -(-per_page // cols)
            for row in range(rows):
                self.grid.setRowStretch(row, 1)
            self._layout = layout
        # Same tiles as before (a live count changed): only their texts, no new widgets.
        for name, title, detail, enabled, _code in shown:
            tile = self.tiles[name]
            tile.set_texts(title, detail, muted_fg=None if enabled else self.theme.muted_fg)
            tile.setEnabled(enabled)

    def _clear_tiles(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tiles.clear()
        self._layout = None

    def _dept_detail(self, services: list[ServiceStatus]) -> str:
        waiting = sum(s.waiting for s in services)
        if not any(s.available for s in services):
            return self.texts.reason(services[0].reason if len(services) == 1 else "closed")
        return self.tr("%n 项业务", "", len(services)) + " · " + self.texts.waiting(waiting, None)

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.paint_tiles()

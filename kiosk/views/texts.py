"""Texts several pages share, translated through Qt (Chinese is the source)."""

from __future__ import annotations

from PySide6.QtCore import QObject


class Texts(QObject):
    """Why a service is greyed or a booking refused, and the wait line."""

    def reason(self, reason: str) -> str:
        return {
            "closed": self.tr("今日暂停办理"),
            "out_of_hours": self.tr("不在办理时间"),
            "quota_reached": self.tr("今日号已发完"),
            "unknown": self.tr("预约码无效，请核对后重试"),
            "used": self.tr("该预约码已签到，请勿重复取号"),
            "cancelled": self.tr("该预约已取消"),
            "expired": self.tr("预约时段已过，请咨询导办台"),
            "early": self.tr("未到签到时间，请在预约时段前30分钟内签到"),
        }.get(reason, self.tr("暂时无法取号，请咨询工作人员"))

    def waiting(
        self, waiting: int, est: int | None, low: int | None = None, high: int | None = None
    ) -> str:
        line = self.tr("等待 %n 人", "", waiting)
        if est is not None and waiting:
            if low is not None and high is not None and high > low:
                line += " · " + self.tr("约 %1–%2 分钟").replace("%1", str(low)).replace(
                    "%2", str(high)
                )
            else:
                line += " · " + self.tr("约 %n 分钟", "", est)
        return line

    def ahead(self, ahead: int) -> str:
        return self.tr("前方等待 %n 人", "", ahead)

    def est(
        self,
        est: int | None,
        low: int | None = None,
        high: int | None = None,
        closes_first: bool = False,
    ) -> str:
        """The promised wait: 约12分钟, or 约10–15分钟 where the spread is wide."""
        if est is None:
            return self.tr("暂无窗口开放，请留意叫号")
        if low is not None and high is not None and high > low:
            line = self.tr("预计等待约 %1–%2 分钟").replace("%1", str(low)).replace("%2", str(high))
        else:
            line = self.tr("预计等待约 %n 分钟", "", est)
        if closes_first:
            line += "\n" + self.tr("今日办理时间可能先结束，请咨询工作人员")
        return line

"""Domain and store errors in the clerk's words: the app's one message channel."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from shared.domain import errors as de
from shared.services import auth
from shared.store.db import StoreError, StoreNotReady, StoreUnavailable

translate = QCoreApplication.translate


def describe(exc: BaseException, timezone: str = "Asia/Shanghai") -> str:
    """A short sentence for the status line; unknown errors keep their own text."""
    if isinstance(exc, de.NothingWaiting):
        return translate("Messages", "当前没有等候的号码")
    if isinstance(exc, de.CounterBusy):
        return translate("Messages", "{code}号还未办结，请先办结或过号").format(code=exc.code)
    if isinstance(exc, de.CounterNotOpen):
        return translate("Messages", "窗口已暂停或关闭，请先恢复")
    if isinstance(exc, de.NoCurrentTicket):
        return translate("Messages", "当前没有正在办理的号码")
    if isinstance(exc, de.TooManyRecalls):
        return translate("Messages", "{code}号已重呼{n}次，请按过号").format(
            code=exc.code, n=exc.limit
        )
    if isinstance(exc, de.UnknownTicket):
        return translate("Messages", "今天没有{code}号").format(code=exc.code)
    if isinstance(exc, de.UnknownService):
        return translate("Messages", "没有事项{code}").format(code=exc.service)
    if isinstance(exc, de.UnknownCounter):
        return translate("Messages", "没有{n}号窗口").format(n=exc.counter)
    if isinstance(exc, de.InvalidTransition):
        return translate("Messages", "{code}号当前状态不能这样操作").format(code=exc.code)
    if isinstance(exc, de.AlreadyRated):
        return translate("Messages", "{code}号已评价过（一次一评）").format(code=exc.code)
    if isinstance(exc, auth.BadPassword):
        return translate("Messages", "工号或密码错误，还可尝试{n}次").format(n=exc.remaining)
    if isinstance(exc, auth.BadSetupCode):
        return translate("Messages", "设置码错误或已过期，请向管理员重新申请")
    if isinstance(exc, auth.AccountLocked):
        until = exc.until.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
        return translate("Messages", "密码错误次数过多，账号已锁定至{time}").format(time=until)
    if isinstance(exc, auth.PasswordNotSet):
        return translate("Messages", "首次登录：请输入管理员给您的设置码，并设置您自己的密码")
    if isinstance(exc, auth.UnknownClerk):
        return translate("Messages", "没有工号{login}").format(login=exc.login)
    if isinstance(exc, auth.WeakPassword):
        return translate("Messages", "密码至少{n}位").format(n=auth.MIN_PASSWORD)
    if isinstance(exc, auth.NotQualifiedClerk):
        return translate("Messages", "您不能在{n}号窗口办理业务").format(n=exc.counter)
    if isinstance(exc, StoreUnavailable):
        return translate("Messages", "无法连接数据库，正在重连")
    if isinstance(exc, StoreNotReady):
        return translate("Messages", "数据库尚未配置：{detail}").format(detail=str(exc))
    if isinstance(exc, (de.DomainError, StoreError)):
        return str(exc)
    return translate("Messages", "出错了：{detail}").format(detail=str(exc) or type(exc).__name__)

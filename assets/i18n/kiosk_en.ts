<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../../kiosk/views/pages.py" line="110"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="115"/>
        <source>预约签到成功</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="115"/>
        <source>取号成功</source>
        <translation>Your ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="130"/>
        <source>正在打印号票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="133"/>
        <source>请取走号票，留意叫号</source>
        <translation>Please take your ticket and listen for your number</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="137"/>
        <source>号票未能打印，请记下您的号码 %1，留意叫号。工作人员可为您补打。</source>
        <translation>The ticket could not be printed. Please note your number %1 and listen for it. Staff can reprint it for you.</translation>
    </message>
</context>
<context>
    <name>EntryPage</name>
    <message>
        <location filename="../../kiosk/views/pages.py" line="281"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="282"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="283"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="284"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../kiosk/views/home.py" line="116"/>
        <source>标准模式</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="116"/>
        <source>长辈模式</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="117"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="118"/>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="119"/>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="120"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="121"/>
        <source>绿色通道</source>
        <translation>Priority lane</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="122"/>
        <source>绿色通道：老年人、残疾人、孕妇、军人优先办理。请选择业务</source>
        <translation>Priority lane for the elderly, disabled, pregnant and veterans. Please choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="159"/>
        <source>请选择办理部门</source>
        <translation>Please choose a department</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/home.py" line="166"/>
        <source>请选择办理事项</source>
        <translation>Please choose a service</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/views/home.py" line="227"/>
        <source>%n 项业务</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/views/window.py" line="88"/>
        <source>请选择办理事项</source>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="108"/>
        <source>已开启长辈模式，请选择办理部门</source>
        <translation>Large text is on. Please choose a department</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="128"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="128"/>
        <source>请扫描预约二维码，或输入预约码后按“确定”</source>
        <translation>Scan your booking QR code, or type the booking code and press OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="130"/>
        <source>绿色通道</source>
        <translation>Priority lane</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="130"/>
        <source>请工作人员输入授权码</source>
        <translation>Staff: please enter the PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="215"/>
        <source>请扫描预约二维码，或输入预约码</source>
        <translation>Scan your booking QR code, or type the booking code</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="236"/>
        <source>授权码不正确</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="232"/>
        <source>错误次数过多，请{n}秒后再试</source>
        <translation>Too many wrong PINs; try again in {n} s</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="234"/>
        <source>暂时无法验证授权码</source>
        <translation>The PIN cannot be checked right now</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="237"/>
        <source>请联系工作人员</source>
        <translation>Please ask the staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="258"/>
        <source>无法签到</source>
        <translation>Cannot check in</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/window.py" line="258"/>
        <source>无法取号</source>
        <translation>Cannot issue a ticket</translation>
    </message>
</context>
<context>
    <name>MessagePage</name>
    <message>
        <location filename="../../kiosk/views/pages.py" line="171"/>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>OfflinePage</name>
    <message>
        <location filename="../../kiosk/views/pages.py" line="190"/>
        <source>暂停服务</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/pages.py" line="191"/>
        <source>系统连接中断，正在自动恢复。请稍候或咨询工作人员。</source>
        <translation>The system is reconnecting by itself. Please wait or ask the staff.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../kiosk/views/texts.py" line="13"/>
        <source>今日暂停办理</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="14"/>
        <source>不在办理时间</source>
        <translation>Outside opening hours</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="15"/>
        <source>今日号已发完</source>
        <translation>No tickets left today</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="16"/>
        <source>预约码无效，请核对后重试</source>
        <translation>Unknown booking code. Please check it and try again</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="17"/>
        <source>该预约码已签到，请勿重复取号</source>
        <translation>This booking has been checked in already</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="18"/>
        <source>该预约已取消</source>
        <translation>This booking was cancelled</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="19"/>
        <source>预约时段已过，请咨询导办台</source>
        <translation>The booking&apos;s time has passed. Please ask at the help desk</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="20"/>
        <source>未到签到时间，请在预约时段前30分钟内签到</source>
        <translation>Too early: check in within 30 minutes before your booking</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="21"/>
        <source>暂时无法取号，请咨询工作人员</source>
        <translation>Cannot issue a ticket now. Please ask the staff</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/views/texts.py" line="26"/>
        <source>等待 %n 人</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/views/texts.py" line="33"/>
        <source>约 %n 分钟</source>
        <translation>
            <numerusform>about %n min</numerusform>
            <numerusform>about %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/views/texts.py" line="37"/>
        <source>前方等待 %n 人</source>
        <translation>
            <numerusform>%n person ahead of you</numerusform>
            <numerusform>%n people ahead of you</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="48"/>
        <source>暂无窗口开放，请留意叫号</source>
        <translation>No counter open yet; please listen for your number</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/views/texts.py" line="52"/>
        <source>预计等待约 %n 分钟</source>
        <translation>
            <numerusform>Estimated wait: about %n minute</numerusform>
            <numerusform>Estimated wait: about %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="29"/>
        <source>约 %1–%2 分钟</source>
        <translation>about %1–%2 min</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="50"/>
        <source>预计等待约 %1–%2 分钟</source>
        <translation>Estimated wait: about %1–%2 minutes</translation>
    </message>
    <message>
        <location filename="../../kiosk/views/texts.py" line="54"/>
        <source>今日办理时间可能先结束，请咨询工作人员</source>
        <translation>Service hours may end first; please ask the staff</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Board</name>
    <message>
        <location filename="../../display/texts.py" line="12"/>
        <source>正在呼叫</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="13"/>
        <source>重呼</source>
        <translation>Calling again</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="14"/>
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="15"/>
        <source>请到 {counter} 号窗口</source>
        <translation>Please go to counter {counter}</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="16"/>
        <source>{counter}号窗口</source>
        <translation>Counter {counter}</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="17"/>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="18"/>
        <source>{n}人</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="19"/>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="20"/>
        <source>未开放</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="21"/>
        <source>等待叫号</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="22"/>
        <source>暂无叫号</source>
        <translation>No calls yet</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="23"/>
        <source>连接中断</source>
        <translation>Connection lost</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="24"/>
        <source>暂停取号</source>
        <translation>Not issuing</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="25"/>
        <source>约{n}分钟</source>
        <translation>about {n} min</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="26"/>
        <source>约{low}–{high}分钟</source>
        <translation>about {low}–{high} min</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="27"/>
        <source>可能超出今日办理时间</source>
        <translation>may run past closing</translation>
    </message>
    <message>
        <location filename="../../display/texts.py" line="28"/>
        <source>yyyy年M月d日 dddd</source>
        <translation>dddd d MMMM yyyy</translation>
    </message>
</context>
</TS>

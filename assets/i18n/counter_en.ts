<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Action</name>
    <message>
        <location filename="../../counter/actions.py" line="53"/>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="54"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="55"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="56"/>
        <source>特呼</source>
        <translation>Call ticket</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="57"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="58"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="59"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="60"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="61"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="62"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="63"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="64"/>
        <source>恢复挂起</source>
        <translation>Restore held</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="65"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="66"/>
        <source>代取号</source>
        <translation>Ticket for citizen</translation>
    </message>
    <message>
        <location filename="../../counter/actions.py" line="67"/>
        <source>退出</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../counter/app.py" line="218"/>
        <source>叫号器的这个键本系统暂不支持</source>
        <translation>This keypad key is not supported</translation>
    </message>
    <message>
        <location filename="../../counter/app.py" line="232"/>
        <source>没有前缀为{p}的事项</source>
        <translation>No service with prefix {p}</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="139"/>
        <source>已叫{code}号</source>
        <translation>Called {code}</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="141"/>
        <source>{code}号已挂起，可继续叫号</source>
        <translation>{code} is on hold; you may call the next</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="143"/>
        <source>{code}号已恢复</source>
        <translation>{code} is back in hand</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="145"/>
        <source>号码已作废</source>
        <translation>Ticket voided</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="149"/>
        <source>整改情况已记录</source>
        <translation>Follow-up recorded</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="154"/>
        <source>已代取号：{code}（{service}，前面{n}人）</source>
        <translation>Ticket taken: {code} ({service}, {n} ahead)</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="159"/>
        <source>号票打印失败：{error}。号码仍然有效，请告知群众。</source>
        <translation>Printing failed: {error}. The number is still valid; tell the citizen.</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="165"/>
        <source>号票已打印</source>
        <translation>Ticket printed</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="131"/>
        <source>{name}，欢迎</source>
        <translation>Welcome, {name}</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../counter/app.py" line="204"/>
        <location filename="../../counter/dialogs.py" line="109"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../counter/app.py" line="206"/>
        <location filename="../../counter/dialogs.py" line="96"/>
        <source>暂离</source>
        <translation>Away</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="47"/>
        <source>特呼</source>
        <translation>Call ticket</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="51"/>
        <location filename="../../counter/dialogs.py" line="170"/>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="68"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="71"/>
        <source>（不变）</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="78"/>
        <source>（任一窗口）</source>
        <translation>(any counter)</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="81"/>
        <source>转到事项</source>
        <translation>To service</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="82"/>
        <source>转到窗口</source>
        <translation>To counter</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="83"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="97"/>
        <source>午休</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="98"/>
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="99"/>
        <source>系统故障</source>
        <translation>System fault</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="115"/>
        <location filename="../../counter/dialogs.py" line="139"/>
        <location filename="../../counter/dialogs.py" line="194"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="121"/>
        <source>补充材料</source>
        <translation>Fetching documents</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="122"/>
        <source>复印证件</source>
        <translation>Copying ID</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="123"/>
        <source>等候审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="133"/>
        <source>挂起{code}号</source>
        <translation>Hold {code}</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="156"/>
        <source>恢复挂起</source>
        <translation>Restore held</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="163"/>
        <source>{code} {service} · {time}挂起</source>
        <translation>{code} {service} · held {time}</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="186"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="188"/>
        <source>确定作废{code}号吗？作废后不能恢复。</source>
        <translation>Void {code}? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="197"/>
        <source>确定作废</source>
        <translation>Void it</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="213"/>
        <source>代取号</source>
        <translation>Ticket for citizen</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="221"/>
        <source>绿色通道（优先）</source>
        <translation>Priority lane</translation>
    </message>
    <message>
        <location filename="../../counter/dialogs.py" line="223"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
</context>
<context>
    <name>FollowUp</name>
    <message>
        <location filename="../../counter/follow_up.py" line="28"/>
        <source>立即整改</source>
        <translation>Fixed at once</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="29"/>
        <source>列入台账限期整改</source>
        <translation>Put on the ledger with a deadline</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="30"/>
        <source>解释说明</source>
        <translation>Explained to the citizen</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="31"/>
        <source>申诉（误评）</source>
        <translation>Appealed (mistaken rating)</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="41"/>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="42"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="43"/>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="44"/>
        <source>工作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="45"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="46"/>
        <source>原因</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="47"/>
        <source>开启</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="48"/>
        <source>整改期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="49"/>
        <source>已开天数</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="61"/>
        <source>逾期</source>
        <translation>OVERDUE</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="72"/>
        <source>{n}天</source>
        <translation>{n} d</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="112"/>
        <source>记录整改</source>
        <translation>Record follow-up</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="117"/>
        <source>差评</source>
        <translation>Bad rating</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="122"/>
        <source>整改方式</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="125"/>
        <source>做了什么（必填）</source>
        <translation>What was done (required)</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="127"/>
        <source>整改情况</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <location filename="../../counter/follow_up.py" line="143"/>
        <source>请填写整改情况：做了什么</source>
        <translation>Say what was done: the action text is required</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../../counter/login.py" line="21"/>
        <source>{n}号窗口 登录</source>
        <translation>Counter {n} log-in</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="32"/>
        <source>再次输入</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="36"/>
        <source>设置码</source>
        <translation>Setup code</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="37"/>
        <source>工号</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="39"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="41"/>
        <location filename="../../counter/login.py" line="85"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="71"/>
        <source>设置密码并登录</source>
        <translation>Set password and log in</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="73"/>
        <source>首次登录：请输入管理员给您的设置码，并设置您自己的密码（至少6位）</source>
        <translation>First log-in: enter the setup code your administrator gave you and choose your own password (at least 6 characters)</translation>
    </message>
    <message>
        <source>首次登录，请设置您自己的密码（至少6位）</source>
        <translation type="vanished">First log-in: choose your own password (6 characters or more)</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="95"/>
        <source>请输入工号</source>
        <translation>Enter your login</translation>
    </message>
    <message>
        <location filename="../../counter/login.py" line="99"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../counter/messages.py" line="19"/>
        <source>当前没有等候的号码</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="21"/>
        <source>{code}号还未办结，请先办结或过号</source>
        <translation>{code} is not finished: finish it or mark no-show first</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="23"/>
        <source>窗口已暂停或关闭，请先恢复</source>
        <translation>The counter is paused or closed: resume it first</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="25"/>
        <source>当前没有正在办理的号码</source>
        <translation>No ticket in hand</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="27"/>
        <source>{code}号已重呼{n}次，请按过号</source>
        <translation>{code} was recalled {n} times: press No-show</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="31"/>
        <source>今天没有{code}号</source>
        <translation>No ticket {code} today</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="33"/>
        <source>没有事项{code}</source>
        <translation>No service {code}</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="35"/>
        <source>没有{n}号窗口</source>
        <translation>No counter {n}</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="37"/>
        <source>{code}号当前状态不能这样操作</source>
        <translation>{code} cannot do that in its present state</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="39"/>
        <source>{code}号已评价过（一次一评）</source>
        <translation>{code} is already rated (one rating per case)</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="41"/>
        <source>工号或密码错误，还可尝试{n}次</source>
        <translation>Wrong login or password; {n} attempts left</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="43"/>
        <source>设置码错误或已过期，请向管理员重新申请</source>
        <translation>The setup code is wrong or has expired; ask your administrator for a new one</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="48"/>
        <source>首次登录：请输入管理员给您的设置码，并设置您自己的密码</source>
        <translation>First log-in: enter the setup code from your administrator and choose your own password</translation>
    </message>
    <message>
        <source>密码错误，还可尝试{n}次</source>
        <translation type="vanished">Wrong password, {n} attempts left</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="46"/>
        <source>密码错误次数过多，账号已锁定至{time}</source>
        <translation>Too many wrong passwords: locked until {time}</translation>
    </message>
    <message>
        <source>首次登录，请设置您自己的密码</source>
        <translation type="vanished">First log-in: choose your own password</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="50"/>
        <source>没有工号{login}</source>
        <translation>No login {login}</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="52"/>
        <source>密码至少{n}位</source>
        <translation>A password needs {n} characters or more</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="54"/>
        <source>您不能在{n}号窗口办理业务</source>
        <translation>You are not qualified for counter {n}</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="56"/>
        <source>无法连接数据库，正在重连</source>
        <translation>The store is unreachable, reconnecting</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="58"/>
        <source>数据库尚未配置：{detail}</source>
        <translation>The store is not set up: {detail}</translation>
    </message>
    <message>
        <location filename="../../counter/messages.py" line="61"/>
        <source>出错了：{detail}</source>
        <translation>Error: {detail}</translation>
    </message>
</context>
<context>
    <name>Rating</name>
    <message>
        <location filename="../../counter/rating.py" line="49"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="63"/>
        <source>请对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="71"/>
        <source>整体满意度</source>
        <translation>Overall satisfaction (整体满意度)</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="91"/>
        <source>以下为选填，可直接提交</source>
        <translation>The following is optional; you may submit now</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="99"/>
        <source>请选择不满意的原因（可多选）</source>
        <translation>Why were you dissatisfied? (pick any)</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="106"/>
        <source>重新选择</source>
        <translation>Choose again</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="110"/>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="122"/>
        <source>请对{code}号的服务进行评价</source>
        <translation>Please rate the service for {code}</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="141"/>
        <source>您的评价：{level}</source>
        <translation>Your rating: {level}</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="268"/>
        <source>已请{code}号在评价器上评价</source>
        <translation>Asked {code} to rate on the rating pad</translation>
    </message>
    <message>
        <location filename="../../counter/rating.py" line="281"/>
        <source>评价器的回复不是当前号码，已忽略</source>
        <translation>The rating pad answered for another ticket: ignored</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <location filename="../../counter/supervisor.py" line="77"/>
        <location filename="../../counter/supervisor.py" line="98"/>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="78"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="79"/>
        <location filename="../../counter/supervisor.py" line="99"/>
        <source>工作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="80"/>
        <source>当前号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="81"/>
        <source>用时/目标</source>
        <translation>Time/target</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="87"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="88"/>
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="89"/>
        <source>最长等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="90"/>
        <source>今日调整</source>
        <translation>Today&apos;s changes</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="96"/>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="97"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="100"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="109"/>
        <source>窗口状态</source>
        <translation>Counters</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="112"/>
        <source>开启窗口</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="114"/>
        <source>关闭窗口</source>
        <translation>Close counter</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="120"/>
        <source>事项等候</source>
        <translation>Waiting by service</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="131"/>
        <source>最近的差评</source>
        <translation>Recent bad ratings</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="148"/>
        <source>记录整改</source>
        <translation>Record follow-up</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="157"/>
        <source>差评整改（未结{n}件）</source>
        <translation>Bad-rating follow-up ({n} open)</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="159"/>
        <source>其中逾期{n}件</source>
        <translation>— {n} overdue</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="167"/>
        <source>请先在差评整改表中选中一条</source>
        <translation>Select an item in the follow-up table first</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="184"/>
        <source>延时服务 / 增加号源（今日）</source>
        <translation>Extend hours / add tickets (today)</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="191"/>
        <source>延长至</source>
        <translation>Extend to</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="197"/>
        <source>增加号源</source>
        <translation>Add tickets</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="236"/>
        <source>延至{t}</source>
        <translation>until {t}</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="238"/>
        <source>号源+{n}</source>
        <translation>quota +{n}</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="255"/>
        <source>超时办理：{cases}</source>
        <translation>Overtime: {cases}</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="266"/>
        <source>绿色通道授权码输错（24小时内）：{n}次 {tries}</source>
        <translation>Wrong priority PINs (last 24 h): {n} {tries}</translation>
    </message>
    <message>
        <location filename="../../counter/supervisor.py" line="256"/>
        <source>无</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <location filename="../../counter/window.py" line="35"/>
        <source>hallq 叫号终端 — {n}号窗口</source>
        <translation>hallq counter — counter {n}</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="40"/>
        <source>无法连接数据库，正在自动重连……操作已暂停</source>
        <translation>The store is unreachable, reconnecting… actions are paused</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="52"/>
        <source>本窗口</source>
        <translation>This counter</translation>
    </message>
    <message>
        <location filename="../../counter/window.py" line="53"/>
        <source>大厅监控</source>
        <translation>Hall overview</translation>
    </message>
</context>
<context>
    <name>Working</name>
    <message>
        <location filename="../../counter/working.py" line="24"/>
        <source>开放</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="25"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="26"/>
        <source>关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="32"/>
        <source>已叫号，等候到窗口</source>
        <translation>Called, on the way</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="33"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="158"/>
        <source>{n}号窗口 {name} · {clerk} · {state}</source>
        <translation>Counter {n} {name} · {clerk} · {state}</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="167"/>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="176"/>
        <source>【优先】</source>
        <translation>[Priority] </translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="180"/>
        <source>{prefix} {name} 等候{n}人</source>
        <translation>{prefix} {name}: {n} waiting</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="261"/>
        <source>新号可能超出今日办理时间</source>
        <translation>a new ticket may run past closing</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="267"/>
        <source>新号约{low}–{high}分钟</source>
        <translation>new ticket about {low}–{high} min</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="270"/>
        <source>新号约{n}分钟</source>
        <translation>new ticket about {n} min</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="190"/>
        <source>下一位：{codes}</source>
        <translation>Next: {codes}</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="192"/>
        <source>挂起：{codes}</source>
        <translation>On hold: {codes}</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="201"/>
        <source>在线</source>
        <translation> online</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="201"/>
        <source>离线</source>
        <translation> offline</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="205"/>
        <source>叫号器</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="206"/>
        <source>评价器</source>
        <translation>Rating pad</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="243"/>
        <source>已办理</source>
        <translation>Serving for</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="243"/>
        <source>叫号后</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../counter/working.py" line="246"/>
        <source>{what} {time} / 目标 {target}</source>
        <translation>{what} {time} / target {target}</translation>
    </message>
</context>
</TS>

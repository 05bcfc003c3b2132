# 终端应用。

## 页眉、标签页与页脚

header-no-region = 未选择地域
header-region = 地域
header-sandbox = 沙箱
header-read-only = 只读
header-no-credential = 未找到
header-endpoint = 接入点
header-credential = 凭证
header-as = 凭证
header-account = 账号
header-acct = 账号

tab-region = 地域
tab-form = 表单
tab-progress = 进度
tab-history = 历史
tab-attach = 绑定
tab-detach = 解绑
tab-move = 迁移

## 按键所在的界面（帮助页标题）

context-region = 地域列表
context-region-filter = 地域筛选
context-form = 表单（绑定、解绑、迁移）
context-picker = 选择列表
context-confirm = 确认
context-progress = 进度
context-history = 历史
context-history-filter = 历史筛选
context-detail = 历史记录详情
context-help = 帮助
context-credentials = 凭证
context-everywhere = 所有界面

## 每个按键的作用（页脚提示与帮助页）

key-send = 发送
key-send-without-preflight = 不经预检直接发送（仅当预检无法运行时）
key-override = 允许在检查未通过时发送
key-deny = 返回，不发送
key-select = 选择 / 下一步 / 打开
key-picker = 从列表选择弹性网卡 / 云服务器
key-operation = 操作：绑定 ▸ 解绑 ▸ 迁移
key-attach-type = 切换绑定类型
key-detach = 解绑（撤销），需确认
key-rerun = 重新运行：预填表单
key-resend = 重新发送，同一 ClientToken（结果未知时）
key-recheck = 重新查询弹性网卡所在位置
key-move = 把该弹性网卡迁移到别处：预填
key-copy = 复制 RequestId / ID（OSC 52）
key-filter = 筛选
key-refresh = 从 API / 存储重新加载
key-up = 上移
key-down = 下移
key-scroll-up = 向上滚动
key-scroll-down = 向下滚动
key-page-up = 上一页
key-page-down = 下一页
key-next-pane = 下一个界面 / 字段
key-prev-pane = 上一个界面 / 字段
key-back = 返回 / 取消
key-demo = 打开演示（内置沙箱）
key-help = 帮助
key-quit = 退出
key-force-quit = 退出（有请求在途时先询问）
key-pane-region = 转到地域
key-pane-form = 转到表单
key-pane-history = 转到历史
key-pane-progress = 转到进度
keys-table-header = | 按键 | 操作（配置名） | 适用界面 | 作用 |
keymap-unknown-action = keys：未知的操作“{ $name }”
keymap-bad-key = keys：无法识别“{ $name }”的按键“{ $spec }”

## 帮助页

help-title = 帮助 · Esc 或 ? 关闭
help-intro = 各界面的按键（来自当前键位表；可在配置文件的 [keys] 表中重新绑定）。
help-intro-short = 各界面的按键（可在 [keys] 中重新绑定）。
help-text-fields = 文本框与列表
help-text-fields-body =
    可打印字符直接输入（地域列表本身就是筛选框；在历史界面按 `/` 打开搜索）。
    Ctrl-U 清空，Ctrl-W 删除一个词，
    Ctrl-K 删除到行尾，Ctrl-A/Ctrl-E 或 Home/End 跳到行首行尾，Alt-←/→ 按词移动。
    粘贴 `eni-… ins-…`（迁移：`eni-… ins-源 ins-目标`）可一次填好各字段。
    名称模糊匹配（`wb1` 可找到 web-1）；ID 精确匹配或按前缀匹配。
help-history-search = 历史搜索
help-history-search-body =
    多个词需同时满足；每个词可出现在任一显示的列中：弹性网卡、云服务器、地域、操作、
    结果、错误码、RequestId、ClientToken（`detach`、`ins-web`、`Zone`）。
    字段:取值 可限定一个词：outcome:（status:）、region:、code:（error:）、eni:、
    instance:（ins:）、request:（req:）、token:、action:、profile:、account:。
    示例：`outcome:failed region:ap-guangzhou`、`action:move`、`code:"Zone"`。

## 地域界面

region-title = 地域
region-col-name = 名称
region-col-other-name = English
region-finance = 金融
region-filter = 筛选：
region-filter-count = 共 { $total } 个地域，显示 { $shown } 个
region-prompt = 选择地域 · 共 { $count } 个 · 输入即筛选（ID、名称、别名如 gz）
region-prompt-short = 选择地域 · 共 { $count } 个 · 输入即筛选

## 凭证对话框

credentials-title = 未找到凭证
credentials-looked = tceni 按以下顺序查找密钥，先找到的生效：
credentials-source-env = 1. 环境变量 TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY
credentials-source-oidc = 2. TKE OIDC (TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN…)
credentials-source-keyring = 3. 系统密钥环（tceni credentials set）
credentials-source-tccli = 4. ~/.tccli/<profile>.credential
credentials-source-sdk = 5. ~/.tencentcloud/credentials
credentials-source-cvm-role = 6. 云服务器角色（实例元数据）
credentials-store = 为 profile“{ $profile }”在系统密钥环中保存密钥：
credentials-keys = Enter 保存 · Tab 切换字段 · { $demo } 打开演示（内置沙箱）· { $back } 不保存继续
credentials-storing = 正在保存…

## 表格列

col-id = ID
col-number = #
col-started = 开始时间 (UTC)
col-op = 操作
col-region = 地域
col-eni = 弹性网卡
col-instance = 云服务器
col-outcome = 结果
col-code = 错误码
col-request-id = RequestId
col-name = 名称
col-state = 状态
col-on = 所在
col-pick = 可选？
col-ip = IP
col-vpc = 私有网络
col-subnet = 子网
col-zone = 可用区
col-type = 类型
col-utc = UTC
col-rgn = 地域
col-local-time = 时间（{ $offset }）
col-who = 操作者
col-change = 变更
col-result = 结果

## 账号（页眉、确认界面）

account-checking = 查询中…
account-unknown = 未知（{ $reason }）

## 确认界面

confirm-title = 确认{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}：核对将要发送的内容
confirm-title-read-only = 查看{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}（只读）：不会发送任何请求
confirm-preflight = 预检（现在检查；发送时再检查一次）
confirm-does-attach = 在 { $region } 把 { $eni } 绑定到 { $instance }
confirm-does-detach = 在 { $region } 把 { $eni } 从 { $instance } 解绑
confirm-does-move = 在 { $region } 把 { $eni } 从 { $from } 迁移到 { $to }
confirm-attach-type-default = 不发送（使用服务默认值：标准型）
confirm-attach-type-none = 不发送（解绑没有此参数）
confirm-no-token = 无：此接口没有 ClientToken，应答丢失时通过查询弹性网卡确定结果
confirm-describing = 正在查询弹性网卡和云服务器
confirm-preflight-failed = 预检无法运行：{ $title }（{ $code }）
confirm-nothing-checked = 没有检查任何规则，因此无从知道通过与否
confirm-send-unchecked = { $key }：不经预检直接发送（服务仍会检查；历史会记录）
confirm-no-rules = 此操作没有预检规则
confirm-tceni-refuses = tceni 拒绝：{ $code }
confirm-service-would = 服务将返回 { $code }
confirm-what-to-do = 处理建议：{ $advice }
confirm-next-step = 下一步：按 { $back } 返回表单，再按 { $key } { $does }
confirm-back = { $key }/Esc 返回
confirm-read-only = 只读：不会发送任何请求 · { $back }
confirm-checking = 检查中… 结论显示之前其他按键无效 · { $back }
confirm-send = { $send } { $does } · { $back }
confirm-nothing-to-do = 无需操作 · { $send } 仅记录，不发送 · { $back }
confirm-override-armed = 已解除拦截：{ $send } 在检查未通过的情况下{ $does } · { $back }
confirm-blocked = ✗ 检查未通过：已禁止发送 · 先按 { $override_key } 再按 { $send } 强制发送 · { $back }
confirm-account-refused = ✗ 账号不在 allowed_accounts 中：无法发送 · { $back }
confirm-could-not-run = 预检无法运行 · { $key } 不经预检发送：{ $does } · { $back }
confirm-checking-short = 检查中… · { $back }
confirm-send-short = { $send } 发送 · { $back }
confirm-nothing-to-do-short = 无需操作 · { $send } 仅记录 · { $back }
confirm-override-armed-short = 已解除拦截：{ $send } 强制发送 · { $back }
confirm-blocked-short = ✗ 已禁止发送 · 先按 { $override_key } 再按 { $send } 强制发送 · { $back }
confirm-account-refused-short = ✗ 账号不被允许 · { $back }
confirm-could-not-run-short = 预检无法运行 · { $key } 不经预检发送 · { $back }
confirm-scroll = 滚动
field-action = 接口
field-region = 地域
field-eni = 弹性网卡
field-from = 源
field-to = 目标
field-instance = 云服务器
field-attach-type = AttachType
field-client-token = ClientToken
field-credential = 凭证
field-account = 账号
confirm-dwell = 结论已出：请先阅读 · { $back }

## 历史界面

history-title = 历史
history-unavailable = 历史不可用：{ $reason }
history-opening = 正在打开历史文件…
history-loading = 加载中…
history-filter = 筛选：
history-unknown-field = 未知字段“{ $name }:”；可用字段：{ $fields }
history-matches = { $more ->
    [plus] 匹配 { $count }+ 条
   *[none] 匹配 { $count } 条
}
history-newest-first = 最新在前
history-rows = { $more ->
    [plus] 共 { $count }+ 条
   *[none] 共 { $count } 条
}
history-all-in = 均在 { $region }
history-search = 按 { $key } 搜索
history-search-fields = （? 查看 字段:取值）
history-enter = Enter 查看记录
history-outcome-pending = 待定…
history-outcome-sending = 发送中?
history-outcome-sent = 已发送…
history-outcome-succeeded = 成功
history-outcome-failed = 失败
history-outcome-unknown = 未知?
history-outcome-preflight-failed = 预检✗
history-outcome-not-sent = 未发送
history-outcome-cancelled = 已取消
history-outcome-already-done = 已完成
history-outcome-mismatch = 不一致
history-op-attach = 绑定
history-op-detach = 解绑
history-op-move = 迁移
history-record-title = 历史记录 #{ $id }
history-field-action = 接口
history-field-outcome = 结果
history-field-region = 地域
history-field-eni-instance = 绑定关系
history-field-started = 开始时间 (UTC)
history-field-task = 任务
history-field-found = 弹性网卡位置
history-field-caller = 调用者
history-field-account = 账号
history-field-error = 错误
history-field-preflight = 预检
history-field-resend = 重发自
history-resend-of = #{ $id }，使用相同的 ClientToken：同一请求，同一任务
history-field-continued = 已重发
history-continued-by = 重发为 { $ids }（相同的 ClientToken）：服务在该记录中应答了本请求
history-preflight-skipped = 已跳过（操作员选择不预检直接发送）
history-preflight-interrupted = 检查中途停止
history-preflight-unreadable = 无法读取（{ $reason }）
history-region-via = { $region }，经 { $endpoint }
history-no-token = 无（此接口没有 ClientToken）
history-account-unknown = 未知（未记录）
history-ran-settled = 运行 { $ran } 秒 · 于 { $at } 确定结果
history-ended-took = { $at }（{ $took } 秒）
history-task-not-followed = 未跟踪（无已知任务）
history-task-ended-after = 开始后 { $after } 秒结束
history-not-described = 未查询
history-eni-from = { $eni } 从 { $instance } 解绑

## 选择列表（弹性网卡、云服务器）

picker-title = 选择{ $what } · { $region }
picker-what-eni = 要{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}的弹性网卡
picker-what-destination = 迁移目标云服务器
picker-what-source = 弹性网卡所在的云服务器
picker-what-attach-to = 要绑定到的云服务器
picker-filter = 筛选：
picker-filter-fields = （ID、名称、状态、类型、私有网络、可用区、IP）
picker-not-listed = 未列出{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}：没有地域或凭证
picker-loading = 正在加载{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}…
picker-failed = 列出{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}失败：{ $title }（{ $code }）
picker-type-instead = 按 Esc，然后在表单中输入 ID：仍然可用。
picker-summary = { $total } 个{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}中 { $good } 个{ $good_for }
picker-checking = { $count } 个检查中…
picker-good-to = 可{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}
picker-good-to-for = 可{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}（{ $against }）
picker-hold = 持有 { $eni }
picker-good-from = 可从其{ $verb ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
}
picker-can-take = 可接收 { $eni }
picker-can-take-any = 可接收弹性网卡
picker-yes = 可选
picker-yes-but = 可选（! { $notes }）
picker-list-separator = 、
picker-checking-slots = 正在检查配额
picker-already-there = 已在目标
picker-short-account = 账号不允许
picker-short-not-found = 不存在
picker-short-not-free = 非空闲
picker-short-not-on-source = 不在源上
picker-short-primary = 主网卡
picker-short-busy = 变更中
picker-short-source-state = 源状态不符
picker-short-wrong-state = 状态不符
picker-short-other-vpc = 私有网络不同
picker-short-other-zone = 可用区不同
picker-short-no-slot = 无空余配额
picker-short-no-security-group = 无安全组
picker-short-runbook = 已完成
picker-short-slots-unknown = 配额未知
picker-why = { $reason }：{ $advice }

## 表单

form-intro-attach = 把弹性网卡绑定到云服务器
form-intro-detach = 把弹性网卡从其云服务器解绑
form-intro-move = 把弹性网卡迁移到另一台云服务器
form-intro-keys = 输入、粘贴或选择 ID；Enter 进入下一项
form-label-eni = 弹性网卡
form-label-instance = 云服务器
form-label-from = 源云服务器
form-label-to = 目标云服务器
form-label-attach-type = 绑定类型
form-review = 核对并确认
form-review-read-only = 核对（只读）
form-on = 绑定于 { $instance }
form-unlisted = 不在本地域的{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}列表中
form-well-formed = 格式正确
form-checking-slots = 正在检查弹性网卡配额…
form-switches = { $key } 切换
form-required = 必填
form-attach-type-detach = 绑定类型：解绑不使用
form-lists = 列表：
form-typing-works = 直接输入 ID 仍然可用。
form-list-idle = 未列出{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}（没有地域或凭证）
form-list-loading = 正在加载{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}…
form-list-loaded = { $count } 个{ $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}
form-list-failed = { $kind ->
    [eni] 弹性网卡
   *[other] 云服务器
}加载失败

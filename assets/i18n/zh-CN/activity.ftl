# 账号的操作记录，来自操作审计（CloudAudit）：`tceni activity`、确认页的提醒、历史页的账号视图。

activity-attach = 绑定 { $eni } → { $instance }
activity-detach = 解绑 { $eni } ← { $instance }
activity-move = 迁移 { $eni } { $from } → { $to }
activity-create = 创建 { $eni }
activity-delete = 删除 { $eni }

activity-warn-attach = { $eni } 已由 { $user } 绑定到 { $instance }（{ $ago }）
activity-warn-detach = { $eni } 已由 { $user } 从 { $instance } 解绑（{ $ago }）
activity-warn-move = { $eni } 已由 { $user } 迁移到 { $to }（{ $ago }）
activity-warn-create = { $eni } 已由 { $user } 创建（{ $ago }）
activity-warn-delete = { $eni } 已由 { $user } 删除（{ $ago }）
activity-warn-failed = { $user } 尝试{ $what }（{ $ago }）：{ $code }

activity-ago-now = 刚刚
activity-ago-minutes = { $n } 分钟前
activity-ago-hours = { $n } 小时前
activity-ago-days = { $n } 天前

activity-user-root = 主账号
activity-user-sub-user = 子用户
activity-user-role = 角色
activity-user-unknown = 未知

activity-late-note = 操作审计在操作发生几分钟后才记录：最新的变更可能尚未显示。
activity-unavailable = 无法获取操作记录：{ $reason }
activity-reason-no-rights = 此密钥没有操作审计权限（cloudaudit:LookUpEvents）
activity-reason-throttled = 超出操作审计每秒 20 次的请求限制（RequestLimitExceeded）
activity-reason-failed = { $error }
activity-skipped = { $count ->
    [one] 1 条记录无法读取，已跳过
   *[other] { $count } 条记录无法读取，已跳过
}
activity-cut-short = 已读取 { $pages } 页后停止：更早的变更未显示
activity-none = { $region } 最近 { $window } 内没有弹性网卡变更
activity-this-machine = 本机
activity-col-time = 时间
activity-col-who = 操作者
activity-col-what = 操作
activity-col-result = 结果
activity-col-request = 请求ID
activity-since-invalid = --since { $value } 不是有效时长（例如 30m、2h、1d）
activity-since-too-long = --since { $value } 超出操作审计单次可查询的范围（最多 7d）
activity-no-region = 未指定地域：请使用 --region（或设置 TENCENTCLOUD_REGION、tccli 的地域或 config.toml 的 region）
activity-checking = 操作记录：正在查询操作审计…
activity-quiet = 操作记录：最近 { $window } 内没有他人的变更
activity-title = 他人近期的变更（账号的操作审计记录）
key-account-view = 账号变更 / 本机
activity-account-title = 历史 · { $region } 账号最近 24 小时的弹性网卡变更（操作审计）
activity-account-status = 最新在前 · { $count } 条变更 · { $search } 搜索（user: eni: instance: code:） · Enter 查看事件 · { $toggle } 本机
activity-account-title-short = 账号的弹性网卡变更 · { $region }
activity-account-status-short = { $count } 条变更 · { $search } 搜索 · Enter 查看事件 · { $toggle } 本机
activity-account-status-count = { $count } 条变更
activity-account-loading = 正在读取账号的操作审计记录…
activity-account-no-region = 请先选择地域：操作审计按地域读取
activity-event-title = 账号事件 { $id }
activity-event-when = 时间
activity-event-who = 操作者
activity-event-principal = 主体ID
activity-event-key = SecretId
activity-event-source = 来源IP
activity-event-what = 操作
activity-event-result = 结果
activity-event-request = 请求ID
activity-event-kind = 调用方式
activity-copied = 已复制 RequestId { $id }

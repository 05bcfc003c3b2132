# 命令行的文字输出（JSON、代码和退出码不随语言变化）。

cli-error = 错误：{ $message }
cli-warning = 警告：{ $message }
cli-yes = 是
cli-no = 否
cli-account-unknown = 未知（{ $reason }）

## tceni regions

cli-regions-finance = 金融

## tceni credentials

cli-credentials-prompt-key = SecretKey
cli-credentials-prompt-token = Token
cli-credentials-removed = 已从系统密钥环中删除 profile { $profile }
cli-credentials-none = profile { $profile } 在系统密钥环中没有密钥
cli-credentials-profile = profile：{ $profile }
cli-credentials-source = 来源：{ $source }
cli-credentials-token = 会话 token：{ $has }
cli-credentials-refreshed = 临时凭证：过期前自动刷新
cli-credentials-account = 账号：{ $account }

## tceni history

cli-history-empty = 还没有历史记录。
cli-history-started = 开始时间 (UTC)
cli-history-region = 地域
cli-history-action = 操作
cli-history-eni = 弹性网卡
cli-history-instance = 云服务器
cli-history-outcome = 结果
cli-history-detail = 请求 / 错误
cli-history-unopened = 警告：无法打开历史记录（{ $reason }）；本次调用不会被记录
cli-needs-terminal = tceni：终端应用需要在终端中运行；脚本中请使用 `tceni attach …`（或 detach、move）并加上 --yes
cli-history-no-match = 没有与“{ $searched }”匹配的记录（历史中共 { $total } 条）。
cli-history-damaged = 错误：历史文件已损坏（SQLite 完整性检查失败），搜索可能漏掉记录；请先把它复制到别处，再运行 `sqlite3 FILE .recover` 挽救其中的内容
cli-history-unreadable = 历史记录 #{ $id } 无法读取为记录：{ $reason }
cli-history-no-row = 错误：没有历史记录 #{ $id }
cli-history-resend-of = 重发自 #{ $id }（同一请求）
cli-history-continued-by = 已重发为 { $ids }（同一请求）
cli-history-detail-head = 历史记录 #{ $id }：{ $outcome } · { $plan }
cli-history-detail-when = 开始于 { $started } UTC，结束于 { $ended }
cli-history-detail-task = 任务：{ $status }
cli-history-detail-found = 弹性网卡位置：{ $place }
cli-history-detail-not-found = 未能查询弹性网卡：{ $reason }
cli-history-detail-preflight = 预检：
cli-history-detail-preflight-skipped = 预检：已跳过（操作员选择不预检直接发送）

## tceni config

cli-config-setting = 设置
cli-config-value = 值
cli-config-from = 来源
cli-config-external-id = { $arn }（带外部 ID）
cli-config-role-none = 无：凭证以自身身份调用
cli-config-region-none = 无：请用 --region 指定
cli-config-ca-none = 无：使用系统的 CA 证书库
cli-config-accounts-any = 无：任何账号
cli-config-none = 无
cli-config-file-read = 已读取
cli-config-file-absent = 不存在
cli-config-data-dir-default = TCENI_DATA_DIR、XDG_DATA_HOME 或系统默认目录
cli-config-cvm-role = CVM 角色（实例元数据）
cli-config-temporary = （临时凭证，运行时获取）
cli-config-credential-none = 未找到：运行时会询问 CVM 角色（实例元数据）
cli-config-credential-missing = 配置 { $profile } 没有凭证：用 `tceni credentials set` 保存，或运行 `tccli configure --profile { $profile }`
cli-config-ok = 正常
cli-config-fail = 失败
cli-config-no-region = 未设置：请用 --region、TENCENTCLOUD_REGION 或 config.toml 中的 region 指定
cli-config-not-checked = 未检查：没有地域
cli-config-sts-ok = { $host }：账号 { $account }（{ $arn }），{ $ms } 毫秒
cli-config-answered = { $host }：{ $action } 在 { $ms } 毫秒内应答

# 命令行的文字输出（JSON、代码和退出码不随语言变化）。

cli-error = 错误：{ $message }
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

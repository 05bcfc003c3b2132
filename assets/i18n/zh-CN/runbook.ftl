# 预案：`tceni runbook plan|apply` 与终端应用的“预案”面板。

## 整体检查的结论

runbook-verdict-run = 将执行
runbook-verdict-done-world = 已完成：无需发送
runbook-verdict-done-later = 已完成：弹性网卡已在第 { $step } 步之后的位置
runbook-verdict-done-history = 本次运行已完成（历史 #{ $attempt }）
runbook-verdict-blocked = 受阻：{ $rule }：{ $reason }
runbook-verdict-blocked-alone = 受阻（单独可通过）：{ $rule }：{ $reason }
runbook-verdict-blocked-after = 第 { $step } 步之后受阻：{ $rule }：{ $reason }
runbook-verdict-blocked-after-alone = 第 { $step } 步之后受阻（单独可通过）：{ $rule }：{ $reason }
runbook-advice-reorder = 第 { $later } 步会腾出位置：把第 { $step } 步放到第 { $later } 步之后
runbook-advice-conflict = 第 { $step } 步造成了这一状态：修改或删除这两步中的一步
runbook-advice-fix = 修正预案或现有资源后重新检查

## 读取、检查与续跑

runbook-outline-invalid = 不是合法的 TOML：{ $message }
runbook-describing = 预案“{ $name }”（{ $file }）：共 { $steps } 步；正在查询其中涉及的资源…
runbook-described = 已查询 { $enis } 个弹性网卡和 { $instances } 台云服务器，每个只查一次
runbook-describe-failed = 无法查询预案涉及的弹性网卡和云服务器：{ $error }；未发送任何请求
runbook-settle-failed = 无法确认上次运行各步骤的结果：{ $error }；未发送任何请求
runbook-nothing-sent = 未发送任何请求。
runbook-plan-all-run = 所有步骤均可执行（待发送 { $send } 步，已完成 { $done } 步）
runbook-plan-some-blocked = { $total } 步中有 { $blocked } 步受阻：
runbook-plan-blocked-step = 第 { $step } 步：{ $rule }
runbook-plan-what-to-do = 处理办法：{ $advice }
runbook-resuming = 续跑运行 { $run }（开始于 { $started }，上次未运行完）：已先确认其各步骤的结果
runbook-not-resent-elsewhere = 此迁移的上一次尝试（历史 #{ $attempt }）可能已送达，弹性网卡现在{ $place }：不会再次发送；请检查该弹性网卡后手动迁移
runbook-not-resent-gone = 此迁移的上一次尝试（历史 #{ $attempt }）可能已送达，而服务已查不到该弹性网卡：不会再次发送
runbook-not-carried-out = 进程在发送时被终止；弹性网卡仍{ $place }：迁移未执行
runbook-lock-held = 此预案的另一次执行正在进行（锁文件 { $path }）；请等待其结束后再执行
runbook-lock-failed = 无法获取执行锁 { $path }：{ $error }

## 执行（命令行）

runbook-needs-yes = 没有可用于确认的终端，拒绝执行：请加上 --yes
runbook-not-confirmed = 未确认；未发送任何请求
runbook-confirm = 使用凭证 { $credential } 执行预案“{ $name }”的 { $steps } 个步骤？[y/N]
runbook-run-started = 运行 { $run }：`tceni history --search runbook:{ $run }` 可列出其各次尝试
runbook-run-not-recorded = 警告：无法记录此次预案运行（{ $error }）；各步骤仍会被记录
runbook-warning = 警告：{ $message }
runbook-step-sent = 第 { $step } 步：已发送，RequestId { $request_id }
runbook-step-line = 第 { $step } 步：{ $text }
runbook-step-not-recorded = 警告：第 { $step } 步未能完整写入历史（{ $reason }）；继续执行
runbook-step-retrying = 第 { $step } 步：{ $action } 第 { $try_number } 次尝试返回 { $code }；{ $seconds } 秒后重试
runbook-end-took = { $outcome }（{ $seconds } 秒）
runbook-end-located = ：弹性网卡{ $place }
runbook-end-reason = ：{ $code } — { $message }
runbook-end-skipped = 未执行：第 { $step } 步未完成
runbook-end-stopped = 未执行：有步骤失败，--stop-on-failure 停止了其余步骤
runbook-end-cancelled = 未执行：已取消
runbook-end-not-resent = 未发送：{ $reason }
runbook-summary = { $total } 步中已完成 { $done } 步（运行 { $run }）
runbook-run-not-ended = 此次运行未完成：再次执行同一文件即可续跑
runbook-undo-written = 撤销预案：{ $path }
runbook-undo-not-written = 无法写入撤销预案 { $path }：{ $error }

## 终端应用的“预案”面板

tab-runbooks = 预案
context-runbooks = 预案
context-runbook-vars = 预案变量
key-pane-runbooks = 转到预案
col-runbook-file = 文件
col-runbook-steps = 步数
col-runbook-vars = 变量
col-runbook-step = 步骤
col-runbook-verdict = 结论
col-runbook-time = 用时
col-runbook-placement = 弹性网卡位置
runbook-dir-unreadable = 无法读取预案目录 { $dir }：{ $error }
runbook-list-reading = 正在读取预案…
runbook-list-empty = { $dir } 中没有预案：放入 .toml 文件（示例：assets/runbook-example.toml），或以 --runbook FILE 启动
runbook-list-status = { $dir } 中有 { $count } 个预案 · 回车打开
runbook-cannot-open = 无法打开此预案：{ $problem }
runbook-vars-head = { $file } 的变量（默认值来自其 [vars]）
runbook-vars-hint = ↑/↓ 移动 · 在最后一项按 { $key } 对整个预案做检查（不发送任何请求）
runbook-var-missing = 变量 { $name } 为空：请填写
runbook-planning = 正在查询各步骤涉及的资源并整体检查（不发送任何请求）…
runbook-failed-head = 此预案无法检查：
runbook-failed-hint = { $back } 返回 · { $again } 重新检查
runbook-plan-resumes = 上一次运行（{ $run }）未完成：本次执行将续跑
runbook-plan-runnable = 所有步骤均可执行（待发送 { $send } 步，已完成 { $done } 步）· 按 { $key } 执行
runbook-plan-blocked = { $total } 步中有 { $blocked } 步受阻：无法执行；修正预案或现有资源后重新检查
runbook-step-verdict = 第 { $step } 步：{ $verdict }
runbook-step-advice = 处理办法：{ $advice }
runbook-step-detail = 第 { $step } 步：{ $detail }
runbook-read-only = 只读模式：未发送任何请求（去掉 --read-only 启动才能执行预案）
runbook-blocked-no-run = 有步骤受阻：检查通过前不会执行
runbook-run-live = 运行 { $run }：已完成 { $done }/{ $total } · 进行中 { $running } · { $clock }
runbook-run-cancelling = 运行 { $run }：正在取消：不再开始新步骤；进行中的 { $running } 步照常结束
runbook-run-over = 运行 { $run } 已结束：已完成 { $done }/{ $total }（退出码 { $code }）
runbook-ask-quit = 有步骤正在进行：仍要退出？按 y 退出（其结果将为未知：再次执行此预案即可确认）· 按其他键继续
runbook-ask-cancel = 取消此次运行？按 y 不再开始新步骤（进行中的步骤照常结束）· 按其他键继续
runbook-cancelling = 正在取消：不再开始新步骤…
runbook-still-running = 仍在运行
runbook-ended-nothing-in-flight = 运行已结束：没有进行中的请求，按 { $key } 退出
runbook-state-waiting = 等待中
runbook-state-checking = 检查中
runbook-state-sending = 发送中
runbook-state-task = 任务运行中
runbook-state-verifying = 验证中
runbook-state-verified = ✓ 已验证
runbook-state-succeeded = 已成功，未验证
runbook-state-already = = 已完成
runbook-state-unknown = ? 未知
runbook-state-mismatch = ✗ 位置不符
runbook-state-refused = ✗ 被拒绝
runbook-state-not-sent = 未发送
runbook-state-failed = ✗ 失败
runbook-state-not-run = 未执行
runbook-found-nowhere = 未绑定

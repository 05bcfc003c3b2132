# 进度界面：一次运行的每一步（以尝试记录为准），以及结果。

progress-title-idle = 尚未运行任何操作。
progress-more-below = 下方还有 { $count } 行 · { $down }/{ $page_down }
progress-end = 已到末尾 · { $up }/{ $page_up } 向上
progress-secs = { $secs } 秒

## 请求在途时的退出 / 取消询问

progress-quit-keys = { $state ->
    [accepted] 请求已被受理，其任务仍在执行
   *[other] 有请求在途
    }：y 仍然退出（退出码 4）· { $force } 立即退出 · 其他任意键留下
progress-cancel-keys = { $state ->
    [accepted] 请求已被受理，其任务仍在执行
   *[other] 有请求在途
    }：y 不再等待 · { $force } 退出 · 其他任意键留下
progress-ask-quit = { $state ->
    [accepted] 请求已被受理
   *[other] 有请求在途
    }：仍要退出吗？
progress-ask-cancel = { $state ->
    [accepted] 请求已被受理
   *[other] 有请求在途
    }：不再跟踪吗？
progress-row-accepted = RequestId { $request_id }：仍在跟踪其任务。历史记录保持“已受理”：下次启动时会向服务查询任务的结果。
progress-row-token = 尚无应答。历史记录保持“可能已发送”，并保存 ClientToken { $token }：下次启动时会核实；用该 ClientToken 重新发送是安全的。
progress-row-no-token = 尚无应答。历史记录保持“可能已发送”：下次启动时通过查询弹性网卡来核实（迁移没有 ClientToken，切勿盲目重新发送）。
progress-yes-quit = 退出（退出码 4：结果未知）
progress-yes-cancel = 不再等待（它仍可能被执行）
progress-any-other-key = 其他任意键
progress-stay = 留下
progress-again-quits = 再按 { $force } 立即退出
progress-force-quits = { $force } 退出
progress-question-quit = 退出？
progress-question-cancel = 取消？

## 请求内容

progress-label-request = 请求
progress-label-history = 历史记录
progress-request = { $summary }  地域 { $region }
progress-history-id = { $retry ->
    [0] 历史记录 #{ $history }
   *[other] 历史记录 #{ $history }（重新发送 #{ $retry }）
    }
progress-not-recorded = 未完整记录：{ $reason }（日志中有 RequestId 和 ClientToken）

## 各步骤

progress-cancelling-mark = 正在取消…
progress-retry = { $call }第 { $failed } 次尝试失败（{ $code }），第 { $next } 次{ $wait ->
    [now] 正在进行
   *[other] 将在 { $wait } 后进行
    }
progress-pf-waiting = 预检
progress-pf-not-run = 预检：未运行
progress-pf-skipped = 预检：按操作员的选择跳过
progress-pf-checking = 预检：正在查询弹性网卡和云服务器
progress-pf-cancelled = 预检：已停止，已取消
progress-pf-could-not-run = 预检：无法运行
progress-pf-already = 预检：已完成，无需发送
progress-pf-passed = 预检：通过（{ $checks } 项检查{ $warnings ->
    [0] {""}
   *[other] ，{ $warnings } 项警告
    }）
progress-pf-failing = 预检：{ $total } 项检查中 { $failed } 项未通过
progress-pf-failed = 预检：{ $total } 项检查中 { $failed } 项未通过，未发送任何请求
progress-pf-overridden = 预检：{ $total } 项检查中 { $failed } 项未通过，仍然发送

progress-send-waiting = 发送
progress-send-cancelled = 发送：发送前已取消
progress-send-nothing = 发送：未发送任何请求
progress-send-in-flight = 正在发送 { $action }：等待应答
progress-send-no-answer = 发送：没有应答，可能已被执行
progress-send-accepted = 已发送 · RequestId { $request_id }
progress-send-refused = 发送：被服务拒绝，未执行
progress-send-refused-id = 发送：被服务拒绝，未执行 · RequestId { $request_id }
progress-send-not-delivered = 发送：请求未到达服务，未做任何更改
progress-send-maybe = 发送：没有确定的应答（{ $code }），可能已被执行

progress-task-not-followed = 任务：未跟踪（已受理，未等待）
progress-task-waiting = 任务
progress-task-none-not-sent = 任务：无，未发送任何请求
progress-task-none-refused = 任务：无，调用被拒绝
progress-task-none-known = 任务：未知（没有返回 RequestId）；以弹性网卡的位置为准
progress-task-first-poll = 任务：等待第一次查询
progress-task-polled = 任务 { $status }（第 { $asked } 次查询）
progress-task-no-answer-yet = 任务：尚无应答（已查询 { $asked } 次）
progress-task-still = tceni 停止等待时任务仍为 { $status }
progress-task-stopped-before-poll = 任务：在第一次查询前停止
progress-task-unanswered = 任务：查询均无应答（共 { $asked } 次）
progress-task-ended = 任务 { $status }
progress-task-ended-after = 任务 { $status } · 开始后 { $after } 结束

progress-verify-waiting = 核实弹性网卡所在位置
progress-verify-not-run = 核实：未运行
progress-verify-describing = 正在查询弹性网卡所在位置
progress-verify-stopped = 核实：在应答前停止
progress-verify-failed = 核实：无法查询该弹性网卡（{ $reason }）
progress-verify-already = 弹性网卡已经{ $place }
progress-verify-verified = 已核实：弹性网卡{ $place }
progress-verify-verified-above = 已核实：弹性网卡在计划的位置
progress-verify-mismatch = 弹性网卡{ $place }，不在计划的位置
progress-verify-described = 已查询：弹性网卡{ $place }

progress-recheck-loading = 正在重新查询弹性网卡所在位置
progress-recheck-failed = 重新查询失败：{ $code }（{ $title }）
progress-recheck-gone = 已重新查询：该弹性网卡不存在
progress-recheck-done = 已重新查询：弹性网卡{ $place }：{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }已执行
progress-recheck-not-done = 已重新查询：弹性网卡{ $place }：{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }未执行
progress-recheck-elsewhere = 已重新查询：弹性网卡{ $place }：既不在计划的位置，也不在原来的位置

## 结果

progress-working = 运行中 · { $time } · { $back } 取消
progress-cancelling = 正在取消 · { $time }：工作流会在下一步停止
progress-success-verified = { $took ->
    [none] ✓ SUCCESS，已核实
   *[other] ✓ SUCCESS，用时 { $took }，已核实
    }
progress-success-place = 弹性网卡{ $place }
progress-success-unverified = { $took ->
    [none] ✓ SUCCESS（任务如此返回）· 未核实：无法查询该弹性网卡
   *[other] ✓ SUCCESS，用时 { $took }（任务如此返回）· 未核实：无法查询该弹性网卡
    }
progress-after-attach = { $detach } 解绑（撤销）· { $copy } 复制 { $what ->
    [request] RequestId
   *[eni] 弹性网卡 ID
    } · { $back } 返回表单
progress-already-done = = 已完成（ALREADY DONE）：未发送任何请求
progress-ended = { $took ->
    [none] { $outcome }
   *[other] { $outcome }，用时 { $took }
    }
progress-failed = ✗ { $headline }：{ $code } — { $title }

progress-headline-unknown = 结果未知
progress-headline-cancelled = 已取消
progress-headline-preflight = 未发送：预检未通过
progress-headline-not-sent = 未发送
progress-headline-mismatch = 位置不符
progress-headline-failed = 失败

progress-label-check-said = 检查结果
progress-label-service-said = 服务返回
progress-label-reason = 原因
progress-label-meaning = 含义
progress-label-action = 处理建议
progress-label-next = 下一步
progress-next-step = 按 { $form } 回到表单，再按 { $key } { $does }
progress-label-retry = 重试
progress-label-clock = 时钟

progress-move-unknown-meaning = 请求可能已到达服务；迁移可能已执行，也可能没有
progress-move-unknown-action = 查询该弹性网卡：在 { $to } 上，说明已完成；在 { $from } 上且状态稳定，说明未执行，可以重新发送；在其他位置，先查明原因再操作
progress-retry-same-token = { $resend } 用 ClientToken { $token } 重新发送同一计划：安全，服务最多执行一次；{ $recheck } 重新查询弹性网卡所在位置
progress-retry-no-token = 重新发送不安全（该接口没有 ClientToken）；{ $recheck } 重新查询弹性网卡所在位置
progress-retry-cancelled = 未执行任何更改；可从表单重新发送
progress-retry-can-help = 重试可能有效：从表单重新发送
progress-retry-no-help = 在排除原因之前，重试无济于事

## 弹性网卡所在位置，以及计划要做的事（命令行输出也使用）

located-on = { $state ->
    [settled] 在 { $instance } 上（设备 { $device }，MAC { $mac }，IP { $ip }）
   *[other] 在 { $instance } 上（设备 { $device }，MAC { $mac }，IP { $ip }），状态 { $state }
    }
located-nowhere = { $state ->
    [settled] 未绑定任何云服务器
   *[other] 未绑定任何云服务器，状态 { $state }
    }
plan-summary-attach = 绑定 { $eni } → { $instance }
plan-summary-detach = 解绑 { $eni }（从 { $instance }）
plan-summary-move = 迁移 { $eni }：{ $from } → { $to }

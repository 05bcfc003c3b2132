# 工作流自己的原因（src/attach）：记录、界面、文本输出和历史记录的 message 对一次尝试结果的说明，
# 使用写下它的那次运行的语言。

run-cancelled-before-answer = 在应答前已取消
run-eni-unknown = 服务不认识该弹性网卡
run-not-confirmed = 未确认；未发送任何请求
run-cancelled-in-flight = 请求在途时已取消；它可能已被执行
run-cancelled-before-sending = 在发送任何请求之前已取消
run-move-still-on-source = { $message }；弹性网卡仍{ $place }：迁移到目前为止尚未执行，但在请求签名过期（5 分钟）之前它仍可能到达服务；之后 `tceni history` 会核实它。在查询该弹性网卡之前，不要再次发送
run-refused-yet-placed = { $code }（{ $message }），但弹性网卡{ $place }，正是此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }的目标位置：很可能是本请求更早一次应答丢失的尝试所为，但没有应答能证明这一点
run-task-still = { $secs } 秒后任务仍为 { $status }
run-task-unanswered = { $secs } 秒内对任务的查询均无应答
run-stopped-waiting = 已停止等待任务 { $request_id }（{ $last ->
    [none] 尚未发出任何查询
    [unanswered] 查询均无应答
   *[other] 最后一次返回 { $last }
    }）；它仍可能完成
run-success-elsewhere = 任务返回 SUCCESS，但弹性网卡{ $place }
run-task-failed = 任务以 FAILED 结束
run-task-failed-at = { $message }；弹性网卡{ $place }

## 核实未完成的记录（下次启动时，或在运行期间）

reconcile-same-request = 已执行：同一请求（ClientToken { $token }）作为历史记录 #{ $id } 再次发送，服务对它作出了应答（RequestId { $request_id }，SUCCESS）
reconcile-never-recorded = 历史记录中没有记下此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }的发送，但弹性网卡{ $place }，正是它的目标位置：是否由本请求完成未知
reconcile-task-forgotten-known = 服务已不再记得任务 { $request_id }；{ $known }
reconcile-task-forgotten = 服务已不再记得任务 { $request_id }；请查询该弹性网卡
reconcile-move-not-carried-out = 弹性网卡仍{ $place }，且该请求已不可能再被执行：迁移未执行
reconcile-changing = 弹性网卡{ $place }：正在变更中，没有应答表明是否由此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }发起
reconcile-placed-token = 弹性网卡{ $place }，正是此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }的目标位置，但没有应答表明是本请求所为；用 ClientToken { $token } 再次发送即可核实（服务会对同一请求作出应答）
reconcile-placed = 弹性网卡{ $place }，正是此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }的目标位置，但没有应答表明是本请求所为
reconcile-unchanged-token = 弹性网卡仍{ $place }：就目前所见，此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }未执行；用 ClientToken { $token } 再次发送是安全的
reconcile-elsewhere = 弹性网卡{ $place }，不在此次{ $kind ->
    [attach] 绑定
    [detach] 解绑
   *[move] 迁移
    }的目标位置；在其签名过期之前它仍可能被执行
reconcile-stale-pending = tceni 在记下任何发送之前已停止（被终止或崩溃）：未发送任何请求
witness-accepted = 账号的操作审计记录显示服务受理了本请求（RequestId { $request_id }），弹性网卡{ $place }，正是它的目标位置
witness-refused = 账号的操作审计记录显示服务拒绝了本请求（RequestId { $request_id }：{ $code }）；弹性网卡{ $place }

## 账号规则

rule-account-in-list = 账号 { $account } 在 allowed_accounts 中
rule-account-forbidden = 该凭证所属账号 { $account }（{ $arn }）在 forbidden_account_ids（{ $forbidden }）中：未发送任何请求
rule-account-not-listed = 该凭证所属账号 { $account }（{ $arn }）不在 allowed_accounts（{ $allowed }）中：未发送任何请求
rule-account-unknown = 无法确定该凭证所属账号（sts GetCallerIdentity：{ $error }），而 { $rules ->
    [both] allowed_accounts（{ $allowed }）和 forbidden_account_ids（{ $forbidden }）
    [allowed] allowed_accounts（{ $allowed }）
   *[forbidden] forbidden_account_ids（{ $forbidden }）
    }需要它：未发送任何请求

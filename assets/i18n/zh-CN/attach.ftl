# `tceni attach | detach | move`：一次操作的文本输出（JSON 输出不变）。

attach-no-region = 未指定地域：请传入 --region（如 ap-guangzhou）
attach-credentials-timeout = 获取凭证超过了 --timeout；未发送任何请求
attach-needs-terminal = 没有可确认的终端，拒绝发送：请加 --yes
attach-credentials = 凭证：{ $credential }
attach-account = 账号：{ $account }
attach-account-pending = 账号：暂不知道（sts 尚未应答；没有 allowed_accounts 规则需要它）
attach-lookup-failed = 查询失败：{ $reason }
attach-not-recorded-warning = 警告：本次尝试未能完整写入历史记录（{ $reason }）；操作继续
attach-started = { $summary }，地域 { $region }（{ $endpoint }）
attach-retrying = { $action }：第 { $failed } 次尝试返回 { $code }；{ $wait } 秒后重试
attach-recorded = 已记录为历史记录 #{ $id }
attach-preflight-checking = 预检：正在检查弹性网卡和云服务器…
attach-preflight-skipped = 预检：已跳过
attach-verdict = { $rule }：{ $reason }
attach-sending = 正在发送…
attach-sent = 已发送：RequestId { $request_id }
attach-polled = 任务 { $status }（{ $after } 秒）
attach-verifying = 核实：正在查询弹性网卡…
attach-outcome = { $took ->
    [none] 结果：{ $outcome }
   *[other] 结果：{ $outcome }（{ $took } 秒）
    }
attach-not-recorded = 历史记录：未完整记录（{ $reason }）；日志中有 RequestId 和 ClientToken
attach-task-ended = 任务：{ $status }，在 { $after } 秒内结束
attach-task-output = 任务输出：{ $output }
attach-located = 弹性网卡现在{ $place }
attach-not-verified = 未核实：无法查询该弹性网卡（{ $reason }）
attach-error = 错误：{ $code } — { $message }
attach-request-id = {"  "}RequestId：{ $request_id }
attach-meaning = {"  "}含义：{ $meaning }
attach-action = {"  "}处理建议：{ $action }
attach-next-move = {"  "}下一步：`tceni move --from <它所在的云服务器> --to <云服务器>` 一次调用即可迁移
attach-next-attach-type = {"  "}下一步：用 `--attach-type` 选择另一种绑定类型
attach-retryable = {"  "}重试是否有效：{ $retryable ->
    [yes] 是
   *[no] 否
    }
attach-clock = {"  "}时钟：{ $clock }
attach-confirm = 即将在 { $region } 发送 { $action }：
attach-confirm-ask = 发送？[y/N]{" "}
attach-field = { $label }：
attach-field-endpoint = 接入点
attach-field-eni = 弹性网卡
attach-field-instance = 云服务器
attach-field-from = 源云服务器
attach-field-to = 目标云服务器
attach-no-client-token = 无（该接口没有 ClientToken：应答丢失后绝不会重新发送）
attach-dry-run = 试运行：不发送任何请求。

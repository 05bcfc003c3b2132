# 终端应用的提示（页脚上方的一行），以及其 update 和 workers 生成的文字。

notice-choose-region = 请先选择地域
notice-nothing-run = 尚未运行任何操作：第一次发送后才会打开进度界面
notice-no-credential = 没有凭证：在设置凭证之前，列表和发送都会失败
notice-key-pair-needed = SecretId 和 SecretKey 都必须填写
notice-reconciled = 已与服务核实 { $count } 条未完成的尝试
notice-copied = 已复制{ $what ->
    [request] RequestId
   *[eni] 弹性网卡 ID
    } { $text }

## 确认界面

notice-checking-first = 正在检查：结论显示之前按键将被忽略
notice-too-soon = 已忽略 { $key }：结论显示不到 { $ms } 毫秒；请先阅读
notice-does-nothing = { $key } 在此无效：{ $how }
notice-enter-does-not-send = Enter 在此不会发送：{ $how }
notice-how-wait = 请等待检查结论
notice-how-send = 按 { $send } 发送
notice-how-record = 无需发送；按 { $send } 记录
notice-how-armed = 按 { $send } 在检查未通过的情况下发送
notice-how-override = 有检查未通过：先按 { $override } 再按 { $send } 仍然发送
notice-how-refused = 该账号不在允许范围内：无法发送
notice-how-unchecked = 预检无法运行：按 { $unchecked } 不经预检发送
notice-preflight-did-not-run = 预检无法运行：未做任何检查；按 { $unchecked } 不经预检发送
notice-account-refused = 该账号不在 allowed_accounts 中：不会用它发送任何请求
notice-override-armed = 已允许越过检查：按 { $send } 在检查未通过的情况下发送
notice-override-disarmed = 已取消越过检查

## 表单、选择列表、历史

notice-focus-not-text = 焦点在“{ $label }”上，不是文本框：按 ↑ 回到输入框
notice-took = 已填入 { $took }
notice-took-left = 已填入 { $took } · 未使用 { $left }
notice-primary-eni = { $eni } 是 { $instance } 的主网卡：主网卡不能离开其云服务器；请选择辅助网卡
notice-set-to-move = { $eni } 已绑定到 { $instance }：已改为迁移（按 { $key } 切换操作）
notice-pick-another = { $reason }：请另选一个
notice-will-be-refused = { $id }：预检将拒绝它：{ $reasons }
notice-not-a-key = { $key } 在此不是按键：按 { $search } 搜索
notice-prefilled = 已按历史记录 #{ $id } 预填：检查后按 Enter
notice-move-from-row = 迁移 { $eni }（来自历史记录 #{ $id }）：请选择目标


## 进度

notice-read-only = 只读模式：未发送任何请求（不带 --read-only 启动才能发送）
notice-run-going = 还有一次运行未结束：请等待，或在进度界面按 { $back } 取消
notice-preflight-failed = 预检未通过：请先修正，或先按 { $override } 再按 { $send } 仍然发送
notice-resend-when-unknown = 只有结果未知时才能重新发送
notice-resend-unsafe = 迁移没有 ClientToken，重新发送不安全：按 { $recheck } 重新查询弹性网卡所在位置
notice-resending = 正在用同一 ClientToken { $token } 重新发送
notice-recheck-after = 运行尚未结束：结束后再重新查询
notice-unknown-token = 结果未知：按 { $resend } 重新发送（同一 ClientToken：安全）· 按 { $recheck } 重新查询
notice-unknown-no-token = 结果未知：迁移没有 ClientToken，不能重新发送 · 按 { $recheck } 重新查询
notice-detach-after-attach = 绑定成功后才能解绑
notice-cancelling = 正在取消…
notice-still-running = 仍在运行
notice-run-ended = 运行已结束：没有请求在途，按 { $quit } 退出

## 后台任务

worker-no-credential = 没有凭证：请设置 TENCENTCLOUD_SECRET_ID/KEY，或在密钥环中保存密钥，或运行 tceni --demo
worker-no-key = 没有凭证
worker-history-not-open = 历史记录文件未打开

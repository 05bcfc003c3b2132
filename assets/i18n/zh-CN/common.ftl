# 终端应用与命令行共用的文字。
# 参数按名称引用（$value）；每条消息是一整句话，不拼接片段。

language-unknown = 没有语言“{ $value }”的文字目录（来自 { $origin }）；tceni 支持 { $available }

## 预检：各条规则，及判断所依据的事实

rule-account-allowed = 账号在允许范围内
rule-eni-exists = 弹性网卡存在
rule-eni-free = 弹性网卡未绑定
rule-eni-on-source = 弹性网卡绑定在源云服务器上
rule-eni-not-primary = 弹性网卡不是主网卡
rule-eni-available = 弹性网卡状态为 AVAILABLE
rule-source-state = 源云服务器为 RUNNING 或 STOPPED
rule-instance-exists = 云服务器存在
rule-instance-state = 云服务器为 RUNNING 或 STOPPED
rule-same-vpc = 同一私有网络
rule-same-zone = 弹性网卡子网与云服务器同可用区
rule-free-eni-slot = 云服务器有空余的弹性网卡配额
rule-security-group = 弹性网卡已关联安全组
rule-runbook = 运行手册步骤在本次运行前已完成

pf-no-eni = 此地域中没有弹性网卡 { $eni }
pf-eni-in = { $eni } 位于 { $vpc } / { $subnet }
pf-nothing-to-do = 无需操作
pf-already-on = { $eni } 已绑定到 { $instance }：无需操作
pf-nothing-to-detach = { $eni } 未绑定任何云服务器：无需解绑
pf-is-the-source = { $instance } 就是源云服务器：迁移到它不会有变化
pf-source-unknown = 服务不认识 { $instance }
pf-source-state = 源云服务器状态为 { $state }；服务可能拒绝迁移
pf-not-checked = 未检查：有资源不存在
pf-no-instance = 此地域中没有云服务器 { $instance }
pf-primary-of = { $eni } 是 { $instance } 的主网卡
pf-attached-elsewhere = { $eni } 已绑定到另一台云服务器 { $instance }
pf-not-available = { $eni } 的状态为 { $state }，不是 AVAILABLE
pf-not-attached = 未绑定任何云服务器
pf-attached-to = 绑定在 { $instance } 上
pf-on-other = { $eni } 绑定在 { $on } 上，不在 { $source } 上
pf-on-nothing = { $eni } 未绑定任何云服务器
pf-is-primary = { $eni } 是其云服务器的主网卡
pf-secondary = 辅助网卡
pf-instance-state = 云服务器状态为 { $state }，不是 RUNNING 或 STOPPED
pf-vpc-mismatch = 弹性网卡在 { $eni_vpc }，云服务器在 { $instance_vpc }
pf-no-vpc = 该云服务器不在私有网络中
pf-zone-mismatch = 弹性网卡的子网在 { $eni_zone }，云服务器在 { $instance_zone }
pf-limit-unread = 无法读取该云服务器的弹性网卡上限
pf-no-extended-quota = 服务未给出它的扩展型弹性网卡配额
pf-takes-none = { $kind ->
    [extended] 该实例规格不支持扩展型弹性网卡
   *[standard] 该实例规格不支持弹性网卡
}
pf-slots = { $kind ->
    [extended] 已用 { $used } / { $quota } 个扩展型弹性网卡
   *[standard] 已用 { $used } / { $quota } 个弹性网卡
}
pf-slots-full = { $kind ->
    [extended] 已用 { $used } / { $quota } 个扩展型弹性网卡：没有空余
   *[standard] 已用 { $used } / { $quota } 个弹性网卡：没有空余
}
pf-no-security-group = 该弹性网卡未关联安全组
service-said = 服务返回：“{ $message }”

## 地域

region-unknown = 未知地域“{ $typed }”：请给出地域 ID（如 ap-guangzhou）或别名（如 gz）（tceni regions 可列出全部）
region-ambiguous = “{ $typed }”可能是 { $candidates }：请给出地域 ID
# 列表各项之间的连接词（a 或 b 或 c），含空格。
region-list-or = {" "}或{" "}

## 计划与 ID：输入的内容在发送前被拒绝

plan-region = “{ $typed }”不是腾讯云地域 ID（例如 ap-guangzhou）
plan-region-suggested = “{ $typed }”不是腾讯云地域 ID（是否指 { $suggested }？）
plan-client-token = ClientToken 必须是 1 到 64 个可打印 ASCII 字符（不含空格和控制字符）
plan-no-client-token = { $action } 不接受 ClientToken；应答丢失时通过查询弹性网卡来核实
plan-no-attach-type = { $action } 不接受 AttachType
plan-same-instance = 源云服务器与目标云服务器相同（{ $instance }）
id-empty = { $kind ->
    [ENI] 弹性网卡
   *[other] 云服务器
    } ID 为空
id-wrong-prefix = { $kind ->
    [ENI] 弹性网卡
   *[other] 云服务器
    } ID 必须以“{ $prefix }”开头（输入的是“{ $got }”）
id-wrong-length = { $kind ->
    [ENI] 弹性网卡
   *[other] 云服务器
    } ID 在“{ $prefix }”之后需要 8 个字符，实际为 { $len } 个
id-bad-character = { $kind ->
    [ENI] 弹性网卡
   *[other] 云服务器
    } ID 在“{ $prefix }”之后只能包含小写字母和数字；不允许 { $bad }

# tceni 自己报告的错误（服务的错误码见 assets/errors.toml）。每条是界面或文本输出中的一行；
# 日志行中仍为英文。

## API 调用

err-not-sent = 无法连接 { $endpoint }：{ $reason }
err-no-answer = 已发往 { $endpoint }，但没有收到应答（{ $reason }）；结果未知
err-http-status = { $endpoint } 返回 HTTP { $status }：{ $excerpt }
err-undecodable = 无法读取 { $endpoint } 的应答（{ $reason }）：{ $excerpt }
err-credentials = 未向 { $endpoint } 发送任何请求：{ $error }
err-endpoint-not-url = 接入点不是 URL（{ $reason }）；请给出 scheme://host[:port]
err-endpoint-scheme = 接入点必须是 http:// 或 https://，而不是 { $scheme }://
err-endpoint-user-info = 接入点不能包含用户名或密码（请求用密钥签名）
err-endpoint-not-bare = 接入点只能是 scheme://host[:port]：不能带路径、查询参数或片段
err-ca-bundle = 无法读取 CA 证书文件 { $path }：{ $reason }
err-proxy = 无法使用代理 { $proxy }：{ $reason }
err-http-client = 无法创建 HTTP 客户端：{ $reason }

## 用户指定的文件

err-file-missing = 文件不存在
err-file-not-regular = 它是{ $kind }，不是普通文件：请指向一个文件
err-file-too-large = 它超过 { $cap } 字节，比此类文件应有的大得多：是不是指错了文件？

## 设置

err-config-read = 无法读取 { $path }：{ $reason }
err-config-parse = { $path } 无效：第 { $line } 行第 { $column } 列：{ $message }；请修正该行
err-config-tccli = { $file } 无效：{ $reason }
err-config-domain = { $what } { $value } 不是域名（字母、数字、“-”和“.”，如 intl.tencentcloudapi.com）
err-config-endpoint = { $what } 不是可用的接入点：{ $problem }

## 历史记录

err-history-dir = 无法创建历史记录目录 { $dir }
err-history-too-new = 历史记录文件由更新版本的 tceni 写入（schema { $found }；本版本最多支持 { $supported }）；请升级 tceni，或把该文件移到别处
err-history-no-row = 没有 id 为 { $id } 的历史记录
err-history-bad-value = 历史记录文件中有本版本无法读取的值
err-history-database = 历史记录数据库错误：{ $error }
err-history-migration = 无法更新历史记录的 schema：{ $error }
err-history-read-only = 历史记录文件 { $path } 只能读取、不能写入；不会记录任何内容

## 系统密钥环

err-keyring-unavailable = 没有可用的系统密钥环（{ $reason }），因此未保存任何内容。请把密钥放在 TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY 中，或放在 tccli 的 profile 文件中（`tccli configure --profile <profile>` 会写入 ~/.tccli/<profile>.credential），或启动 Secret Service（gnome-keyring、KeePassXC）后重试
err-keyring-corrupt = profile { $profile } 的密钥环条目无法读取（{ $reason }）；请运行 `tceni credentials delete --profile { $name }` 后重新设置
err-keyring-failed = 系统密钥环操作失败：{ $reason }

## 凭证

err-cred-not-found = 未找到腾讯云凭证。已查找：
    { $searched }
    请设置 TENCENTCLOUD_SECRET_ID 和 TENCENTCLOUD_SECRET_KEY，或用 `tceni credentials set` 保存密钥，或运行 `tccli configure`。
err-cred-partial-env = 已设置 { $present }，但未设置 { $missing }：请同时设置两者，或取消 { $present } 以使用其他来源
err-cred-empty = 来自 { $origin } 的 { $field } 为空
err-cred-whitespace = 来自 { $origin } 的 { $field } 含有空白字符（粘贴时多出的空格或换行？）。tceni 与各 SDK 一样不会裁剪密钥：请在来源处删除
err-cred-read = 无法读取 { $file }：{ $error }
err-cred-malformed = { $file } 格式有误：{ $reason }
err-cred-profile = profile 名称 { $name } 无效：只能使用字母、数字、“-”、“_”或“.”，且不能以“.”开头
err-cred-login-expired = profile { $profile } 的 tccli 登录已于 { $at } 过期；请用 `{ $command }` 刷新
err-cred-needs-fetch = 来自 { $from } 的凭证需要通过网络获取（sts 或实例元数据服务）：请用 CredentialProvider 解析
err-cred-fetch = 无法从 { $from } 获取凭证：{ $failure }
err-cred-expired-renew = 已于 { $at } 过期；请用 `{ $command }` 刷新
err-cred-expired = 它发放的密钥已经过期（{ $at }）
err-cred-timed-out = 获取临时凭证超过了本次调用的时限（--timeout）

## 凭证链查找过的位置（“已查找：”下每个来源一行）

searched-env = 环境变量：未设置 { $id } 和 { $key }
searched-tke = TKE OIDC：未设置 TKE_ROLE_ARN 及其他 TKE_* 变量
searched-no-entry = { $place }：没有条目
searched-unavailable = { $place }：不可用（{ $reason }）
searched-no-file = { $file }：文件不存在
searched-type-unsupported = { $file }：不支持类型 { $kind }（tceni 支持 key、default、role-arn、cvm-role、oauth 和 sso 类型的 profile）
searched-no-sdk-file = { $file } 和 { $system }：文件不存在
searched-no-section = { $file }：没有 [{ $profile }] 小节
searched-no-pair = { $file }：没有 { $id } / { $key }
searched-no-home = { $file }：已跳过，主目录未知

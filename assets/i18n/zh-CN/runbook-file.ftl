# 运行手册文件的问题（每条一行，带 文件:行:列），以及撤销运行手册中的注释。

rbf-not-name-value = “{ $text }”不是 name=value 的形式
rbf-bad-variable-name-set = “{ $name }”不是合法的变量名（字母、数字、“_”和“-”）
rbf-not-toml = 不是合法的 TOML：{ $message }
rbf-unknown-key = 未知的键“{ $key }”（运行手册可用的键：{ $known }）
rbf-not-a-string = { $what ->
    [runbook] 运行手册
   *[step] 步骤
    }的键“{ $key }”必须是字符串，而不是 { $kind }
rbf-bad-variable-name = “{ $name }”不是合法的变量名
rbf-variable-not-string = 变量“{ $name }”必须是字符串
rbf-vars-not-table = “vars”必须是 name = "value" 形式的表
rbf-no-steps = 没有步骤：请添加 [[steps]] 表（op = "move" | "attach" | "detach"）
rbf-steps-not-tables = “steps”必须是 [[steps]] 表
rbf-too-many-steps = 共 { $count } 个步骤；最多 { $most } 个
rbf-step-not-table = 步骤 { $number } 必须是表
rbf-empty = 没有步骤：该运行手册什么也不会做
rbf-unused-set = --set { $name }：运行手册没有使用变量“${"{"}{ $name }{"}"}”
rbf-unknown-step-key = 步骤 { $number } 中有未知的键“{ $key }”（步骤可用的键：{ $known }）
rbf-no-op = 步骤 { $number } 没有“op”（move、attach 或 detach）
rbf-bad-op = op“{ $op }”不是 move、attach 或 detach
rbf-key-not-taken = { $kind } 步骤不接受“{ $key }”（可用：{ $takes }）
rbf-missing-key = 步骤 { $number }（{ $kind }）缺少“{ $key }”
rbf-bad-attach-type = attach_type“{ $value }”不是 standard 或 extended
rbf-no-region = 步骤 { $number } 没有地域：请在顶层或该步骤中设置“region”
rbf-step-error = 步骤 { $number }：{ $error }
rbf-unclosed-variable = “{ $text }”：“${"{"}”没有对应的“{"}"}”
rbf-unset-variable = 变量“{ $name }”未设置：请传入 --set { $name }=VALUE，或在 [vars] 中添加

## 撤销运行手册中的注释

undo-name = 撤销 { $name }（运行 { $run_id }）
undo-written = # 由 tceni 在对 { $path } 执行 `runbook apply` 后写下。
undo-puts-back = # 它按从新到旧的顺序还原该次运行所做的更改。执行前请先规划：
undo-plan = #   tceni runbook plan THIS_FILE
undo-step = # 撤销步骤 { $number }：{ $summary }

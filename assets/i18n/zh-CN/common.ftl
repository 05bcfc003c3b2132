# 终端应用与命令行共用的文字。
# 参数按名称引用（$value）；每条消息是一整句话，不拼接片段。

language-unknown = 没有语言“{ $value }”的文字目录（来自 { $origin }）；tceni 支持 { $available }

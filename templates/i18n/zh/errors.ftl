# 无法继续运行时在 stderr 上打印的文字（接在“aftersales: ”之后）。每条都写明文件，有工作表和单元格时也写明。
# { $括号 } 中的占位符由工具填入；一条消息可以不用某个占位符，但不能加入工具不认识的占位符。

## 用在其他消息里的片段

# 其他程序的原话，没有更好的说法时使用。
verbatim = { $text }
io-not_found = 文件或文件夹不存在
io-permission_denied = 没有权限（文件或文件夹是只读的，或属于别人）
io-already_exists = 同名文件已存在
io-storage_full = 磁盘已满
io-is_a_folder = 这是文件夹，不是文件
io-not_a_folder = 路径中有一部分不是文件夹
io-damaged = 文件不完整或已损坏
io-interrupted = 操作被中断；请重新运行
io-other = { $detail }

## 命令行

error-policy_file = { $path }：无法读取政策文件：{ $reason }
error-policy_sheet = { $file }：{ $reason }
error-calendar_file = { $path }：无法读取节假日日历：{ $reason }
error-report_spool = 无法把报告暂存到临时文件（请把 TMPDIR 设为有空间的文件夹）：{ $reason }
error-no_room_for_computed_columns = { $input }，工作表“{ $sheet }”：案件表有 { $width } 列宽；Excel 最多 { $limit } 列，放不下 { $computed } 个计算列（请删掉不用的列后重新运行）
error-reader_stopped = 读取线程意外停止
error-internal = 内部错误，没有写入任何文件（{ $detail }）；请把这个文件附上报告给我们
usage-as_of = --as-of “{ $text }”：应为 YYYY-MM-DD、YYYY-MM-DDTHH:MM[:SS] 或 YYYY-MM-DD HH:MM[:SS]
usage-day = { $flag } “{ $text }”：应为日期，例如 2026-11-16
usage-empty_period = --from { $from } 晚于 --to { $to }：这段时间不包含任何一天（是不是写反了？）
usage-week = --week：{ $reason }
usage-week_form = ISO 周“{ $week }”写法不对：应为 年-W周，例如 2026-W47
usage-week_none = ISO 周“{ $week }”不存在：{ $year } 年没有第 { $number } 周
usage-list_folder = { $folder }：无法列出文件夹内容：{ $reason }
usage-history_for_one_input = --history FILE 指定的是一个工作簿的历史；有多个输入时，每个工作簿旁边都有自己的历史（请去掉 --history）
usage-no_workbooks = 给出的文件夹里没有要处理的工作簿
usage-output_not_folder = -o { $output }：有多个输入时，-o 必须是已存在的文件夹
usage-output_is_input = { $input }：输出会覆盖输入；请换一个 -o，或者用 --in-place 有意替换它
usage-output_extension = -o { $output }：标注后的工作簿是 .{ $expected } 工作簿，文件名必须以 .{ $expected } 结尾（Excel 不会打开扩展名不符的工作簿）
usage-already_exists = { $path }：已存在；init 从不覆盖文件（请移走它，或换一个文件夹：aftersales init DIR）
usage-see_help = { $problem }（用法见 { $command } --help）
usage-unknown_argument = 无法识别的参数“{ $arg }”
usage-unknown_argument_suggest = 无法识别的参数“{ $arg }”（是不是 { $suggestion }？）
usage-unknown_command = 没有“{ $command }”这个命令；可用的命令：{ $commands }
usage-value_missing = { $arg } 后面需要一个值
usage-invalid_value = { $arg } “{ $value }”不是可用的值，可选：{ $values }
usage-missing_argument = 缺少 { $args }
usage-missing_command = 请给出一个命令：{ $commands }
usage-conflict = { $arg } 不能与 { $other } 同时使用
usage-repeated = { $arg } 给了不止一次
usage-unexpected_value = 多余的值“{ $value }”

## 读取工作簿、政策表和日历（src/input、src/policy、src/templates.rs）


## 写入工作簿（src/package、src/output.rs、src/pipeline）


## 案件历史和消息目录（src/history、src/i18n、process 的提示）


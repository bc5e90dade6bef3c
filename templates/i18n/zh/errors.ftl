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
usage-see_help = { $problem }；用法见 { $command } --help
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

read-open = { $file }：无法打开工作簿：{ $reason }
read-no_such_sheet = { $file }：没有名为“{ $sheet }”的工作表（现有工作表：{ $available }）
read-not_a_worksheet = { $file }：“{ $sheet }”是{ $kind }，其中没有单元格；案件只能从普通工作表读取（现有工作表：{ $available }）
read-chart_sheet = 图表工作表
read-macro_sheet = 宏工作表
read-dialog_sheet = 对话框工作表
read-other_sheet = 其他类型的工作表
read-no_header = { $file }：在{ $where }的前 { $rows } 行中找不到表头行（表头行至少要有 3 个能识别的列名，例如 售后单号、平台、申请日期）
read-searched_sheet = 工作表“{ $sheet }”
read-searched_no_sheets = 工作簿（其中没有工作表）
read-searched_any_sheet = 任何一个工作表（{ $sheets }）
read-missing_column = { $file }，工作表“{ $sheet }”，表头第 { $row } 行：E_MISSING_COLUMN：找不到必需的列 { $missing }（表头中有：{ $seen }）
read-headers_more = { $headers }，另有 { $more } 个
read-sheet = { $file }，工作表“{ $sheet }”：无法读取工作表：{ $reason }
read-sheet_at = { $file }，工作表“{ $sheet }”，{ $at }：无法读取工作表：{ $reason }
read-near_cell = 单元格 { $cell } 附近
read-at_cell = 单元格 { $cell }
read-at_row = 第 { $row } 行
# 工作簿无法打开、工作表无法读取的原因（上面的 { $reason }）。
read-password_protected = 工作簿设有密码或已加密；请另存一份不加密的副本后重新运行
read-damaged = 文件已损坏：其内容无法作为电子表格读取
read-pdf = 这是 PDF 文档，不是工作簿；{ $supported }
read-web_page = 这是文本或网页（HTML/XML）文件，不是工作簿；{ $supported }
read-not_a_workbook = 其内容不是工作簿格式；{ $supported }
read-supported = 支持 .xlsx、.xlsm、.xls、.xlsb 和 .ods 文件
read-broken_zip = 文件已损坏：构成工作簿的压缩包不完整或已损坏（是否完整复制或下载了？）
read-broken_part = 文件已损坏：工作簿内部有一部分无法读取（请用 Excel 打开后重新保存）
read-broken_xls = 文件已损坏：.xls 文件的内部结构已损坏（请用 Excel 打开后重新保存）
read-sheet_damaged = 文件中该工作表的数据已损坏，或不是 Excel 的写法；请用 Excel 或 LibreOffice 打开工作簿，保存后重新运行
read-beyond_grid = 该单元格超出了 Excel 的最后一行和最后一列（XFD1048576），说明文件已损坏；请用 Excel 或 LibreOffice 打开，保存后重新运行
read-out_of_order = 文件中第 { $row } 行排在第 { $after } 行之后，Excel 从不这样写入；请用 Excel 或 LibreOffice 打开工作簿，保存后重新运行
# 读取前就拒绝的工作簿：读取它们会占用过多内存。
guard-shared_strings = 其文本表展开后有 { $mib } MB（超过 { $limit } MB）；这不是 Excel 写出的工作簿，因此不予读取
guard-sheet_cells = 其工作表展开后有 { $cells } 个单元格（超过 { $limit } 个）；.ods 和 .xls 工作表需要整张读入，请另存为 .xlsx（可逐行读取）后重新运行
guard-ods_content = 其内容展开后有 { $mib } MB（超过 { $limit } MB）；请另存为 .xlsx 后重新运行
guard-damaged = 文件已损坏：{ $reason }
guard-chain_loops = 其中的扇区链循环指回自身
guard-allocation_table = 其分配表列出的扇区比文件实际的还多
guard-sheets_overlap = 文件中的各工作表相互重叠
guard-xls_sheet_too_large = 其中有工作表声称的单元格数超过了 .xls 的容量
guard-string_count = 其文本表声称的字符串数超过了它能容纳的数量
# 政策表：--policies 文件或工作簿中的政策工作表。
policy-bad_value = { $place }，{ $column } 列：无法读取“{ $value }”；可填：{ $accepted }
policy-missing_value = { $place }，{ $column } 列：值为空；可填：{ $accepted }
policy-missing_columns = { $table }：缺少列 { $missing }；表头中有：{ $seen }
policy-no_header = { $table }：没有含“{ $platform }”列的表头行；政策表需要以下列：{ $columns }
policy-duplicate_row = { $place }：{ $label } 出现了第二行（第一行位于{ $first }）；请只保留一行
policy-built_in = 内置政策表
policy-file = 文件 { $path }
policy-sheet = 工作簿的工作表“{ $sheet }”
policy-line = { $table } 第 { $line } 行
policy-row = { $table } 第 { $row } 行
policy-cell = { $table } 单元格 { $cell }
policy-accepted_platform = 工作簿中所写的平台名称
policy-accepted_days = 0 到 { $max } 之间的整数天数，例如 7
policy-accepted_days_fraction = 0 到 { $max } 之间的天数，例如 24 或 1.5
policy-accepted_hours = 0 到 { $max } 之间的小时数，例如 24 或 1.5
policy-accepted_statuses = 用 ; 分隔的状态，每个须为以下之一：{ $statuses }
policy-accepted_one_of = { $spellings }
# 节假日日历（--calendar）。
calendar-missing_column = { $file }：缺少列“{ $column }”（表头必须是 { $header }）
calendar-bad_date = { $file } 第 { $line } 行：无法读取日期“{ $value }”（请写成 YYYY-MM-DD，年份在 { $first_year } 到 { $last_year } 之间）
calendar-bad_kind = { $file } 第 { $line } 行：未知的类型“{ $value }”（可填：{ $accepted }）
calendar-duplicate = { $file } 第 { $line } 行：{ $date } 已在第 { $first_line } 行列出；每个日期只保留一行
calendar-empty = { $file }：没有列出任何日期，因此无法确定它覆盖哪些年份
# CSV 文件（政策表、日历）中完全无法读取的一行。
csv-line = { $file } 第 { $line } 行：{ $reason }
csv-not_utf8 = 文本不是 UTF-8 编码（请另存为“CSV UTF-8”后重新运行）
csv-unequal_lengths = 这一行有 { $found } 个字段，而前面的行有 { $expected } 个

## 写入工作簿（src/package、src/output.rs、src/pipeline）

package-read = { $file }：无法读取文件：{ $reason }
package-encrypted = { $file } 设有密码保护；请在 Excel 中取消密码（文件 > 信息 > 保护工作簿）后重新运行
package-not_xlsx = { $file } 不是 .xlsx 或 .xlsm 工作簿（{ $what }），因此无法直接在原工作簿上标注
package-damaged = { $file } 已损坏：{ $detail }
package-missing_part = { $file } 已损坏：缺少部件 { $part }
package-bad_part = { $file } 已损坏：无法读取部件 { $part }：{ $detail }
package-part_too_large = { $file }：部件 { $part } 超过 { $limit_mib } MiB，这类工作簿不会有这么大的部件
package-not_a_worksheet = { $file }：{ $part } 不是这个工作簿的工作表
package-part_exists = { $file }：无法添加部件 { $part }：它已存在
package-sheet_name = { $file }：无法添加名为“{ $name }”的工作表：{ $reason }
package-cell = { $file }：无法在 { $part } 中添加单元格 { $cell }：{ $reason }
package-format = { $file }：无法添加单元格格式：{ $reason }
package-graft = { $file }：无法添加生成的工作表：{ $detail }
package-remove_sheet = { $file }：无法删除工作表“{ $name }”：{ $reason }
package-write = { $target }：无法写入工作簿：{ $reason }
# 无法在原工作簿上标注的文件实际是什么（package-not_xlsx 中的 { $what }）。
package-what_not_zip = 它不是 ZIP 压缩包
package-what_ods = 它是 OpenDocument 格式的 .ods 电子表格
package-what_other_zip = 它是 ZIP 压缩包，但里面没有电子表格文档应有的部件
package-what_xlsb = 它是二进制格式的 .xlsb 工作簿
package-what_xls = 它是 Excel 97-2003 格式的 .xls 工作簿
# 工作簿的某个部件（.xlsx 里的一个文件）为什么无法读取或修改。
package-xml_malformed = 其 XML 格式不正确
package-zip_damaged = 其 ZIP 结构已损坏
package-zip_unsupported = 它的压缩方式无法读取
package-zip_entry_missing = 其中列出的某个部件不存在
package-zip_encrypted = 它已加密
package-no_root_element = 它没有根元素
package-no_element = 它没有 <{ $element }> 元素
package-no_workbook_part = 它没有指明哪个部件是工作簿（{ $part }）
package-sheet_without_part = 工作表“{ $name }”没有对应的部件（关系“{ $id }”）
package-sheet_not_listed = 其中没有列出工作表“{ $name }”
package-part_cut_short = 部件在最后一个元素闭合之前就结束了
package-row_number = 有一行的行号是“{ $text }”，这不是有效的行号
package-col_range = 有一项列宽设置的起止列无效
package-styles_uncounted = 无法可靠地统计其中的 <{ $element }> 记录
package-style_missing_format = 有单元格使用了单元格格式 { $id }，但其中没有这个格式
package-style_missing_record = 它引用了 { $element } 记录 { $id }，但其中没有这条记录
package-style_empty_record = 有一条记录是空的
package-colour = 颜色“{ $colour }”不是六位十六进制数（RRGGBB）
# 为什么无法用某个名称添加工作表，或无法删除工作表。
package-sheet_name_empty = 工作表名称不能为空
package-sheet_name_too_long = Excel 工作表名称最多 { $limit } 个字符
package-sheet_name_character = Excel 工作表名称不能包含“{ $character }”
package-sheet_name_apostrophe = Excel 工作表名称不能以撇号（'）开头或结尾
package-sheet_name_reserved = “{ $reserved }”是 Excel 保留的名称
package-sheet_name_taken = 工作簿中已有同名工作表
package-sheet_name_twice = 有两个要添加的工作表用了这个名称
package-remove_no_such_sheet = 工作簿中没有这个名称的工作表
package-remove_last_sheet = 工作簿至少要保留一个工作表
# 为什么无法在案件表中添加单元格。
package-cell_past_last_column = 它超出了 Excel 的最后一列 { $last }
package-cell_bad_reference = 工作表中有单元格使用了这个引用，但它不是有效的单元格引用
package-cell_unreferenced_row = 这一行的单元格没有引用，只能在该行最后一个单元格之后添加
package-cell_given_twice = 同一个单元格给出了两个值
package-cell_column_undeclared = 这次修改没有声明它所在的列
package-cell_taken = 工作表中这个位置已有单元格
package-cell_not_a_number = { $number } 不是 Excel 能保存的数字
package-cell_text_too_long = 它的文本超过了 Excel 的 { $limit } 个字符上限
package-cell_formula_too_long = 它的公式或值超过了 Excel 允许的长度
# 为什么无法把生成的工作表（汇总、问题清单等）添加到团队的工作簿。
package-graft_generated = 无法读取生成的工作簿：{ $reason }
package-graft_generated_part = 生成的工作簿中的部件 { $part }：{ $reason }
package-graft_no_part = 生成的工作簿缺少部件 { $part }
package-graft_no_content_type = 生成的工作簿没有为部件 { $part } 指定内容类型
package-graft_no_sheet = 生成的工作簿中没有工作表“{ $sheet }”
package-graft_not_worksheet = 生成的工作表“{ $sheet }”不是普通工作表，只能添加普通工作表
package-graft_unsupported = 生成的工作表“{ $sheet }”含有{ $what }，暂时无法添加到另一个工作簿
package-graft_table = 表格
package-graft_pivot_table = 数据透视表
package-graft_query_table = 查询表
package-graft_sheet = 生成的工作表“{ $sheet }”（{ $part }）：{ $reason }
package-graft_string_index = 有一个共享字符串单元格的值是“{ $value }”
package-graft_string_missing = 有单元格使用了共享字符串 { $index }，但它不存在
# 写入输出文件。
output-write = { $path }：无法写入输出文件：{ $reason }
output-locked = { $path }：工作簿正在 { $app } 中打开（锁文件 { $lock }），因此没有替换它；请关闭后重新运行
output-locked_by = { $path }：工作簿正由 { $user } 在 { $app } 中打开（锁文件 { $lock }），因此没有替换它；请关闭后重新运行
output-in_place_format = { $path }：--in-place 只能替换 .xlsx 或 .xlsm 工作簿；请用 -o 写入新文件
output-changed_meanwhile = { $path }：处理期间有人保存了这个工作簿，所以没有替换它（以对方保存的为准）；标注结果在 { $annotated }，备份在 { $backup }；请重新运行
output-folder_missing = 文件夹 { $folder } 不存在
output-folder_denied = 没有权限在文件夹 { $folder } 中写入
output-folder_other = 无法在文件夹 { $folder } 中写入（{ $reason }）
output-create_folder = 无法创建文件夹：{ $reason }
output-temp_file = 无法写入临时文件（请把 TMPDIR 设为有空间的文件夹）：{ $reason }
output-text_too_long = 有文本超过了 Excel 的 32,767 个字符上限
output-too_large = 有工作表会超出 Excel 的 1,048,576 行或 16,384 列上限
output-library = 无法生成工作簿（{ $detail }）；请把这个文件附上报告给我们
output-case_sheet_not_worksheet = 工作表“{ $sheet }”不是普通工作表
output-rows_unmatched = 在工作表“{ $sheet }”的 XML 中找不到 { $count } 行案件，因此无法为它们添加计算列
output-notes_relationship = 批注的绘图得到的关系是 { $id }，而不是 { $expected }

## 案件历史和消息目录（src/history、src/i18n、process 的提示）

history-not_history = { $path }：这个历史记录文件{ $what }；请把它移走，或者用 --history FILE 指定别的文件（或用 --no-history）
history-not_sqlite = 不是 SQLite 数据库
history-other_program = 是其他程序的 SQLite 数据库
history-newer = { $path }：历史记录是较新版本的 aftersales 写的（结构版本 { $version }，本版本最多能读 { $supported }）；请更新 aftersales，或者用 --history FILE 指定别的文件
history-damaged = { $path }：无法读取历史记录（{ $reason }）；文件保持原样未动：请从备份恢复，或者用 --history FILE 指定别的文件
history-write = { $path }：无法写入历史记录（{ $reason }）；请用 --history FILE 指定可写文件夹里的文件，或者用 --no-history
history-older = { $path }：历史记录是旧版本的 aftersales 写的（结构版本 { $version }）；下次运行 `aftersales process` 会把它更新
history-missing = { $path }：还没有历史记录（`aftersales process` 会在工作簿旁边记录一份，或者用 --history FILE 指定文件）
history-other_workbook = { $path }：这份历史记录属于另一个工作簿：它上次运行（截至 { $as_of }）见到的 { $previous } 个案件，没有一个在 { $input } 的 { $cases } 个案件中；请用 --history FILE 指定这个工作簿的历史记录
# 历史记录无法读写的原因（放在上面的消息里）。
history-damaged_file = 文件已损坏
history-busy = 另一次运行正在写入
history-cannot_open = 无法打开
history-interrupted = 有一次运行在记录时被中断；下次运行 `aftersales process` 会撤销那次未完成的记录
history-read_only = 文件夹或文件是只读的
history-removed = 运行过程中文件被删除了
history-tables_missing = 缺少数据表
history-bad_as_of = 运行 { $run } 的截至时间“{ $as_of }”无法识别
history-case_missing = 运行 { $run } 缺少案件 { $case }
history-spool = 无法把本次运行暂存到临时文件：{ $reason }（请把 TMPDIR 设为有空间的文件夹）
history-spool_unreadable = 无法读回本次运行的临时文件
# 无法使用的 --templates 消息目录（总是用内置消息目录报告）。
catalogue-read = { $file }：无法读取消息目录：{ $reason }
catalogue-built_in_file = { $path }（内置）
catalogue-not_a_folder = 不是文件夹
catalogue-not_utf8 = 不是 UTF-8 文本（请另存为 UTF-8 编码）
catalogue-syntax = { $file } 第 { $line } 行：语法错误：{ $reason }
catalogue-missing = { $file }：缺少消息“{ $id }”（内置消息目录里有；请从 { $folder } 复制）
catalogue-unknown_variable = { $file } 第 { $line } 行：消息“{ $id }”用了未知变量 ${ $name }；可以用的变量：{ $known }
catalogue-no_variables = 无
catalogue-unknown_message = { $file } 第 { $line } 行：未知消息“{ $id }”（是不是拼错了？消息名以内置消息目录为准）
catalogue-unknown_reference = { $file } 第 { $line } 行：消息“{ $id }”引用了“{ $target }”，但这种语言的消息目录里都没有定义它
catalogue-no_text = { $file } 第 { $line } 行：消息“{ $id }”没有文字
catalogue-duplicate = { $file } 第 { $line } 行：消息“{ $id }”定义了两次
# Fluent 解析器发现的问题（catalogue-syntax 的原因）。
catalogue-syntax_expected = 这里应有“{ $token }”
catalogue-syntax_expected_one_of = 这里应有“{ $range }”中的一个字符
catalogue-syntax_expected_name = 这里应有名称（消息名和变量名以字母开头）
catalogue-syntax_expected_digit = 这里应有数字
catalogue-syntax_variants_on_next_line = 选择的各个分支要从“->”的下一行开始
catalogue-syntax_message_without_text = 消息“{ $id }”的“=”后面没有文字
catalogue-syntax_term_without_text = 术语“{ $id }”的“=”后面没有文字
catalogue-syntax_not_a_function = 只有函数（用大写字母书写，例如 NUMBER）后面才能跟“(”
catalogue-syntax_no_default_variant = 选择没有默认分支（请用 * 标出一个）
catalogue-syntax_two_default_variants = 选择有不止一个默认分支（只能用 * 标出一个）
catalogue-syntax_missing_value = 这里缺少值
catalogue-syntax_bad_selector = 只能按变量、数字或带引号的文字做选择
catalogue-syntax_term_attribute = 术语的属性不能显示在文字里，只能用来做选择
catalogue-syntax_unclosed_quote = 带引号的文字在本行没有结束
catalogue-syntax_argument_order = 函数调用中，不带名称的参数要放在带名称的参数前面
catalogue-syntax_argument_twice = 参数“{ $name }”给了两次
catalogue-syntax_unknown_escape = “{ $sequence }”不是带引号的文字可以用的转义
catalogue-syntax_bad_unicode_escape = Unicode 转义“{ $sequence }”无效（应为 4 位或 6 位十六进制数字）
catalogue-syntax_unbalanced_brace = 这里的“{"}"}”没有对应的“{"{"}”
catalogue-syntax_empty_placeable = 大括号里应有变量、消息或带引号的文字
catalogue-syntax_expected_literal = 这里应有带引号的文字或数字
# 处理完一个文件后的提示（运行继续）。
note-values_only = { $input }：新工作簿只带入了它的数据，没有带入格式；把它另存为 .xlsx（Excel 工作簿）后，下次运行会全部保留
note-not_recorded = { $path }：本次运行没有记入历史记录：它的截至时间 { $as_of } 早于上次记录的运行（{ $last }）

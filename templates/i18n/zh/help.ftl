# `aftersales --help` 和 `aftersales 命令 --help` 打印的内容。选项的说明先找 help-命令-选项，
# 没有再用 help-arg-选项。

help-about = 按各平台政策检查售后案件工作簿，并写出标注后的工作簿
help-usage = 用法
help-commands = 命令
help-arguments = 参数
help-options = 选项
help-help = 显示帮助
help-help_command = 显示这段帮助，或某个命令的帮助
help-version = 显示版本
help-default = [默认：{ $value }]
help-values = [可选：{ $values }]

help-cmd-process = 检查、计算并写出标注后的工作簿（每晚的任务）
help-cmd-check = 打印问题清单和交接摘要；不写任何文件
help-cmd-kpi = 某段时间的 KPI，打印出来，或写成不含个人信息的 KPI 工作簿
help-cmd-init = 写出一个起步用的工作簿和默认政策表
help-cmd-policies = 打印实际生效的政策表，以及每一行来自哪里
help-cmd-timeline = 打印案件历史记录的事件：全部事件，或某个案件的事件

help-arg-inputs = 要处理的工作簿，或装有工作簿的文件夹
help-arg-input = 案件工作簿
help-arg-output = 输出文件（一个输入时）或文件夹（多个输入时）；默认：每个输入旁边的 <stem>.annotated.xlsx
help-arg-as_of = 把哪个时刻当作“现在”：YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS]（默认：本机当前时间）
help-arg-policies = 替换内置政策表的政策表（CSV）
help-arg-calendar = 替换内置中国节假日的节假日日历（CSV：date,kind,name）
help-arg-sheet = 案件所在的工作表（默认：第一个有可识别表头的工作表）
help-arg-day_first = 把 03/11/2026 这样的日期读作 日/月/年
help-arg-month_first = 把 03/11/2026 这样的日期读作 月/日/年
help-arg-history = 案件历史（默认：输入旁边的 <stem>.history.sqlite）
help-arg-lang = 团队的语言：工作簿标签、问题、下一步、终端文字和提示（默认：区域设置（LC_ALL、LANG）是中文时为 zh，否则为 en）
help-arg-templates = 消息目录所在的文件夹（en/*.ftl、zh/*.ftl，与 templates/i18n 相同），替换内置的同名文件
help-arg-reply_lang = 客户的语言：建议回复（默认：与 --lang 相同）
help-arg-in_place = 先写备份，再用标注后的工作簿替换输入
help-arg-fail_on = 有这一级别或更高级别的问题时，退出码为 1
help-arg-redact = 在写出的每个工作表中遮盖客户姓名和联系方式（不能与 --in-place 同用：团队自己的工作簿从不遮盖）
help-arg-no_history = 不读取也不记录案件历史
help-arg-format = 打印格式：text 给人看，json 或 csv 给其他程序
help-arg-week = ISO 周，例如 2026-W47（周一到周日）
help-arg-from = 时间段的第一天（YYYY-MM-DD）
help-arg-to = 时间段的最后一天（YYYY-MM-DD），包含这一天
help-arg-dir = 写入的文件夹（默认：当前文件夹）
help-arg-case = 只看这个案件的事件
help-arg-command = 要显示其帮助的命令
help-kpi-output = 把 KPI 工作簿（不含个人信息）写到这个文件
help-policies-input = 一个工作簿，它的“平台政策”工作表优先于前两者
help-timeline-input = 要打印其历史的工作簿

# 终端输出：check 的报告和交接摘要、KPI 表格，以及 process 和 init 的结果。

check-head = { $file } — 工作表“{ $sheet }”，截至 { $as_of }：{ $cases } 个案件
check-counts = 问题：错误 { $error } 个，政策 { $policy } 个，提醒 { $warning } 个
check-findings = 问题清单
check-workbook = 整个工作簿
check-row = 第 { $row } 行
digest-none = 没有需要关注的未结案件（没有 P1 或 P2）。
digest-title = 交接：需要关注的未结案件
digest-overdue_since = 自 { $at } 起逾期
digest-past_due = 已过截止 { $at }
digest-due_today = 今天 { $time } 到期
digest-due = { $at } 到期

kpi-title = KPI：{ $period }，截至 { $as_of }
kpi-summary = { $cases } 个案件；有错误的 { $excluded } 行不计入任何 KPI
kpi-overall = 总体
kpi-all_cases = 全部案件
kpi-by_platform = 按平台
kpi-by_assignee = 按处理人
kpi-by_issue_type = 按问题类型
kpi-by_week = 按 ISO 周
kpi-no_cases = （没有案件）
short-cases = 案件
short-open = 未结
short-resolved = 已结
short-resolution_rate = 解决率
short-frt_mean_hours = 首响均值h
short-frt_median_hours = 首响中位h
short-frt_sla_met_rate = 首响达标
short-resolution_days_mean = 解决均值天
short-resolution_days_median = 解决中位天
short-resolution_sla_met_rate = 解决达标
short-reopened_rate = 重开率
short-csat_mean = 满意度
short-csat_rate = 4-5分占比
short-csat_response_rate = 评分率
short-policy_exception_rate = 政策例外
short-overdue = 逾期

process-done = { $input } -> { $output }：{ $cases } 个案件；问题：错误 { $error } 个，政策 { $policy } 个，提醒 { $warning } 个
init-wrote = 已写入 { $path }

# `aftersales timeline` (text): a header line, then one line an event.
timeline-text_header = { $file }：共 { $count } 个事件，最新的在前
timeline-text_since = （最早 { $earliest }）

# 在终端上运行 process 时的进度条：已完成/全部工作簿。
progress-workbooks = 个工作簿

# `aftersales policies`：说明每一行来自哪里的列。
policies-source = 来源

# 工具写入的工作簿中的文字：工作表名、计算列表头、单元格中的取值、汇总/趋势/生效政策/运行记录表，以及 KPI 工作簿。

## 工作表名（Excel：最多 31 个字符，不能含 : \ / ? * [ ]）
sheet-cases = 售后登记
sheet-findings = 问题清单
sheet-summary = 汇总
sheet-trend = 趋势
sheet-policies = 平台政策
sheet-applied_policies = 生效政策
sheet-run = 运行记录
sheet-about = 说明

## 售后表的计算列
column-platform_std = 平台（标准）
column-status_std = 状态（标准）
column-issue_type_std = 问题类型（标准）
column-policy = 适用政策
column-window_start = 售后期起算日
column-return_deadline = 售后截止日
column-first_response_due = 首次响应截止
column-frt_hours = 首次响应用时（小时）
column-resolution_due = 解决截止
column-age_days = 已开天数
column-sla_status = SLA 状态
column-priority = 优先级
column-in_kpis = 计入 KPI
column-findings = 问题代码
column-next_action = 下一步操作
column-suggested_reply = 建议回复

## 单元格中的取值。状态和问题类型的写法读取时也能识别（见 templates/values.csv）。
status-new = 待处理
status-in_progress = 处理中
status-waiting_customer = 待客户回复
status-waiting_seller = 待商家回复
status-appealed = 申诉中
status-reopened = 重新打开
status-resolved = 已解决
status-closed = 已关闭
status-rejected = 已驳回
issue-changed_mind = 无理由退货
issue-quality = 质量问题
issue-wrong_item = 发错货
issue-logistics = 物流问题
issue-service = 服务态度
issue-safety = 安全隐患
issue-other = 其他
sla-overdue = 已逾期
sla-due_soon = 即将到期
sla-on_track = 正常
sla-resolved_on_time = 按时解决
sla-resolved_late = 超时解决
sla-unknown = 未知
yesno-yes = 是
yesno-no = 否
severity-error = 错误
severity-policy = 政策
severity-warning = 提醒
group-none = （无）
group-unassigned = （未分配）

## 问题清单表头
findings-code = 代码
findings-severity = 级别
findings-case_id = 售后单号
findings-row = 行
findings-column = 列
findings-cell = 单元格
findings-message = 说明
findings-hint = 建议

## 汇总与趋势
summary-title = 汇总
summary-heading = { $title }：{ $period }，截至 { $as_of }
summary-note = 计数和 KPI 覆盖该期间内没有错误的 { $cases } 个案件；有错误的 { $excluded } 行不计入本表的任何表格和图表。
period-all = 全部案件
period-from = 自 { $from } 起
period-until = 截至 { $to }
period-between = { $from } 至 { $to }
summary-by_status = 按状态和平台统计的案件数
summary-by_platform = 各平台 KPI
summary-by_assignee = 各处理人 KPI
summary-by_issue = 按问题类型和平台统计的案件数
summary-status = 状态
summary-platform = 平台
summary-assignee = 处理人
summary-issue_type = 问题类型
summary-total = 合计
summary-all_platforms = 全部平台
summary-all_assignees = 全部处理人
chart-resolution = 各平台解决率
chart-resolution-series = 解决率
chart-resolution-axis = 已解决 / 案件数
chart-frt = 各处理人首次响应用时
chart-frt-series = 首次响应用时中位数（小时）
chart-frt-axis = 首次响应用时中位数（小时）
chart-issues = 问题类型分布
chart-cases = 案件数
trend-title = 按 ISO 周的趋势
trend-table = 按申请日期所在 ISO 周的 KPI
trend-week = ISO 周
trend-all_weeks = 全部周
chart-trend = 每周案件数与解决天数中位数
chart-trend-days = 解决天数中位数
chart-trend-axis = 申请日期所在 ISO 周

## KPI 列名
kpi-cases = 案件数
kpi-open = 未结
kpi-resolved = 已结
kpi-resolution_rate = 解决率
kpi-frt_mean_hours = 首次响应平均（小时）
kpi-frt_median_hours = 首次响应中位数（小时）
kpi-frt_sla_met_rate = 首次响应达标率
kpi-resolution_days_mean = 解决平均（天）
kpi-resolution_days_median = 解决中位数（天）
kpi-resolution_sla_met_rate = 解决达标率
kpi-reopened_rate = 重开率
kpi-csat_mean = 满意度平均
kpi-csat_rate = 满意度 4–5 分占比
kpi-csat_response_rate = 满意度回复率
kpi-policy_exception_rate = 政策例外率
kpi-overdue = 逾期

## 生效政策
policies-calendar = 节假日日历（cn）：不计入的日期
policies-date = 日期
policies-kind = 类型
policies-name = 名称

## 运行记录
run-as_of = 截至时间
run-input_file = 输入文件
run-input_sha256 = 输入文件 SHA-256
run-tool_version = 工具版本
run-case_sheet = 售后表
run-header_row = 表头行
run-rows_read = 读取行数
run-cases = 案件数
run-findings_error = 问题：错误
run-findings_policy = 问题：政策
run-findings_warning = 问题：提醒
run-notes = 问题单元格批注数
run-redacted = 已脱敏
run-notes_not_written = 未写批注
run-notes_theirs = { $count } 个问题单元格没有批注：售后表已有团队自己的批注，保持不变；所有问题都在问题清单表中
run-notes_limit = { $count } 个问题单元格没有批注：批注最多写 { $limit } 条，以免工作簿打开过慢；所有问题都在问题清单表中
run-findings_not_listed = 未列出的问题
run-findings_not_listed_value = { $count } 个问题超出了问题清单表的行数上限（Excel 的行数限制）
run-sheet_added = 新增工作表
policy-platform = 平台
policy-category = 品类
policy-return_window_days = 退货期（天）
policy-quality_window_days = 质量问题售后期（天）
policy-window_start = 售后期起算
policy-holiday_rule = 节假日规则
policy-refund_rule = 退款规则
policy-requires_original_packaging = 需要原包装
policy-requires_video_for_defect = 质量问题需要视频
policy-first_response_hours = 首次响应（小时）
policy-resolution_days = 解决时限（天）
policy-due_soon_hours = 即将到期提醒（小时）
daykind-holiday = 假日
daykind-workday = 调休工作日

## KPI 工作簿（kpi -o）的说明表
about-title = 售后 KPI 工作簿
about-period = 期间
about-from = 期间开始
about-to = 期间结束
about-as_of = 截至时间
about-cases = 计入 KPI 的案件数
about-excluded = 未计入的行（有错误）
about-version = 工具版本
about-note = 不含客户个人信息：每个案件只提供平台、处理人、问题类型、状态、时间、满意度评分以及是否有问题。

## 初始工作簿（init）
init-howto_sheet = 使用说明
init-howto_title = 如何使用本工作簿
init-howto-1 = 1. 在“售后登记”表中每行登记一个售后案件。下拉列表给出常用取值；其他常见写法（中英文皆可，如“已解决”“Done”）同样可以识别。
init-howto-2 = 2. 必填列：售后单号、平台、申请时间。日期可写成 2026-11-03 或 2026-11-03 14:30。
init-howto-3 = 3. 各平台的政策（售后时限、响应时限等）在“平台政策”表中；修改其中一行即可调整本工作簿的政策，新平台请添加一行。
init-howto-4 = 4. 运行：aftersales process { $workbook } --lang zh，会在旁边生成 aftersales-cases.annotated.xlsx，包含截止时间、SLA 状态、优先级、问题清单和下一步操作。aftersales check { $workbook } --lang zh 会在终端列出问题和即将到期的案件。
init-howto-5 = 5. 四行示例的日期在 2026-11-20 前后，可这样试用：aftersales process { $workbook } --as-of { $as_of } --lang zh。AS-2026-0002 需要客户补充视频（Bhiner 的质量问题要求视频凭证），AS-2026-0003 即将到期，AS-2026-0004 尚无满意度评分（需回访）。登记真实案件前请删除示例行。
init-howto-6 = 6. 表头行请保留；列的顺序可以调整，自行添加的列会原样保留。
init-pick = 请从列表中选择。
init-platform_hint = 请从列表中选择平台；新平台请先在“平台政策”表中添加一行。
init-csat = 满意度请填写 1 到 5 的整数。
init-reopened = 重开次数请填写整数。
init-policies_note = 修改一行即可调整本工作簿中该平台的政策；新平台请添加一行。category 为 * 表示所有品类。

## 案件历史：数据透视、时间线和已删除表，运行记录中的历史行
sheet-pivot = 数据透视
sheet-timeline = 时间线
sheet-removed = 已删除
column-paused_hours = 暂停时长（小时）
timeline-case_id = 售后单号
timeline-when = 时间
timeline-earliest = 最早可能时间
timeline-event = 事件
timeline-from = 原值
timeline-to = 新值
timeline-removed_at = 删除于
timeline-history = 历史记录
timeline-history_off = 关闭（--no-history）
timeline-previous_run = 历史：上次运行（截至）
timeline-no_previous_run = 无：这是第一次记录的运行
timeline-events_this_run = 历史：本次运行的事件
timeline-events_in_history = 历史：已记录的事件
timeline-events_not_shown = 未显示的时间线事件
timeline-events_not_shown_value = 还有 { $count } 个较早的事件不在时间线表中（只显示最新的 { $limit } 个）；aftersales timeline 会全部列出
timeline-cases_removed = 历史：已删除的案件
timeline-nothing_paused = 没有历史记录，因此没有暂停：暂停时长均为 0
event-created = 新建
event-status = 状态变更
event-assignee = 处理人变更
event-reopened = 重新打开
event-edited_after_close = 结案后修改
event-removed = 删除
event-restored = 恢复
pivot-title = 数据透视表
pivot-note = 基于售后表的数据透视表，Excel 打开工作簿时自动刷新。筛选“计入 KPI = 是”显示的是汇总表统计的案件；选择“(全部)”可查看所有行。
pivot-row_labels = 行标签
pivot-column_labels = 列标签
pivot-grand_total = 总计
pivot-values = 值
pivot-count_of = 计数项:
pivot-average_of = 平均值项:
pivot-blank = （空白）
pivot-unnamed_column = 列
pivot-title-status = 按状态和平台统计的案件数
pivot-title-frt = 各处理人首次响应用时（小时）
pivot-title-issue = 按问题类型和平台统计的案件数
pivot-title-priority = 按优先级和处理人统计的案件数

# Labels of the workbooks the tool writes: sheet names, computed column headers, values shown
# in cells, the Summary, Trend, Applied policies and Run sheets, and the KPI workbook.

## Sheet names (Excel: at most 31 characters, none of : \ / ? * [ ])
sheet-cases = Cases
sheet-findings = Findings
sheet-summary = Summary
sheet-trend = Trend
sheet-policies = Policies
sheet-applied_policies = Applied policies
sheet-run = Run
sheet-about = About

## Computed columns of the case sheet
column-platform_std = Platform (std)
column-status_std = Status (std)
column-issue_type_std = Issue type (std)
column-policy = Policy
column-window_start = Window start
column-return_deadline = Return deadline
column-first_response_due = First response due
column-frt_hours = FRT (h)
column-resolution_due = Resolution due
column-age_days = Age (days)
column-sla_status = SLA status
column-priority = Priority
column-in_kpis = In KPIs
column-findings = Findings
column-next_action = Next action
column-suggested_reply = Suggested reply

## Values shown in cells. The reader accepts the status and issue type labels back
## (templates/values.csv lists them).
status-new = New
status-in_progress = In progress
status-waiting_customer = Waiting on customer
status-waiting_seller = Waiting on seller
status-appealed = Appealed
status-reopened = Reopened
status-resolved = Resolved
status-closed = Closed
status-rejected = Rejected
issue-changed_mind = Changed mind
issue-quality = Quality
issue-wrong_item = Wrong item
issue-logistics = Logistics
issue-service = Service
issue-safety = Safety hazard
issue-other = Other
sla-overdue = Overdue
sla-due_soon = Due soon
sla-on_track = On track
sla-resolved_on_time = Resolved on time
sla-resolved_late = Resolved late
sla-unknown = Unknown
yesno-yes = yes
yesno-no = no
severity-error = error
severity-policy = policy
severity-warning = warning
group-none = (none)
group-unassigned = (unassigned)

## Findings sheet headers
findings-code = Code
findings-severity = Severity
findings-case_id = Case ID
findings-row = Row
findings-column = Column
findings-cell = Cell
findings-message = Message
findings-hint = Hint

## Summary and Trend
summary-title = Summary
summary-heading = { $title }: { $period }, as of { $as_of }
summary-note = Counts and KPIs cover the { $cases } cases in the period without error findings; { $excluded } rows with errors are left out of every table and chart here.
period-all = all cases
period-from = from { $from }
period-until = until { $to }
period-between = { $from } to { $to }
summary-by_status = Cases by status and platform
summary-by_platform = KPIs by platform
summary-by_assignee = KPIs by assignee
summary-by_issue = Cases by issue type and platform
summary-status = Status
summary-platform = Platform
summary-assignee = Assignee
summary-issue_type = Issue type
summary-total = Total
summary-all_platforms = All platforms
summary-all_assignees = All assignees
chart-resolution = Resolution rate by platform
chart-resolution-series = Resolution rate
chart-resolution-axis = Resolved / cases
chart-frt = First response time by assignee
chart-frt-series = Median first response (h)
chart-frt-axis = Median hours to first response
chart-issues = Issue type mix
chart-cases = Cases
trend-title = Trend per ISO week
trend-table = KPIs per ISO week of the request date
trend-week = ISO week
trend-all_weeks = All weeks
chart-trend = Cases and median resolution days per week
chart-trend-days = Median resolution (days)
chart-trend-axis = ISO week of the request

## KPI column headers
kpi-cases = Cases
kpi-open = Open
kpi-resolved = Resolved
kpi-resolution_rate = Resolution rate
kpi-frt_mean_hours = First response mean (h)
kpi-frt_median_hours = First response median (h)
kpi-frt_sla_met_rate = First response SLA met
kpi-resolution_days_mean = Resolution mean (days)
kpi-resolution_days_median = Resolution median (days)
kpi-resolution_sla_met_rate = Resolution SLA met
kpi-reopened_rate = Reopened rate
kpi-csat_mean = CSAT mean
kpi-csat_rate = CSAT 4–5 rate
kpi-csat_response_rate = CSAT response rate
kpi-policy_exception_rate = Policy exception rate
kpi-overdue = Overdue

## Applied policies
policies-calendar = Holiday calendar (cn): days that do not count
policies-date = date
policies-kind = kind
policies-name = name

## Run sheet
run-as_of = As of
run-input_file = Input file
run-input_sha256 = Input SHA-256
run-tool_version = Tool version
run-case_sheet = Case sheet
run-header_row = Header row
run-rows_read = Rows read
run-cases = Cases
run-findings_error = Findings: error
run-findings_policy = Findings: policy
run-findings_warning = Findings: warning
run-notes = Notes on finding cells
run-redacted = Redacted
run-notes_not_written = Notes not written
run-notes_theirs = { $count } finding cells have no note: the case sheet has the team's own comments, which are left as they are; every finding is on the Findings sheet
run-notes_limit = { $count } finding cells have no note: notes stop at { $limit } to keep the workbook quick to open; every finding is on the Findings sheet
run-findings_not_listed = Findings not listed
run-findings_not_listed_value = { $count } findings did not fit on the Findings sheet (Excel's row limit)
run-sheet_added = Sheet added
policy-platform = Platform
policy-category = Category
policy-return_window_days = Return window (days)
policy-quality_window_days = Quality window (days)
policy-window_start = Window starts at
policy-holiday_rule = Holiday rule
policy-refund_rule = Refund rule
policy-requires_original_packaging = Requires original packaging
policy-requires_video_for_defect = Requires video for defects
policy-first_response_hours = First response (hours)
policy-resolution_days = Resolution (days)
policy-due_soon_hours = Due soon (hours)
daykind-holiday = holiday
daykind-workday = workday

## KPI workbook (kpi -o), About sheet
about-title = After-sales KPI workbook
about-period = Period
about-from = Period from
about-to = Period to
about-as_of = As of
about-cases = Cases in the KPIs
about-excluded = Rows left out (error findings)
about-version = Tool version
about-note = No customer personal data: each case contributes only its platform, assignee, issue type, status, times, CSAT score and whether it has findings.

## The starter workbook (init)
init-howto_sheet = How to use
init-howto_title = How to use this workbook
init-howto-1 = 1. Enter one after-sales case per row in the Cases sheet. The drop-down lists show the usual values; other common spellings, English or Chinese (Done, 已解决), are accepted too.
init-howto-2 = 2. Required columns: Case ID, Platform, Request date. Type dates as 2026-11-03 or 2026-11-03 14:30.
init-howto-3 = 3. Platform policies (return windows, response times) are in the Policies sheet: edit a row to change a platform's policy for this workbook, or add a row for a new platform.
init-howto-4 = 4. Run: aftersales process { $workbook }. It writes aftersales-cases.annotated.xlsx beside it, with deadlines, SLA status, priority, findings and next actions. aftersales check { $workbook } prints what is wrong or due.
init-howto-5 = 5. The four example rows are dated around 2026-11-20. Try them with: aftersales process { $workbook } --as-of { $as_of }. AS-2026-0002 asks the customer for a video (Bhiner needs one for a quality claim), AS-2026-0003 is due soon, AS-2026-0004 waits for a satisfaction score (return visit). Delete the example rows before entering real cases.
init-howto-6 = 6. Keep the header row; columns can be reordered, and columns you add are kept as they are.
init-pick = Pick a value from the list.
init-platform_hint = Pick a platform from the list, or add a row for a new platform to the Policies sheet.
init-csat = Satisfaction is a whole number from 1 to 5.
init-reopened = Reopened is a whole number: how many times the case was reopened.
init-policies_note = Edit a row to change a platform's policy for this workbook, or add a row for a new platform. category * means any category.

## The case history: Pivot, Timeline and Removed sheets, the Run sheet's history lines
sheet-pivot = Pivot
sheet-timeline = Timeline
sheet-removed = Removed
column-paused_hours = Paused (h)
timeline-case_id = Case ID
timeline-when = When
timeline-earliest = Earliest
timeline-event = Event
timeline-from = From
timeline-to = To
timeline-removed_at = Removed at
timeline-history = History
timeline-history_off = off (--no-history)
timeline-previous_run = History: previous run (as of)
timeline-no_previous_run = none: this is the first recorded run
timeline-events_this_run = History: events of this run
timeline-events_in_history = History: events recorded
timeline-events_not_shown = Timeline events not shown
timeline-events_not_shown_value = { $count } older events are not on the Timeline sheet (it shows the newest { $limit }); `aftersales timeline` prints them all
timeline-cases_removed = History: removed cases
timeline-nothing_paused = no history, so nothing could be paused: every Paused (h) is 0
event-created = created
event-status = status
event-assignee = assignee
event-reopened = reopened
event-edited_after_close = edited after close
event-removed = removed
event-restored = restored
pivot-title = Pivot tables
pivot-note = PivotTables over the case sheet, refreshed when Excel opens the workbook. The filter In KPIs = yes shows the cases the Summary tables count; pick (All) to see every row.
pivot-row_labels = Row Labels
pivot-column_labels = Column Labels
pivot-grand_total = Grand Total
pivot-values = Values
pivot-count_of = Count of
pivot-average_of = Average of
pivot-blank = (blank)
pivot-unnamed_column = Column
pivot-title-status = Cases by status and platform
pivot-title-frt = First response time by assignee (hours)
pivot-title-issue = Cases by issue type and platform
pivot-title-priority = Cases by priority and assignee

# Texts printed in the terminal: the check report and handover digest, the KPI tables, and
# what process and init say they did.

check-head = { $file } — sheet "{ $sheet }", as of { $as_of }: { $cases } cases
check-counts = Findings: { $error } error, { $policy } policy, { $warning } warning
check-findings = Findings
check-workbook = workbook
check-row = row { $row }
digest-none = No open case needs attention (nothing at P1 or P2).
digest-title = Handover: open cases that need attention
digest-overdue_since = overdue since { $at }
digest-past_due = past due { $at }
digest-due_today = due today { $time }
digest-due = due { $at }

kpi-title = KPIs for { $period }, as of { $as_of }
kpi-summary = { $cases } cases; { $excluded } rows with errors left out of every KPI
kpi-overall = Overall
kpi-all_cases = all cases
kpi-by_platform = By platform
kpi-by_assignee = By assignee
kpi-by_issue_type = By issue type
kpi-by_week = By ISO week
kpi-no_cases = (no cases)
short-cases = cases
short-open = open
short-resolved = resolved
short-resolution_rate = res rate
short-frt_mean_hours = FRT avg h
short-frt_median_hours = FRT med h
short-frt_sla_met_rate = FRT SLA
short-resolution_days_mean = days avg
short-resolution_days_median = days med
short-resolution_sla_met_rate = res SLA
short-reopened_rate = reopened
short-csat_mean = CSAT
short-csat_rate = CSAT 4-5
short-csat_response_rate = CSAT resp
short-policy_exception_rate = policy exc
short-overdue = overdue

process-done = { $input } -> { $output }: { $cases } cases; findings: { $error } error, { $policy } policy, { $warning } warning
init-wrote = wrote { $path }

# `aftersales timeline` (text): a header line, then one line an event.
timeline-text_header = { $file }: { $count } events, newest first
timeline-text_since = (since { $earliest })

# The progress bar of `process` on a terminal: done/all workbooks.
progress-workbooks = workbooks

# `aftersales policies`: the column saying where each row comes from.
policies-source = source

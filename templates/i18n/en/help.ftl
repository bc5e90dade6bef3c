# What `aftersales --help` and `aftersales COMMAND --help` print. An option's text is
# help-COMMAND-OPTION when the command has one of its own, else help-arg-OPTION.

help-about = Checks an after-sales case workbook against platform policies and writes an annotated workbook
help-usage = Usage
help-commands = Commands
help-arguments = Arguments
help-options = Options
help-help = Print help
help-help_command = Print this message or the help of the given command
help-version = Print version
help-default = [default: { $value }]
help-values = [possible values: { $values }]

help-cmd-process = Validate, compute and write the annotated workbook (the nightly job)
help-cmd-check = Print findings and a handover digest; writes no file
help-cmd-kpi = KPIs for a period, printed or written as a KPI workbook without personal data
help-cmd-init = Write a starter workbook and the default policy table
help-cmd-policies = Print the effective policy table and where each row comes from
help-cmd-timeline = Print what the case history recorded: every event, or one case's

help-arg-inputs = Workbooks, or folders of workbooks, to process
help-arg-input = The case workbook
help-arg-output = Output file (one input) or folder (several inputs); default: <stem>.annotated.xlsx beside each input
help-arg-as_of = The moment "now" is taken to be: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (default: the current local time)
help-arg-policies = A policy table (CSV) overriding the built-in one
help-arg-calendar = A holiday calendar (CSV: date,kind,name) replacing the built-in Chinese one
help-arg-sheet = The sheet holding the cases (default: the first sheet with a recognised header)
help-arg-day_first = Read dates like 03/11/2026 as day/month/year
help-arg-month_first = Read dates like 03/11/2026 as month/day/year
help-arg-history = The case history (default: <stem>.history.sqlite beside the input)
help-arg-lang = The team's language: workbook labels, findings, next actions, terminal texts and messages (default: zh when the locale (LC_ALL, LANG) is Chinese, else en)
help-arg-templates = A folder of catalogues (en/*.ftl, zh/*.ftl, as in templates/i18n) replacing the built-in files of the same name
help-arg-reply_lang = The customer's language: suggested replies (default: --lang)
help-arg-in_place = Replace the input with the annotated workbook, after writing a backup
help-arg-fail_on = Exit 1 when there are findings at or above this level
help-arg-redact = Mask customer names and contacts in every sheet written (not with --in-place: the team's own workbook is never masked)
help-arg-no_history = Do not read or record the case history
help-arg-format = How to print: text for people, json or csv for other programs
help-arg-week = An ISO week such as 2026-W47 (Monday to Sunday)
help-arg-from = First day of the period (YYYY-MM-DD)
help-arg-to = Last day of the period (YYYY-MM-DD), inclusive
help-arg-dir = Folder to write into (default: the current folder)
help-arg-case = Only this case's events
help-arg-command = The command whose help to print
help-kpi-output = Write a KPI workbook (no personal data) to this file
help-policies-input = A workbook whose Policies sheet overrides both
help-timeline-input = The workbook whose history to print

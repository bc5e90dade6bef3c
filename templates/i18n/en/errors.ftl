# Texts printed on stderr when a run cannot go on (after "aftersales: "). Each names the file,
# and the sheet and cell where there are some. Placeholders in { $braces } are filled by the
# tool; a message may leave any of them out but may not add one it does not know.

## Pieces used inside other messages

# Another program's words, when there is nothing better to say.
verbatim = { $text }
io-not_found = no such file or folder
io-permission_denied = permission denied (the file or folder is read-only, or belongs to someone else)
io-already_exists = a file of that name already exists
io-storage_full = the disk is full
io-is_a_folder = it is a folder, not a file
io-not_a_folder = a part of the path is not a folder
io-damaged = the file is cut short or damaged
io-interrupted = the operation was interrupted; run again
io-other = { $detail }

## The command line

error-policy_file = { $path }: cannot read the policy file: { $reason }
error-policy_sheet = { $file }: { $reason }
error-calendar_file = { $path }: cannot read the holiday calendar: { $reason }
error-report_spool = cannot keep the report in a temporary file (set TMPDIR to a folder with room): { $reason }
error-no_room_for_computed_columns = { $input }, sheet "{ $sheet }": the case sheet is { $width } columns wide; Excel's limit of { $limit } leaves no room for the { $computed } computed columns (remove unused columns and run again)
error-reader_stopped = the reader stopped unexpectedly
error-internal = internal error, nothing was written ({ $detail }); please report it with the file
usage-as_of = --as-of "{ $text }": expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DD HH:MM[:SS]
usage-day = { $flag } "{ $text }": expected a date like 2026-11-16
usage-empty_period = --from { $from } is after --to { $to }: the period holds no day (swap them?)
usage-week = --week: { $reason }
usage-week_form = bad ISO week "{ $week }": expected YEAR-Wnn, like 2026-W47
usage-week_none = bad ISO week "{ $week }": { $year } has no week { $number }
usage-list_folder = { $folder }: cannot list the folder: { $reason }
usage-history_for_one_input = --history FILE names the history of one workbook; with several inputs each has its own beside it (leave --history out)
usage-no_workbooks = no workbooks to process in the folders given
usage-output_not_folder = -o { $output }: with several inputs, -o must be an existing folder
usage-output_is_input = { $input }: the output would replace the input; give another -o, or --in-place to replace it on purpose
usage-output_extension = -o { $output }: the annotated workbook is a .{ $expected } workbook, so its name must end in .{ $expected } (Excel refuses to open a workbook under another extension)
usage-already_exists = { $path }: already exists; init never overwrites a file (move it away, or give another folder: aftersales init DIR)
usage-see_help = { $problem } (see { $command } --help)
usage-unknown_argument = unexpected argument "{ $arg }"
usage-unknown_argument_suggest = unexpected argument "{ $arg }" (did you mean { $suggestion }?)
usage-unknown_command = unknown command "{ $command }"; the commands are { $commands }
usage-value_missing = { $arg } needs a value
usage-invalid_value = { $arg } "{ $value }" is not one of: { $values }
usage-missing_argument = missing { $args }
usage-missing_command = give a command: { $commands }
usage-conflict = { $arg } cannot be used with { $other }
usage-repeated = { $arg } is given more than once
usage-unexpected_value = unexpected value "{ $value }"

## Reading workbooks, policy tables and calendars (src/input, src/policy, src/templates.rs)


## Writing workbooks (src/package, src/output.rs, src/pipeline)


## The case history and the catalogues (src/history, src/i18n, notes of process)


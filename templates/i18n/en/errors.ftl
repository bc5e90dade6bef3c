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
usage-see_help = { $problem }; see { $command } --help
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

read-open = { $file }: cannot open the workbook: { $reason }
read-no_such_sheet = { $file }: there is no sheet named "{ $sheet }" (sheets: { $available })
read-not_a_worksheet = { $file }: the sheet "{ $sheet }" is a { $kind }, which holds no cells; cases are read from a worksheet (sheets: { $available })
read-chart_sheet = chart sheet
read-macro_sheet = macro sheet
read-dialog_sheet = dialog sheet
read-other_sheet = sheet of another kind
read-no_header = { $file }: no header row found in the first { $rows } rows of { $where } (a header row needs at least 3 known column names such as Case ID, Platform, Request date)
read-searched_sheet = sheet "{ $sheet }"
read-searched_no_sheets = the workbook (it has no sheets)
read-searched_any_sheet = any sheet ({ $sheets })
read-missing_column = { $file }, sheet "{ $sheet }", header row { $row }: E_MISSING_COLUMN: required column { $missing } not found (headers seen: { $seen })
read-headers_more = { $headers }, and { $more } more
read-sheet = { $file }, sheet "{ $sheet }": cannot read the sheet: { $reason }
read-sheet_at = { $file }, sheet "{ $sheet }", { $at }: cannot read the sheet: { $reason }
read-near_cell = near cell { $cell }
read-at_cell = cell { $cell }
read-at_row = row { $row }
# Why a workbook cannot be opened, or a sheet read (the { $reason } above).
read-password_protected = the workbook is password-protected or encrypted; save an unprotected copy and run again
read-damaged = the file is damaged: its contents cannot be read as a spreadsheet
read-pdf = it is a PDF document, not a workbook; { $supported }
read-web_page = it is a text or web page (HTML/XML) file, not a workbook; { $supported }
read-not_a_workbook = its content is not a workbook format; { $supported }
read-supported = .xlsx, .xlsm, .xls, .xlsb and .ods are supported
read-broken_zip = it is damaged: the zip archive a workbook is made of is incomplete or broken (was it copied or downloaded completely?)
read-broken_part = it is damaged: a part inside the workbook cannot be read (open it in Excel and save it again)
read-broken_xls = it is damaged: the structure inside the .xls file is broken (open it in Excel and save it again)
read-sheet_damaged = the sheet's data inside the file is damaged or not written the way Excel writes it; open the workbook in Excel or LibreOffice, save it, and run again
read-beyond_grid = the cell lies beyond Excel's last row and column (XFD1048576), so the file is damaged; open it in Excel or LibreOffice, save it, and run again
read-out_of_order = row { $row } comes after row { $after } inside the file, which Excel never writes; open the workbook in Excel or LibreOffice, save it, and run again
# Workbooks refused before they are read, because reading them would take too much memory.
guard-shared_strings = its text table expands to { $mib } MiB (more than { $limit } MiB); this is not a workbook Excel writes, so it is not read
guard-sheet_cells = its sheets expand to { $cells } cells (more than { $limit }); .ods and .xls sheets are read whole, so save it as .xlsx (read row by row) and run again
guard-ods_content = its content expands to { $mib } MiB (more than { $limit } MiB); save it as .xlsx and run again
guard-damaged = the file is damaged: { $reason }
guard-chain_loops = a chain of sectors in it loops back on itself
guard-allocation_table = its allocation table lists more sectors than the file has
guard-sheets_overlap = its sheets overlap one another inside the file
guard-xls_sheet_too_large = a sheet in it claims more cells than an .xls can hold
guard-string_count = its text table says it holds more strings than it has room for
# Policy tables: a --policies file or the workbook's Policies sheet.
policy-bad_value = { $place }, column { $column }: cannot read "{ $value }"; accepted: { $accepted }
policy-missing_value = { $place }, column { $column }: the value is blank; accepted: { $accepted }
policy-missing_columns = { $table }: missing column(s) { $missing }; headers seen: { $seen }
policy-no_header = { $table }: no header row with a "{ $platform }" column; the policy table needs the columns { $columns }
policy-duplicate_row = { $place }: a second row for { $label } (the first is at { $first }); keep one
policy-built_in = built-in
policy-file = file { $path }
policy-sheet = workbook sheet { $sheet }
policy-line = { $table } line { $line }
policy-row = { $table } row { $row }
policy-cell = { $table } cell { $cell }
policy-accepted_platform = a platform name as written in the workbook
policy-accepted_days = a whole number of days from 0 to { $max }, like 7
policy-accepted_days_fraction = a number of days from 0 to { $max }, like 24 or 1.5
policy-accepted_hours = a number of hours from 0 to { $max }, like 24 or 1.5
policy-accepted_statuses = statuses separated by ;, each one of { $statuses }
policy-accepted_one_of = { $spellings }
# Holiday calendars (--calendar).
calendar-missing_column = { $file }: missing column "{ $column }" (the header must be { $header })
calendar-bad_date = { $file } line { $line }: cannot read date "{ $value }" (write it as YYYY-MM-DD, year { $first_year } to { $last_year })
calendar-bad_kind = { $file } line { $line }: unknown kind "{ $value }" (accepted: { $accepted })
calendar-duplicate = { $file } line { $line }: { $date } is already listed on line { $first_line }; keep one line per date
calendar-empty = { $file }: lists no dates, so it cannot say which years it covers
# A line of a CSV file (policies, calendar) that cannot be read at all.
csv-line = { $file } line { $line }: { $reason }
csv-not_utf8 = the text is not UTF-8 (save the file as "CSV UTF-8" and run again)
csv-unequal_lengths = the line has { $found } fields where the lines before have { $expected }

## Writing workbooks (src/package, src/output.rs, src/pipeline)

package-read = { $file }: cannot read the file: { $reason }
package-encrypted = { $file } is password-protected; remove the password in Excel (File > Info > Protect Workbook) and run again
package-not_xlsx = { $file } is not an .xlsx or .xlsm workbook ({ $what }), so it cannot be annotated in place
package-damaged = { $file } is damaged: { $detail }
package-missing_part = { $file } is damaged: the part { $part } is missing
package-bad_part = { $file } is damaged: the part { $part } cannot be read: { $detail }
package-part_too_large = { $file }: the part { $part } is larger than { $limit_mib } MiB, more than a workbook of this kind holds
package-not_a_worksheet = { $file }: { $part } is not a worksheet of this workbook
package-part_exists = { $file }: cannot add the part { $part }: it already exists
package-sheet_name = { $file }: cannot add a sheet named "{ $name }": { $reason }
package-cell = { $file }: cannot add the cell { $cell } to { $part }: { $reason }
package-format = { $file }: cannot add the cell format: { $reason }
package-graft = { $file }: cannot add the generated sheets: { $detail }
package-remove_sheet = { $file }: cannot remove the sheet "{ $name }": { $reason }
package-write = { $target }: cannot write the workbook: { $reason }
# What a file that cannot be annotated in place is instead (the { $what } of package-not_xlsx).
package-what_not_zip = it is not a zip package
package-what_ods = it is an OpenDocument spreadsheet (.ods)
package-what_other_zip = it is a zip file without the parts of an Office document
package-what_xlsb = it is a binary workbook (.xlsb)
package-what_xls = it is an Excel 97-2003 workbook (.xls)
# Why a part of a workbook (a file inside the .xlsx) cannot be read or changed.
package-xml_malformed = its XML is not well-formed
package-zip_damaged = its zip structure is damaged
package-zip_unsupported = it is compressed in a way that cannot be read
package-zip_entry_missing = a part it lists is missing
package-zip_encrypted = it is encrypted
package-no_root_element = it has no root element
package-no_element = it has no <{ $element }> element
package-no_workbook_part = it does not say which part is the workbook ({ $part })
package-sheet_without_part = the sheet "{ $name }" points to no part (relationship "{ $id }")
package-sheet_not_listed = it does not list the sheet "{ $name }"
package-part_cut_short = the part ends before its last element is closed
package-row_number = a row is numbered "{ $text }", which is not a row number
package-col_range = a column width entry (<col>) has no valid min and max
package-styles_uncounted = its <{ $element }> records could not be counted reliably
package-style_missing_format = a cell uses the cell format { $id }, which it does not have
package-style_missing_record = it refers to the { $element } record { $id }, which it does not have
package-style_empty_record = a record is empty
package-colour = the colour "{ $colour }" is not six hex digits (RRGGBB)
# Why a sheet cannot be added under a name, or removed.
package-sheet_name_empty = a sheet name cannot be empty
package-sheet_name_too_long = Excel sheet names are at most { $limit } characters
package-sheet_name_character = Excel sheet names cannot contain '{ $character }'
package-sheet_name_apostrophe = Excel sheet names cannot start or end with an apostrophe
package-sheet_name_reserved = Excel reserves the name { $reserved }
package-sheet_name_taken = the workbook already has a sheet of that name
package-sheet_name_twice = it is given to two of the added sheets
package-remove_no_such_sheet = the workbook has no sheet of that name
package-remove_last_sheet = a workbook keeps at least one sheet
# Why a cell cannot be added to the case sheet.
package-cell_past_last_column = it is past Excel's last column, { $last }
package-cell_bad_reference = the sheet has a cell with this reference, which is not one
package-cell_unreferenced_row = the row's cells have no references, so cells can only be added after its last one
package-cell_given_twice = two values were given for it
package-cell_column_undeclared = its column was not declared for this patch
package-cell_taken = the sheet already has a cell there
package-cell_not_a_number = { $number } is not a number Excel can hold
package-cell_text_too_long = its text is longer than Excel's { $limit } characters
package-cell_formula_too_long = its formula or value is longer than Excel allows
# Why the generated sheets (Summary, Findings, …) cannot be added to the team's workbook.
package-graft_generated = the generated workbook cannot be read: { $reason }
package-graft_generated_part = the generated part { $part }: { $reason }
package-graft_no_part = the generated workbook has no part { $part }
package-graft_no_content_type = the generated workbook gives the part { $part } no content type
package-graft_no_sheet = the generated workbook has no sheet "{ $sheet }"
package-graft_not_worksheet = the generated sheet "{ $sheet }" is not a worksheet, and only worksheets can be added
package-graft_unsupported = the generated sheet "{ $sheet }" has { $what }, which cannot be added to another workbook yet
package-graft_table = a table
package-graft_pivot_table = a pivot table
package-graft_query_table = a query table
package-graft_sheet = the generated sheet "{ $sheet }" ({ $part }): { $reason }
package-graft_string_index = a shared-string cell holds "{ $value }"
package-graft_string_missing = a cell uses the shared string { $index }, which is not there
# Writing the output file.
output-write = { $path }: cannot write the output: { $reason }
output-locked = { $path }: refusing to replace the workbook: it is open in { $app } (lock file { $lock }); close it and run again
output-locked_by = { $path }: refusing to replace the workbook: it is open in { $app } by { $user } (lock file { $lock }); close it and run again
output-in_place_format = { $path }: --in-place only replaces .xlsx or .xlsm workbooks; use -o to write a new file
output-changed_meanwhile = { $path }: someone saved the workbook while it was being processed, so it was not replaced (their save wins); the annotated result is in { $annotated } and the backup in { $backup }; run again
output-folder_missing = the folder { $folder } does not exist
output-folder_denied = no permission to write in the folder { $folder }
output-folder_other = cannot write in the folder { $folder } ({ $reason })
output-create_folder = cannot create the folder: { $reason }
output-temp_file = cannot write a temporary file (set TMPDIR to a folder with room): { $reason }
output-text_too_long = a text is longer than Excel's 32,767 characters
output-too_large = a sheet would be larger than Excel's 1,048,576 rows or 16,384 columns
output-library = the workbook could not be made ({ $detail }); please report it with the file
output-case_sheet_not_worksheet = the sheet "{ $sheet }" is not a worksheet
output-rows_unmatched = { $count } case rows of the sheet "{ $sheet }" were not found in its XML, so their computed columns could not be added
output-notes_relationship = the notes' drawing got the relationship { $id }, not { $expected }

## The case history and the catalogues (src/history, src/i18n, notes of process)

history-not_history = { $path }: the history file is { $what }; move it away or give --history FILE (or --no-history)
history-not_sqlite = not an SQLite database
history-other_program = an SQLite database of another program
history-newer = { $path }: the history was written by a newer aftersales (schema version { $version }, this one reads up to { $supported }); update aftersales, or give --history FILE
history-damaged = { $path }: the history cannot be read ({ $reason }); it was left as it is: restore it from a backup, or give --history FILE
history-write = { $path }: cannot write the history ({ $reason }); give --history FILE in a writable folder, or --no-history
history-older = { $path }: the history was written by an older aftersales (schema version { $version }); the next `aftersales process` brings it up to date
history-missing = { $path }: there is no history yet (`aftersales process` records one beside the workbook, or give --history FILE)
history-other_workbook = { $path }: this history belongs to another workbook: none of the { $previous } cases its last run ({ $as_of }) saw is among the { $cases } cases of { $input }; give --history FILE for this workbook
# Why the history cannot be read or written (the reason inside the messages above).
history-damaged_file = the file is damaged
history-busy = another run is writing it
history-cannot_open = it cannot be opened
history-interrupted = a run was interrupted while recording; the next `aftersales process` undoes that
history-read_only = the folder or file is read-only
history-removed = it was removed during the run
history-tables_missing = its tables are missing
history-bad_as_of = run { $run } has the as-of "{ $as_of }"
history-case_missing = the case { $case } of run { $run } is missing
history-spool = cannot keep this run in a temporary file: { $reason } (set TMPDIR to a folder with room)
history-spool_unreadable = the run's temporary file could not be read back
# A --templates catalogue that cannot be used (always said in the built-in catalogues).
catalogue-read = { $file }: cannot read the catalogue: { $reason }
catalogue-built_in_file = { $path } (built in)
catalogue-not_a_folder = not a folder
catalogue-not_utf8 = it is not UTF-8 text (save it as UTF-8)
catalogue-syntax = { $file } line { $line }: syntax error: { $reason }
catalogue-missing = { $file }: message "{ $id }" is missing (the built-in catalogue has it; copy it from { $folder })
catalogue-unknown_variable = { $file } line { $line }: message "{ $id }" uses the unknown variable ${ $name }; it may use: { $known }
catalogue-no_variables = none
catalogue-unknown_message = { $file } line { $line }: unknown message "{ $id }" (a typo? the messages are those of the built-in catalogues)
catalogue-unknown_reference = { $file } line { $line }: message "{ $id }" refers to "{ $target }", which no catalogue of this language defines
catalogue-no_text = { $file } line { $line }: message "{ $id }" has no text
catalogue-duplicate = { $file } line { $line }: message "{ $id }" is defined twice
# What the Fluent parser found wrong (the reason of catalogue-syntax).
catalogue-syntax_expected = "{ $token }" is expected here
catalogue-syntax_expected_one_of = one of "{ $range }" is expected here
catalogue-syntax_expected_name = a name is expected here (a message name or variable starts with a letter)
catalogue-syntax_expected_digit = a digit is expected here
catalogue-syntax_variants_on_next_line = the variants of a choice start on the line after "->"
catalogue-syntax_message_without_text = message "{ $id }" has no text after "="
catalogue-syntax_term_without_text = term "{ $id }" has no text after "="
catalogue-syntax_not_a_function = only a function, written in capitals like NUMBER, may be followed by "("
catalogue-syntax_no_default_variant = a choice has no default variant (mark one with *)
catalogue-syntax_two_default_variants = a choice has more than one default variant (only one may be marked with *)
catalogue-syntax_missing_value = a value is missing here
catalogue-syntax_bad_selector = a choice can only be made on a variable, a number or a quoted text
catalogue-syntax_term_attribute = a term's attribute cannot be shown in the text, only used to make a choice
catalogue-syntax_unclosed_quote = a quoted text is not closed on its line
catalogue-syntax_argument_order = in a function call, the arguments without a name come before the named ones
catalogue-syntax_argument_twice = the argument "{ $name }" is given twice
catalogue-syntax_unknown_escape = "{ $sequence }" is not an escape a quoted text may use
catalogue-syntax_bad_unicode_escape = the Unicode escape "{ $sequence }" is not valid (4 hexadecimal digits after \u, 6 after \U)
catalogue-syntax_unbalanced_brace = a "{"}"}" closes nothing here
catalogue-syntax_empty_placeable = a variable, a message or a quoted text is expected inside the braces
catalogue-syntax_expected_literal = a quoted text or a number is expected here
# Notes after a file is done (the run went on).
note-values_only = { $input }: only its values were carried into the new workbook, not its formatting; save it as .xlsx (Excel workbook) and the next run keeps everything
note-not_recorded = { $path }: this run was not recorded in the history: its as-of { $as_of } is earlier than the last recorded run ({ $last })

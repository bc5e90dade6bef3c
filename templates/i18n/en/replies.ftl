# Next actions (the team's language, --lang) and suggested customer messages (the customer's
# language, --reply-lang), one pair per situation.
# Variables: $case_id $customer $platform $deadline $first_response_due $resolution_due
# $assignee $column. $customer only in reply-*: next actions are also printed in the terminal.
# A reply may be left empty (reply-x = { "" }): the case then gets no suggested reply.

action-fix_data = Correct the data in column { $column } (see the Findings sheet)
action-video_required = Ask the customer for a video of the defect
reply-video_required = Hello { $customer }, thank you for reporting the problem with your order (case { $case_id }). { $platform } needs a short video that clearly shows the defect before it can accept a quality claim. Could you record one and send it to us? We will pass it on to { $platform } right away.
action-packaging_photos = Ask the customer for photos of the original packaging
reply-packaging_photos = Hello { $customer }, { $platform } needs the original packaging to accept a return or exchange. Could you send us a few photos of the packaging (box, tags and labels) for case { $case_id }?
action-window_expired = Explain the { $platform } return window: the claim came after { $deadline }
reply-window_expired = Hello { $customer }, we are sorry: { $platform } accepts after-sales requests for this item until { $deadline }, and your request (case { $case_id }) came after that date, so the standard policy no longer covers it. We will check with { $platform } whether anything can still be done and get back to you.
action-refund_partial = Explain that a used item gets only a partial refund on { $platform }
reply-refund_partial = Hello { $customer }, { $platform } gives a partial refund, not a full one, for items that have been used. For case { $case_id } we can offer you a partial refund; please let us know if you would like to go ahead.
action-overdue = Resolve or escalate: overdue since { $resolution_due }
reply-overdue = Hello { $customer }, we are sorry that case { $case_id } is taking longer than we promised. We have escalated it and will update you within one working day.
action-first_response = Reply to the customer (first response due { $first_response_due })
reply-first_response = Hello { $customer }, thank you for contacting us. Your request is registered as case { $case_id }, and we will get back to you with an answer by { $resolution_due }.
action-due_soon = Resolve before { $resolution_due } (due soon)
reply-due_soon = Hello { $customer }, an update on case { $case_id }: we are working on it and expect to give you an answer by { $resolution_due }.
action-return_visit = Return visit: ask for a satisfaction score
reply-return_visit = Hello { $customer }, case { $case_id } was closed recently. How satisfied are you with how we handled it, from 1 (not at all) to 5 (very)? Your answer helps us improve.
action-in_progress = Follow up: resolve by { $resolution_due }

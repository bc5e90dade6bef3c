//! Checks across the columns of one row, and across rows: duplicate ids, dates out of
//! order, a status that contradicts the resolved date.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use crate::input::values::{format_datetime, quote};
use crate::model::finding::Code;
use crate::model::{Case, Key, Status};

use super::row::RowCheck;

/// E_DUPLICATE_ID when the case id was seen on an earlier row.
pub fn check_duplicate(rc: &mut RowCheck, case: &Case, seen: &mut HashSet<String>) {
    let Some(id) = &case.case_id else { return };
    if !seen.insert(id.clone()) {
        let message = format!(
            "Case ID {} appears more than once; this row repeats an earlier one.",
            quote(id)
        );
        rc.add(
            Code::E_DUPLICATE_ID,
            Some(Key::CaseId),
            message,
            Some("Give each case its own ID, or delete the repeated row."),
        );
    }
}

/// E_FUTURE_DATE for each date later than `as_of` (a purchase or received date: a day after
/// the as-of day). The date is then not used, like an unreadable one: no deadline, age or week
/// is computed from it.
pub fn check_future_dates(rc: &mut RowCheck, case: &mut Case, as_of: NaiveDateTime) {
    let fields: [(Key, &mut Option<NaiveDateTime>); 5] = [
        (Key::PurchaseDate, &mut case.purchase_date),
        (Key::ReceivedDate, &mut case.received_date),
        (Key::RequestAt, &mut case.request_at),
        (Key::FirstResponseAt, &mut case.first_response_at),
        (Key::ResolvedAt, &mut case.resolved_at),
    ];
    for (key, value) in fields {
        let Some(when) = *value else { continue };
        let future = match key {
            Key::PurchaseDate | Key::ReceivedDate => when.date() > as_of.date(),
            _ => when > as_of,
        };
        if !future {
            continue;
        }
        let message = format!(
            "{} {} is after the as-of time {}.",
            rc.column_label(key),
            format_datetime(when),
            format_datetime(as_of)
        );
        rc.add(
            Code::E_FUTURE_DATE,
            Some(key),
            message,
            Some("Check the year and the month for a typing mistake."),
        );
        rc.bad.insert(key);
        *value = None;
    }
}

/// E_DATE_ORDER for each pair of dates the wrong way round.
pub fn check_date_order(rc: &mut RowCheck, case: &Case) {
    let pairs = [
        (
            Key::ReceivedDate,
            case.received_date,
            Key::PurchaseDate,
            case.purchase_date,
            "received before it was purchased",
        ),
        (
            Key::RequestAt,
            case.request_at,
            Key::PurchaseDate,
            case.purchase_date,
            "requested before it was purchased",
        ),
        (
            Key::FirstResponseAt,
            case.first_response_at,
            Key::RequestAt,
            case.request_at,
            "first response before the request",
        ),
        (
            Key::ResolvedAt,
            case.resolved_at,
            Key::RequestAt,
            case.request_at,
            "resolved before the request",
        ),
    ];
    // Purchase and received dates are dates: a time typed into them does not order them
    // against a request made the same day.
    let date_only = |k: Key| matches!(k, Key::PurchaseDate | Key::ReceivedDate);
    for (later_key, later, earlier_key, earlier, what) in pairs {
        if let (Some(later), Some(earlier)) = (later, earlier) {
            let out_of_order = if date_only(later_key) || date_only(earlier_key) {
                later.date() < earlier.date()
            } else {
                later < earlier
            };
            if out_of_order {
                let message = format!(
                    "Dates out of order: {what} ({} {} is before {} {}).",
                    rc.column_label(later_key),
                    format_datetime(later),
                    rc.column_label(earlier_key),
                    format_datetime(earlier)
                );
                rc.add(
                    Code::E_DATE_ORDER,
                    Some(later_key),
                    message,
                    Some("Check both dates for a typing mistake."),
                );
            }
        }
    }
}

/// E_STATUS_INCONSISTENT: a finished status without a resolved date, or the reverse.
pub fn check_status(rc: &mut RowCheck, case: &Case) {
    let Some(status) = case.status else { return };
    if status.is_finished()
        && case.resolved_at.is_none()
        && !rc.bad.contains(&Key::ResolvedAt)
        && rc.has_column(Key::ResolvedAt)
    {
        let message = format!(
            "Status is \"{}\" but there is no resolved date.",
            status.as_str()
        );
        rc.add(
            Code::E_STATUS_INCONSISTENT,
            Some(Key::Status),
            message,
            Some("Fill in when the case was resolved, or correct the status."),
        );
    } else if status.is_open() && status != Status::Reopened {
        // A reopened case keeps the resolved date of the time it was closed before.
        if let Some(at) = case.resolved_at {
            let message = format!(
                "Status is \"{}\" (open) but the case has a resolved date {}.",
                status.as_str(),
                format_datetime(at)
            );
            rc.add(
                Code::E_STATUS_INCONSISTENT,
                Some(Key::Status),
                message,
                Some("Set a finished status, or clear the resolved date."),
            );
        }
    }
}

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
        rc.say(
            Code::E_DUPLICATE_ID,
            Some(Key::CaseId),
            ("finding-duplicate_id", &[("id", &quote(id))]),
            "hint-duplicate_id",
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
        let column = rc.column_label(key);
        let (when, as_of_text) = (format_datetime(when), format_datetime(as_of));
        let args = [
            ("column", column.as_str()),
            ("value", &when),
            ("as_of", &as_of_text),
        ];
        rc.say(
            Code::E_FUTURE_DATE,
            Some(key),
            ("finding-future_date", &args),
            "hint-future_date",
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
            "order-received",
        ),
        (
            Key::RequestAt,
            case.request_at,
            Key::PurchaseDate,
            case.purchase_date,
            "order-requested",
        ),
        (
            Key::FirstResponseAt,
            case.first_response_at,
            Key::RequestAt,
            case.request_at,
            "order-first_response",
        ),
        (
            Key::ResolvedAt,
            case.resolved_at,
            Key::RequestAt,
            case.request_at,
            "order-resolved",
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
                let what = rc.texts.get(what);
                let (later_column, earlier_column) =
                    (rc.column_label(later_key), rc.column_label(earlier_key));
                let (later, earlier) = (format_datetime(later), format_datetime(earlier));
                let args = [
                    ("what", what.as_str()),
                    ("later_column", &later_column),
                    ("later", &later),
                    ("earlier_column", &earlier_column),
                    ("earlier", &earlier),
                ];
                rc.say(
                    Code::E_DATE_ORDER,
                    Some(later_key),
                    ("finding-date_order", &args),
                    "hint-date_order",
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
        let status = rc.texts.label("status", status);
        rc.say(
            Code::E_STATUS_INCONSISTENT,
            Some(Key::Status),
            ("finding-finished_unresolved", &[("status", &status)]),
            "hint-finished_unresolved",
        );
    } else if status.is_open() && status != Status::Reopened {
        // A reopened case keeps the resolved date of the time it was closed before.
        if let Some(at) = case.resolved_at {
            let status = rc.texts.label("status", status);
            let resolved = format_datetime(at);
            let args = [("status", status.as_str()), ("resolved", &resolved)];
            rc.say(
                Code::E_STATUS_INCONSISTENT,
                Some(Key::Status),
                ("finding-open_resolved", &args),
                "hint-open_resolved",
            );
        }
    }
}

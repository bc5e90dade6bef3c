//! Reading a row into a [`Case`]: a cell that cannot be read is E_BAD_DATE or E_BAD_VALUE,
//! a blank required cell E_MISSING_VALUE.

use crate::i18n::Message;
use crate::input::values::{
    negative, read_datetime, read_integer, read_number, read_text, Cell, DayOrder, Spellings,
};
use crate::model::finding::Code;
use crate::model::{Case, IssueType, Key, Resolution, Status};

use super::row::RowCheck;

impl RowCheck<'_> {
    /// Reads a column with `read`, turning a bad value into a finding.
    fn read<T>(
        &mut self,
        key: Key,
        read: impl FnOnce(&Cell) -> Result<Option<T>, Message>,
    ) -> Option<T> {
        match read(self.cell(key)) {
            Ok(v) => v,
            Err(reason) => {
                let (code, hint) = if key.is_date() {
                    (Code::E_BAD_DATE, "hint-bad_date")
                } else {
                    (Code::E_BAD_VALUE, "hint-bad_value")
                };
                let column = self.column_label(key);
                let reason = reason.render(self.texts.team());
                let args = [("column", column.as_str()), ("reason", reason.as_str())];
                self.say(code, Some(key), ("finding-bad_value", &args), hint);
                self.bad.insert(key);
                None
            }
        }
    }
}

/// Every column of the row, in the order of PRODUCT.md 2.2.
pub fn parse(rc: &mut RowCheck, sp: &Spellings, order: DayOrder, date1904: bool) -> Case {
    let date = |cell: &Cell| read_datetime(cell, order, date1904);
    let mut case = Case {
        row: rc.row.index,
        ..Case::default()
    };
    case.case_id = rc.read(Key::CaseId, read_text);
    rc.case_id = case.case_id.clone().unwrap_or_default();
    case.order_id = rc.read(Key::OrderId, read_text);
    case.platform = rc.read(Key::Platform, read_text);
    case.category = rc.read(Key::Category, read_text);
    case.customer = rc.read(Key::Customer, read_text);
    case.contact = rc.read(Key::Contact, read_text);
    case.purchase_date = rc.read(Key::PurchaseDate, date);
    case.received_date = rc.read(Key::ReceivedDate, date);
    case.request_at = rc.read(Key::RequestAt, date);
    case.issue_type = rc.read(Key::IssueType, |c| {
        sp.read_enum::<IssueType>("issue_type", "issue", c)
    });
    case.resolution_requested = rc.read(Key::ResolutionRequested, |c| {
        sp.read_enum::<Resolution>("resolution_requested", "resolution", c)
    });
    case.evidence = rc.read(Key::Evidence, read_text);
    case.original_packaging = rc.read(Key::OriginalPackaging, |c| sp.read_yes_no(c));
    case.item_used = rc.read(Key::ItemUsed, |c| sp.read_yes_no(c));
    case.status = rc.read(Key::Status, |c| {
        sp.read_enum::<Status>("status", "status", c)
    });
    case.assignee = rc.read(Key::Assignee, read_text);
    case.first_response_at = rc.read(Key::FirstResponseAt, date);
    case.resolved_at = rc.read(Key::ResolvedAt, date);
    case.reopen_count = rc.read(Key::ReopenCount, |c| read_integer(c, 0.0, 1_000_000.0));
    case.order_amount = rc.read(Key::OrderAmount, non_negative);
    case.refund_amount = rc.read(Key::RefundAmount, non_negative);
    case.csat = rc
        .read(Key::Csat, |c| read_integer(c, 1.0, 5.0))
        .map(|n| n as u8);
    case.feedback = rc.read(Key::Feedback, read_text);
    case.exception_approved = rc.read(Key::ExceptionApproved, |c| sp.read_yes_no(c));
    case.remarks = rc.read(Key::Remarks, read_text);
    case
}

fn non_negative(cell: &Cell) -> Result<Option<f64>, Message> {
    match read_number(cell)? {
        Some(n) if n < 0.0 => Err(negative(n)),
        v => Ok(v),
    }
}

/// E_MISSING_VALUE for a blank case id, platform or request date.
pub fn check_required(rc: &mut RowCheck, case: &Case) {
    let present = [
        case.case_id.is_some(),
        case.platform.is_some(),
        case.request_at.is_some(),
    ];
    for (key, present) in Key::REQUIRED.into_iter().zip(present) {
        if !present && !rc.bad.contains(&key) {
            let column = rc.column_label(key);
            rc.say(
                Code::E_MISSING_VALUE,
                Some(key),
                ("finding-missing_value", &[("column", &column)]),
                "hint-missing_value",
            );
            rc.bad.insert(key);
        }
    }
}

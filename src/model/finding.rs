//! Findings: what the checks say about one row. A finding is a value, never an `Err`.

use serde::{Deserialize, Serialize};

use super::spelling::canonical_enum;

canonical_enum!(
    /// How serious a finding is. Ordered so that `Error > Policy > Warning`.
    Severity {
        Warning => "warning",
        Policy => "policy",
        Error => "error",
    }
);

canonical_enum!(
    /// The stable finding codes of PRODUCT.md section 4, spelled as their variant names.
    #[allow(non_camel_case_types)]
    Code {
        E_MISSING_COLUMN => "E_MISSING_COLUMN",
        E_MISSING_VALUE => "E_MISSING_VALUE",
        E_BAD_DATE => "E_BAD_DATE",
        E_FUTURE_DATE => "E_FUTURE_DATE",
        E_BAD_VALUE => "E_BAD_VALUE",
        E_DUPLICATE_ID => "E_DUPLICATE_ID",
        E_UNKNOWN_PLATFORM => "E_UNKNOWN_PLATFORM",
        E_DATE_ORDER => "E_DATE_ORDER",
        E_STATUS_INCONSISTENT => "E_STATUS_INCONSISTENT",
        P_WINDOW_EXPIRED => "P_WINDOW_EXPIRED",
        P_VIDEO_REQUIRED => "P_VIDEO_REQUIRED",
        P_PACKAGING_REQUIRED => "P_PACKAGING_REQUIRED",
        P_REFUND_NOT_ALLOWED => "P_REFUND_NOT_ALLOWED",
        W_NO_RECEIVED_DATE => "W_NO_RECEIVED_DATE",
        W_COLUMN_MISSING => "W_COLUMN_MISSING",
        W_FIRST_RESPONSE_LATE => "W_FIRST_RESPONSE_LATE",
        W_OVERDUE => "W_OVERDUE",
        W_NO_CSAT => "W_NO_CSAT",
        W_CALENDAR_RANGE => "W_CALENDAR_RANGE",
        W_CASE_REMOVED => "W_CASE_REMOVED",
        W_REOPEN_NOT_COUNTED => "W_REOPEN_NOT_COUNTED",
        W_EDITED_AFTER_CLOSE => "W_EDITED_AFTER_CLOSE",
    }
);

impl Code {
    /// The severity a code carries by default (before the exception-approved rule).
    pub fn severity(self) -> Severity {
        match self.as_str().as_bytes()[0] {
            b'E' => Severity::Error,
            b'P' => Severity::Policy,
            _ => Severity::Warning,
        }
    }

    pub fn is_policy(self) -> bool {
        self.as_str().starts_with("P_")
    }
}

/// One finding, with the fields of PRODUCT.md section 4. Its public form (JSON, CSV, the
/// Findings sheet) names the cell A1-style: [`Finding::cell`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub case_id: String,
    /// 1-based sheet row, as Excel shows it; `None` for a finding about the whole workbook
    /// (W_COLUMN_MISSING).
    pub row: Option<u32>,
    /// The header as written in the workbook (empty when the finding is about the whole row).
    pub column: String,
    /// 0-based sheet column of the cell (`None` when there is no single cell).
    pub col: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    /// A1-style reference such as `D14`; empty when there is no single cell.
    pub fn cell(&self) -> String {
        match (self.row, self.col) {
            (Some(row), Some(col)) => cell_ref(row.saturating_sub(1), col),
            _ => String::new(),
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub policy: usize,
    pub warning: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Policy => self.policy += 1,
            Severity::Warning => self.warning += 1,
        }
    }

    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.error,
            Severity::Policy => self.error + self.policy,
            Severity::Warning => self.error + self.policy + self.warning,
        }
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column index.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// `D14` for a 0-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(13, 3), "D14");
    }
}

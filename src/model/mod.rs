//! The case model: the canonical columns, their enumerations, and one parsed case.

pub mod columns;
pub mod finding;
pub mod grid;
pub mod sheets;
pub mod spelling;

use chrono::NaiveDateTime;

use spelling::canonical_enum;

canonical_enum!(
    /// The canonical column keys of PRODUCT.md section 2.2, with their names (the names the
    /// header alias table and messages use).
    Key {
        CaseId => "case_id",
        OrderId => "order_id",
        Platform => "platform",
        Category => "category",
        Customer => "customer",
        Contact => "contact",
        PurchaseDate => "purchase_date",
        ReceivedDate => "received_date",
        RequestAt => "request_at",
        IssueType => "issue_type",
        ResolutionRequested => "resolution_requested",
        Evidence => "evidence",
        OriginalPackaging => "original_packaging",
        ItemUsed => "item_used",
        Status => "status",
        Assignee => "assignee",
        FirstResponseAt => "first_response_at",
        ResolvedAt => "resolved_at",
        ReopenCount => "reopen_count",
        OrderAmount => "order_amount",
        RefundAmount => "refund_amount",
        Csat => "csat",
        Feedback => "feedback",
        ExceptionApproved => "exception_approved",
        Remarks => "remarks",
    }
);

impl Key {
    pub const REQUIRED: [Key; 3] = [Key::CaseId, Key::Platform, Key::RequestAt];

    /// The canonical name, e.g. `request_at` (the same text as [`Key::as_str`]).
    pub const fn name(self) -> &'static str {
        self.as_str()
    }

    /// The key named exactly `name`.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::from_canonical(name)
    }

    /// Customer personal data: masked by `--redact`, never in the KPI workbook or in logs.
    pub fn is_personal(self) -> bool {
        matches!(self, Key::Customer | Key::Contact)
    }

    /// Free text that the KPI workbook leaves out along with personal data.
    pub fn is_free_text(self) -> bool {
        matches!(self, Key::Feedback | Key::Remarks)
    }

    pub fn is_date(self) -> bool {
        matches!(
            self,
            Key::PurchaseDate
                | Key::ReceivedDate
                | Key::RequestAt
                | Key::FirstResponseAt
                | Key::ResolvedAt
        )
    }
}

canonical_enum!(
    /// Case status (section 2.3).
    Status {
        New => "new",
        InProgress => "in_progress",
        WaitingCustomer => "waiting_customer",
        WaitingSeller => "waiting_seller",
        Appealed => "appealed",
        Reopened => "reopened",
        Resolved => "resolved",
        Closed => "closed",
        Rejected => "rejected",
    }
);

impl Status {
    pub fn is_open(self) -> bool {
        !self.is_finished()
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Status::Resolved | Status::Closed | Status::Rejected)
    }
}

canonical_enum!(
    /// What went wrong (section 2.3).
    IssueType {
        ChangedMind => "changed_mind",
        Quality => "quality",
        WrongItem => "wrong_item",
        Logistics => "logistics",
        Service => "service",
        Safety => "safety",
        Other => "other",
    }
);

impl IssueType {
    /// Issues that get the longer quality window.
    pub fn uses_quality_window(self) -> bool {
        matches!(
            self,
            IssueType::Quality | IssueType::WrongItem | IssueType::Safety
        )
    }
}

canonical_enum!(
    /// What the customer asked for (section 2.3).
    Resolution {
        ReturnRefund => "return_refund",
        Exchange => "exchange",
        FullRefund => "full_refund",
        PartialRefund => "partial_refund",
        StoreCredit => "store_credit",
        Repair => "repair",
        None => "none",
    }
);

/// One case as parsed from a row. A field is `None` when the cell is blank or could not be read
/// (the reason is then a finding).
#[derive(Debug, Clone, Default)]
pub struct Case {
    /// 0-based sheet row.
    pub row: u32,
    pub case_id: Option<String>,
    pub order_id: Option<String>,
    pub platform: Option<String>,
    pub category: Option<String>,
    pub customer: Option<String>,
    pub contact: Option<String>,
    pub purchase_date: Option<NaiveDateTime>,
    pub received_date: Option<NaiveDateTime>,
    pub request_at: Option<NaiveDateTime>,
    pub issue_type: Option<IssueType>,
    pub resolution_requested: Option<Resolution>,
    pub evidence: Option<String>,
    pub original_packaging: Option<bool>,
    pub item_used: Option<bool>,
    pub status: Option<Status>,
    pub assignee: Option<String>,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub reopen_count: Option<u32>,
    pub order_amount: Option<f64>,
    pub refund_amount: Option<f64>,
    pub csat: Option<u8>,
    pub feedback: Option<String>,
    pub exception_approved: Option<bool>,
    pub remarks: Option<String>,
}

impl Case {
    /// Open unless the status says finished; a case with no readable status counts as open.
    pub fn is_open(&self) -> bool {
        self.status.is_none_or(Status::is_open)
    }

    pub fn is_finished(&self) -> bool {
        !self.is_open()
    }
}

//! Fictional after-sales cases shared by `make_demo` and `bench_generate`.
//!
//! A *clean* case is built so that it breaks no rule of PRODUCT.md section 4 under the
//! default policies (`templates/policies.csv`) and the as-of time [`as_of`]; a [`Flaw`] then
//! bends one field so that one chosen finding appears. Keeping the two apart is what lets the
//! demo say exactly which rows carry which finding.
//!
//! Everything is driven by [`Rng`], a splitmix64 generator with a fixed seed, so the same
//! program always writes the same workbook. Names, e-mails and phone numbers are invented
//! (e-mails use the reserved `example.*` domains; phones use fictional ranges).

// Each example uses a different part of this module.
#![allow(dead_code)]

use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ColNum, Format, FormatBorder, RowNum, Worksheet, XlsxError};

/// The as-of time to use with the generated workbooks: `--as-of 2026-11-23T09:00`.
pub fn as_of() -> NaiveDateTime {
    at(2026, 11, 23, 9, 0)
}

/// A date and time; panics on an impossible date, which would be a bug in this file.
pub fn at(y: i32, m: u32, d: u32, hh: u32, mm: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(hh, mm, 0))
        .expect("valid date literal")
}

fn hours(h: f64) -> Duration {
    Duration::minutes((h * 60.0).round() as i64)
}

// ---------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------

/// splitmix64: tiny, fast and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (the modulo bias is irrelevant at these sizes).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for &(item, weight) in items {
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "林",
    "郭", "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "子涵", "欣怡", "梓轩", "雨桐", "浩然", "思远", "佳怡", "宇航", "若曦", "明哲", "诗琪", "俊杰",
    "晓彤", "嘉豪", "一诺", "沐阳", "可馨", "天佑", "婉清", "文博", "语嫣", "景行", "书瑶", "泽宇",
];
const PINYIN: &[&str] = &[
    "zihan", "xinyi", "zixuan", "yutong", "haoran", "siyuan", "jiayi", "yuhang", "ruoxi",
    "mingzhe", "shiqi", "junjie", "xiaotong", "jiahao", "yinuo", "muyang", "kexin", "tianyou",
];
const FIRST: &[&str] = &[
    "Emma", "Lucas", "Sofia", "Noah", "Mia", "Liam", "Chloe", "Mateo", "Hana", "Oliver", "Léa",
    "Jonas", "Amara", "Diego", "Freya", "Kenji", "Ingrid", "Rafael", "Zoe", "Tomás",
];
const LAST: &[&str] = &[
    "Novak",
    "Ferreira",
    "Lindqvist",
    "Okafor",
    "Moreau",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Nguyen",
    "Schmidt",
    "Haddad",
    "O'Brien",
    "García",
    "Jansen",
    "Petrov",
    "Dubois",
    "Silva",
    "Andersen",
];
const CATEGORIES: &[&str] = &[
    "服装",
    "Clothing",
    "鞋靴",
    "Shoes",
    "箱包",
    "Bags",
    "电子产品",
    "Electronics",
    "美妆",
    "Beauty",
    "家居",
    "Home",
    "手办",
    "Figures",
];
const ASSIGNEES: &[&str] = &["小王", "Lina", "阿杰", "Tom", "美美", "Kevin Zhou"];
const CARRIERS: &[&str] = &["SF", "YT", "ZTO", "JD", "EMS", "DHL"];

const VIDEO_EVIDENCE: &[&str] = &[
    "开箱视频",
    "视频+照片",
    "unboxing video",
    "video + 3 photos",
    "视频 1 段",
    "video of the defect",
];
const PHOTO_EVIDENCE: &[&str] = &[
    "照片 3 张",
    "photos",
    "图片2张",
    "photo of the stain",
    "实拍照片",
    "2 photos + chat log",
];
const LOGISTICS_EVIDENCE: &[&str] = &["物流截图", "tracking screenshot", "快递面单照片", ""];
const SERVICE_EVIDENCE: &[&str] = &["聊天截图", "chat screenshot", ""];

const FEEDBACK_GOOD: &[&str] = &[
    "处理很快，谢谢！",
    "Quick refund, thanks!",
    "客服很耐心",
    "Agent was very helpful",
    "换货很顺利",
    "Great service, will buy again",
];
const FEEDBACK_MEH: &[&str] = &[
    "还行吧",
    "OK, a bit slow",
    "流程有点复杂",
    "Fine in the end",
];
const FEEDBACK_BAD: &[&str] = &[
    "等了太久",
    "Took far too long",
    "回复太慢了",
    "Nobody answered for days",
    "不满意处理结果",
];
const REMARKS: &[&str] = &[
    "已提醒仓库核对",
    "Seller agreed to exchange",
    "客户要求加急",
    "Waiting for QC photos",
    "已补发",
    "VIP customer",
    "需跟进物流",
];

/// Accepted spellings (PRODUCT.md 2.3) of each canonical value, Chinese and English mixed.
const STATUS_SPELLINGS: &[(&str, &[&str])] = &[
    ("new", &["New", "Open", "新建", "待处理", "未处理"]),
    (
        "in_progress",
        &["In progress", "Processing", "处理中", "正在处理"],
    ),
    (
        "waiting_customer",
        &["Waiting on customer", "Pending customer", "待客户回复"],
    ),
    (
        "waiting_seller",
        &[
            "Waiting on seller",
            "Pending seller",
            "待商家回复",
            "待卖家处理",
        ],
    ),
    ("appealed", &["Appealed", "申诉中"]),
    ("reopened", &["Reopened", "重新打开", "重开"]),
    ("resolved", &["Resolved", "Done", "已处理", "已解决"]),
    ("closed", &["Closed", "已关闭", "已结案"]),
    ("rejected", &["Rejected", "Declined", "已驳回", "已拒绝"]),
];
const ISSUE_SPELLINGS: &[(&str, &[&str])] = &[
    (
        "quality",
        &[
            "Quality",
            "Defective",
            "Damaged",
            "质量问题",
            "破损",
            "瑕疵",
        ],
    ),
    (
        "wrong_item",
        &["Wrong item", "Not as described", "发错货", "与描述不符"],
    ),
    // "Lost"/"丢件" are kept for the case without a received date (Flaw::NoReceivedDate).
    ("logistics", &["Logistics", "Delayed", "物流问题", "延误"]),
    ("service", &["Service", "Attitude", "服务态度"]),
    ("safety", &["Safety hazard", "安全隐患"]),
    ("other", &["Other", "Consultation", "咨询", "其他"]),
];
const WANTS_SPELLINGS: &[(&str, &[&str])] = &[
    ("return_refund", &["Return", "Return & refund", "退货退款"]),
    ("exchange", &["Exchange", "换货"]),
    (
        "full_refund",
        &["Full refund", "Refund", "退款", "全额退款"],
    ),
    ("partial_refund", &["Partial refund", "部分退款"]),
    ("store_credit", &["Store credit", "余额", "代金券"]),
    ("repair", &["Repair", "维修"]),
    ("none", &["Consultation", "Complaint", "咨询", "投诉"]),
];

fn spell(rng: &mut Rng, table: &[(&str, &[&'static str])], canonical: &str) -> &'static str {
    let (_, spellings) = table
        .iter()
        .find(|(key, _)| *key == canonical)
        .expect("canonical value has spellings");
    rng.pick(spellings)
}

pub const OPEN_STATUSES: &[&str] = &[
    "new",
    "in_progress",
    "waiting_customer",
    "waiting_seller",
    "appealed",
    "reopened",
];

pub fn is_open(status: &str) -> bool {
    OPEN_STATUSES.contains(&status)
}

/// Return and quality windows in days, as in the default `templates/policies.csv`.
pub fn window_days(platform: &str, issue: &str) -> i64 {
    let quality = matches!(issue, "quality" | "wrong_item" | "safety");
    match (platform, quality) {
        ("Superbuy", false) => 7,
        ("Superbuy", true) => 30,
        ("Bhiner", _) => 14,
        _ => 10,
    }
}

// ---------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------

/// A date cell as the team typed it.
#[derive(Clone, Debug, PartialEq)]
pub enum When {
    Blank,
    At(NaiveDateTime),
    /// Written as this text, whatever it says (for unreadable or ambiguous dates).
    Text(String),
}

impl When {
    pub fn time(&self) -> Option<NaiveDateTime> {
        match self {
            When::At(t) => Some(*t),
            _ => None,
        }
    }
}

/// One after-sales case. Enumerations keep their canonical value (for the generator's own
/// logic) next to the spelling that goes into the sheet.
#[derive(Clone, Debug)]
pub struct Case {
    pub case_id: String,
    pub order_id: String,
    pub tracking: String,
    pub platform: String,
    pub category: &'static str,
    pub customer: String,
    pub contact: String,
    pub purchase: When,
    pub received: When,
    pub request: NaiveDateTime,
    pub issue: &'static str,
    pub issue_text: &'static str,
    pub wants: &'static str,
    pub wants_text: &'static str,
    pub evidence: &'static str,
    pub packaging: Option<bool>,
    pub used: Option<bool>,
    pub status: &'static str,
    pub status_text: &'static str,
    pub assignee: &'static str,
    pub first_response: When,
    pub resolved: When,
    pub reopen: Option<i64>,
    pub amount: f64,
    pub refund: Option<f64>,
    pub csat: Option<i64>,
    pub feedback: &'static str,
    pub exception: Option<bool>,
    pub remarks: &'static str,
}

/// Constraints a flaw puts on the clean case it starts from.
#[derive(Clone, Copy, Default)]
pub struct Spec {
    pub platform: Option<&'static str>,
    pub issue: Option<&'static str>,
    pub wants: Option<&'static str>,
    pub finished: Option<bool>,
}

/// `count` request times spread evenly (with jitter) over `from..to`, in order.
pub fn request_times(
    rng: &mut Rng,
    count: u64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> impl Iterator<Item = NaiveDateTime> + '_ {
    let span = (to - from).num_minutes() as f64;
    (0..count).map(move |i| {
        let pos = (i as f64 + rng.unit()) / count as f64;
        from + Duration::minutes((span * pos) as i64)
    })
}

pub fn case_id(seq: u64, request: NaiveDateTime) -> String {
    format!(
        "AS{:02}{:02}-{:05}",
        request.year() % 100,
        request.month(),
        seq
    )
}

/// A case that breaks no rule as of [`as_of`].
pub fn clean_case(rng: &mut Rng, seq: u64, request: NaiveDateTime, spec: &Spec) -> Case {
    let now = as_of();
    let platform = spec
        .platform
        .unwrap_or_else(|| rng.weighted(&[("Superbuy", 45), ("Bhiner", 30), ("Yoybuy", 25)]));
    let issue = spec.issue.unwrap_or_else(|| {
        rng.weighted(&[
            ("quality", 34),
            ("wrong_item", 16),
            ("logistics", 18),
            ("service", 8),
            ("other", 12),
            ("safety", 2),
        ])
    });
    let wants = spec.wants.unwrap_or_else(|| pick_wants(rng, issue));

    // Inside the window: the request is on day 0..window-1 after receipt.
    let window = window_days(platform, issue);
    let received = request.date() - Duration::days(rng.below(window as u64) as i64);
    let purchase = received - Duration::days(rng.between(2, 20));

    let age_h = (now - request).num_minutes() as f64 / 60.0;
    let finished = spec
        .finished
        .unwrap_or(age_h >= 6.5 * 24.0 || rng.chance(0.45));
    let mut status = if finished {
        rng.weighted(&[("resolved", 65), ("closed", 25), ("rejected", 10)])
    } else {
        rng.weighted(&[
            ("new", 15),
            ("in_progress", 35),
            ("waiting_customer", 20),
            ("waiting_seller", 20),
            ("appealed", 4),
            ("reopened", 6),
        ])
    };
    if status == "new" && age_h > 20.0 {
        status = "in_progress";
    }

    // Resolution: mostly within the 7-day SLA; a late one is a KPI, not a finding.
    let mut took_h = if rng.chance(0.88) {
        rng.uniform(5.0, 6.5 * 24.0)
    } else {
        rng.uniform(7.5 * 24.0, 12.0 * 24.0)
    };
    took_h = took_h.min(age_h * rng.uniform(0.3, 0.95));
    let resolved_at = request + hours(took_h);

    // First response within 24 wall-clock hours, never after resolution or as-of.
    let (lo, hi) = rng.weighted(&[((0.1, 2.0), 40), ((2.0, 8.0), 35), ((8.0, 20.0), 25)]);
    let fr_h = rng.uniform(lo, hi);
    let first_response = if status == "new" || (!finished && age_h <= 20.0 && rng.chance(0.5)) {
        When::Blank
    } else {
        let limit = if finished { took_h } else { age_h };
        When::At(request + hours(fr_h.min(limit * 0.8).max(0.05)))
    };

    let amount = rng.between(39, 3999) as f64 + rng.pick(&[0.0, 0.9, 0.5, 0.99]);
    let refund = match (status, wants) {
        ("resolved" | "closed", "full_refund" | "return_refund" | "store_credit") => Some(amount),
        ("resolved" | "closed", "partial_refund") => {
            Some((amount * rng.pick(&[0.2, 0.3, 0.5]) * 100.0).round() / 100.0)
        }
        _ => None,
    };
    // A case finished more than 7 days ago has had its return visit; a recent one may not.
    let rated = finished && ((now - resolved_at) > Duration::days(7) || rng.chance(0.5));
    let csat = rated.then(|| match status {
        "rejected" => rng.weighted(&[(5, 5), (4, 10), (3, 25), (2, 30), (1, 30)]),
        _ => rng.weighted(&[(5, 45), (4, 30), (3, 13), (2, 7), (1, 5)]),
    });
    let feedback = match csat {
        Some(score) if rng.chance(0.6) => match score {
            4 | 5 => rng.pick(FEEDBACK_GOOD),
            3 => rng.pick(FEEDBACK_MEH),
            _ => rng.pick(FEEDBACK_BAD),
        },
        _ => "",
    };
    let reopen = match status {
        "reopened" => Some(rng.weighted(&[(1, 80), (2, 20)])),
        _ => rng.weighted(&[(None, 40), (Some(0), 52), (Some(1), 8)]),
    };

    let mut case = Case {
        case_id: case_id(seq, request),
        order_id: order_id(rng, platform),
        tracking: tracking_no(rng),
        platform: platform.to_string(),
        category: rng.pick(CATEGORIES),
        customer: customer_name(rng),
        contact: String::new(),
        purchase: When::At(purchase.and_hms_opt(0, 0, 0).expect("midnight")),
        received: When::At(received.and_hms_opt(0, 0, 0).expect("midnight")),
        request,
        issue,
        issue_text: spell(rng, ISSUE_SPELLINGS, issue),
        wants,
        wants_text: spell(rng, WANTS_SPELLINGS, wants),
        evidence: pick_evidence(rng, platform, issue),
        packaging: pick_packaging(rng, platform, wants),
        used: pick_used(rng, platform, issue, wants),
        status,
        status_text: spell(rng, STATUS_SPELLINGS, status),
        assignee: rng.pick(ASSIGNEES),
        first_response,
        resolved: if finished {
            When::At(resolved_at)
        } else {
            When::Blank
        },
        reopen,
        amount,
        refund,
        csat,
        feedback,
        exception: rng.weighted(&[(None, 88), (Some(false), 12)]),
        remarks: if rng.chance(0.15) {
            rng.pick(REMARKS)
        } else {
            ""
        },
    };
    case.contact = contact(rng, &case.customer);
    case
}

fn pick_wants(rng: &mut Rng, issue: &str) -> &'static str {
    match issue {
        "quality" => rng.weighted(&[
            ("return_refund", 30),
            ("exchange", 25),
            ("partial_refund", 20),
            ("full_refund", 10),
            ("repair", 10),
            ("store_credit", 5),
        ]),
        "wrong_item" => rng.weighted(&[
            ("return_refund", 40),
            ("exchange", 40),
            ("partial_refund", 10),
            ("store_credit", 10),
        ]),
        "logistics" => rng.weighted(&[("full_refund", 35), ("partial_refund", 25), ("none", 40)]),
        "safety" => rng.weighted(&[("return_refund", 60), ("full_refund", 40)]),
        "service" => "none",
        _ => rng.weighted(&[("none", 70), ("return_refund", 20), ("store_credit", 10)]),
    }
}

fn pick_evidence(rng: &mut Rng, platform: &str, issue: &str) -> &'static str {
    match issue {
        // Bhiner wants a video for every quality claim.
        "quality" if platform == "Bhiner" => rng.pick(VIDEO_EVIDENCE),
        "quality" | "wrong_item" | "safety" => {
            if rng.chance(0.5) {
                rng.pick(VIDEO_EVIDENCE)
            } else {
                rng.pick(PHOTO_EVIDENCE)
            }
        }
        "logistics" => rng.pick(LOGISTICS_EVIDENCE),
        "service" => rng.pick(SERVICE_EVIDENCE),
        _ => "",
    }
}

fn pick_packaging(rng: &mut Rng, platform: &str, wants: &str) -> Option<bool> {
    match (platform, wants) {
        // Superbuy needs the original packaging for a return or exchange; blank is not flagged.
        ("Superbuy", "return_refund" | "exchange") => rng.weighted(&[(Some(true), 85), (None, 15)]),
        (_, "return_refund" | "exchange") => {
            rng.weighted(&[(Some(true), 60), (Some(false), 20), (None, 20)])
        }
        _ => rng.weighted(&[(None, 85), (Some(true), 15)]),
    }
}

fn pick_used(rng: &mut Rng, platform: &str, issue: &str, wants: &str) -> Option<bool> {
    let used = if issue == "quality" {
        rng.weighted(&[(Some(false), 60), (Some(true), 25), (None, 15)])
    } else {
        rng.weighted(&[(Some(false), 50), (None, 40), (Some(true), 10)])
    };
    // Bhiner refunds a used item only partially: a clean case never asks for more.
    if platform == "Bhiner"
        && used == Some(true)
        && matches!(wants, "full_refund" | "return_refund")
    {
        return Some(false);
    }
    used
}

fn order_id(rng: &mut Rng, platform: &str) -> String {
    let prefix = match platform {
        "Superbuy" => "SB",
        "Bhiner" => "BH",
        _ => "YY",
    };
    format!("{prefix}{:010}", rng.below(10_000_000_000))
}

fn tracking_no(rng: &mut Rng) -> String {
    if rng.chance(0.1) {
        return String::new();
    }
    format!("{}{:012}", rng.pick(CARRIERS), rng.below(1_000_000_000_000))
}

fn customer_name(rng: &mut Rng) -> String {
    if rng.chance(0.6) {
        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
    } else {
        format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
    }
}

/// A fictional e-mail (reserved `example.*` domains) or phone (fictional number ranges).
fn contact(rng: &mut Rng, customer: &str) -> String {
    let latin = customer.is_ascii() || customer.contains(' ');
    match rng.below(4) {
        0 => format!("+1 555-01{:02}", rng.below(100)),
        1 => format!("+44 7700 900{:03}", rng.below(1000)),
        _ => {
            let user = if latin {
                customer
                    .split(' ')
                    .next()
                    .unwrap_or("buyer")
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            } else {
                rng.pick(PINYIN).to_string()
            };
            let domain = rng.pick(&["example.com", "example.org", "example.net"]);
            format!("{user}{}@{domain}", rng.below(1000))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Flaws: one finding each
// ---------------------------------------------------------------------------------------

/// A deliberate mistake that produces (mainly) one finding code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Flaw {
    BlankId,
    UnreadableDate,
    AmbiguousDate,
    BadCsat,
    DuplicateId,
    UnknownPlatform,
    DateOrder,
    StatusInconsistent,
    WindowExpired,
    VideoRequired,
    PackagingRequired,
    RefundNotAllowed,
    NoReceivedDate,
    FirstResponseLate,
    Overdue,
    NoCsat,
    /// PackagingRequired on a row with `exception_approved = yes`.
    ExceptionApproved,
    /// A request typed with year 2027: beyond the holiday calendar (also P_WINDOW_EXPIRED).
    CalendarRange,
    /// No finding: a Yoybuy request inside its window only because National Day is skipped.
    HolidayWindow,
    /// No finding: a Yoybuy first response on time only because holiday hours are skipped.
    HolidayFirstResponse,
}

impl Flaw {
    /// Flaws the benchmark generator sprinkles over old rows (>= 30 days before as-of).
    pub const BENCH: &'static [Flaw] = &[
        Flaw::BlankId,
        Flaw::UnreadableDate,
        Flaw::AmbiguousDate,
        Flaw::BadCsat,
        Flaw::DuplicateId,
        Flaw::UnknownPlatform,
        Flaw::DateOrder,
        Flaw::StatusInconsistent,
        Flaw::WindowExpired,
        Flaw::VideoRequired,
        Flaw::PackagingRequired,
        Flaw::RefundNotAllowed,
        Flaw::NoReceivedDate,
        Flaw::FirstResponseLate,
        Flaw::Overdue,
        Flaw::NoCsat,
        Flaw::ExceptionApproved,
    ];

    /// The finding codes this flaw is meant to produce.
    pub fn codes(self) -> &'static str {
        match self {
            Flaw::BlankId => "E_MISSING_VALUE",
            Flaw::UnreadableDate | Flaw::AmbiguousDate => "E_BAD_DATE",
            Flaw::BadCsat => "E_BAD_VALUE",
            Flaw::DuplicateId => "E_DUPLICATE_ID",
            Flaw::UnknownPlatform => "E_UNKNOWN_PLATFORM",
            Flaw::DateOrder => "E_DATE_ORDER",
            Flaw::StatusInconsistent => "E_STATUS_INCONSISTENT",
            Flaw::WindowExpired => "P_WINDOW_EXPIRED",
            Flaw::VideoRequired => "P_VIDEO_REQUIRED",
            Flaw::PackagingRequired => "P_PACKAGING_REQUIRED",
            Flaw::RefundNotAllowed => "P_REFUND_NOT_ALLOWED",
            Flaw::NoReceivedDate => "W_NO_RECEIVED_DATE",
            Flaw::FirstResponseLate => "W_FIRST_RESPONSE_LATE",
            Flaw::Overdue => "W_OVERDUE",
            Flaw::NoCsat => "W_NO_CSAT",
            Flaw::ExceptionApproved => "P_PACKAGING_REQUIRED (as warning: exception approved)",
            Flaw::CalendarRange => "W_CALENDAR_RANGE, P_WINDOW_EXPIRED",
            Flaw::HolidayWindow | Flaw::HolidayFirstResponse => "none (cn holiday rule)",
        }
    }

    /// What the clean case must look like before the flaw is applied.
    pub fn spec(self) -> Spec {
        let mut spec = Spec::default();
        match self {
            Flaw::BadCsat
            | Flaw::DateOrder
            | Flaw::StatusInconsistent
            | Flaw::NoCsat
            | Flaw::FirstResponseLate => {
                spec.finished = Some(true);
                if self == Flaw::FirstResponseLate {
                    spec.platform = Some("Superbuy");
                }
            }
            Flaw::VideoRequired => {
                spec.platform = Some("Bhiner");
                spec.issue = Some("quality");
            }
            Flaw::PackagingRequired | Flaw::ExceptionApproved => {
                spec.platform = Some("Superbuy");
                spec.issue = Some("wrong_item");
                spec.wants = Some("return_refund");
            }
            Flaw::RefundNotAllowed => {
                spec.platform = Some("Bhiner");
                spec.issue = Some("quality");
                spec.wants = Some("full_refund");
            }
            Flaw::NoReceivedDate => {
                spec.platform = Some("Bhiner");
                spec.issue = Some("logistics");
                spec.wants = Some("full_refund");
            }
            Flaw::Overdue => spec.platform = Some("Bhiner"),
            Flaw::CalendarRange | Flaw::HolidayWindow | Flaw::HolidayFirstResponse => {
                spec.platform = Some("Yoybuy");
                spec.issue = Some("logistics");
                spec.wants = Some("partial_refund");
            }
            _ => {}
        }
        spec
    }

    /// Bends `case` so that the flaw shows; `previous_id` is the case id of the row above.
    pub fn apply(self, rng: &mut Rng, case: &mut Case, previous_id: &str) {
        match self {
            Flaw::BlankId => case.case_id.clear(),
            Flaw::UnreadableDate => {
                case.purchase = When::Text(rng.pick(&["待确认", "2026-09-31", "上周五"]).into())
            }
            Flaw::AmbiguousDate => {
                // Received a few days before the request and bought on day 3 of that month
                // (day 4 in March, as 03/03 is not ambiguous): 03/11/2026 is 3 Nov or 11 Mar.
                let request = case.request.date();
                let back = request.day().saturating_sub(4).min(2);
                let received = request - Duration::days(i64::from(back));
                let mut month = received;
                if month.day() < 4 {
                    month = month.with_day(1).expect("day 1") - Duration::days(1);
                }
                let day = if month.month() == 3 { 4 } else { 3 };
                let purchase = month.with_day(day).expect("day 3 and 4 exist");
                case.received = When::At(midnight(received));
                case.purchase = When::Text(format!(
                    "{:02}/{:02}/{}",
                    purchase.day(),
                    purchase.month(),
                    purchase.year()
                ));
            }
            Flaw::BadCsat => case.csat = Some(rng.pick(&[7, 0, 10, 6])),
            Flaw::DuplicateId => case.case_id = previous_id.to_string(),
            Flaw::UnknownPlatform => {
                case.platform = rng.pick(&["Supperbuy", "Bhinr", "Yoybuyy"]).to_string()
            }
            Flaw::DateOrder => {
                case.first_response = When::At(case.request + hours(rng.uniform(0.5, 4.0)));
                case.resolved = When::At(case.request - hours(rng.uniform(30.0, 70.0)));
            }
            Flaw::StatusInconsistent => case.resolved = When::Blank,
            Flaw::WindowExpired => {
                let window = window_days(&case.platform, case.issue);
                // Far enough past the window that even a Spring Festival cannot save it.
                let late =
                    window + rng.between(3, 6) + if case.platform == "Yoybuy" { 10 } else { 0 };
                let received = case.request.date() - Duration::days(late);
                case.received = When::At(midnight(received));
                case.purchase = When::At(midnight(received - Duration::days(rng.between(2, 9))));
            }
            Flaw::VideoRequired => case.evidence = rng.pick(PHOTO_EVIDENCE),
            Flaw::PackagingRequired => case.packaging = Some(false),
            Flaw::ExceptionApproved => {
                case.packaging = Some(false);
                case.exception = Some(true);
                case.remarks = rng.pick(&["主管特批", "Exception approved by supervisor"]);
            }
            Flaw::RefundNotAllowed => case.used = Some(true),
            Flaw::NoReceivedDate => {
                case.issue_text = rng.pick(&["Lost", "丢件"]);
                case.received = When::Blank;
                let purchase = case.request.date() - Duration::days(rng.between(3, 12));
                case.purchase = When::At(midnight(purchase));
            }
            Flaw::FirstResponseLate => {
                let late = case.request + hours(rng.uniform(30.0, 60.0));
                case.first_response = When::At(late);
                if case.resolved.time().is_none_or(|t| t < late) {
                    case.resolved = When::At(late + hours(rng.uniform(2.0, 30.0)));
                }
                case.csat = Some(rng.pick(&[1, 2, 3]));
                case.feedback = rng.pick(FEEDBACK_BAD);
            }
            Flaw::Overdue => {
                case.status = rng.pick(&["in_progress", "waiting_seller", "appealed"]);
                case.status_text = spell(rng, STATUS_SPELLINGS, case.status);
                case.resolved = When::Blank;
                case.refund = None;
                case.csat = None;
                case.feedback = "";
                if case.first_response == When::Blank {
                    case.first_response = When::At(case.request + hours(rng.uniform(0.5, 6.0)));
                }
            }
            Flaw::NoCsat => {
                case.csat = None;
                case.feedback = "";
            }
            Flaw::CalendarRange => {
                // Typed 2027 for 2026: nothing to check it against in a 2024-2026 calendar.
                case.request = at(2027, 11, 18, 10, 5);
                case.status = "new";
                case.status_text = "新建";
                case.first_response = When::Blank;
                case.resolved = When::Blank;
                case.refund = None;
                case.csat = None;
                case.feedback = "";
            }
            Flaw::HolidayWindow => {
                // 10 non-holiday days after 24 Sep (25-27 Sep and 1-7 Oct are holidays) end on
                // 14 Oct; without the holiday rule the window would have closed on 4 Oct.
                case.purchase = When::At(at(2026, 9, 16, 0, 0));
                case.received = When::At(at(2026, 9, 24, 0, 0));
                case.request = at(2026, 10, 12, 15, 20);
                case.first_response = When::At(at(2026, 10, 12, 17, 45));
                case.resolved = When::At(at(2026, 10, 15, 11, 0));
            }
            Flaw::HolidayFirstResponse => {
                // Opened on 3 Oct (a holiday): the 24-hour clock starts on 8 Oct 00:00.
                case.purchase = When::At(at(2026, 9, 18, 0, 0));
                case.received = When::At(at(2026, 9, 29, 0, 0));
                case.request = at(2026, 10, 3, 10, 0);
                case.first_response = When::At(at(2026, 10, 8, 11, 30));
                case.resolved = When::At(at(2026, 10, 13, 16, 0));
            }
        }
    }
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(0, 0, 0).expect("midnight exists")
}

/// Checks what [`clean_case`] promises, so a generator change cannot silently add findings.
pub fn check_clean(case: &Case) -> Result<(), String> {
    let now = as_of();
    let fail = |why: &str| Err(format!("{}: {why}", case.case_id));
    let purchase = case.purchase.time().ok_or("no purchase date")?;
    let received = case.received.time().ok_or("no received date")?;
    let window = window_days(&case.platform, case.issue);
    if !(purchase <= received && received <= case.request) {
        return fail("dates out of order");
    }
    if case.request.date() > received.date() + Duration::days(window) {
        return fail("request after the window");
    }
    if case.platform == "Bhiner"
        && case.issue == "quality"
        && !case.evidence.contains("video")
        && !case.evidence.contains("视频")
    {
        return fail("Bhiner quality claim without video");
    }
    if case.platform == "Superbuy"
        && matches!(case.wants, "return_refund" | "exchange")
        && case.packaging == Some(false)
    {
        return fail("Superbuy return without packaging");
    }
    if case.platform == "Bhiner"
        && case.used == Some(true)
        && matches!(case.wants, "full_refund" | "return_refund")
    {
        return fail("Bhiner full refund of a used item");
    }
    match case.first_response.time() {
        Some(t) if t < case.request || t - case.request > Duration::hours(24) => {
            return fail("first response out of range")
        }
        None if is_open(case.status) && now - case.request > Duration::hours(24) => {
            return fail("no first response after 24 h")
        }
        _ => {}
    }
    match (is_open(case.status), case.resolved.time()) {
        (true, Some(_)) | (false, None) => return fail("status and resolved_at disagree"),
        (true, None) if now - case.request > Duration::days(7) => return fail("overdue"),
        (false, Some(t)) if t < case.request || t > now => return fail("resolved out of range"),
        (false, Some(t)) if now - t > Duration::days(7) && case.csat.is_none() => {
            return fail("no CSAT")
        }
        _ => {}
    }
    if case.csat.is_some_and(|c| !(1..=5).contains(&c)) {
        return fail("CSAT out of range");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Writing cells
// ---------------------------------------------------------------------------------------

/// One cell value, ready to be written with the right format.
#[derive(Clone, Debug)]
pub enum Out {
    Blank,
    Text(Cow<'static, str>),
    /// A plain number in a General cell (an amount, a count, or an Excel serial date).
    Number(f64),
    Money(f64),
    Bool(bool),
    Date(NaiveDateTime),
    DateTime(NaiveDateTime),
}

impl Out {
    pub fn text(s: impl Into<Cow<'static, str>>) -> Out {
        let s = s.into();
        if s.is_empty() {
            Out::Blank
        } else {
            Out::Text(s)
        }
    }
}

/// Cell formats; `bordered` draws the thin grid a team sheet usually has.
pub struct Formats {
    pub text: Format,
    pub number: Format,
    pub money: Format,
    pub date: Format,
    pub datetime: Format,
}

impl Formats {
    pub fn new(bordered: bool) -> Self {
        let base = if bordered {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color("#BFBFBF")
        } else {
            Format::new()
        };
        Formats {
            text: base.clone(),
            number: base.clone(),
            money: base.clone().set_num_format("#,##0.00"),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            datetime: base.set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// Writes `out`; a blank is written as a formatted blank only when `keep_blank_format`.
pub fn write_out(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    out: &Out,
    formats: &Formats,
    keep_blank_format: bool,
) -> Result<(), XlsxError> {
    match out {
        Out::Blank if keep_blank_format => ws.write_blank(row, col, &formats.text).map(drop),
        Out::Blank => Ok(()),
        Out::Text(s) => ws
            .write_string_with_format(row, col, s.as_ref(), &formats.text)
            .map(drop),
        Out::Number(n) => ws
            .write_number_with_format(row, col, *n, &formats.number)
            .map(drop),
        Out::Money(n) => ws
            .write_number_with_format(row, col, *n, &formats.money)
            .map(drop),
        Out::Bool(b) => ws
            .write_boolean_with_format(row, col, *b, &formats.text)
            .map(drop),
        Out::Date(t) => ws
            .write_datetime_with_format(row, col, t, &formats.date)
            .map(drop),
        Out::DateTime(t) => ws
            .write_datetime_with_format(row, col, t, &formats.datetime)
            .map(drop),
    }
}

/// A yes/no cell in one of the accepted spellings, or an Excel boolean.
pub fn yes_no(rng: &mut Rng, value: Option<bool>, chinese_have: bool) -> Out {
    let Some(yes) = value else {
        return Out::Blank;
    };
    let pairs: &[(&'static str, &'static str)] = if chinese_have {
        &[("有", "无"), ("是", "否"), ("Y", "N")]
    } else {
        &[("是", "否"), ("Y", "N"), ("Yes", "No"), ("TRUE", "FALSE")]
    };
    if !chinese_have && rng.chance(0.15) {
        return Out::Bool(yes);
    }
    let (y, n) = rng.pick(pairs);
    Out::Text(Cow::Borrowed(if yes { y } else { n }))
}

/// Excel's 1900-system serial number of a date and time.
pub fn excel_serial(t: NaiveDateTime) -> f64 {
    let epoch = at(1899, 12, 30, 0, 0);
    let minutes = (t - epoch).num_minutes() as f64;
    (minutes / 1440.0 * 1e9).round() / 1e9
}

/// `2026/11/03`, `2026.11.03`, `2026年11月3日`, `2026-11-03`, with ` HH:MM` if `with_time`.
pub fn date_text(rng: &mut Rng, t: NaiveDateTime, with_time: bool) -> String {
    let (y, m, d) = (t.year(), t.month(), t.day());
    let date = match rng.below(4) {
        0 => format!("{y}/{m:02}/{d:02}"),
        1 => format!("{y}.{m:02}.{d:02}"),
        2 => format!("{y}年{m}月{d}日"),
        _ => format!("{y}-{m:02}-{d:02}"),
    };
    if with_time {
        format!("{date} {:02}:{:02}", t.hour(), t.minute())
    } else {
        date
    }
}

/// The case's cells in the canonical column order of PRODUCT.md table 2.2 (25 columns).
/// `date` renders each date (real cell, text or serial, as the caller likes).
pub fn canonical_cells(
    rng: &mut Rng,
    case: &Case,
    mut date: impl FnMut(&mut Rng, &When, bool) -> Out,
) -> [Out; 25] {
    [
        Out::text(case.case_id.clone()),
        Out::text(case.order_id.clone()),
        Out::text(case.platform.clone()),
        Out::text(case.category),
        Out::text(case.customer.clone()),
        Out::text(case.contact.clone()),
        date(rng, &case.purchase, false),
        date(rng, &case.received, false),
        date(rng, &When::At(case.request), true),
        Out::text(case.issue_text),
        Out::text(case.wants_text),
        Out::text(case.evidence),
        yes_no(rng, case.packaging, true),
        yes_no(rng, case.used, false),
        Out::text(case.status_text),
        Out::text(case.assignee),
        date(rng, &case.first_response, true),
        date(rng, &case.resolved, true),
        case.reopen.map_or(Out::Blank, |n| Out::Number(n as f64)),
        Out::Money(case.amount),
        case.refund.map_or(Out::Blank, Out::Money),
        case.csat.map_or(Out::Blank, |n| Out::Number(n as f64)),
        Out::text(case.feedback),
        yes_no(rng, case.exception, false),
        Out::text(case.remarks),
    ]
}

/// Real date cells: a date for date-only columns, a date-time otherwise.
pub fn real_date(_: &mut Rng, when: &When, with_time: bool) -> Out {
    match when {
        When::Blank => Out::Blank,
        When::Text(s) => Out::Text(Cow::Owned(s.clone())),
        When::At(t) if with_time => Out::DateTime(*t),
        When::At(t) => Out::Date(*t),
    }
}

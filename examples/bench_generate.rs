//! Writes a large after-sales workbook for the benchmark of PRODUCT.md section 8.
//!
//! ```text
//! cargo run --release --example bench_generate -- ROWS OUT.xlsx [--backlog] [--sst] [--carried]
//! cargo run --release --example bench_generate -- 1048575 target/bench/in-1048575.xlsx
//! cargo run --release --example bench_generate -- 1048575 target/bench/backlog-1048575.xlsx --backlog
//! ```
//!
//! One sheet, `Cases`, with the 25 canonical columns of table 2.2 under their English
//! headers and ROWS cases below (at most 1,048,575, Excel's last row):
//!
//! ```text
//!  ____________________________________________________________________________________
//! |         ||      A       |     B        |    C     |   ...   |    X      |    Y    |
//! |_________||______________|______________|__________|_________|___________|_________|
//! |    1    || Case ID      | Order ID     | Platform |   ...   | Exception | Remarks |
//! |         ||              |              |          |         | approved  |         |
//! |_________||______________|______________|__________|_________|___________|_________|
//! |    2    || AS2402-00001 | BH1942155433 | Bhiner   |   ...   |           |         |
//! |   ...   || requests spread over 2024-02-01 .. 2026-11-22, in date order          |
//! | ROWS+1  || AS2611-...   | ...          | ...      |   ...   |           |         |
//! |_________||______________|______________|__________|_________|___________|_________|
//! ```
//!
//! Values are what a team types: Chinese and English names, statuses and issue types in the
//! spellings of section 2.3, real date cells, yes/no as text or Excel booleans. About 3% of
//! the rows older than 30 days carry one deliberate flaw (a finding of section 4); the rest
//! are clean with `--as-of 2026-11-23T09:00`. The same ROWS always give the same cells.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode (inline strings, one row
//! in memory), so even 1,048,575 rows need only a few MiB. `--sst` uses low-memory mode
//! instead, which keeps a shared-strings table as Excel itself writes one; calamine then
//! loads that table into memory when the file is read. `--carried` adds a second sheet,
//! `Orders`, with the same ROWS rows again: a large sheet the tool carries to its output.
//!
//! `--backlog` writes what PRODUCT.md section 8 measures instead: a real team's backlog, with
//! about 1.8 findings per case under the same `--as-of 2026-11-23T09:00`. Same dates, same
//! platform mix (Superbuy 45 %, Bhiner 30 %, Yoybuy 25 %), still 25 columns, but 22 of them
//! recognised (English and Chinese aliases of `templates/headers.csv`; no Contact, Reopen
//! count or Exception approved) and 3 free-text team columns the tool carries untouched
//! (`Order link`, `Tracking no`, `Follow-up`: an internal log of dated notes). On top of a
//! clean case, independently per row (see [`Backlog`] for the rates):
//!
//! * two in five of the cases requested more than 8 days before as-of are still open
//!   (W_OVERDUE), and more than half of those never had a first response
//!   (W_FIRST_RESPONSE_LATE);
//! * about a third of the answered cases were answered 25 h to 5 days after the request
//!   (W_FIRST_RESPONSE_LATE);
//! * 30 % were requested 1 to 41 days after their return window (Yoybuy: 12 to 52, past
//!   its holidays) (P_WINDOW_EXPIRED);
//! * 80 % of the cases finished more than a week ago have no CSAT (W_NO_CSAT);
//! * some Bhiner quality claims lack a video, some Superbuy returns lack the packaging, some
//!   used Bhiner items ask for a full refund (P_VIDEO_REQUIRED, P_PACKAGING_REQUIRED,
//!   P_REFUND_NOT_ALLOWED);
//! * about 6 % carry a typing mistake: a flaw of section 4 (bad CSAT, unreadable date, blank
//!   or repeated case id, misspelt platform, no received date, finished without a resolved
//!   date or resolved before the request);
//! * about 5 % of the date cells are typed as text in an accepted spelling (no finding).
//!
//! `benches/run.sh` checks the ratio with `aftersales check --format json` on each run.

mod common;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDateTime};
use common::{
    as_of, at, canonical_cells, check_clean, clean_case, date_text, is_open, real_date,
    request_times, window_days, write_out, Case, Flaw, Formats, Out, Rng, Spec, When,
};
use rust_xlsxwriter::{DocProperties, Format, Workbook};

const HEADERS: [&str; 25] = [
    "Case ID",
    "Order ID",
    "Platform",
    "Category",
    "Customer",
    "Contact",
    "Purchase date",
    "Received date",
    "Request date",
    "Issue type",
    "Requested resolution",
    "Evidence",
    "Original packaging",
    "Item used",
    "Status",
    "Assignee",
    "First response",
    "Resolved at",
    "Reopen count",
    "Order amount",
    "Refund amount",
    "CSAT",
    "Feedback",
    "Exception approved",
    "Remarks",
];
/// `--backlog`: 22 recognised headers (some in their Chinese spelling) and 3 team columns.
const BACKLOG_HEADERS: [&str; 25] = [
    "Case ID",
    "订单号",
    "Order link",
    "Platform",
    "Category",
    "Customer",
    "Tracking no",
    "Purchase date",
    "Received date",
    "Request date",
    "Issue type",
    "Requested resolution",
    "Evidence",
    "Original packaging",
    "Item used",
    "Status",
    "客服",
    "First response",
    "Resolved at",
    "Order amount",
    "Refund amount",
    "CSAT",
    "Feedback",
    "备注",
    "Follow-up",
];
const MAX_ROWS: u64 = 1_048_575;
const FLAW_RATE: f64 = 0.03;

struct Args {
    rows: u64,
    out: PathBuf,
    shared_strings: bool,
    carried: bool,
    backlog: bool,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("bench_generate: {message}");
            eprintln!(
                "usage: bench_generate ROWS OUT.xlsx [--backlog] [--sst] [--carried]   (ROWS = 1..=1048575)"
            );
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench_generate: {}: {error}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut shared_strings = false;
    let mut carried = false;
    let mut backlog = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--sst" => shared_strings = true,
            "--carried" => carried = true,
            "--backlog" => backlog = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    let [rows, out] = positional.as_slice() else {
        return Err("expected ROWS and OUT.xlsx".into());
    };
    let rows: u64 = rows
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("ROWS must be a whole number, not {rows:?}"))?;
    if !(1..=MAX_ROWS).contains(&rows) {
        return Err(format!(
            "ROWS must be 1..={MAX_ROWS} (with the header, Excel's 1,048,576 rows), not {rows}"
        ));
    }
    Ok(Args {
        rows,
        out: PathBuf::from(out),
        shared_strings,
        carried,
        backlog,
    })
}

fn generate(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let mut workbook = Workbook::new();
    let title = match args.backlog {
        true => "aftersales benchmark input (backlog)",
        false => "aftersales benchmark input",
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&at(2026, 11, 23, 9, 0)),
    );
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Constant-memory sheets live in a temp file until saved: keep it beside the output.
        workbook.set_tempdir(dir)?;
    }
    let bold = Format::new().set_bold();
    let names: &[&str] = if args.carried {
        &["Cases", "Orders"]
    } else {
        &["Cases"]
    };
    for name in names {
        let sheet = if args.shared_strings {
            workbook.add_worksheet_with_low_memory()
        } else {
            workbook.add_worksheet_with_constant_memory()
        }?;
        sheet.set_name(*name)?;
        let headers = if args.backlog {
            &BACKLOG_HEADERS
        } else {
            &HEADERS
        };
        for (col, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *header, &bold)?;
            sheet.set_column_width(col as u16, 14)?;
        }
    }

    let formats = Formats::new(false);
    if args.backlog {
        let counts = write_backlog(&mut workbook, args, names.len(), &formats)?;
        workbook.save(&args.out)?;
        report(args, counts.rows_with_findings, started);
        eprintln!("bench_generate: backlog {counts}");
        return Ok(());
    }
    let mut clock = Rng::new(0xB0A7_0000_0000 ^ args.rows);
    let mut rng = Rng::new(0xCA5E_5EED);
    let mut typing = Rng::new(0x7E57_0000_7E1E);
    let old = as_of() - Duration::days(30);
    let (from, to) = (at(2024, 2, 1, 0, 0), at(2026, 11, 22, 20, 0));
    let mut previous_id = String::new();
    let mut flawed = 0u64;
    for (index, request) in (0u64..).zip(request_times(&mut clock, args.rows, from, to)) {
        let flaw = (request < old && rng.chance(FLAW_RATE)).then(|| rng.pick(Flaw::BENCH));
        let spec = flaw.map(Flaw::spec).unwrap_or_default();
        let mut case = clean_case(&mut rng, index + 1, request, &spec);
        match flaw {
            Some(flaw) => {
                flaw.apply(&mut rng, &mut case, &previous_id);
                flawed += 1;
            }
            None => debug_assert_eq!(check_clean(&case), Ok(())),
        }
        let row = index as u32 + 1;
        let cells = canonical_cells(&mut typing, &case, real_date);
        for index in 0..names.len() {
            let sheet = workbook.worksheet_from_index(index)?;
            for (col, out) in cells.iter().enumerate() {
                write_out(sheet, row, col as u16, out, &formats, false)?;
            }
        }
        previous_id = case.case_id;
    }
    workbook.save(&args.out)?;
    report(args, flawed, started);
    Ok(())
}

/// Rates of the backlog mode, each drawn independently per case.
struct Backlog;

impl Backlog {
    /// A case requested more than 8 days before as-of that is still open.
    const STALE_OPEN: f64 = 0.4;
    /// A stale open case nobody answered yet (status `new` half the time).
    const NO_RESPONSE: f64 = 0.55;
    /// An answered case answered 25 h to 5 days after the request.
    const LATE_RESPONSE: f64 = 0.35;
    /// A request made after the return window.
    const WINDOW_EXPIRED: f64 = 0.3;
    /// A case finished more than a week ago without a CSAT score.
    const NO_CSAT: f64 = 0.8;
    /// A Bhiner quality claim with photos only.
    const NO_VIDEO: f64 = 0.3;
    /// A Superbuy return or exchange without its packaging.
    const NO_PACKAGING: f64 = 0.2;
    /// A used Bhiner item that asks for a full refund or a return.
    const USED_FULL_REFUND: f64 = 0.25;
    /// A typing mistake (one of [`Backlog::MISTAKES`]).
    const MISTAKE: f64 = 0.06;
    /// A date cell typed as text in an accepted spelling.
    const TEXT_DATE: f64 = 0.05;
    /// Mistakes that do not need a particular clean case (the finished-only ones are
    /// replaced by BadCsat on an open case).
    const MISTAKES: &'static [Flaw] = &[
        Flaw::BadCsat,
        Flaw::UnreadableDate,
        Flaw::BlankId,
        Flaw::DuplicateId,
        Flaw::UnknownPlatform,
        Flaw::NoReceivedDate,
        Flaw::StatusInconsistent,
        Flaw::DateOrder,
    ];
}

/// What the backlog generator bent, for its closing line (the tool's count is what matters).
#[derive(Default)]
struct Counts {
    rows_with_findings: u64,
    stale_open: u64,
    no_response: u64,
    late_response: u64,
    window_expired: u64,
    no_csat: u64,
    policy: u64,
    mistakes: u64,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "(intended, before interactions): {} stale open, {} without first response, {} late \
             first response, {} window expired, {} without CSAT, {} policy, {} typing mistakes",
            self.stale_open,
            self.no_response,
            self.late_response,
            self.window_expired,
            self.no_csat,
            self.policy,
            self.mistakes
        )
    }
}

fn write_backlog(
    workbook: &mut Workbook,
    args: &Args,
    sheets: usize,
    formats: &Formats,
) -> Result<Counts, Box<dyn Error>> {
    let mut clock = Rng::new(0xB0A7_0000_0000 ^ args.rows);
    let mut rng = Rng::new(0xBAC0_106E_5EED);
    let mut mess = Rng::new(0x3E55_0000_BAC0);
    let mut typing = Rng::new(0x7E57_0000_BAC0);
    let (from, to) = (at(2024, 2, 1, 0, 0), at(2026, 11, 22, 20, 0));
    let mut previous_id = String::new();
    let mut counts = Counts::default();
    let mut follow_up = String::new();
    for (index, request) in (0u64..).zip(request_times(&mut clock, args.rows, from, to)) {
        let case = backlog_case(
            &mut rng,
            &mut mess,
            index + 1,
            request,
            &previous_id,
            &mut counts,
        );
        let base = canonical_cells(&mut typing, &case, backlog_date);
        let link = order_link(&case);
        follow_up_log(&mut typing, &case, &mut follow_up);
        let row = index as u32 + 1;
        let [case_id, order_id, platform, category, customer, _contact, purchase, received, request, issue, wants, evidence, packaging, used, status, assignee, first_response, resolved, _reopen, amount, refund, csat, feedback, _exception, remarks] =
            base;
        let cells = [
            case_id,
            order_id,
            link,
            platform,
            category,
            customer,
            Out::text(case.tracking.clone()),
            purchase,
            received,
            request,
            issue,
            wants,
            evidence,
            packaging,
            used,
            status,
            assignee,
            first_response,
            resolved,
            amount,
            refund,
            csat,
            feedback,
            remarks,
            Out::text(follow_up.clone()),
        ];
        for index in 0..sheets {
            let sheet = workbook.worksheet_from_index(index)?;
            for (col, out) in cells.iter().enumerate() {
                write_out(sheet, row, col as u16, out, formats, false)?;
            }
        }
        previous_id = case.case_id;
    }
    Ok(counts)
}

/// A clean case bent the way a team's backlog bends (see the module comment).
fn backlog_case(
    rng: &mut Rng,
    mess: &mut Rng,
    seq: u64,
    request: NaiveDateTime,
    previous_id: &str,
    counts: &mut Counts,
) -> Case {
    let now = as_of();
    let old = now - request > Duration::days(8);
    let stale = old && mess.chance(Backlog::STALE_OPEN);
    let spec = Spec {
        finished: old.then_some(!stale),
        ..Spec::default()
    };
    let mut case = clean_case(rng, seq, request, &spec);
    let mut touched = false;

    // Still open long after it should have been resolved.
    if stale {
        counts.stale_open += 1;
        touched = true;
        if mess.chance(Backlog::NO_RESPONSE) {
            case.first_response = When::Blank;
            if mess.chance(0.5) {
                case.status = "new";
                case.status_text = mess.pick(&["New", "Open", "新建", "待处理", "未处理"]);
            }
            counts.no_response += 1;
        }
    }

    // Answered, but late.
    if let Some(answered) = case.first_response.time() {
        if mess.chance(Backlog::LATE_RESPONSE) {
            let late = request + Duration::minutes(mess.between(25 * 60, 5 * 24 * 60));
            let resolved = case.resolved.time();
            if late < now - Duration::hours(1) && late > answered {
                case.first_response = When::At(late);
                if resolved.is_some_and(|done| done < late) {
                    let pushed = late + Duration::minutes(mess.between(60, 3 * 24 * 60));
                    case.resolved = When::At(pushed.min(now - Duration::hours(1)).max(late));
                }
                counts.late_response += 1;
                touched = true;
            }
        }
    }

    // Requested after the return window (Yoybuy's holidays need a wider margin).
    if mess.chance(Backlog::WINDOW_EXPIRED) {
        let window = window_days(&case.platform, case.issue);
        let margin = if case.platform == "Yoybuy" { 12 } else { 1 };
        let late = window + margin + mess.between(0, 40);
        let received = request.date() - Duration::days(late);
        case.received = When::At(midnight(received));
        case.purchase = When::At(midnight(received - Duration::days(mess.between(2, 15))));
        counts.window_expired += 1;
        touched = true;
    }

    // Finished more than a week ago, and nobody asked for a score.
    if let (false, Some(done)) = (is_open(case.status), case.resolved.time()) {
        if now - done > Duration::days(7) && mess.chance(Backlog::NO_CSAT) {
            case.csat = None;
            case.feedback = "";
            counts.no_csat += 1;
            touched = true;
        }
    }

    // Policy slips.
    let returns = matches!(case.wants, "return_refund" | "exchange");
    let full = matches!(case.wants, "full_refund" | "return_refund");
    let slip = match (case.platform.as_str(), case.issue) {
        ("Bhiner", "quality") if mess.chance(Backlog::NO_VIDEO) => Some(Flaw::VideoRequired),
        ("Superbuy", _) if returns && mess.chance(Backlog::NO_PACKAGING) => {
            Some(Flaw::PackagingRequired)
        }
        ("Bhiner", _) if full && mess.chance(Backlog::USED_FULL_REFUND) => {
            Some(Flaw::RefundNotAllowed)
        }
        _ => None,
    };
    if let Some(flaw) = slip {
        flaw.apply(mess, &mut case, previous_id);
        counts.policy += 1;
        touched = true;
    }

    // A typing mistake.
    if mess.chance(Backlog::MISTAKE) {
        let mut flaw = mess.pick(Backlog::MISTAKES);
        let finished_only = matches!(flaw, Flaw::StatusInconsistent | Flaw::DateOrder);
        if finished_only && is_open(case.status) {
            flaw = Flaw::BadCsat;
        }
        flaw.apply(mess, &mut case, previous_id);
        counts.mistakes += 1;
        touched = true;
    }

    // Busy teams write more remarks.
    if case.remarks.is_empty() && mess.chance(0.25) {
        case.remarks = mess.pick(&[
            "催过商家",
            "Chased the seller twice",
            "客户情绪激动",
            "Waiting for warehouse photos",
            "等仓库回复",
            "Escalated to team lead",
            "已电话联系",
        ]);
    }

    if touched {
        counts.rows_with_findings += 1;
    } else {
        debug_assert_eq!(check_clean(&case), Ok(()));
    }
    case
}

fn midnight(date: chrono::NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(0, 0, 0).expect("midnight exists")
}

/// Real date cells, and now and then one typed as text the tool reads (`2026/11/03 14:05`,
/// `2026年11月3日`, ...).
fn backlog_date(rng: &mut Rng, when: &When, with_time: bool) -> Out {
    match when {
        When::At(t) if rng.chance(Backlog::TEXT_DATE) => {
            Out::Text(Cow::Owned(date_text(rng, *t, with_time)))
        }
        _ => real_date(rng, when, with_time),
    }
}

/// The order's page on the platform (reserved `.example` domains).
fn order_link(case: &Case) -> Out {
    if case.order_id.is_empty() {
        return Out::Blank;
    }
    let site = match case.platform.as_str() {
        "Superbuy" => "superbuy",
        "Bhiner" => "bhiner",
        "Yoybuy" => "yoybuy",
        _ => "shop",
    };
    Out::Text(Cow::Owned(format!(
        "https://www.{site}.example/order/{}",
        case.order_id
    )))
}

/// The team's own log: zero to four dated one-liners, newest last.
fn follow_up_log(rng: &mut Rng, case: &Case, out: &mut String) {
    const LINES: &[&str] = &[
        "已联系商家",
        "asked seller for QC photos",
        "客户补充了照片",
        "催物流",
        "customer chased by email",
        "等仓库确认",
        "refund request sent to finance",
        "客户未回复",
        "seller offered 20% partial refund",
        "已转主管",
    ];
    out.clear();
    let entries = rng.weighted(&[(0u64, 35), (1, 30), (2, 20), (3, 10), (4, 5)]);
    let mut day = case.request;
    for i in 0..entries {
        day += Duration::hours(rng.between(4, 60));
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&format!(
            "{}/{} {}",
            day.month(),
            day.day(),
            rng.pick(LINES)
        ));
    }
}

fn report(args: &Args, flawed: u64, started: Instant) {
    let size = std::fs::metadata(&args.out).map_or(0, |m| m.len());
    eprintln!(
        "bench_generate: wrote {} cases ({flawed} with a deliberate finding) to {} ({:.1} MiB) in {:.1} s",
        args.rows,
        args.out.display(),
        size as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
}

//! Input: opening a workbook (after [`guard`] has looked at its container), finding the case
//! sheet and its header ([`headers`]), streaming rows ([`workbook`]) and reading cells into
//! typed values ([`values`]).

pub mod guard;
pub mod headers;
pub mod values;
pub mod workbook;

/// One message of every error of reading (workbooks, policy tables, calendars, the CSV files
/// users hand in), for the test that every error message is said in both languages
/// (`i18n::tests`), with the Latin words of the Chinese catalogue that are meant.
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<crate::i18n::Message>, &'static [&'static str]) {
    use crate::i18n::{Describe, Message};
    use crate::policy::calendar::{Calendar, CalendarError};
    use crate::policy::{PolicySource, PolicyTable};
    use workbook::{ReadError, Searched, SheetKind, SheetPlace};

    let file = || "cases.xlsx".to_string();
    let open = |reason: Message| ReadError::Open {
        file: file(),
        reason,
    };
    let supported = || Message::new("read-supported");
    let sheet = |at: Option<SheetPlace>, reason: Message| ReadError::Sheet {
        file: file(),
        sheet: "Cases".into(),
        at,
        reason,
    };
    let mut errors = vec![
        open(Message::new("read-password_protected")),
        open(Message::new("read-damaged")),
        open(Message::new("read-pdf").with("supported", supported())),
        open(Message::new("read-web_page").with("supported", supported())),
        open(Message::new("read-not_a_workbook").with("supported", supported())),
        open(Message::new("read-broken_zip")),
        open(Message::new("read-broken_part")),
        open(Message::new("read-broken_xls")),
        ReadError::NoSuchSheet {
            file: file(),
            sheet: "Cases".into(),
            available: vec!["Sheet1".into(), "Notes".into()],
        },
        ReadError::NoHeader {
            file: file(),
            searched: Searched::Sheet("Cases".into()),
        },
        ReadError::NoHeader {
            file: file(),
            searched: Searched::NoSheets,
        },
        ReadError::NoHeader {
            file: file(),
            searched: Searched::AnySheet(vec!["Notes".into(), "Data 2026".into()]),
        },
        ReadError::MissingColumn {
            file: file(),
            sheet: "Cases".into(),
            row: 1,
            missing: vec!["request_at (Request date / 申请日期)".into()],
            seen: vec!["\"Case ID\"".into(), "\"Platform\"".into()],
            more: 0,
        },
        ReadError::MissingColumn {
            file: file(),
            sheet: "Cases".into(),
            row: 3,
            missing: vec!["platform (Platform / 平台)".into()],
            seen: vec!["\"Case ID\"".into(), "\"Notes\"".into()],
            more: 12,
        },
        sheet(None, Message::new("read-sheet_damaged")),
        sheet(
            Some(SheetPlace::NearCell("B7".into())),
            Message::new("read-sheet_damaged"),
        ),
        sheet(
            Some(SheetPlace::Cell("XFE5".into())),
            Message::new("read-beyond_grid"),
        ),
        sheet(
            Some(SheetPlace::Row(2)),
            Message::new("read-out_of_order")
                .arg("row", 2)
                .arg("after", 4),
        ),
    ];
    for kind in [
        SheetKind::Chart,
        SheetKind::Macro,
        SheetKind::Dialog,
        SheetKind::Other,
    ] {
        errors.push(ReadError::NotAWorksheet {
            file: file(),
            sheet: "Chart1".into(),
            kind,
            available: vec!["Cases".into()],
        });
    }
    errors.extend(guard::message_samples().into_iter().map(open));
    let mut samples: Vec<Message> = errors.iter().map(Describe::message).collect();

    let header = crate::policy::Policy::COLUMNS.join(",");
    let row = |cells: &str| format!("{header}\n{cells}\n");
    let policy_csv = [
        row("Superbuy,*,7,30,received,jp,full_after_inspection,yes,no,24,7,24"),
        row(",*,7,30,received,none,full_after_inspection,yes,no,24,7,24"),
        row("Superbuy,*,ten,30,received,none,full_after_inspection,yes,no,24,7,24"),
        row("Superbuy,*,7,30,received,none,full_after_inspection,maybe,no,24,7,24"),
        row("Superbuy,*,7,30,received,none,full_after_inspection,yes,no,-1,7,24"),
        row("Superbuy,*,7,30,received,none,full_after_inspection,yes,no,24,9999,24"),
        row("Superbuy,*,7,30,received,none,full_after_inspection,yes,no,24,7,24,paused"),
        format!(
            "{}{}",
            row("Superbuy,*,7,30,received,none,full_after_inspection,yes,no,24,7,24"),
            "SuperBuy,,7,30,received,none,full_after_inspection,yes,no,24,7,24\n"
        ),
        "platform,category\nSuperbuy,*\n".to_string(),
        String::new(),
    ];
    for text in &policy_csv {
        let source = PolicySource::File("policies.csv".into());
        samples.push(PolicyTable::from_csv(text, source).unwrap_err().message());
    }
    samples.push(
        PolicyTable::from_csv("platform\n", PolicySource::BuiltIn)
            .unwrap_err()
            .message(),
    );
    let grid = |rows: &[&[&str]]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let columns = crate::policy::Policy::COLUMNS;
    let duplicate = [
        "Superbuy",
        "*",
        "7",
        "30",
        "received",
        "none",
        "full_after_inspection",
        "yes",
        "no",
        "24",
        "7",
        "24",
    ];
    let mut bad_days = duplicate;
    bad_days[2] = "ten";
    for rows in [
        grid(&[&[""]]),
        grid(&[&["platform", "category"]]),
        grid(&[&columns, &duplicate, &duplicate]),
        grid(&[&columns, &bad_days]),
    ] {
        samples.push(
            PolicyTable::from_sheet_rows(&rows, "Policies")
                .unwrap_err()
                .message(),
        );
    }

    for text in [
        "date,name\n2026-10-01,National Day\n",
        "date,kind,name\n2026-13-01,holiday,x\n",
        "date,kind,name\n2026-10-01,vacation,x\n",
        "date,kind,name\n2026-10-01,holiday,x\n2026-10-01,workday,y\n",
        "date,kind,name\n",
    ] {
        samples.push(Calendar::parse(text, "cn.csv").unwrap_err().message());
    }
    let csv = |reason: Message| crate::templates::CsvError {
        file: "cn.csv".into(),
        line: 3,
        reason,
    };
    samples.push(CalendarError::Csv(csv(Message::new("csv-not_utf8"))).message());
    samples.push(
        csv(Message::new("csv-unequal_lengths")
            .arg("found", 4)
            .arg("expected", 3))
        .message(),
    );
    (samples, &[])
}

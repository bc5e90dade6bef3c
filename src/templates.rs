//! Data users may edit, compiled in as defaults: header aliases, value spellings, policies,
//! the holiday calendar and reply texts live in `templates/`. Also the CSV reader for the
//! files users hand in to replace them (policies, calendar, reply texts).

use crate::i18n::{Describe, Message};

pub const HEADERS_CSV: &str = include_str!("../templates/headers.csv");
pub const VALUES_CSV: &str = include_str!("../templates/values.csv");
pub const POLICIES_CSV: &str = include_str!("../templates/policies.csv");
pub const CN_CALENDAR_CSV: &str = include_str!("../templates/calendars/cn.csv");

/// Rows of a small embedded CSV file (header skipped). The files are ours and tested,
/// so a malformed row is skipped rather than reported.
pub fn csv_rows(text: &str) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
}

/// The comparison form of a header or a spelling: lower case, without spaces, `_`, `-`,
/// and a trailing `:`/`：`.
pub fn normalize(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches([':', '：']);
    trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}' | '\t' | '\n' | '\r'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A line of a user's CSV file that the csv crate cannot read: the file, the line and why.
#[derive(Debug, thiserror::Error)]
pub struct CsvError {
    pub file: String,
    pub line: u64,
    pub reason: Message,
}

impl Describe for CsvError {
    fn message(&self) -> Message {
        Message::new("csv-line")
            .arg("file", &self.file)
            .arg("line", self.line)
            .with("reason", self.reason.clone())
    }
}

crate::display_by_message!(CsvError);

/// What the csv crate's error means for the person who wrote the file. The reader is
/// flexible and reads text already decoded, so none of these is expected; the crate's own
/// words are kept for the kinds that say nothing about the file.
fn csv_reason(e: &csv::Error) -> Message {
    match e.kind() {
        csv::ErrorKind::Io(e) => Message::io(e),
        csv::ErrorKind::Utf8 { .. } => Message::new("csv-not_utf8"),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Message::new("csv-unequal_lengths")
            .arg("found", len)
            .arg("expected", expected_len),
        _ => Message::verbatim(e),
    }
}

/// A CSV line's 1-based number and its trimmed cells.
pub(crate) type CsvRow = (u64, Vec<String>);

/// Reads a small CSV table a user may edit (the calendar, a policy table, reply templates) into
/// rows of trimmed cells, each with the 1-based line it starts on. A leading byte-order mark,
/// blank lines, rows whose cells are all empty (a line like `,,`) and `#` comment lines are
/// skipped so users can annotate what they add; every such file follows these conventions.
/// `file` names the file in the message of a line the csv crate cannot read.
pub(crate) fn read_csv_rows(text: &str, file: &str) -> Result<Vec<CsvRow>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter {
        text: text.as_bytes(),
        byte: 0,
        line: 1,
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError {
            file: file.to_string(),
            line: e.position().map_or(0, |p| p.line()),
            reason: csv_reason(&e),
        })?;
        let line = lines.record_line(record.position().map_or(0, |p| p.byte()));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if !is_blank_row(&cells) {
            rows.push((line, cells));
        }
    }
    Ok(rows)
}

/// True when every cell is empty (a line like `,,`), which tables skip like a blank line.
pub(crate) fn is_blank_row(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Finds the line a record starts on. The csv crate reports a record's position from before
/// the blank and comment lines it skipped, which would point messages one line too early.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// `start` is the byte offset csv reports; records arrive in order, so counting resumes
    /// where the previous call stopped.
    fn record_line(&mut self, start: u64) -> u64 {
        let start = (start as usize).clamp(self.byte, self.text.len());
        self.line += newlines(&self.text[self.byte..start]);
        self.byte = start;
        for piece in self.text[start..].split_inclusive(|b| *b == b'\n') {
            let content = piece.strip_suffix(b"\n").unwrap_or(piece);
            let content = content.strip_suffix(b"\r").unwrap_or(content);
            if !(content.is_empty() || content.starts_with(b"#")) {
                break;
            }
            self.line += 1;
            self.byte += piece.len();
        }
        self.line
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// Written in Chinese characters: picks the Chinese spelling of a header or value among
/// those listed in the templates.
pub fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_spaces_separators_and_colon() {
        assert_eq!(normalize(" Case_ID："), "caseid");
        assert_eq!(normalize("case-id:"), "caseid");
        assert_eq!(normalize("售后 单号"), "售后单号");
    }

    /// The csv crate's errors, said as what they mean for the file's author.
    #[test]
    fn csv_errors_are_said_in_the_teams_words() {
        let first_error = |bytes: &[u8], flexible: bool| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(flexible)
                .from_reader(bytes)
                .records()
                .find_map(Result::err)
                .unwrap()
        };
        let uneven = csv_reason(&first_error(b"a,b,c\n1,2\n", false));
        assert_eq!(
            uneven.to_string(),
            "the line has 2 fields where the lines before have 3"
        );
        let latin1 = csv_reason(&first_error(b"date,name\n2026-10-01,F\xeate\n", true));
        assert_eq!(latin1.id(), "csv-not_utf8");
    }

    #[test]
    fn embedded_files_parse() {
        assert!(csv_rows(HEADERS_CSV).count() > 50);
        assert!(csv_rows(VALUES_CSV).count() > 50);
    }
}

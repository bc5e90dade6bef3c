//! Notes on the cells of the team's case sheet that have findings: the comments part and the
//! VML drawing Excel shows them with, written by hand because the sheet is patched, not made
//! by rust_xlsxwriter. The author is `aftersales`, which is how a re-run knows them.

use std::collections::BTreeMap;

use crate::model::finding::{column_letters, Finding};
use crate::package::escape;

/// The author of every note this tool writes.
pub const AUTHOR: &str = "aftersales";
/// Beyond this many, finding cells get no note (a line on the Run sheet says so).
pub const MAX_NOTES: usize = 10_000;
/// VML shape ids come in blocks of 1,024 per `idmap` entry; ours start far from the ones
/// Excel gives the team's sheets (their sheet's number).
const FIRST_ID_BLOCK: usize = 1000;
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// One note: its cell (0-based row and column) and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// The text of each note of one row, by the cell it goes on (`cell_of` a finding: `None` when
/// it has no cell in the sheet written): one line per finding, `CODE: message`.
pub fn note_texts(
    findings: &[Finding],
    cell_of: impl Fn(&Finding) -> Option<u32>,
) -> BTreeMap<u32, String> {
    let mut by_cell: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for finding in findings {
        if let Some(col) = cell_of(finding) {
            let line = format!("{}: {}", finding.code.as_str(), finding.message);
            by_cell.entry(col).or_default().push(line);
        }
    }
    by_cell
        .into_iter()
        .map(|(col, lines)| (col, lines.join("\n")))
        .collect()
}

/// The notes of one sheet, collected as cases stream in.
#[derive(Debug, Default)]
pub struct Notes {
    notes: Vec<Note>,
    /// Finding cells that got no note (the limit was reached, or notes cannot be added).
    pub skipped: usize,
    enabled: bool,
}

impl Notes {
    /// `enabled` is false when the sheet already has the team's comments or controls.
    pub fn new(enabled: bool) -> Notes {
        Notes {
            notes: Vec::new(),
            skipped: 0,
            enabled,
        }
    }

    /// The notes of one case row: one per cell with findings (a finding without a cell goes
    /// on `row_cell`, the row's Findings column).
    pub fn add_row(&mut self, row: u32, findings: &[Finding], row_cell: u32) {
        for (col, text) in note_texts(findings, |f| Some(f.col.unwrap_or(row_cell))) {
            if !self.enabled || self.notes.len() >= MAX_NOTES {
                self.skipped += 1;
                continue;
            }
            self.notes.push(Note { row, col, text });
        }
    }

    pub fn len(&self) -> usize {
        self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// The comments part.
    pub fn comments_xml(&self) -> String {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>{AUTHOR}</author></authors><commentList>"
        );
        for note in &self.notes {
            xml.push_str(&format!(
                "<comment ref=\"{}{}\" authorId=\"0\"><text><t xml:space=\"preserve\">{}</t></text></comment>",
                column_letters(note.col),
                note.row + 1,
                escape(&note.text)
            ));
        }
        xml.push_str("</commentList></comments>");
        xml
    }

    /// The VML drawing that shows the notes (hidden until the cell is pointed at).
    pub fn vml_xml(&self) -> String {
        let blocks = self.notes.len().div_ceil(1024).max(1);
        let ids: Vec<String> = (0..blocks)
            .map(|b| (FIRST_ID_BLOCK + b).to_string())
            .collect();
        let mut xml = format!(
            concat!(
                "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">",
                "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout>",
                "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">",
                "<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>"
            ),
            ids.join(",")
        );
        for (i, note) in self.notes.iter().enumerate() {
            let id = FIRST_ID_BLOCK * 1024 + i + 1;
            let (r, c) = (note.row, note.col);
            xml.push_str(&format!(
                concat!(
                    "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:270pt;height:80pt;z-index:{z};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">",
                    "<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>",
                    "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>",
                    "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>",
                    "<x:Anchor>{c1}, 15, {r1}, 2, {c2}, 15, {r2}, 16</x:Anchor><x:AutoFill>False</x:AutoFill>",
                    "<x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>"
                ),
                id = id,
                z = i + 1,
                c1 = c + 1,
                r1 = r.saturating_sub(1),
                c2 = c + 4,
                r2 = r + 4,
                r = r,
                c = c,
            ));
        }
        xml.push_str("</xml>");
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_per_cell_and_none_past_the_limit_or_when_disabled() {
        let finding = |col: Option<u32>| Finding {
            code: crate::model::finding::Code::E_MISSING_VALUE,
            severity: crate::model::finding::Severity::Error,
            case_id: "C-1".into(),
            row: Some(5),
            column: String::new(),
            col,
            message: "a message".into(),
            hint: None,
        };
        let mut notes = Notes::new(true);
        notes.add_row(4, &[finding(Some(2)), finding(Some(2)), finding(None)], 30);
        assert_eq!(notes.len(), 2);
        let comments = notes.comments_xml();
        assert!(
            comments.contains("<comment ref=\"C5\" authorId=\"0\">"),
            "{comments}"
        );
        assert!(comments.contains("<comment ref=\"AE5\""), "{comments}");
        let vml = notes.vml_xml();
        assert!(
            vml.contains("<x:Row>4</x:Row><x:Column>2</x:Column>"),
            "{vml}"
        );
        let mut off = Notes::new(false);
        off.add_row(4, &[finding(Some(2))], 30);
        assert!(off.is_empty());
        assert_eq!(off.skipped, 1);
    }
}

//! Notes (comments) on a worksheet: whether it has some and whose, taking an earlier run's
//! away, and adding new ones. A worksheet has one comments part and one legacy (VML) drawing
//! that shows them; the caller writes both, this module files them.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::graft::parse_rels;
use super::xml::rels_part_of;
use super::{relationship_ids, Package, PackageError};

const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// Whose notes a worksheet has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetNotes {
    /// No comments and no legacy drawing.
    None,
    /// Comments by the given author only, and their drawing: an earlier run's.
    Ours,
    /// The team's comments, or a legacy drawing for their form controls.
    Theirs,
}

impl Package {
    /// Whose notes the worksheet `part` has: [`SheetNotes::Ours`] when every comment's
    /// author is `author`.
    pub fn sheet_notes(&mut self, part: &str, author: &str) -> Result<SheetNotes, PackageError> {
        let rels = self.sheet_rels(part)?;
        let comments: Vec<&(String, String, String)> =
            rels.iter().filter(|r| r.1 == REL_COMMENTS).collect();
        let vml = rels.iter().any(|r| r.1 == REL_VML);
        match comments.as_slice() {
            [] if !vml => Ok(SheetNotes::None),
            [(_, _, target)] if self.has_part(target) => {
                let xml = self.read_part(target)?;
                let authors = comment_authors(&xml).map_err(|d| self.bad_part(target, d))?;
                if !authors.is_empty() && authors.iter().all(|a| a == author) {
                    Ok(SheetNotes::Ours)
                } else {
                    Ok(SheetNotes::Theirs)
                }
            }
            _ => Ok(SheetNotes::Theirs),
        }
    }

    /// Takes the worksheet's comments and legacy drawing away (parts, relationships,
    /// content types). The sheet's `<legacyDrawing>` element is the caller's to drop.
    pub fn remove_sheet_notes(&mut self, part: &str) -> Result<(), PackageError> {
        let rels = self.sheet_rels(part)?;
        let notes: Vec<(String, String)> = rels
            .into_iter()
            .filter(|r| r.1 == REL_COMMENTS || r.1 == REL_VML)
            .map(|r| (r.0, r.2))
            .collect();
        let parts: Vec<String> = notes
            .iter()
            .filter(|(_, target)| self.has_part(target))
            .map(|(_, target)| target.clone())
            .collect();
        self.delete_parts(&parts)?;
        self.remove_relationships(part, |r| notes.iter().any(|(id, _)| *id == r.id))
    }

    /// The relationship id the next relationship of `part` will get.
    pub fn next_relationship_id(&mut self, part: &str) -> Result<String, PackageError> {
        let rels = rels_part_of(part);
        let used = if self.has_part(&rels) {
            relationship_ids(&self.read_part(&rels)?)
        } else {
            Vec::new()
        };
        Ok((1..)
            .map(|n| format!("rId{n}"))
            .find(|id| !used.contains(id))
            .unwrap_or_default())
    }

    /// Files a comments part and its drawing for the worksheet `part`; returns the drawing's
    /// relationship id (for the sheet's `<legacyDrawing r:id>`).
    pub fn add_sheet_notes(
        &mut self,
        part: &str,
        comments: String,
        vml: String,
    ) -> Result<String, PackageError> {
        let folder = match self.workbook_part.rfind('/') {
            Some(i) => self.workbook_part[..=i].to_string(),
            None => String::new(),
        };
        let vml_part = (1..)
            .map(|n| format!("{folder}drawings/vmlDrawing{n}.vml"))
            .find(|p| !self.has_part(p))
            .unwrap_or_default();
        let comments_part = (1..)
            .map(|n| format!("{folder}comments{n}.xml"))
            .find(|p| !self.has_part(p))
            .unwrap_or_default();
        let id = self.add_relationship(part, REL_VML, &vml_part)?;
        self.add_relationship(part, REL_COMMENTS, &comments_part)?;
        self.add_part(&comments_part, comments.into_bytes(), CT_COMMENTS)?;
        self.add_part(&vml_part, vml.into_bytes(), CT_VML)?;
        Ok(id)
    }

    /// The worksheet's relationships: (id, type, target part), external ones left out.
    fn sheet_rels(&mut self, part: &str) -> Result<Vec<(String, String, String)>, PackageError> {
        let rels_part = rels_part_of(part);
        if !self.has_part(&rels_part) {
            return Ok(Vec::new());
        }
        let xml = self.read_part(&rels_part)?;
        let rels = parse_rels(&xml, part).map_err(|d| self.bad_part(&rels_part, d))?;
        Ok(rels
            .into_iter()
            .filter(|r| !r.external)
            .map(|r| (r.id, r.kind, r.target))
            .collect())
    }
}

/// The `<author>` names of a comments part.
fn comment_authors(xml: &[u8]) -> Result<Vec<String>, crate::i18n::Message> {
    let mut reader = Reader::from_reader(xml);
    let mut authors = Vec::new();
    let mut inside = false;
    loop {
        match reader
            .read_event()
            .map_err(|e| super::error::reason::xml(&e))?
        {
            Event::Start(e) if e.local_name().as_ref() == "author" => {
                inside = true;
                authors.push(String::new());
            }
            Event::End(e) if e.local_name().as_ref() == "author" => inside = false,
            // Raw text: an author written with entities is not `aftersales` anyway.
            Event::Text(t) if inside => {
                if let Some(last) = authors.last_mut() {
                    last.push_str(&t);
                }
            }
            Event::GeneralRef(_) if inside => {
                if let Some(last) = authors.last_mut() {
                    last.push('&');
                }
            }
            Event::Eof => return Ok(authors),
            _ => {}
        }
    }
}

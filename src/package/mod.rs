//! A workbook package (.xlsx, .xlsm) patched, not rewritten.
//!
//! [`Package::open`] reads the zip directory and the parts that say what the workbook holds
//! (`[Content_Types].xml`, the workbook part and its relationships). The caller then streams a
//! worksheet through [`Package::patch_sheet`], adding cells to its rows; appends cell formats
//! with [`Package::append_cell_format`]; replaces or adds parts; adds sheets. [`Package::save`]
//! writes a new package through a temporary file in the target's folder and a rename: every
//! part nobody touched is copied raw (its compressed bytes, name and place), the touched and
//! new ones are deflated.
//!
//! ```no_run
//! use aftersales::package::{CellFormat, NewColumn, Package};
//! # fn main() -> Result<(), aftersales::package::PackageError> {
//! let mut package = Package::open("cases.xlsx".as_ref())?;
//! let style = package.append_cell_format(&CellFormat { bold: true, ..Default::default() })?;
//! let part = package.sheets()[0].part.clone();
//! let columns = [NewColumn { column: 30, width: Some(12.0) }];
//! package.patch_sheet(&part, &columns, |row, cells| cells.number(30, row as f64, Some(style)))?;
//! package.save("cases annotated.xlsx".as_ref())?;
//! # Ok(()) }
//! ```

mod error;
mod graft;
mod notes;
mod pivot;
mod sheet;
mod styles;
mod xml;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

#[cfg(test)]
pub(crate) use error::message_samples;
pub use error::PackageError;
pub use notes::SheetNotes;
pub use pivot::{CacheField, Captions, PivotCache, PivotTable, SharedItems, Subtotal};
pub use sheet::{
    CellValue, NewColumn, PatchStats, RowAppender, SheetEdits, SheetTail, TailContext,
};
pub use styles::CellFormat;
pub use xml::{cell_name, escape, push_cell_name};

use crate::i18n::{Describe, Message};
use error::reason;
use graft::{parse_rels, Rel};
use sheet::SheetError;
use styles::Styles;
use xml::{
    append_children, attribute, find_element_end, namespace_prefix, prefixed_attribute,
    relative_target, rels_part_of, root_prefix,
};

/// Parts read whole into memory (workbook, relationships, content types, styles) may not be
/// larger than this.
const MAX_SMALL_PART: u64 = 64 << 20;

const CONTENT_TYPES: &str = "[Content_Types].xml";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";
const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What kind of sheet a workbook lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Worksheet,
    Chartsheet,
    /// Dialog and macro sheets, and anything else.
    Other,
}

/// A sheet as the workbook lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Its name as shown on the tab.
    pub name: String,
    /// The part that holds it, such as `xl/worksheets/sheet1.xml` (no leading slash).
    pub part: String,
    pub kind: SheetKind,
    /// `sheetId` in the workbook part.
    pub sheet_id: u32,
}

/// A part's new content.
enum Content {
    Bytes(Vec<u8>),
    /// A patched sheet, spooled to an anonymous temporary file.
    /// A patched sheet, deflated as it was written (on the patching thread) into a
    /// temporary zip of one entry, copied from there into the package without inflating.
    Zipped(File),
}

/// An opened workbook package and the changes made to it so far.
pub struct Package {
    file: PathBuf,
    archive: ZipArchive<BufReader<File>>,
    /// Entry names in the zip's order; `index` finds one by its lower-cased name.
    names: Vec<String>,
    index: HashMap<String, usize>,
    workbook_part: String,
    sheets: Vec<Sheet>,
    /// Changed existing parts and added parts, by name.
    changed: HashMap<String, Content>,
    /// Added parts, in the order they were added.
    added: Vec<String>,
    /// Entries of the zip (by index in `names`) removed with a sheet: not written.
    removed: HashSet<usize>,
    styles_part: Option<String>,
    styles: Option<Styles>,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("file", &self.file)
            .field("sheets", &self.sheets)
            .field("added", &self.added)
            .finish_non_exhaustive()
    }
}

impl Package {
    /// Opens the workbook at `path` and reads which sheets it has. Nothing is written.
    pub fn open(path: &Path) -> Result<Package, PackageError> {
        let file_name = path.to_path_buf();
        let read_error = |source| PackageError::Read {
            file: file_name.clone(),
            source,
        };
        let mut file = File::open(path).map_err(read_error)?;
        let mut signature = [0u8; 8];
        let got = read_up_to(&mut file, &mut signature).map_err(read_error)?;
        if got == 8 && signature == CFB_SIGNATURE {
            return Err(compound_file_error(path, &mut file));
        }
        file.seek(SeekFrom::Start(0)).map_err(read_error)?;
        let archive = ZipArchive::new(BufReader::new(file)).map_err(|e| match e {
            zip::result::ZipError::Io(source) => PackageError::Read {
                file: path.to_path_buf(),
                source,
            },
            _ => PackageError::NotXlsx {
                file: path.to_path_buf(),
                what: Message::new("package-what_not_zip"),
            },
        })?;
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.name_for_index(i).unwrap_or_default().to_string())
            .collect();
        let mut index = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            index.entry(name.to_lowercase()).or_insert(i);
        }
        let mut package = Package {
            file: path.to_path_buf(),
            archive,
            names,
            index,
            workbook_part: String::new(),
            sheets: Vec::new(),
            changed: HashMap::new(),
            added: Vec::new(),
            removed: HashSet::new(),
            styles_part: None,
            styles: None,
        };
        package.check_entries()?;
        package.read_structure()?;
        Ok(package)
    }

    /// The workbook file this package was opened from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The sheets in the workbook's order, added ones included.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// The sheet named `name` (Excel compares sheet names without regard to case).
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        let lower = name.to_lowercase();
        self.sheets.iter().find(|s| s.name.to_lowercase() == lower)
    }

    /// The workbook part, such as `xl/workbook.xml`.
    pub fn workbook_part(&self) -> &str {
        &self.workbook_part
    }

    /// The names of the package's parts: the zip's entries in order, then the added ones.
    pub fn part_names(&self) -> Vec<String> {
        let mut names: Vec<String> = (self.names.iter().enumerate())
            .filter(|(i, _)| !self.removed.contains(i))
            .map(|(_, n)| n.clone())
            .collect();
        names.extend(self.added.iter().cloned());
        names
    }

    /// Whether the package has a part of this name (case-insensitively, as OPC compares).
    pub fn has_part(&self, part: &str) -> bool {
        self.index.contains_key(&part.to_lowercase())
            || self.added.iter().any(|a| a.eq_ignore_ascii_case(part))
    }

    /// A part's current content, read whole (for the small parts: up to 64 MiB).
    pub fn read_part(&mut self, part: &str) -> Result<Vec<u8>, PackageError> {
        let name = self.existing_name(part)?;
        match self.changed.get_mut(&name) {
            Some(Content::Bytes(bytes)) => Ok(bytes.clone()),
            Some(Content::Zipped(file)) => {
                let mut bytes = Vec::new();
                let read = zipped_entry(file).and_then(|mut archive| {
                    let entry = archive.by_index(0).map_err(zip_io_error)?;
                    entry.take(MAX_SMALL_PART + 1).read_to_end(&mut bytes)
                });
                read.map_err(|source| PackageError::Read {
                    file: self.file.clone(),
                    source,
                })?;
                Ok(bytes)
            }
            None => self.read_entry(&name),
        }
    }

    /// Streams the worksheet `part` through, calling `on_row` with each row's number
    /// (0-based, like calamine: 0 is Excel's row 1) and an appender for the cells to add to
    /// it. `columns` lists every column cells will be added to, with its width; the sheet's
    /// `<dimension>` is widened to them and `<col>` widths are written for them.
    ///
    /// The team's XML passes through event by event: every `<c>` element, formula, attribute
    /// and text keeps its bytes. Added cells go in column order among the row's cells; a cell
    /// where the row already has one is an error, not an overwrite. Rows the part does not
    /// have get nothing (the callback is only called for rows present in the XML).
    pub fn patch_sheet(
        &mut self,
        part: &str,
        columns: &[NewColumn],
        on_row: impl FnMut(u32, &mut RowAppender),
    ) -> Result<PatchStats, PackageError> {
        let edits = SheetEdits {
            columns: columns.to_vec(),
            ..SheetEdits::default()
        };
        self.edit_sheet(part, &edits, on_row, None)
    }

    /// [`Package::patch_sheet`] with more changes: an earlier run's cells and rules dropped,
    /// and elements added after the rows (`tail` is called once the rows are through, with
    /// what they told, and its pieces go where the schema puts them).
    pub fn edit_sheet(
        &mut self,
        part: &str,
        edits: &SheetEdits,
        mut on_row: impl FnMut(u32, &mut RowAppender),
        mut tail: Option<&mut dyn FnMut(&TailContext) -> SheetTail>,
    ) -> Result<PatchStats, PackageError> {
        let name = self.existing_name(part)?;
        if !self
            .sheets
            .iter()
            .any(|s| s.kind == SheetKind::Worksheet && s.part.eq_ignore_ascii_case(&name))
        {
            return Err(PackageError::NotAWorksheet {
                file: self.file.clone(),
                part: name,
            });
        }
        let temp_error = |source: std::io::Error| PackageError::Write {
            target: std::env::temp_dir(),
            reason: Message::io(&source),
        };
        let (modified, size) = self.entry_time_and_size(&name);
        let mut zip =
            PartWriter::with_time(modified, size.saturating_mul(2)).map_err(temp_error)?;
        let result = match self.changed.get_mut(&name) {
            Some(Content::Bytes(bytes)) => {
                sheet::patch(bytes.as_slice(), &mut zip, edits, &mut on_row, tail.take())
            }
            Some(Content::Zipped(file)) => match zipped_entry(file) {
                Ok(mut archive) => match archive.by_index(0) {
                    Ok(entry) => {
                        let input = BufReader::with_capacity(1 << 16, entry);
                        sheet::patch(input, &mut zip, edits, &mut on_row, tail.take())
                    }
                    Err(e) => Err(SheetError::Xml(reason::zip(&e))),
                },
                Err(e) => Err(SheetError::Io(e)),
            },
            None => {
                let i = self.index[&name.to_lowercase()];
                match self.archive.by_index(i) {
                    Ok(entry) => sheet::patch(
                        BufReader::with_capacity(1 << 16, entry),
                        &mut zip,
                        edits,
                        &mut on_row,
                        tail.take(),
                    ),
                    Err(e) => Err(SheetError::Xml(reason::zip(&e))),
                }
            }
        };
        let stats = result.map_err(|e| self.sheet_error(&name, e))?;
        let spool = zip.finish().map_err(temp_error)?;
        self.changed.insert(name, Content::Zipped(spool));
        Ok(stats)
    }

    /// Appends a cell format to the stylesheet and returns its style index (the `s` of a
    /// cell). The team's formats keep their numbers; asking twice for the same format gives
    /// the same index. A workbook without a stylesheet gets a minimal one.
    pub fn append_cell_format(&mut self, format: &CellFormat) -> Result<u32, PackageError> {
        let file = self.file.clone();
        self.styles_mut()?
            .add(format)
            .map_err(|reason| PackageError::Format { file, reason })
    }

    /// Appends a differential format (the look a conditional-format rule gives) with `body`
    /// as its children — `{p}` in it stands for the stylesheet's namespace prefix — and
    /// returns its `dxfId`. The team's keep their numbers.
    pub fn append_dxf(&mut self, body: &str) -> Result<u32, PackageError> {
        let file = self.file.clone();
        self.styles_mut()?
            .add_dxf(body)
            .map_err(|reason| PackageError::Format { file, reason })
    }

    /// The last column (0-based) of a worksheet's `<dimension>`, read from the part's start;
    /// `None` when the part has none before its rows.
    pub fn dimension_last_column(&mut self, part: &str) -> Result<Option<u32>, PackageError> {
        let name = self.existing_name(part)?;
        let found = match self.changed.get(&name) {
            Some(_) => {
                let bytes = self.read_part(&name)?;
                sheet_dimension(bytes.as_slice())
            }
            None => {
                let i = self.index[&name.to_lowercase()];
                match self.archive.by_index(i) {
                    Ok(entry) => sheet_dimension(BufReader::new(entry)),
                    Err(e) => Err(reason::zip(&e)),
                }
            }
        };
        let reference = found.map_err(|detail| self.bad_part(&name, detail))?;
        Ok(reference.and_then(|r| {
            let end = r.rsplit(':').next().unwrap_or(&r).to_string();
            xml::parse_cell(&end).map(|(_, c)| c)
        }))
    }

    /// Whether the workbook counts dates from 1904 (`<workbookPr date1904="1"/>`).
    pub fn date1904(&mut self) -> Result<bool, PackageError> {
        let workbook = self.workbook_part.clone();
        let xml = self.read_part(&workbook)?;
        let mut reader = Reader::from_reader(xml.as_slice());
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "workbookPr" =>
                {
                    let value = attribute(&e, "date1904").unwrap_or_default();
                    return Ok(matches!(value.trim(), "1" | "true"));
                }
                Ok(Event::Eof) => return Ok(false),
                Ok(_) => {}
                Err(e) => return Err(self.bad_part(&workbook, reason::xml(&e))),
            }
        }
    }

    /// Marks the workbook "read-only recommended" (Excel offers to open it read-only), or
    /// removes that mark; a workbook with its own file-sharing settings (a password to
    /// modify) keeps them as they are.
    pub fn set_read_only_recommended(&mut self, on: bool) -> Result<(), PackageError> {
        let workbook = self.workbook_part.clone();
        let xml = self.read_part(&workbook)?;
        let p = root_prefix(&xml);
        let ours = format!("<{p}fileSharing readOnlyRecommended=\"1\"/>");
        let text = String::from_utf8_lossy(&xml).into_owned();
        let has_ours = text.contains(&ours);
        let has_any = find_element_end(&xml, "fileSharing")
            .map_err(|d| self.bad_part(&workbook, d))?
            .is_some();
        let changed = match (on, has_ours, has_any) {
            (false, true, _) => text.replacen(&ours, "", 1),
            (true, false, false) => {
                // After <fileVersion> when there is one, else first in the workbook.
                let at = match find_element_end(&xml, "fileVersion")
                    .map_err(|d| self.bad_part(&workbook, d))?
                {
                    Some((_, end, _)) => end,
                    None => root_start_end(&xml).ok_or_else(|| {
                        self.bad_part(&workbook, Message::new("package-no_root_element"))
                    })?,
                };
                format!("{}{ours}{}", &text[..at], &text[at..])
            }
            _ => return Ok(()),
        };
        self.changed
            .insert(workbook, Content::Bytes(changed.into_bytes()));
        Ok(())
    }

    /// The stylesheet with what was appended to it, read on first use (a minimal one for a
    /// workbook without).
    fn styles_mut(&mut self) -> Result<&mut Styles, PackageError> {
        let styles = match self.styles.take() {
            Some(styles) => styles,
            None => {
                let bytes = match &self.styles_part {
                    Some(part) => {
                        let part = part.clone();
                        self.read_part(&part)?
                    }
                    None => styles::MINIMAL.as_bytes().to_vec(),
                };
                Styles::read(bytes).map_err(|detail| PackageError::BadPart {
                    file: self.file.clone(),
                    part: self.styles_part.clone().unwrap_or("xl/styles.xml".into()),
                    detail,
                })?
            }
        };
        Ok(self.styles.insert(styles))
    }

    /// Replaces the content of an existing part.
    pub fn replace_part(&mut self, part: &str, bytes: Vec<u8>) -> Result<(), PackageError> {
        let name = self.existing_name(part)?;
        if self.styles_part.as_deref() == Some(name.as_str()) {
            // Formats appended so far were appended to the old content.
            self.styles = None;
        }
        self.changed.insert(name, Content::Bytes(bytes));
        Ok(())
    }

    /// Adds a new part (`xl/media/image9.png`, no leading slash) with its content type, which
    /// is recorded in `[Content_Types].xml`. Relationships to it are the caller's, through
    /// [`Package::add_relationship`].
    pub fn add_part(
        &mut self,
        part: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), PackageError> {
        self.add_part_content(part, Content::Bytes(bytes), content_type)
    }

    fn add_part_content(
        &mut self,
        part: &str,
        content: Content,
        content_type: &str,
    ) -> Result<(), PackageError> {
        let part = part.trim_start_matches('/').to_string();
        if part.is_empty() || self.has_part(&part) || part.ends_with('/') {
            return Err(PackageError::PartExists {
                file: self.file.clone(),
                part,
            });
        }
        let entry = format!(
            "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
            escape(&part),
            escape(content_type)
        );
        self.append_to(CONTENT_TYPES, "Types", &entry)?;
        self.changed.insert(part.clone(), content);
        self.added.push(part);
        Ok(())
    }

    /// Adds a relationship of `kind` (its full type URI) from `source_part` to `target_part`
    /// and returns its id (`rId…`), unique in the source's relationships part.
    pub fn add_relationship(
        &mut self,
        source_part: &str,
        kind: &str,
        target_part: &str,
    ) -> Result<String, PackageError> {
        let rels = rels_part_of(source_part);
        if !self.has_part(&rels) {
            let empty = concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>"
            );
            self.add_part(
                &rels,
                empty.as_bytes().to_vec(),
                "application/vnd.openxmlformats-package.relationships+xml",
            )?;
        }
        let xml = self.read_part(&rels)?;
        let used = relationship_ids(&xml);
        let id = (1..)
            .map(|n| format!("rId{n}"))
            .find(|id| !used.contains(id))
            .unwrap_or_default();
        let entry = format!(
            "<Relationship Id=\"{id}\" Type=\"{}\" Target=\"{}\"/>",
            escape(kind),
            escape(&relative_target(source_part, target_part))
        );
        self.append_to(&rels, "Relationships", &entry)?;
        Ok(id)
    }

    /// Adds a worksheet named `name` after the last sheet, with `part_xml` as its content (a
    /// complete worksheet part; its styles must be this package's, its strings inline). Returns
    /// the new sheet's part.
    pub fn add_sheet(&mut self, name: &str, part_xml: Vec<u8>) -> Result<Sheet, PackageError> {
        self.add_sheet_content(name, Content::Bytes(part_xml))
    }

    /// [`Package::add_sheet`] for a sheet written with a [`PartWriter`] (`part` is what
    /// [`PartWriter::finish`] gave).
    pub fn add_zipped_sheet(&mut self, name: &str, part: File) -> Result<Sheet, PackageError> {
        self.add_sheet_content(name, Content::Zipped(part))
    }

    /// Adds a defined name (`_xlnm.Print_Titles`, `_xlnm._FilterDatabase`, …) that belongs
    /// to the sheet at `sheet_index` (0-based, in the workbook's order).
    pub fn add_defined_name(
        &mut self,
        name: &str,
        sheet_index: usize,
        value: &str,
        hidden: bool,
    ) -> Result<(), PackageError> {
        let workbook = self.workbook_part.clone();
        let p = root_prefix(&self.read_part(&workbook)?);
        let hidden = if hidden { " hidden=\"1\"" } else { "" };
        self.append_defined_names(&format!(
            "<{p}definedName name=\"{}\" localSheetId=\"{sheet_index}\"{hidden}>{}</{p}definedName>",
            escape(name),
            escape(value)
        ))
    }

    fn add_sheet_content(&mut self, name: &str, content: Content) -> Result<Sheet, PackageError> {
        self.check_sheet_name(name)?;
        let workbook = self.workbook_part.clone();
        let folder = match workbook.rfind('/') {
            Some(i) => &workbook[..=i],
            None => "",
        };
        let part = (1..)
            .map(|n| format!("{folder}worksheets/sheet{n}.xml"))
            .find(|p| !self.has_part(p))
            .unwrap_or_default();
        self.add_part_content(&part, content, CT_WORKSHEET)?;
        let rid = self.add_relationship(&workbook, REL_WORKSHEET, &part)?;
        let sheet_id = self.sheets.iter().map(|s| s.sheet_id).max().unwrap_or(0) + 1;
        let xml = self.read_part(&workbook)?;
        let p = root_prefix(&xml);
        let element = match namespace_prefix(&xml, REL_NS) {
            Some(r) if !r.is_empty() => format!(
                "<{p}sheet name=\"{}\" sheetId=\"{sheet_id}\" {r}id=\"{rid}\"/>",
                escape(name)
            ),
            _ => format!(
                "<{p}sheet xmlns:r=\"{REL_NS}\" name=\"{}\" sheetId=\"{sheet_id}\" r:id=\"{rid}\"/>",
                escape(name)
            ),
        };
        self.append_to(&workbook, "sheets", &element)?;
        let sheet = Sheet {
            name: name.to_string(),
            part,
            kind: SheetKind::Worksheet,
            sheet_id,
        };
        self.sheets.push(sheet.clone());
        Ok(sheet)
    }

    /// Writes the package to `target` through a temporary file in its folder and a rename,
    /// so the target is never left half-written. Untouched parts are copied raw, in their
    /// order; changed parts keep their place; added parts follow. The package can be changed
    /// further and saved again.
    pub fn save(&mut self, target: &Path) -> Result<(), PackageError> {
        let mut failed = None;
        let written = crate::output::write_atomically(target, |file| {
            self.write_to(file, target).map_err(|e| {
                let message = e.message();
                failed = Some(e);
                message
            })
        });
        match (written, failed) {
            (_, Some(e)) => Err(e),
            (Err(crate::output::OutputError::Write { reason, .. }), None) => {
                Err(PackageError::Write {
                    target: target.to_path_buf(),
                    reason,
                })
            }
            (Err(e), None) => Err(PackageError::Write {
                target: target.to_path_buf(),
                reason: e.message(),
            }),
            (Ok(()), None) => Ok(()),
        }
    }

    /// Writes the package as a zip to `file` (`target` names it in errors); for a caller
    /// that makes the file itself. [`Package::save`] is this through a temporary file.
    pub fn write_to(&mut self, file: &mut File, target: &Path) -> Result<(), PackageError> {
        self.render_styles()?;
        self.write_zip(file, target)
    }

    // ----- saving -----

    /// Writes the whole package as a zip to `file`: the entries in the zip's order (changed
    /// ones deflated, the others copied raw), then the added parts.
    fn write_zip(&mut self, file: &mut File, target: &Path) -> Result<(), PackageError> {
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
        let comment = self.archive.comment().to_vec();
        if !comment.is_empty() {
            zip.set_raw_comment(comment.into_boxed_slice());
        }
        for i in 0..self.names.len() {
            if self.removed.contains(&i) {
                continue;
            }
            self.write_existing_entry(&mut zip, i, target)?;
        }
        for name in self.added.clone() {
            if let Some(content) = self.changed.get_mut(&name) {
                write_entry(&mut zip, &name, content, zip::DateTime::default())
                    .map_err(|e| zip_write_error(target, e))?;
            }
        }
        let mut out = zip.finish().map_err(|e| zip_write_error(target, e))?;
        out.flush().map_err(|source| PackageError::Write {
            target: target.to_path_buf(),
            reason: Message::io(&source),
        })
    }

    /// An existing entry's modification time and uncompressed size (an added part's: the
    /// zip's default time, 0).
    fn entry_time_and_size(&mut self, name: &str) -> (zip::DateTime, u64) {
        self.index
            .get(&name.to_lowercase())
            .copied()
            .and_then(|i| self.archive.by_index_raw(i).ok())
            .map(|e| (e.last_modified().unwrap_or_default(), e.size()))
            .unwrap_or_default()
    }

    /// Writes the zip's entry `i`: its new content, deflated, if it changed (keeping its
    /// modification time), else its compressed bytes as they are.
    fn write_existing_entry<W: Write + Seek>(
        &mut self,
        zip: &mut ZipWriter<W>,
        i: usize,
        target: &Path,
    ) -> Result<(), PackageError> {
        let name = self.names[i].clone();
        if self.changed.contains_key(&name) {
            let (modified, _) = self.entry_time_and_size(&name);
            let content = self
                .changed
                .get_mut(&name)
                .unwrap_or_else(|| unreachable!());
            write_entry(zip, &name, content, modified).map_err(|e| zip_write_error(target, e))
        } else {
            let file = self.file.clone();
            let entry = self
                .archive
                .by_index_raw(i)
                .map_err(|e| PackageError::BadPart {
                    file,
                    part: name.clone(),
                    detail: reason::zip(&e),
                })?;
            zip.raw_copy_file(entry)
                .map_err(|e| zip_write_error(target, e))
        }
    }

    // ----- reading -----

    /// Refuses encrypted entries and a zip that is not an OOXML package.
    fn check_entries(&mut self) -> Result<(), PackageError> {
        for i in 0..self.names.len() {
            let entry = self
                .archive
                .by_index_raw(i)
                .map_err(|e| PackageError::Damaged {
                    file: self.file.clone(),
                    detail: reason::zip(&e),
                })?;
            if entry.encrypted() {
                return Err(PackageError::Encrypted {
                    file: self.file.clone(),
                });
            }
        }
        if !self.index.contains_key(&CONTENT_TYPES.to_lowercase()) {
            let what =
                if self.index.contains_key("mimetype") || self.index.contains_key("content.xml") {
                    "package-what_ods"
                } else {
                    "package-what_other_zip"
                };
            return Err(PackageError::NotXlsx {
                file: self.file.clone(),
                what: Message::new(what),
            });
        }
        Ok(())
    }

    /// Finds the workbook part, its sheets and its stylesheet.
    fn read_structure(&mut self) -> Result<(), PackageError> {
        self.workbook_part = self.find_workbook_part()?;
        let workbook = self.workbook_part.clone();
        let rels_part = rels_part_of(&workbook);
        let rels_xml = self.read_part(&rels_part)?;
        let relationships = self.relationships(&rels_part, &workbook, &rels_xml)?;
        self.styles_part = relationships
            .iter()
            .find(|r| r.kind.ends_with("/styles"))
            .and_then(|r| self.existing_name(&r.target).ok());
        self.read_sheets(&workbook, &relationships)
    }

    /// The workbook part, as the package relationships name it (refusing an .xlsb).
    fn find_workbook_part(&mut self) -> Result<String, PackageError> {
        let root_rels = self.read_part("_rels/.rels")?;
        let relationships = self.relationships("_rels/.rels", "", &root_rels)?;
        let workbook = relationships
            .iter()
            .find(|r| r.kind.ends_with(REL_OFFICE_DOCUMENT))
            .map(|r| r.target.clone())
            .ok_or_else(|| PackageError::Damaged {
                file: self.file.clone(),
                detail: Message::new("package-no_workbook_part").arg("part", "_rels/.rels"),
            })?;
        if workbook.to_lowercase().ends_with(".bin") {
            return Err(PackageError::NotXlsx {
                file: self.file.clone(),
                what: Message::new("package-what_xlsb"),
            });
        }
        self.existing_name(&workbook)
    }

    /// Reads the `<sheet>` elements of the workbook part into `sheets`.
    fn read_sheets(&mut self, workbook: &str, relationships: &[Rel]) -> Result<(), PackageError> {
        let xml = self.read_part(workbook)?;
        let mut reader = Reader::from_reader(xml.as_slice());
        loop {
            let event = reader
                .read_event()
                .map_err(|e| self.bad_part(workbook, reason::xml(&e)))?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                    let sheet = self.sheet_of(&e, workbook, relationships)?;
                    self.sheets.push(sheet);
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The sheet a workbook's `<sheet>` element lists, its part found through the workbook's
    /// relationships.
    fn sheet_of(
        &self,
        e: &BytesStart,
        workbook: &str,
        relationships: &[Rel],
    ) -> Result<Sheet, PackageError> {
        let name = attribute(e, "name").unwrap_or_default();
        let sheet_id = attribute(e, "sheetId")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let rid = prefixed_attribute(e, "id").unwrap_or_default();
        let Some(rel) = relationships.iter().find(|r| r.id == rid) else {
            return Err(self.bad_part(workbook, reason::sheet_without_part(&name, &rid)));
        };
        Ok(Sheet {
            name,
            part: self.existing_name(&rel.target)?,
            kind: sheet_kind(&rel.kind),
            sheet_id,
        })
    }

    /// The relationships in a `.rels` part, external ones left out; targets resolved
    /// against `source_part`.
    fn relationships(
        &self,
        rels_part: &str,
        source_part: &str,
        xml: &[u8],
    ) -> Result<Vec<Rel>, PackageError> {
        let rels = parse_rels(xml, source_part).map_err(|d| self.bad_part(rels_part, d))?;
        Ok(rels.into_iter().filter(|r| !r.external).collect())
    }

    /// The stored name of an existing or added part, found case-insensitively.
    fn existing_name(&self, part: &str) -> Result<String, PackageError> {
        let part = part.trim_start_matches('/');
        if let Some(&i) = self.index.get(&part.to_lowercase()) {
            return Ok(self.names[i].clone());
        }
        if let Some(added) = self.added.iter().find(|a| a.eq_ignore_ascii_case(part)) {
            return Ok(added.clone());
        }
        Err(PackageError::MissingPart {
            file: self.file.clone(),
            part: part.to_string(),
        })
    }

    /// An entry of the zip, decompressed, up to `MAX_SMALL_PART`.
    fn read_entry(&mut self, name: &str) -> Result<Vec<u8>, PackageError> {
        let i = self.index[&name.to_lowercase()];
        let mut bytes = Vec::new();
        let read = match self.archive.by_index(i) {
            Ok(entry) => entry
                .take(MAX_SMALL_PART + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Message::io(&e)),
            Err(e) => Err(reason::zip(&e)),
        };
        read.map_err(|detail| self.bad_part(name, detail))?;
        if bytes.len() as u64 > MAX_SMALL_PART {
            return Err(PackageError::PartTooLarge {
                file: self.file.clone(),
                part: name.to_string(),
                limit_mib: MAX_SMALL_PART >> 20,
            });
        }
        Ok(bytes)
    }

    // ----- changing -----

    /// Appends `content` inside the first element named `local` of a small part.
    fn append_to(&mut self, part: &str, local: &str, content: &str) -> Result<(), PackageError> {
        let name = self.existing_name(part)?;
        let xml = self.read_part(&name)?;
        let out = append_children(&xml, local, content)
            .map_err(|detail| self.bad_part(&name, detail))?
            .ok_or_else(|| {
                self.bad_part(
                    &name,
                    Message::new("package-no_element").arg("element", local),
                )
            })?;
        self.changed.insert(name, Content::Bytes(out));
        Ok(())
    }

    fn check_sheet_name(&self, name: &str) -> Result<(), PackageError> {
        let reason = if name.trim().is_empty() {
            Some(Message::new("package-sheet_name_empty"))
        } else if name.chars().count() > 31 {
            Some(Message::new("package-sheet_name_too_long").arg("limit", 31))
        } else if let Some(c) = name
            .chars()
            .find(|c| "[]:*?/\\".contains(*c) || c.is_control())
        {
            Some(Message::new("package-sheet_name_character").arg("character", c))
        } else if name.starts_with('\'') || name.ends_with('\'') {
            Some(Message::new("package-sheet_name_apostrophe"))
        } else if name.eq_ignore_ascii_case("history") {
            Some(Message::new("package-sheet_name_reserved").arg("reserved", "History"))
        } else if self.sheet(name).is_some() {
            Some(Message::new("package-sheet_name_taken"))
        } else {
            None
        };
        match reason {
            Some(reason) => Err(PackageError::SheetName {
                file: self.file.clone(),
                name: name.to_string(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Puts the appended formats into the stylesheet part (adding one if there is none).
    fn render_styles(&mut self) -> Result<(), PackageError> {
        let Some(styles) = self.styles.as_ref() else {
            return Ok(());
        };
        if !styles.changed() {
            return Ok(());
        }
        let part = self
            .styles_part
            .clone()
            .unwrap_or_else(|| "xl/styles.xml".to_string());
        let bytes = styles
            .render()
            .map_err(|detail| self.bad_part(&part, detail))?;
        if self.styles_part.is_none() {
            let workbook = self.workbook_part.clone();
            let folder = match workbook.rfind('/') {
                Some(i) => &workbook[..=i],
                None => "",
            };
            let part = format!("{folder}styles.xml");
            self.add_part(&part, bytes, CT_STYLES)?;
            self.add_relationship(&workbook, REL_STYLES, &part)?;
            self.styles_part = Some(part);
        } else {
            self.changed.insert(part, Content::Bytes(bytes));
        }
        // Rendered: later formats are appended to the rendered stylesheet.
        let rendered = self.read_part(&self.styles_part.clone().unwrap_or_default())?;
        self.styles = Styles::read(rendered).ok();
        Ok(())
    }

    // ----- errors -----

    fn bad_part(&self, part: &str, detail: Message) -> PackageError {
        PackageError::BadPart {
            file: self.file.clone(),
            part: part.to_string(),
            detail,
        }
    }

    fn sheet_error(&self, part: &str, e: SheetError) -> PackageError {
        match e {
            SheetError::Xml(detail) => self.bad_part(part, detail),
            SheetError::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                self.bad_part(part, Message::io(&e))
            }
            SheetError::Io(source) => PackageError::Read {
                file: self.file.clone(),
                source,
            },
            SheetError::Cell { cell, reason } => PackageError::Cell {
                file: self.file.clone(),
                part: part.to_string(),
                cell,
                reason,
            },
        }
    }
}

/// The `ref` of a worksheet's `<dimension>`, read until its rows start.
fn sheet_dimension<R: std::io::BufRead>(input: R) -> Result<Option<String>, Message> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| reason::xml(&e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "dimension" => return Ok(attribute(&e, "ref")),
                "sheetData" => return Ok(None),
                _ => {}
            },
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// Where the root element's start tag ends.
fn root_start_end(xml: &[u8]) -> Option<usize> {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => return Some(reader.buffer_position() as usize),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// What kind of sheet a workbook relationship of this type points to.
fn sheet_kind(relationship_type: &str) -> SheetKind {
    if relationship_type.ends_with("/worksheet") {
        SheetKind::Worksheet
    } else if relationship_type.ends_with("/chartsheet") {
        SheetKind::Chartsheet
    } else {
        SheetKind::Other
    }
}

/// The `Id`s used in a relationships part.
fn relationship_ids(xml: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_reader(xml);
    let mut ids = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if let Some(id) = attribute(&e, "Id") {
                    ids.push(id);
                }
            }
            Ok(Event::Eof) | Err(_) => return ids,
            _ => {}
        }
    }
}

/// Writes a changed or added part, deflated.
fn write_entry<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    content: &mut Content,
    modified: zip::DateTime,
) -> zip::result::ZipResult<()> {
    match content {
        Content::Bytes(b) => {
            zip.start_file(name, entry_options(modified, b.len() as u64))?;
            zip.write_all(b)?;
        }
        Content::Zipped(f) => {
            let mut archive = zipped_entry(f)?;
            let entry = archive.by_index_raw(0)?;
            zip.raw_copy_file_rename(entry, name)?;
        }
    }
    Ok(())
}

/// How a written entry is stored: deflated at level 2 (zlib's fast strategy; on a
/// 1,048,575-row backlog workbook 9 % larger than level 3 and 4 s faster, see README), with
/// its modification time; Zip64 only for one that may grow past 4 GiB.
fn entry_options(modified: zip::DateTime, size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .last_modified_time(modified)
        .large_file(size >= u32::MAX as u64)
}

/// A part written as a stream and deflated as it goes, into a temporary zip of one entry
/// (so the deflating happens on the thread that writes, and saving copies it raw). Made by
/// [`Package::edit_sheet`], or by the caller for a sheet it adds with
/// [`Package::add_zipped_sheet`].
pub struct PartWriter {
    /// Buffered: the XML comes in small pieces, and each write to the deflater costs.
    zip: BufWriter<ZipWriter<BufWriter<File>>>,
}

impl PartWriter {
    /// A new part; `size_hint` is how large it may grow (over 4 GiB needs Zip64).
    pub fn new(size_hint: u64) -> std::io::Result<PartWriter> {
        PartWriter::with_time(zip::DateTime::default(), size_hint)
    }

    /// A part that keeps an existing entry's modification time.
    fn with_time(modified: zip::DateTime, size_hint: u64) -> std::io::Result<PartWriter> {
        let spool = tempfile::tempfile()?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, spool));
        zip.start_file("part", entry_options(modified, size_hint))
            .map_err(zip_io_error)?;
        Ok(PartWriter {
            zip: BufWriter::with_capacity(1 << 16, zip),
        })
    }

    /// The temporary zip, complete.
    pub fn finish(self) -> std::io::Result<File> {
        self.zip
            .into_inner()
            .map_err(|e| e.into_error())?
            .finish()
            .map_err(zip_io_error)?
            .into_inner()
            .map_err(|e| e.into_error())
    }
}

impl Write for PartWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.zip.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.zip.flush()
    }
}

/// The one-entry zip a patched sheet was written to.
fn zipped_entry(file: &mut File) -> std::io::Result<ZipArchive<BufReader<File>>> {
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(0))?;
    ZipArchive::new(BufReader::new(file)).map_err(zip_io_error)
}

fn zip_io_error(e: zip::result::ZipError) -> std::io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        e => std::io::Error::other(e.to_string()),
    }
}

fn zip_write_error(target: &Path, e: zip::result::ZipError) -> PackageError {
    PackageError::Write {
        target: target.to_path_buf(),
        reason: reason::zip(&e),
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// A compound (OLE) file: an encrypted .xlsx/.xlsm (it holds an `EncryptionInfo` stream),
/// else an old .xls workbook.
fn compound_file_error(path: &Path, file: &mut File) -> PackageError {
    let marker: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut bytes = Vec::new();
    let _ = file.take(16 << 20).read_to_end(&mut bytes);
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        PackageError::Encrypted {
            file: path.to_path_buf(),
        }
    } else {
        PackageError::NotXlsx {
            file: path.to_path_buf(),
            what: Message::new("package-what_xls"),
        }
    }
}

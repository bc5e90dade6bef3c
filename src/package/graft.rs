//! Grafting sheets of another workbook into the package, and removing sheets.
//!
//! The generated sheets (Findings, Summary with its charts, …) are written by rust_xlsxwriter
//! into an in-memory workbook; [`Package::graft_sheets`] copies them, after the team's sheets,
//! with the parts they need (drawings, charts, comments, …, each under the first free name of
//! its kind), their formats appended to the team's stylesheet, their shared strings made
//! inline (the team's string table is not touched) and their sheet-scoped defined names
//! (print titles, filters). [`Package::remove_sheet`] undoes it on the next run: the sheet
//! goes with every part that nothing else uses, so that grafting again picks the same names
//! and ids and the workbook comes out byte for byte as the run before made it.
//!
//! Formats the removed sheets used stay in the stylesheet: the next graft finds them there
//! (a graft appends a record only when no equal one is there) and uses them again.
//!
//! `docProps/app.xml` (the sheet names an Office program shows before opening the workbook)
//! is left as it was: every program reads the sheets from the workbook part.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::escape::{partial_escape, unescape};
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use zip::ZipArchive;

use super::error::reason;
use super::styles::{StyleGraft, Styles, MINIMAL};
use super::xml::{
    append_children, attribute, elements, escape, insert_root_child, prefix_of, prefixed_attribute,
    relative_target, rels_part_of, rename_sheet_references, resolve_target, root_prefix, splice,
    tag_text, with_attribute, with_prefix, Edit, Element,
};
use super::{
    Content, Package, PackageError, Sheet, CONTENT_TYPES, CT_STYLES, MAX_SMALL_PART, REL_STYLES,
};
use crate::i18n::Message;

/// Relationship types whose parts hold workbook-wide names or ids (table names, pivot cache
/// ids) that a copy would have to renumber; a generated sheet with one is refused.
const UNSUPPORTED: [(&str, &str); 3] = [
    ("/table", "package-graft_table"),
    ("/pivotTable", "package-graft_pivot_table"),
    ("/queryTable", "package-graft_query_table"),
];
const REL_CALC_CHAIN: &str = "/calcChain";

/// The workbook's children that come after `<definedNames>` in the schema's order.
const AFTER_DEFINED_NAMES: [&str; 10] = [
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// Elements whose text is a formula or a reference that may name a sheet.
const FORMULA_ELEMENTS: [&str; 4] = ["f", "formula", "formula1", "formula2"];

/// The generated workbook, read whole into memory (it is small).
struct Source {
    /// Parts by lower-cased name: (name, bytes).
    parts: HashMap<String, (String, Vec<u8>)>,
    /// `[Content_Types].xml`: extension → type, part → type (both keys lower-cased).
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
    workbook_part: String,
    /// Its sheets in order: (name, part, whether it is a worksheet).
    sheets: Vec<(String, String, bool)>,
    styles: Option<Vec<u8>>,
    /// The content of each `<si>` of its shared strings, and the prefix they are written with.
    strings: Vec<String>,
    strings_prefix: String,
}

/// One relationship of a `.rels` part.
pub(super) struct Rel {
    element: Element,
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
    pub(super) external: bool,
}

impl Source {
    /// Reads the workbook `bytes`; `Err` says what is wrong, naming the part.
    fn read(bytes: &[u8]) -> Result<Source, Message> {
        let mut archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| generated(reason::zip(&e)))?;
        let mut parts = HashMap::new();
        for i in 0..archive.len() {
            let mut entry = archive
                .by_index(i)
                .map_err(|e| generated(reason::zip(&e)))?;
            if entry.is_dir() {
                continue;
            }
            let name = entry.name().to_string();
            let mut content = Vec::new();
            (&mut entry)
                .take(MAX_SMALL_PART)
                .read_to_end(&mut content)
                .map_err(|e| generated_part(&name, Message::io(&e)))?;
            parts.insert(name.to_lowercase(), (name, content));
        }
        let mut source = Source {
            parts,
            defaults: HashMap::new(),
            overrides: HashMap::new(),
            workbook_part: String::new(),
            sheets: Vec::new(),
            styles: None,
            strings: Vec::new(),
            strings_prefix: String::new(),
        };
        source.read_content_types()?;
        source.read_workbook()?;
        Ok(source)
    }

    fn part(&self, name: &str) -> Option<&Vec<u8>> {
        self.parts.get(&name.to_lowercase()).map(|(_, bytes)| bytes)
    }

    fn required(&self, name: &str) -> Result<&Vec<u8>, Message> {
        self.part(name)
            .ok_or_else(|| Message::new("package-graft_no_part").arg("part", name))
    }

    fn read_content_types(&mut self) -> Result<(), Message> {
        let xml = self.required(CONTENT_TYPES)?.clone();
        let bad = |e| generated_part(CONTENT_TYPES, e);
        for e in elements(&xml, "Default").map_err(bad)? {
            if let (Some(ext), Some(ct)) = (e.attribute("Extension"), e.attribute("ContentType")) {
                self.defaults.insert(ext.to_lowercase(), ct);
            }
        }
        for e in elements(&xml, "Override").map_err(bad)? {
            if let (Some(part), Some(ct)) = (e.attribute("PartName"), e.attribute("ContentType")) {
                let part = part.trim_start_matches('/').to_lowercase();
                self.overrides.insert(part, ct);
            }
        }
        Ok(())
    }

    /// Finds the workbook part, its sheets, stylesheet and shared strings.
    fn read_workbook(&mut self) -> Result<(), Message> {
        let root = self.relationships("")?;
        let workbook = root
            .iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target.clone())
            .ok_or_else(|| {
                generated(Message::new("package-no_workbook_part").arg("part", "_rels/.rels"))
            })?;
        let rels = self.relationships(&workbook)?;
        let xml = self.required(&workbook)?.clone();
        for e in elements(&xml, "sheet").map_err(|e| generated_part(&workbook, e))? {
            let name = e.attribute("name").unwrap_or_default();
            let rid = prefixed_attribute(&e.tag, "id").unwrap_or_default();
            let rel = rels.iter().find(|r| r.id == rid).ok_or_else(|| {
                generated_part(&workbook, reason::sheet_without_part(&name, &rid))
            })?;
            let worksheet = rel.kind.ends_with("/worksheet");
            self.sheets.push((name, rel.target.clone(), worksheet));
        }
        let target = |kind: &str| rels.iter().find(|r| r.kind.ends_with(kind));
        self.styles = target("/styles").and_then(|r| self.part(&r.target).cloned());
        if let Some(sst) = target("/sharedStrings") {
            let xml = self.required(&sst.target)?.clone();
            self.strings_prefix = root_prefix(&xml);
            let sis = elements(&xml, "si").map_err(|e| generated_part(&sst.target, e))?;
            self.strings = sis
                .iter()
                .map(|e| String::from_utf8_lossy(&xml[e.inner_start..e.inner_end]).into_owned())
                .collect();
        }
        self.workbook_part = workbook;
        Ok(())
    }

    /// The relationships of `part` (none when it has no relationships part).
    fn relationships(&self, part: &str) -> Result<Vec<Rel>, Message> {
        let rels = rels_part_of(part);
        match self.part(&rels) {
            Some(xml) => parse_rels(xml, part).map_err(|e| generated_part(&rels, e)),
            None => Ok(Vec::new()),
        }
    }

    /// The content type of `part`: its override, else its extension's default.
    fn content_type(&self, part: &str) -> Result<(String, bool), Message> {
        if let Some(ct) = self.overrides.get(&part.to_lowercase()) {
            return Ok((ct.clone(), false));
        }
        self.defaults
            .get(&extension(part).to_lowercase())
            .map(|ct| (ct.clone(), true))
            .ok_or_else(|| Message::new("package-graft_no_content_type").arg("part", part))
    }

    /// Refuses a sheet that uses parts a copy cannot carry yet.
    fn check_supported(&self, sheet: &str, part: &str) -> Result<(), Message> {
        let mut seen = HashSet::new();
        let mut queue = vec![part.to_string()];
        while let Some(part) = queue.pop() {
            if !seen.insert(part.to_lowercase()) {
                continue;
            }
            for rel in self.relationships(&part)? {
                if let Some((_, what)) = UNSUPPORTED.iter().find(|(k, _)| rel.kind.ends_with(k)) {
                    return Err(Message::new("package-graft_unsupported")
                        .arg("sheet", sheet)
                        .with("what", Message::new(what)));
                }
                if !rel.external {
                    queue.push(rel.target);
                }
            }
        }
        Ok(())
    }
}

/// The relationships in the `.rels` part `xml` of `source_part`, targets resolved.
pub(super) fn parse_rels(xml: &[u8], source_part: &str) -> Result<Vec<Rel>, Message> {
    Ok(elements(xml, "Relationship")?
        .into_iter()
        .map(|e| {
            let external = e.attribute("TargetMode").is_some_and(|m| m == "External");
            let target = e.attribute("Target").unwrap_or_default();
            Rel {
                id: e.attribute("Id").unwrap_or_default(),
                kind: e.attribute("Type").unwrap_or_default(),
                target: if external {
                    target
                } else {
                    resolve_target(source_part, &target)
                },
                external,
                element: e,
            }
        })
        .collect())
}

/// What is wrong with the generated workbook (as a whole).
fn generated(reason: Message) -> Message {
    Message::new("package-graft_generated").with("reason", reason)
}

/// What is wrong with the part `part` of the generated workbook.
fn generated_part(part: &str, reason: Message) -> Message {
    Message::new("package-graft_generated_part")
        .arg("part", part)
        .with("reason", reason)
}

/// `xl/charts/chart1.xml` → `xml`.
fn extension(part: &str) -> &str {
    let name = part.rsplit('/').next().unwrap_or(part);
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// What one call of `graft_sheets` carries from sheet to sheet.
struct Graft<'a> {
    source: &'a Source,
    /// Sheets given another name: (source name, new name).
    renames: Vec<(String, String)>,
    /// Source parts already copied → their name here.
    copied: HashMap<String, String>,
    styles: StyleGraft,
    /// See `SheetAdapter::date_shift`.
    date_shift: f64,
}

impl Package {
    /// Appends sheets of the workbook `source` (a complete .xlsx, as rust_xlsxwriter's
    /// `save_to_buffer` makes it) after this workbook's last sheet. Each pair is (the sheet's
    /// name in `source`, its name here); references to a renamed sheet (formulas, chart
    /// series, defined names) are renamed with it. Returns the new sheets.
    ///
    /// Each sheet comes with the parts it relates to, copied under the first free names of
    /// their kind; its formats (cell formats and conditional formats' differential formats)
    /// are appended to this stylesheet unless an equal record is there; its shared strings
    /// become inline strings; its defined names (print titles, filter ranges, print areas)
    /// are added for the new sheet. Sheets with tables or pivot tables are refused.
    ///
    /// On an error the package may hold part of the graft: drop it rather than save it.
    pub fn graft_sheets(
        &mut self,
        source: &[u8],
        sheets: &[(&str, &str)],
    ) -> Result<Vec<Sheet>, PackageError> {
        let source = Source::read(source).map_err(|detail| self.graft_error(detail))?;
        let picked = self.check_graft(&source, sheets)?;
        self.ensure_styles_part()?;
        let source_styles = source.styles.as_deref().unwrap_or(MINIMAL.as_bytes());
        let styles_part = self.styles_part.clone().unwrap_or_default();
        let style_graft = self
            .styles_mut()?
            .start_graft(source_styles)
            .map_err(|detail| self.bad_part(&styles_part, detail))?;
        let mut graft = Graft {
            source: &source,
            renames: sheets
                .iter()
                .filter(|(from, to)| from != to)
                .map(|(from, to)| (from.to_string(), to.to_string()))
                .collect(),
            copied: HashMap::new(),
            styles: style_graft,
            date_shift: self.date_shift(&source)?,
        };
        let mut added = Vec::new();
        for (index, (_, name)) in picked.iter().zip(sheets) {
            added.push(self.graft_sheet(&mut graft, *index, name)?);
        }
        Ok(added)
    }

    /// Days to add to the source's serial dates to mean the same days here (the two
    /// workbooks may count from 1900 or from 1904).
    fn date_shift(&mut self, source: &Source) -> Result<f64, PackageError> {
        let workbook = self.workbook_part.clone();
        let own = self.read_part(&workbook)?;
        let theirs = source
            .required(&source.workbook_part)
            .map_err(|detail| self.graft_error(detail))?;
        let days = |xml: &[u8]| -> Result<f64, Message> {
            let counts_from_1904 = elements(xml, "workbookPr")?
                .first()
                .and_then(|e| e.attribute("date1904"))
                .is_some_and(|v| v == "1" || v == "true");
            Ok(if counts_from_1904 { 1462.0 } else { 0.0 })
        };
        let own = days(&own).map_err(|detail| self.bad_part(&workbook, detail))?;
        let theirs = days(theirs).map_err(|detail| self.graft_error(detail))?;
        Ok(theirs - own)
    }

    /// The index in `source` of each sheet to graft, refusing unknown sheets, names this
    /// workbook has or Excel refuses, and sheets with parts that cannot be copied.
    fn check_graft(
        &self,
        source: &Source,
        sheets: &[(&str, &str)],
    ) -> Result<Vec<usize>, PackageError> {
        let mut picked = Vec::new();
        for (i, (from, to)) in sheets.iter().enumerate() {
            let index = source
                .sheets
                .iter()
                .position(|(name, _, _)| name.to_lowercase() == from.to_lowercase())
                .ok_or_else(|| {
                    self.graft_error(Message::new("package-graft_no_sheet").arg("sheet", from))
                })?;
            if !source.sheets[index].2 {
                return Err(self
                    .graft_error(Message::new("package-graft_not_worksheet").arg("sheet", from)));
            }
            self.check_sheet_name(to)?;
            if sheets[..i]
                .iter()
                .any(|(_, other)| other.to_lowercase() == to.to_lowercase())
            {
                return Err(PackageError::SheetName {
                    file: self.file.clone(),
                    name: to.to_string(),
                    reason: Message::new("package-sheet_name_twice"),
                });
            }
            source
                .check_supported(from, &source.sheets[index].1)
                .map_err(|detail| self.graft_error(detail))?;
            picked.push(index);
        }
        Ok(picked)
    }

    /// A workbook without a stylesheet gets one now, before the grafted parts, so that a
    /// later run that removes and grafts them again finds it in the same place.
    fn ensure_styles_part(&mut self) -> Result<(), PackageError> {
        if self.styles_part.is_some() {
            return Ok(());
        }
        let workbook = self.workbook_part.clone();
        let part = sibling(&workbook, "styles.xml");
        self.add_part(&part, MINIMAL.as_bytes().to_vec(), CT_STYLES)?;
        self.add_relationship(&workbook, REL_STYLES, &part)?;
        self.styles_part = Some(part);
        self.styles = None;
        Ok(())
    }

    /// Grafts the source's sheet `index` as `name`.
    fn graft_sheet(
        &mut self,
        graft: &mut Graft,
        index: usize,
        name: &str,
    ) -> Result<Sheet, PackageError> {
        let source = graft.source;
        let (source_name, source_part, _) = &source.sheets[index];
        let xml = source
            .required(source_part)
            .map_err(|detail| self.graft_error(detail))?;
        let styles_part = self.styles_part.clone().unwrap_or_default();
        let file = self.file.clone();
        let styles = self.styles_mut()?;
        let adapted = SheetAdapter {
            styles,
            graft: &mut graft.styles,
            source,
            renames: &graft.renames,
            date_shift: graft.date_shift,
        }
        .adapt(xml)
        .map_err(|e| match e {
            AdaptError::Styles(detail) => PackageError::BadPart {
                file,
                part: styles_part,
                detail,
            },
            AdaptError::Sheet(detail) => PackageError::Graft {
                file,
                detail: Message::new("package-graft_sheet")
                    .arg("sheet", source_name)
                    .arg("part", source_part)
                    .with("reason", detail),
            },
        })?;
        let sheet = self.add_sheet(name, adapted)?;
        self.copy_related(graft, source_part, &sheet.part)?;
        self.graft_defined_names(graft, index, self.sheets.len() - 1)?;
        Ok(sheet)
    }

    /// Copies the parts the source's `source_part` relates to (and theirs, and so on) that
    /// this graft has not copied yet, and gives `own_part` the relationships to the copies.
    /// Ids stay as they are (the part refers to them), targets are rewritten; external
    /// targets (web links) are copied as they are.
    fn copy_related(
        &mut self,
        graft: &mut Graft,
        source_part: &str,
        own_part: &str,
    ) -> Result<(), PackageError> {
        let source = graft.source;
        let rels_part = rels_part_of(source_part);
        let Some(rels_xml) = source.part(&rels_part) else {
            return Ok(());
        };
        let rels = parse_rels(rels_xml, source_part)
            .map_err(|e| self.graft_error(generated_part(&rels_part, e)))?;
        let mut edits = Vec::new();
        for rel in rels.iter().filter(|r| !r.external) {
            let copy = match graft.copied.get(&rel.target.to_lowercase()) {
                Some(copy) => copy.clone(),
                None => self.copy_part(graft, &rel.target)?,
            };
            let e = &rel.element;
            let tag = with_attribute(&e.tag, "Target", Some(&relative_target(own_part, &copy)));
            let text = tag_text(&tag, e.inner_start == e.end);
            edits.push((e.start, e.inner_start - e.start, text));
        }
        let content_type = self.source_content_type(source, &rels_part)?;
        self.add_typed_part(
            &rels_part_of(own_part),
            splice(rels_xml, edits),
            content_type,
        )
    }

    /// Copies the source's part `source_part` under the first free name of its kind, then
    /// what it relates to; returns the copy's name.
    fn copy_part(&mut self, graft: &mut Graft, source_part: &str) -> Result<String, PackageError> {
        let source = graft.source;
        let bytes = source
            .required(source_part)
            .map_err(|detail| self.graft_error(detail))?;
        let own = self.free_part_name(&self.place_of(source, source_part));
        graft.copied.insert(source_part.to_lowercase(), own.clone());
        let content_type = self.source_content_type(source, source_part)?;
        let bytes = if content_type.0.ends_with("xml") && !graft.renames.is_empty() {
            rename_in_formulas(bytes, &graft.renames)
                .map_err(|e| self.graft_error(generated_part(source_part, e)))?
        } else {
            bytes.clone()
        };
        self.add_typed_part(&own, bytes, content_type)?;
        self.copy_related(graft, source_part, &own)?;
        Ok(own)
    }

    fn source_content_type(
        &self,
        source: &Source,
        part: &str,
    ) -> Result<(String, bool), PackageError> {
        source
            .content_type(part)
            .map_err(|detail| self.graft_error(detail))
    }

    /// Where a source part goes here: at the same place relative to the workbook part
    /// (`xl/charts/chart1.xml` stays under the workbook's folder's `charts/`).
    fn place_of(&self, source: &Source, part: &str) -> String {
        let source_folder = folder_of(&source.workbook_part);
        match part.strip_prefix(source_folder) {
            Some(rest) => format!("{}{rest}", folder_of(&self.workbook_part)),
            None => part.to_string(),
        }
    }

    /// The first name of `part`'s kind that no part has: `xl/charts/chart1.xml` →
    /// `xl/charts/chart5.xml` when charts 1 to 4 exist.
    pub(super) fn free_part_name(&self, part: &str) -> String {
        let (folder, name) = part.rsplit_once('/').map_or(("", part), |(f, n)| (f, n));
        let (stem, ext) = name.rsplit_once('.').map_or((name, ""), |(s, e)| (s, e));
        let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let dot = if ext.is_empty() { "" } else { "." };
        let slash = if folder.is_empty() { "" } else { "/" };
        (1..)
            .map(|n| format!("{folder}{slash}{stem}{n}{dot}{ext}"))
            .find(|p| !self.has_part(p))
            .unwrap_or_default()
    }

    /// Adds a part whose content type is `(type, from a default)` in the source: it gets an
    /// override here unless this package's default for its extension is that type; a
    /// default the source used and this package lacks is added (never removed later).
    fn add_typed_part(
        &mut self,
        part: &str,
        bytes: Vec<u8>,
        (content_type, from_default): (String, bool),
    ) -> Result<(), PackageError> {
        let ext = extension(part).to_lowercase();
        let defaults = self.content_type_defaults()?;
        let covered = match defaults.get(&ext) {
            Some(ct) => *ct == content_type,
            None if from_default && !ext.is_empty() => {
                self.add_content_type_default(extension(part), &content_type)?;
                true
            }
            None => false,
        };
        if !covered {
            return self.add_part(part, bytes, &content_type);
        }
        if self.has_part(part) {
            return Err(PackageError::PartExists {
                file: self.file.clone(),
                part: part.to_string(),
            });
        }
        self.changed.insert(part.to_string(), Content::Bytes(bytes));
        self.added.push(part.to_string());
        Ok(())
    }

    /// The package's content types by extension (lower-cased).
    fn content_type_defaults(&mut self) -> Result<HashMap<String, String>, PackageError> {
        let xml = self.read_part(CONTENT_TYPES)?;
        let defaults = elements(&xml, "Default").map_err(|e| self.bad_part(CONTENT_TYPES, e))?;
        Ok(defaults
            .iter()
            .filter_map(|e| {
                Some((
                    e.attribute("Extension")?.to_lowercase(),
                    e.attribute("ContentType")?,
                ))
            })
            .collect())
    }

    /// Adds a `<Default>` after the package's other defaults (before the first override), so
    /// that overrides appended later follow it on every run.
    fn add_content_type_default(
        &mut self,
        ext: &str,
        content_type: &str,
    ) -> Result<(), PackageError> {
        let name = self.existing_name(CONTENT_TYPES)?;
        let xml = self.read_part(&name)?;
        let p = root_prefix(&xml);
        let entry = format!(
            "<{p}Default Extension=\"{}\" ContentType=\"{}\"/>",
            escape(ext),
            escape(content_type)
        );
        let out = insert_root_child(&xml, &["Override"], &entry)
            .map_err(|detail| self.bad_part(&name, detail))?;
        self.changed.insert(name, Content::Bytes(out));
        Ok(())
    }

    /// Adds the source's defined names of its sheet `source_index` (print titles, filter
    /// ranges, print areas) for this workbook's sheet `own_index`.
    fn graft_defined_names(
        &mut self,
        graft: &Graft,
        source_index: usize,
        own_index: usize,
    ) -> Result<(), PackageError> {
        let source = graft.source;
        let source_workbook = source
            .required(&source.workbook_part)
            .map_err(|detail| self.graft_error(detail))?;
        let source_prefix = root_prefix(source_workbook);
        let names = elements(source_workbook, "definedName")
            .map_err(|e| self.graft_error(generated_part(&source.workbook_part, e)))?;
        let workbook = self.workbook_part.clone();
        let own_xml = self.read_part(&workbook)?;
        let p = root_prefix(&own_xml);
        let mut added = String::new();
        for e in names.iter().filter(|e| {
            e.attribute("localSheetId")
                .and_then(|v| v.trim().parse::<usize>().ok())
                == Some(source_index)
        }) {
            let tag = with_attribute(&e.tag, "localSheetId", Some(&own_index.to_string()));
            let text = String::from_utf8_lossy(&source_workbook[e.inner_start..e.inner_end]);
            let text = renamed_text(&text, &graft.renames).map_err(|e| self.graft_error(e))?;
            let element = format!(
                "{}{text}</{}>",
                tag_text(&tag, false),
                e.tag.name().as_ref()
            );
            added.push_str(
                &with_prefix(&element, &source_prefix, &p).map_err(|e| self.graft_error(e))?,
            );
        }
        self.append_defined_names(&added)
    }

    /// Appends `<definedName>` elements (written with the workbook part's prefix) to the
    /// workbook's `<definedNames>`, which is made where the schema wants it if missing.
    pub(super) fn append_defined_names(&mut self, added: &str) -> Result<(), PackageError> {
        if added.is_empty() {
            return Ok(());
        }
        let workbook = self.workbook_part.clone();
        let own_xml = self.read_part(&workbook)?;
        let p = root_prefix(&own_xml);
        let out = match append_children(&own_xml, "definedNames", added)
            .map_err(|detail| self.bad_part(&workbook, detail))?
        {
            Some(out) => out,
            None => insert_root_child(
                &own_xml,
                &AFTER_DEFINED_NAMES,
                &format!("<{p}definedNames>{added}</{p}definedNames>"),
            )
            .map_err(|detail| self.bad_part(&workbook, detail))?,
        };
        self.changed.insert(workbook, Content::Bytes(out));
        Ok(())
    }

    /// Removes the sheet `name` (compared without regard to case) and what only it used: its
    /// `<sheet>` element and relationship, its part, the parts it relates to that nothing
    /// else in the package reaches (drawings, charts, comments, tables, printer settings, pivot
    /// tables, and a pivot cache no other pivot table uses, with its `<pivotCache>` entry)
    /// with their relationships and content-type overrides, its defined names (later sheets'
    /// `localSheetId`s move down), its calculation-chain entries. The workbook view's active
    /// and first tabs stay in range. Content-type defaults and formats stay.
    pub fn remove_sheet(&mut self, name: &str) -> Result<(), PackageError> {
        let lower = name.to_lowercase();
        let index = self
            .sheets
            .iter()
            .position(|s| s.name.to_lowercase() == lower)
            .ok_or_else(|| self.remove_error(name, "package-remove_no_such_sheet"))?;
        if self.sheets.len() == 1 {
            return Err(self.remove_error(name, "package-remove_last_sheet"));
        }
        let sheet = self.sheets[index].clone();
        let rid = self.remove_from_workbook(&sheet, index)?;
        let workbook = self.workbook_part.clone();
        self.remove_relationships(&workbook, |r| r.id == rid)?;
        self.sheets.remove(index);
        let mut candidates = self.reachable_from(&sheet.part, false)?;
        candidates.insert(0, sheet.part.clone());
        // A pivot cache lives while a pivot table uses it, whatever the workbook lists.
        let live = self.reachable_from("", true)?;
        let live: HashSet<String> = live.iter().map(|p| p.to_lowercase()).collect();
        let dead: Vec<String> = candidates
            .into_iter()
            .filter(|p| !live.contains(&p.to_lowercase()))
            .collect();
        self.forget_pivot_caches(&dead)?;
        self.delete_parts(&dead)?;
        self.remove_calc_chain_entries(sheet.sheet_id)
    }

    /// Takes the sheet's `<sheet>` element and defined names out of the workbook part and
    /// keeps the view's tabs in range; returns the sheet's relationship id.
    fn remove_from_workbook(
        &mut self,
        sheet: &Sheet,
        index: usize,
    ) -> Result<String, PackageError> {
        let workbook = self.workbook_part.clone();
        let xml = self.read_part(&workbook)?;
        let bad = |detail| self.bad_part(&workbook, detail);
        let element = elements(&xml, "sheet")
            .map_err(bad)?
            .into_iter()
            .filter(|e| e.parent == "sheets")
            .nth(index)
            .ok_or_else(|| {
                self.bad_part(
                    &workbook,
                    Message::new("package-sheet_not_listed").arg("name", &sheet.name),
                )
            })?;
        let rid = prefixed_attribute(&element.tag, "id").unwrap_or_default();
        let mut edits = vec![(element.start, element.end - element.start, String::new())];
        edits.extend(defined_name_edits(&xml, index).map_err(bad)?);
        edits.extend(view_edits(&xml, index, self.sheets.len() - 1).map_err(bad)?);
        self.changed
            .insert(workbook, Content::Bytes(splice(&xml, edits)));
        Ok(rid)
    }

    /// Removes the relationships of `part` that `remove` picks.
    pub(super) fn remove_relationships(
        &mut self,
        part: &str,
        remove: impl Fn(&Rel) -> bool,
    ) -> Result<(), PackageError> {
        let rels_part = rels_part_of(part);
        let name = self.existing_name(&rels_part)?;
        let xml = self.read_part(&name)?;
        let rels = parse_rels(&xml, part).map_err(|detail| self.bad_part(&name, detail))?;
        let edits: Vec<_> = rels
            .iter()
            .filter(|r| remove(r))
            .map(|r| {
                (
                    r.element.start,
                    r.element.end - r.element.start,
                    String::new(),
                )
            })
            .collect();
        if !edits.is_empty() {
            self.changed
                .insert(name, Content::Bytes(splice(&xml, edits)));
        }
        Ok(())
    }

    /// Every part reachable through relationships from `part` (`""`: the package itself),
    /// `part` not included, in the order they are found; with `skip_cache_lists`, not through
    /// the workbook's own relationships to pivot caches.
    fn reachable_from(
        &mut self,
        part: &str,
        skip_cache_lists: bool,
    ) -> Result<Vec<String>, PackageError> {
        let mut found: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::from([part.to_lowercase()]);
        let mut queue = std::collections::VecDeque::from([part.to_string()]);
        while let Some(part) = queue.pop_front() {
            let rels_part = rels_part_of(&part);
            if !self.has_part(&rels_part) {
                continue;
            }
            let xml = self.read_part(&rels_part)?;
            let rels =
                parse_rels(&xml, &part).map_err(|detail| self.bad_part(&rels_part, detail))?;
            let listing = skip_cache_lists && part.eq_ignore_ascii_case(&self.workbook_part);
            for rel in rels.into_iter().filter(|r| !r.external) {
                if listing && super::pivot::is_pivot_cache(&rel) {
                    continue;
                }
                if self.has_part(&rel.target) && seen.insert(rel.target.to_lowercase()) {
                    let target = self.existing_name(&rel.target)?;
                    found.push(target.clone());
                    queue.push_back(target);
                }
            }
        }
        Ok(found)
    }

    /// Deletes parts, their relationships parts and their content-type overrides.
    pub(super) fn delete_parts(&mut self, parts: &[String]) -> Result<(), PackageError> {
        let mut gone: Vec<String> = Vec::new();
        for part in parts {
            for name in [part.clone(), rels_part_of(part)] {
                if self.has_part(&name) {
                    let name = self.existing_name(&name)?;
                    self.delete_part(&name);
                    gone.push(name.to_lowercase());
                }
            }
        }
        let name = self.existing_name(CONTENT_TYPES)?;
        let xml = self.read_part(&name)?;
        let overrides = elements(&xml, "Override").map_err(|d| self.bad_part(&name, d))?;
        let edits: Vec<_> = overrides
            .iter()
            .filter(|e| {
                e.attribute("PartName")
                    .is_some_and(|p| gone.contains(&p.trim_start_matches('/').to_lowercase()))
            })
            .map(|e| (e.start, e.end - e.start, String::new()))
            .collect();
        if !edits.is_empty() {
            self.changed
                .insert(name, Content::Bytes(splice(&xml, edits)));
        }
        Ok(())
    }

    /// Forgets a part: an added one entirely, an entry of the zip is not written.
    fn delete_part(&mut self, name: &str) {
        self.changed.remove(name);
        if let Some(i) = self.added.iter().position(|a| a == name) {
            self.added.remove(i);
            return;
        }
        if let Some(i) = self.index.remove(&name.to_lowercase()) {
            self.removed.insert(i);
        }
    }

    /// Takes the removed sheet's cells (`i` is its `sheetId`) out of `xl/calcChain.xml`; a
    /// chain left empty goes, with its override and relationship.
    fn remove_calc_chain_entries(&mut self, sheet_id: u32) -> Result<(), PackageError> {
        let workbook = self.workbook_part.clone();
        let rels_part = rels_part_of(&workbook);
        let rels_xml = self.read_part(&rels_part)?;
        let rels = parse_rels(&rels_xml, &workbook).map_err(|d| self.bad_part(&rels_part, d))?;
        let Some(chain) = rels
            .iter()
            .find(|r| r.kind.ends_with(REL_CALC_CHAIN) && !r.external)
            .filter(|r| self.has_part(&r.target))
        else {
            return Ok(());
        };
        let (part, rid) = (self.existing_name(&chain.target)?, chain.id.clone());
        let xml = self.read_part(&part)?;
        let (edits, left) =
            calc_chain_edits(&xml, sheet_id).map_err(|d| self.bad_part(&part, d))?;
        if edits.is_empty() {
            return Ok(());
        }
        if left == 0 {
            self.delete_parts(std::slice::from_ref(&part))?;
            return self.remove_relationships(&workbook, |r| r.id == rid);
        }
        self.changed
            .insert(part, Content::Bytes(splice(&xml, edits)));
        Ok(())
    }

    fn graft_error(&self, detail: Message) -> PackageError {
        PackageError::Graft {
            file: self.file.clone(),
            detail,
        }
    }

    /// The sheet `name` cannot be removed, for the reason the message `why` says.
    fn remove_error(&self, name: &str, why: &'static str) -> PackageError {
        PackageError::RemoveSheet {
            file: self.file.clone(),
            name: name.to_string(),
            reason: Message::new(why),
        }
    }
}

/// The folder of a part with its slash (`xl/`), `""` at the top.
pub(super) fn folder_of(part: &str) -> &str {
    match part.rfind('/') {
        Some(i) => &part[..=i],
        None => "",
    }
}

/// A part named `name` in `part`'s folder.
fn sibling(part: &str, name: &str) -> String {
    format!("{}{name}", folder_of(part))
}

/// The workbook edits for the defined names when sheet `index` goes: its own are removed
/// (with `<definedNames>` when nothing is left in it), later sheets' move down one.
fn defined_name_edits(xml: &[u8], index: usize) -> Result<Vec<Edit>, Message> {
    let names: Vec<Element> = elements(xml, "definedName")?
        .into_iter()
        .filter(|e| e.parent == "definedNames")
        .collect();
    let local = |e: &Element| {
        e.attribute("localSheetId")
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let removed = names.iter().filter(|e| local(e) == Some(index)).count();
    if removed > 0 && removed == names.len() {
        if let Some(section) = elements(xml, "definedNames")?.first() {
            return Ok(vec![(
                section.start,
                section.end - section.start,
                String::new(),
            )]);
        }
    }
    let mut edits = Vec::new();
    for e in &names {
        match local(e) {
            Some(i) if i == index => edits.push((e.start, e.end - e.start, String::new())),
            Some(i) if i > index => {
                let tag = with_attribute(&e.tag, "localSheetId", Some(&(i - 1).to_string()));
                let text = tag_text(&tag, e.inner_start == e.end);
                edits.push((e.start, e.inner_start - e.start, text));
            }
            _ => {}
        }
    }
    Ok(edits)
}

/// The edits that keep each workbook view's `activeTab` and `firstSheet` on a sheet that
/// stays when sheet `index` goes and `left` sheets remain.
fn view_edits(xml: &[u8], index: usize, left: usize) -> Result<Vec<Edit>, Message> {
    let mut edits = Vec::new();
    for view in elements(xml, "workbookView")? {
        let mut tag = view.tag.clone();
        for key in ["activeTab", "firstSheet"] {
            let Some(tab) = view
                .attribute(key)
                .and_then(|v| v.trim().parse::<usize>().ok())
            else {
                continue;
            };
            let moved = if tab > index { tab - 1 } else { tab };
            let moved = moved.min(left.saturating_sub(1));
            if moved != tab {
                tag = with_attribute(&tag, key, Some(&moved.to_string()));
            }
        }
        if *tag != *view.tag {
            let text = tag_text(&tag, view.inner_start == view.end);
            edits.push((view.start, view.inner_start - view.start, text));
        }
    }
    Ok(edits)
}

/// The edits that take the cells of sheet `sheet_id` out of a calculation chain, and how
/// many cells are left. A cell without `i` is on the sheet of the cell before it: the first
/// one kept after removed ones is given its `i`.
fn calc_chain_edits(xml: &[u8], sheet_id: u32) -> Result<(Vec<Edit>, usize), Message> {
    let mut edits = Vec::new();
    let mut current: Option<u32> = None;
    let mut after_removed = false;
    let mut left = 0;
    for cell in elements(xml, "c")? {
        let explicit = cell.attribute("i").and_then(|v| v.trim().parse().ok());
        if explicit.is_some() {
            current = explicit;
        }
        if current == Some(sheet_id) {
            edits.push((cell.start, cell.end - cell.start, String::new()));
            after_removed = true;
            continue;
        }
        left += 1;
        if after_removed && explicit.is_none() {
            if let Some(i) = current {
                let tag = with_attribute(&cell.tag, "i", Some(&i.to_string()));
                let text = tag_text(&tag, cell.inner_start == cell.end);
                edits.push((cell.start, cell.inner_start - cell.start, text));
            }
        }
        after_removed = false;
    }
    Ok((edits, left))
}

/// Why a sheet could not be adapted: its stylesheet, or the sheet itself.
enum AdaptError {
    Styles(Message),
    Sheet(Message),
}

impl From<quick_xml::Error> for AdaptError {
    fn from(e: quick_xml::Error) -> Self {
        AdaptError::Sheet(reason::xml(&e))
    }
}

impl From<std::io::Error> for AdaptError {
    fn from(e: std::io::Error) -> Self {
        AdaptError::Sheet(Message::io(&e))
    }
}

/// Rewrites a source worksheet for this package: style indexes mapped, shared strings made
/// inline, the source's tab selection dropped (the team's selected sheet stays the only
/// one) and references to renamed sheets renamed. Everything else passes through.
struct SheetAdapter<'a> {
    styles: &'a mut Styles,
    graft: &'a mut StyleGraft,
    source: &'a Source,
    renames: &'a [(String, String)],
    /// Days to add to a serial date: 1462 from a 1904-based workbook into a 1900-based one,
    /// -1462 the other way, else 0.
    date_shift: f64,
}

/// What a cell's value needs.
#[derive(Debug, Default, PartialEq)]
enum CellKind {
    #[default]
    Other,
    /// A shared string, to be made inline with the cell's element prefix.
    Shared(String),
    /// A serial date, to be moved to this workbook's date system.
    Date,
}

/// Where the adapter is inside a cell or formula.
#[derive(Default)]
struct AdaptState {
    /// The kind of the cell the adapter is in.
    cell: CellKind,
    /// Inside a shared-string or date cell's `<v>`: its text so far.
    value: Option<String>,
    /// Inside a formula whose sheet references are to be renamed: its raw text so far.
    formula: Option<String>,
}

impl SheetAdapter<'_> {
    fn adapt(mut self, xml: &[u8]) -> Result<Vec<u8>, AdaptError> {
        let mut reader = Reader::from_reader(xml);
        let mut writer = Writer::new(Vec::with_capacity(xml.len() + xml.len() / 4));
        let mut state = AdaptState::default();
        loop {
            match reader.read_event()? {
                Event::Start(e) => {
                    let local = e.local_name().as_ref().to_string();
                    if local == "v" && state.cell != CellKind::Other {
                        state.value = Some(String::new());
                        if matches!(state.cell, CellKind::Shared(_)) {
                            continue;
                        }
                    }
                    let e = self.start(e, &mut state, false)?;
                    if !self.renames.is_empty() && FORMULA_ELEMENTS.contains(&local.as_str()) {
                        state.formula = Some(String::new());
                    }
                    writer.write_event(Event::Start(e))?;
                }
                Event::Empty(e) => {
                    let e = self.start(e, &mut state, true)?;
                    if e.local_name().as_ref() == "c" {
                        state.cell = CellKind::Other;
                    }
                    writer.write_event(Event::Empty(e))?;
                }
                Event::Text(t) => match (&mut state.value, &mut state.formula) {
                    (Some(text), _) | (None, Some(text)) => text.push_str(&t),
                    _ => writer.write_event(Event::Text(t))?,
                },
                Event::GeneralRef(r) => match (&mut state.value, &mut state.formula) {
                    (Some(text), _) | (None, Some(text)) => text.push_str(&format!("&{};", &*r)),
                    _ => writer.write_event(Event::GeneralRef(r))?,
                },
                Event::End(e) => {
                    if let Some(value) = state.value.take() {
                        if let CellKind::Shared(p) = &state.cell {
                            let inline = self.inline_string(&value, p)?;
                            writer.get_mut().extend_from_slice(inline.as_bytes());
                            continue;
                        }
                        let shifted = self.shifted_date(&value);
                        writer.write_event(Event::Text(BytesText::from_escaped(shifted)))?;
                    }
                    if let Some(formula) = state.formula.take() {
                        let text =
                            renamed_text(&formula, self.renames).map_err(AdaptError::Sheet)?;
                        writer.write_event(Event::Text(BytesText::from_escaped(text)))?;
                    }
                    if e.local_name().as_ref() == "c" {
                        state.cell = CellKind::Other;
                    }
                    writer.write_event(Event::End(e))?;
                }
                Event::Eof => break,
                other => writer.write_event(other)?,
            }
        }
        Ok(writer.into_inner())
    }

    /// A start tag with its style index, differential format or selection adapted.
    fn start(
        &mut self,
        e: BytesStart,
        state: &mut AdaptState,
        empty: bool,
    ) -> Result<BytesStart<'static>, AdaptError> {
        let mut e = e.into_owned();
        match e.local_name().as_ref() {
            "c" => {
                let style = attribute(&e, "s").and_then(|v| v.trim().parse().ok());
                e = self.map_style(e, "s")?;
                let kind = attribute(&e, "t");
                state.cell = match kind.as_deref() {
                    Some("s") => {
                        e = with_attribute(&e, "t", (!empty).then_some("inlineStr"));
                        CellKind::Shared(prefix_of(&e))
                    }
                    None | Some("n")
                        if self.date_shift != 0.0 && self.graft.is_date(style.unwrap_or(0)) =>
                    {
                        CellKind::Date
                    }
                    _ => CellKind::Other,
                };
            }
            "row" => e = self.map_style(e, "s")?,
            "col" => e = self.map_style(e, "style")?,
            "cfRule" => {
                if let Some(id) = attribute(&e, "dxfId").and_then(|v| v.trim().parse().ok()) {
                    let own = self
                        .styles
                        .graft_dxf(self.graft, id)
                        .map_err(AdaptError::Styles)?;
                    e = with_attribute(&e, "dxfId", Some(&own.to_string()));
                }
            }
            "sheetView" if attribute(&e, "tabSelected").is_some() => {
                e = with_attribute(&e, "tabSelected", None);
            }
            "hyperlink" if !self.renames.is_empty() => {
                if let Some(location) = attribute(&e, "location") {
                    let renamed = rename_sheet_references(&location, self.renames);
                    if renamed != location {
                        e = with_attribute(&e, "location", Some(&renamed));
                    }
                }
            }
            _ => {}
        }
        Ok(e)
    }

    /// The tag with its style attribute `key` mapped to this package's cell format.
    fn map_style(
        &mut self,
        e: BytesStart<'static>,
        key: &str,
    ) -> Result<BytesStart<'static>, AdaptError> {
        let Some(id) = attribute(&e, key).and_then(|v| v.trim().parse::<u32>().ok()) else {
            return Ok(e);
        };
        let own = self
            .styles
            .graft_cell_format(self.graft, id)
            .map_err(AdaptError::Styles)?;
        Ok(if own == id {
            e
        } else {
            with_attribute(&e, key, Some(&own.to_string()))
        })
    }

    /// A date cell's value moved to this workbook's date system (as it was if it is not a
    /// number).
    fn shifted_date(&self, value: &str) -> String {
        match value.trim().parse::<f64>() {
            Ok(serial) => (serial + self.date_shift).to_string(),
            Err(_) => value.to_string(),
        }
    }

    /// `<is>` holding the shared string `value` (its index), written with prefix `p`.
    fn inline_string(&self, value: &str, p: &str) -> Result<String, AdaptError> {
        let index: usize = value.trim().parse().map_err(|_| {
            AdaptError::Sheet(Message::new("package-graft_string_index").arg("value", value))
        })?;
        let si = self.source.strings.get(index).ok_or_else(|| {
            AdaptError::Sheet(Message::new("package-graft_string_missing").arg("index", index))
        })?;
        let si = with_prefix(si, &self.source.strings_prefix, p).map_err(AdaptError::Sheet)?;
        Ok(format!("<{p}is>{si}</{p}is>"))
    }
}

/// An XML part with the sheet references in its formula elements (a chart's `<c:f>`)
/// renamed.
fn rename_in_formulas(xml: &[u8], renames: &[(String, String)]) -> Result<Vec<u8>, Message> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 64));
    let mut formula: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| reason::xml(&e))?;
        match event {
            Event::Start(ref e) if FORMULA_ELEMENTS.contains(&e.local_name().as_ref()) => {
                formula = Some(String::new());
            }
            Event::Text(ref t) if formula.is_some() => {
                formula.get_or_insert_default().push_str(t);
                continue;
            }
            Event::GeneralRef(ref r) if formula.is_some() => {
                formula
                    .get_or_insert_default()
                    .push_str(&format!("&{};", &**r));
                continue;
            }
            Event::End(_) => {
                if let Some(text) = formula.take() {
                    let text = renamed_text(&text, renames)?;
                    writer
                        .write_event(Event::Text(BytesText::from_escaped(text)))
                        .map_err(|e| Message::io(&e))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        writer.write_event(event).map_err(|e| Message::io(&e))?;
    }
    Ok(writer.into_inner())
}

/// Escaped element text with its sheet references renamed: the text as it was when it names
/// none of the renamed sheets.
fn renamed_text(raw: &str, renames: &[(String, String)]) -> Result<String, Message> {
    if renames.is_empty() {
        return Ok(raw.to_string());
    }
    let plain = unescape(raw).map_err(|_| reason::malformed())?;
    let renamed = rename_sheet_references(&plain, renames);
    Ok(if renamed == plain {
        raw.to_string()
    } else {
        partial_escape(renamed).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(xml: &str, edits: Vec<Edit>) -> String {
        String::from_utf8(splice(xml.as_bytes(), edits)).unwrap()
    }

    #[test]
    fn a_removed_sheets_defined_names_go_and_later_ones_move_down() {
        let xml = r#"<workbook><definedNames><definedName name="a" localSheetId="0">S!A1</definedName><definedName name="b" localSheetId="1">T!A1</definedName><definedName name="c">S!A1</definedName><definedName name="d" localSheetId="2">U!A1</definedName></definedNames></workbook>"#;
        let out = edited(xml, defined_name_edits(xml.as_bytes(), 1).unwrap());
        assert_eq!(
            out,
            r#"<workbook><definedNames><definedName name="a" localSheetId="0">S!A1</definedName><definedName name="c">S!A1</definedName><definedName name="d" localSheetId="1">U!A1</definedName></definedNames></workbook>"#
        );
        // The names of the last sheet only: the section goes with them.
        let xml = r#"<workbook><sheets/><definedNames><definedName name="p" localSheetId="3">X</definedName></definedNames><calcPr/></workbook>"#;
        let out = edited(xml, defined_name_edits(xml.as_bytes(), 3).unwrap());
        assert_eq!(out, "<workbook><sheets/><calcPr/></workbook>");
    }

    #[test]
    fn the_active_and_first_tabs_stay_on_a_sheet() {
        let xml = r#"<bookViews><workbookView activeTab="3" firstSheet="1"/><workbookView activeTab="0"/></bookViews>"#;
        // Sheet 1 of 4 goes: tab 3 becomes 2, first sheet 1 stays 1.
        let out = edited(xml, view_edits(xml.as_bytes(), 1, 3).unwrap());
        assert_eq!(
            out,
            r#"<bookViews><workbookView activeTab="2" firstSheet="1"/><workbookView activeTab="0"/></bookViews>"#
        );
        // The last of 3 sheets goes while active: the new last one is.
        let xml = r#"<workbookView xWindow="0" activeTab="2"/>"#;
        let out = edited(xml, view_edits(xml.as_bytes(), 2, 2).unwrap());
        assert_eq!(out, r#"<workbookView xWindow="0" activeTab="1"/>"#);
    }

    #[test]
    fn a_removed_sheets_cells_leave_the_calculation_chain() {
        let xml = r#"<calcChain><c r="A1" i="1"/><c r="B1" i="2"/><c r="B2"/><c r="C1" i="1"/><c r="C2"/></calcChain>"#;
        let (edits, left) = calc_chain_edits(xml.as_bytes(), 1).unwrap();
        assert_eq!(left, 2);
        assert_eq!(
            edited(xml, edits),
            r#"<calcChain><c r="B1" i="2"/><c r="B2"/></calcChain>"#
        );
        // The first kept cell after removed ones gets the sheet it inherited.
        let (edits, left) = calc_chain_edits(xml.as_bytes(), 2).unwrap();
        assert_eq!(left, 3);
        assert_eq!(
            edited(xml, edits),
            r#"<calcChain><c r="A1" i="1"/><c r="C1" i="1"/><c r="C2"/></calcChain>"#
        );
        let (edits, _) = calc_chain_edits(xml.as_bytes(), 9).unwrap();
        assert!(edits.is_empty());
    }

    #[test]
    fn part_names_and_extensions() {
        assert_eq!(extension("xl/media/image1.PNG"), "PNG");
        assert_eq!(extension("xl/a.b/c"), "");
        assert_eq!(folder_of("xl/workbook.xml"), "xl/");
        assert_eq!(sibling("workbook.xml", "styles.xml"), "styles.xml");
    }
}

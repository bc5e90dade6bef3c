//! Appends cell formats to `xl/styles.xml` without renumbering the team's: new number
//! formats, fonts, fills and `<xf>` records go after the existing ones, so every style index
//! a cell of theirs uses still means what it meant.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::error::reason;
use crate::i18n::Message;

use super::xml::{
    attribute, elements, escape, prefix_of, root_prefix, tag_text, with_attribute, with_prefix,
};

/// A format for added cells. The font is the workbook's default font (its first), made bold
/// or coloured as asked; nothing else of the team's look is borrowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CellFormat {
    /// An Excel number format code such as `0.00`, `yyyy-mm-dd hh:mm` or `@`.
    pub number_format: Option<String>,
    pub bold: bool,
    /// A single underline (links).
    pub underline: bool,
    /// Font colour as `RRGGBB` hex.
    pub font_color: Option<String>,
    /// Solid fill colour as `RRGGBB` hex.
    pub fill_color: Option<String>,
    pub wrap_text: bool,
}

/// The sections of a stylesheet, in the order the schema requires.
const ORDER: [&str; 11] = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];

/// The children of `<font>` in the order the schema (as Excel reads it) wants them.
const FONT_ORDER: [&str; 15] = [
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
];

const DEFAULT_FONT: &str = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>";

/// A minimal stylesheet, for a workbook that has none.
pub(crate) const MINIMAL: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

/// The stylesheet as read, and what is to be appended to it.
#[derive(Debug)]
pub(crate) struct Styles {
    original: Vec<u8>,
    prefix: String,
    /// Children already there, per section (by ORDER index).
    counts: [u32; 11],
    /// Custom and built-in number format codes → id.
    num_fmts: HashMap<String, u32>,
    next_num_fmt: u32,
    /// The first font's children: (local name, XML).
    default_font: Vec<(String, String)>,
    /// New children per section (by ORDER index).
    added: [Vec<String>; 11],
    cache: HashMap<CellFormat, u32>,
    /// Every record there and appended, by its XML, per section: a record asked for again
    /// (one an earlier run appended, say) is used again rather than appended twice. Read on
    /// first use.
    known: Option<[HashMap<String, u32>; 11]>,
}

const NUM_FMTS: usize = 0;
const FONTS: usize = 1;
const FILLS: usize = 2;
const BORDERS: usize = 3;
const CELL_STYLE_XFS: usize = 4;
const CELL_XFS: usize = 5;
const DXFS: usize = 7;

/// Children counted per section.
const CHILD: [&str; 8] = [
    "numFmt",
    "font",
    "fill",
    "border",
    "xf",
    "xf",
    "cellStyle",
    "dxf",
];

impl Styles {
    /// Reads a stylesheet. Errors are the XML parser's, for the caller to put in context.
    pub(crate) fn read(original: Vec<u8>) -> Result<Styles, Message> {
        let mut styles = Styles {
            prefix: String::new(),
            counts: [0; 11],
            num_fmts: builtin_formats(),
            next_num_fmt: 164,
            default_font: Vec::new(),
            added: Default::default(),
            cache: HashMap::new(),
            known: None,
            original: Vec::new(),
        };
        styles.scan(&original)?;
        styles.original = original;
        Ok(styles)
    }

    /// Reads the prefix, the sections' counts, the number formats and the first font's
    /// children from the stylesheet `xml`.
    fn scan(&mut self, xml: &[u8]) -> Result<(), Message> {
        let mut reader = Reader::from_reader(xml);
        let mut state = ScanState::default();
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event().map_err(|e| reason::xml(&e))?;
            let after = reader.buffer_position() as usize;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    self.scan_start(&mut state, e, empty, xml, (before, after));
                }
                Event::End(_) => self.scan_end(&mut state, xml, after),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A start (or self-closing) tag at `before..after` of `xml`.
    fn scan_start(
        &mut self,
        state: &mut ScanState,
        e: &BytesStart,
        empty: bool,
        xml: &[u8],
        (before, after): (usize, usize),
    ) {
        let level = state.depth + 1;
        if !empty {
            state.depth += 1;
        }
        let local = e.local_name().as_ref().to_string();
        if level == 1 {
            self.prefix = prefix_of(e);
        } else if level == 2 {
            state.section = ORDER.iter().position(|s| *s == local.as_str());
            if empty {
                state.section = None;
            }
        } else if level == 3 {
            if let Some(s) = state.section {
                self.count_child(state, s, e, &local, empty);
            }
        } else if level == 4 && state.in_first_font {
            if empty {
                let child = String::from_utf8_lossy(&xml[before..after]);
                self.default_font.push((local, child.into_owned()));
            } else {
                state.font_child_start = Some((before, local));
            }
        }
    }

    /// A child of section `s`: counted if it is one of the section's records; the first
    /// font is marked for reading, a number format is recorded.
    fn count_child(
        &mut self,
        state: &mut ScanState,
        s: usize,
        e: &BytesStart,
        local: &str,
        empty: bool,
    ) {
        if s >= CHILD.len() || CHILD[s] != local {
            return;
        }
        self.counts[s] += 1;
        if s == FONTS && self.counts[s] == 1 && !empty {
            state.in_first_font = true;
        }
        if s == NUM_FMTS {
            let id = attribute(e, "numFmtId").and_then(|v| v.trim().parse::<u32>().ok());
            let code = attribute(e, "formatCode");
            if let (Some(id), Some(code)) = (id, code) {
                self.next_num_fmt = self.next_num_fmt.max(id + 1);
                self.num_fmts.entry(code).or_insert(id);
            }
        }
    }

    /// An end tag ending before `after` in `xml`.
    fn scan_end(&mut self, state: &mut ScanState, xml: &[u8], after: usize) {
        if state.depth == 4 && state.in_first_font {
            if let Some((start, name)) = state.font_child_start.take() {
                let child = String::from_utf8_lossy(&xml[start..after]);
                self.default_font.push((name, child.into_owned()));
            }
        }
        if state.depth == 3 {
            state.in_first_font = false;
        }
        if state.depth == 2 {
            state.section = None;
        }
        state.depth = state.depth.saturating_sub(1);
    }

    /// The style index of `format`, appending what it needs. The same format asked twice
    /// gets the same index.
    pub(crate) fn add(&mut self, format: &CellFormat) -> Result<u32, Message> {
        if let Some(&id) = self.cache.get(format) {
            return Ok(id);
        }
        check_colors(format)?;
        self.add_required_records();
        let num_fmt = self.num_fmt_id(format.number_format.as_ref());
        let font = if format.bold || format.underline || format.font_color.is_some() {
            let font = self.font_xml(format);
            self.find_or_append(FONTS, font)?
        } else {
            0
        };
        let fill = self.fill_id(format.fill_color.as_ref())?;
        let xf = self.xf_xml(format, num_fmt, font, fill);
        if self.total(CELL_XFS) == 0 {
            // A stylesheet without cell formats: style 0 must be the plain one.
            let p = &self.prefix;
            self.added[CELL_XFS].push(format!(
                "<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
            ));
        }
        let id = self.find_or_append(CELL_XFS, xf)?;
        self.cache.insert(format.clone(), id);
        Ok(id)
    }

    /// Every <xf> needs font 0, fill 0 and border 0 to exist: adds those missing.
    fn add_required_records(&mut self) {
        let p = self.prefix.clone();
        if self.total(FONTS) == 0 {
            self.added[FONTS].push(format!("<{p}font>{}</{p}font>", prefixed(DEFAULT_FONT, &p)));
        }
        if self.total(FILLS) == 0 {
            self.added[FILLS].push(format!(
                "<{p}fill><{p}patternFill patternType=\"none\"/></{p}fill>"
            ));
            self.added[FILLS].push(format!(
                "<{p}fill><{p}patternFill patternType=\"gray125\"/></{p}fill>"
            ));
        }
        if self.total(BORDERS) == 0 {
            self.added[BORDERS].push(format!(
                "<{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border>"
            ));
        }
    }

    /// The id of the number format `code` (0, General, for none), appending it if new.
    fn num_fmt_id(&mut self, code: Option<&String>) -> u32 {
        let Some(code) = code else {
            return 0;
        };
        if let Some(&id) = self.num_fmts.get(code) {
            return id;
        }
        let id = self.next_num_fmt;
        self.next_num_fmt += 1;
        self.num_fmts.insert(code.clone(), id);
        let p = &self.prefix;
        self.added[NUM_FMTS].push(format!(
            "<{p}numFmt numFmtId=\"{id}\" formatCode=\"{}\"/>",
            escape(code)
        ));
        id
    }

    /// The id of a solid fill of `rgb`, appended unless there (0, no fill, for none).
    fn fill_id(&mut self, rgb: Option<&String>) -> Result<u32, Message> {
        let Some(rgb) = rgb else {
            return Ok(0);
        };
        let p = &self.prefix;
        let fill = format!(
            "<{p}fill><{p}patternFill patternType=\"solid\"><{p}fgColor rgb=\"FF{}\"/><{p}bgColor indexed=\"64\"/></{p}patternFill></{p}fill>",
            rgb.to_ascii_uppercase()
        );
        self.find_or_append(FILLS, fill)
    }

    /// The `<xf>` record of a cell format with these number format, font and fill ids.
    fn xf_xml(&self, format: &CellFormat, num_fmt: u32, font: u32, fill: u32) -> String {
        let p = &self.prefix;
        let mut xf = format!(
            "<{p}xf numFmtId=\"{num_fmt}\" fontId=\"{font}\" fillId=\"{fill}\" borderId=\"0\""
        );
        if self.counts[CELL_STYLE_XFS] > 0 {
            xf.push_str(" xfId=\"0\"");
        }
        if num_fmt != 0 {
            xf.push_str(" applyNumberFormat=\"1\"");
        }
        if font != 0 {
            xf.push_str(" applyFont=\"1\"");
        }
        if fill != 0 {
            xf.push_str(" applyFill=\"1\"");
        }
        if format.wrap_text {
            xf.push_str(&format!(
                " applyAlignment=\"1\"><{p}alignment wrapText=\"1\"/></{p}xf>"
            ));
        } else {
            xf.push_str("/>");
        }
        xf
    }

    /// The index of a differential format (what a conditional-format rule applies) with
    /// `body` as its children, written with this stylesheet's prefix (`{p}` in `body` stands
    /// for it); appended after the team's, the same body asked twice gets one record.
    pub(crate) fn add_dxf(&mut self, body: &str) -> Result<u32, Message> {
        let body = body.replace("{p}", &self.prefix);
        let p = &self.prefix;
        let xml = format!("<{p}dxf>{body}</{p}dxf>");
        self.find_or_append(DXFS, xml)
    }

    fn total(&self, section: usize) -> u32 {
        self.counts[section] + self.added[section].len() as u32
    }

    /// A font like the default one, bold and coloured as asked.
    fn font_xml(&self, format: &CellFormat) -> String {
        let p = &self.prefix;
        let mut children: Vec<(String, String)> = if self.default_font.is_empty() {
            vec![
                ("sz".into(), format!("<{p}sz val=\"11\"/>")),
                ("name".into(), format!("<{p}name val=\"Calibri\"/>")),
            ]
        } else {
            self.default_font.clone()
        };
        if format.bold {
            children.retain(|(n, _)| n != "b");
            children.push(("b".into(), format!("<{p}b/>")));
        }
        if format.underline {
            children.retain(|(n, _)| n != "u");
            children.push(("u".into(), format!("<{p}u/>")));
        }
        if let Some(rgb) = &format.font_color {
            children.retain(|(n, _)| n != "color");
            children.push((
                "color".into(),
                format!("<{p}color rgb=\"FF{}\"/>", rgb.to_ascii_uppercase()),
            ));
        }
        children.sort_by_key(|(n, _)| FONT_ORDER.iter().position(|o| o == n).unwrap_or(99));
        let inner: String = children.into_iter().map(|(_, xml)| xml).collect();
        format!("<{p}font>{inner}</{p}font>")
    }

    /// Whether anything was appended.
    pub(crate) fn changed(&self) -> bool {
        self.added.iter().any(|a| !a.is_empty())
    }

    /// The stylesheet with the new records appended to their sections, counts updated and
    /// missing sections inserted in schema order; every other byte as it was.
    pub(crate) fn render(&self) -> Result<Vec<u8>, Message> {
        let xml = &self.original;
        let (found, root_end) = locate_sections(xml)?;
        let root_end = root_end.ok_or_else(|| Message::new("package-part_cut_short"))?;
        let mut splices = self.splices(&found, root_end);
        splices.sort_by_key(|s| s.0);
        Ok(apply_splices(xml, splices))
    }

    /// The edits that add the new records: (position, bytes to remove, text to insert).
    fn splices(&self, found: &[Option<SectionPlace>; 11], root_end: usize) -> Vec<Splice> {
        let xml = &self.original;
        let mut splices: Vec<Splice> = Vec::new();
        let p = &self.prefix;
        for (i, added) in self.added.iter().enumerate() {
            if added.is_empty() {
                continue;
            }
            let name = ORDER[i];
            let total = self.total(i);
            let children: String = added.concat();
            match found[i] {
                Some((start, after_start, end_start, empty)) => {
                    let tag = &xml[start..after_start];
                    let new_tag = set_count(tag, total);
                    if empty {
                        let open = new_tag.trim_end_matches("/>").trim_end();
                        let qname = open[1..]
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_string();
                        splices.push((
                            start,
                            after_start - start,
                            format!("{open}>{children}</{qname}>"),
                        ));
                    } else {
                        splices.push((start, after_start - start, new_tag));
                        splices.push((end_start, 0, children));
                    }
                }
                None => {
                    let at = found[i + 1..]
                        .iter()
                        .flatten()
                        .map(|f| f.0)
                        .next()
                        .unwrap_or(root_end);
                    splices.push((
                        at,
                        0,
                        format!("<{p}{name} count=\"{total}\">{children}</{p}{name}>"),
                    ));
                }
            }
        }
        splices
    }
}

/// Where a section is in the stylesheet: its start tag's range, where its end tag starts
/// (the start tag's end when it is self-closing), and whether it is self-closing.
type SectionPlace = (usize, usize, usize, bool);

/// An edit of the stylesheet: (position, bytes to remove, text to insert).
type Splice = (usize, usize, String);

/// Where `Styles::scan` is in the stylesheet.
#[derive(Default)]
struct ScanState {
    depth: usize,
    /// The section (by ORDER index) inside which the scan is.
    section: Option<usize>,
    in_first_font: bool,
    /// A child of the first font being read: where it starts and its local name.
    font_child_start: Option<(usize, String)>,
}

/// Where each section of the stylesheet `xml` is (the first of each name), and where the
/// root's end tag starts.
fn locate_sections(xml: &[u8]) -> Result<([Option<SectionPlace>; 11], Option<usize>), Message> {
    let mut found: [Option<SectionPlace>; 11] = [None; 11];
    let mut root_end = None;
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut open: Option<(usize, usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| reason::xml(&e))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth == 2 {
                    if let Some(i) = ORDER.iter().position(|s| *s == e.local_name().as_ref()) {
                        if found[i].is_none() {
                            open = Some((i, before, after));
                        }
                    }
                }
            }
            Event::Empty(e) if depth == 1 => {
                if let Some(i) = ORDER.iter().position(|s| *s == e.local_name().as_ref()) {
                    if found[i].is_none() {
                        found[i] = Some((before, after, after, true));
                    }
                }
            }
            Event::End(_) => {
                if depth == 2 {
                    if let Some((i, s, a)) = open.take() {
                        found[i] = Some((s, a, before, false));
                    }
                }
                if depth == 1 {
                    root_end = Some(before);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Ok((found, root_end)),
            _ => {}
        }
    }
}

/// `xml` with the `splices` (sorted by position) made.
fn apply_splices(xml: &[u8], splices: Vec<Splice>) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len() + 1024);
    let mut at = 0;
    for (pos, remove, text) in splices {
        out.extend_from_slice(&xml[at..pos]);
        out.extend_from_slice(text.as_bytes());
        at = pos + remove;
    }
    out.extend_from_slice(&xml[at..]);
    out
}

/// Refuses a font or fill colour that is not `RRGGBB` hex.
fn check_colors(format: &CellFormat) -> Result<(), Message> {
    for color in [&format.font_color, &format.fill_color]
        .into_iter()
        .flatten()
    {
        if color.len() != 6 || !color.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Message::new("package-colour").arg("colour", color));
        }
    }
    Ok(())
}

/// A start tag with its `count` attribute set (added when it has none).
fn set_count(tag: &[u8], count: u32) -> String {
    let text = String::from_utf8_lossy(tag);
    if let Some(i) = text.find(" count=\"") {
        let rest = &text[i + 8..];
        if let Some(end) = rest.find('"') {
            return format!("{} count=\"{count}\"{}", &text[..i], &rest[end + 1..]);
        }
    }
    let body = text.trim_end_matches('>');
    let (body, close) = match body.strip_suffix('/') {
        Some(b) => (b.trim_end(), "/>"),
        None => (body, ">"),
    };
    format!("{body} count=\"{count}\"{close}")
}

/// `DEFAULT_FONT` with the stylesheet's prefix.
fn prefixed(xml: &str, p: &str) -> String {
    xml.replace('<', &format!("<{p}"))
}

/// Excel's built-in number formats that have one spelling everywhere.
fn builtin_formats() -> HashMap<String, u32> {
    [
        ("General", 0),
        ("0", 1),
        ("0.00", 2),
        ("#,##0", 3),
        ("#,##0.00", 4),
        ("0%", 9),
        ("0.00%", 10),
        ("0.00E+00", 11),
        ("@", 49),
    ]
    .into_iter()
    .map(|(c, i)| (c.to_string(), i))
    .collect()
}

// ----- grafting the records of another stylesheet -----

/// The sections whose records a graft copies, by ORDER index, with their records' name.
const RECORDS: [(usize, &str); 6] = [
    (NUM_FMTS, "numFmt"),
    (FONTS, "font"),
    (FILLS, "fill"),
    (BORDERS, "border"),
    (CELL_XFS, "xf"),
    (DXFS, "dxf"),
];

/// A stylesheet's records as written, per section (by ORDER index).
#[derive(Debug, Default)]
pub(crate) struct StyleRecords {
    prefix: String,
    records: [Vec<String>; 11],
    /// Its number formats: id → format code.
    num_fmt_codes: HashMap<u32, String>,
}

impl StyleRecords {
    /// Reads the records of the stylesheet `xml`.
    pub(crate) fn read(xml: &[u8]) -> Result<StyleRecords, Message> {
        let mut out = StyleRecords {
            prefix: root_prefix(xml),
            ..Default::default()
        };
        for (section, child) in RECORDS {
            for e in elements(xml, child)?
                .into_iter()
                .filter(|e| e.parent == ORDER[section])
            {
                if section == NUM_FMTS {
                    let id = e.attribute("numFmtId").and_then(|v| v.trim().parse().ok());
                    if let (Some(id), Some(code)) = (id, e.attribute("formatCode")) {
                        out.num_fmt_codes.insert(id, code);
                    }
                }
                let record = String::from_utf8_lossy(&xml[e.start..e.end]).into_owned();
                out.records[section].push(record);
            }
        }
        Ok(out)
    }
}

/// Where a graft from one source stylesheet is: the source's records, this stylesheet's
/// records by their XML (so that a record already there, the team's or appended by an
/// earlier graft, is used again rather than appended twice), and the source formats mapped
/// so far.
#[derive(Debug)]
pub(crate) struct StyleGraft {
    source: StyleRecords,
    xfs: HashMap<u32, u32>,
    dxfs: HashMap<u32, u32>,
}

impl Styles {
    /// Starts grafting formats of the stylesheet `source` into this one. Adds the records
    /// every cell format needs (font 0, fills 0 and 1, border 0, cell format 0) if this
    /// stylesheet lacks them.
    pub(crate) fn start_graft(&mut self, source: &[u8]) -> Result<StyleGraft, Message> {
        let source = StyleRecords::read(source)?;
        let own = StyleRecords::read(&self.original)?;
        for (section, child) in RECORDS.iter().take(5) {
            if own.records[*section].len() as u32 != self.counts[*section] {
                return Err(Message::new("package-styles_uncounted").arg("element", child));
            }
        }
        self.counts[DXFS] = own.records[DXFS].len() as u32;
        self.add_required_records();
        if self.total(CELL_XFS) == 0 {
            let p = &self.prefix;
            self.added[CELL_XFS].push(format!(
                "<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
            ));
        }
        Ok(StyleGraft {
            source,
            xfs: HashMap::new(),
            dxfs: HashMap::new(),
        })
    }

    /// This stylesheet's index for the source's cell format `id` (a cell's `s`): its number
    /// format, font, fill and border are found or appended, then the format itself. The
    /// source's format 0 is this stylesheet's format 0, the default look of the workbook.
    pub(crate) fn graft_cell_format(
        &mut self,
        graft: &mut StyleGraft,
        id: u32,
    ) -> Result<u32, Message> {
        if id == 0 {
            return Ok(0);
        }
        if let Some(&mapped) = graft.xfs.get(&id) {
            return Ok(mapped);
        }
        let record = graft.source.records[CELL_XFS]
            .get(id as usize)
            .ok_or_else(|| Message::new("package-style_missing_format").arg("id", id))?;
        let record = with_prefix(record, &graft.source.prefix, &self.prefix)?;
        let (mut tag, empty, tag_len) = first_tag(&record)?;
        for (key, section) in [("fontId", FONTS), ("fillId", FILLS), ("borderId", BORDERS)] {
            if let Some(source_id) = attribute(&tag, key).and_then(|v| v.trim().parse().ok()) {
                let own_id = self.graft_record(graft, section, source_id)?;
                tag = with_attribute(&tag, key, Some(&own_id.to_string()));
            }
        }
        let num_fmt = attribute(&tag, "numFmtId").and_then(|v| v.trim().parse::<u32>().ok());
        if let Some(code) = num_fmt.and_then(|id| graft.source.num_fmt_codes.get(&id)) {
            let own_id = self.num_fmt_id(Some(&code.clone()));
            tag = with_attribute(&tag, "numFmtId", Some(&own_id.to_string()));
        }
        // Named cell styles are not carried: the format refers to the workbook's Normal.
        let xf_id = (self.total(CELL_STYLE_XFS) > 0).then_some("0");
        tag = with_attribute(&tag, "xfId", xf_id);
        let xf = format!("{}{}", tag_text(&tag, empty), &record[tag_len..]);
        let own_id = self.find_or_append(CELL_XFS, xf)?;
        graft.xfs.insert(id, own_id);
        Ok(own_id)
    }

    /// This stylesheet's index for the source's differential format `id` (a conditional
    /// format's `dxfId`), appended unless an equal one is there.
    pub(crate) fn graft_dxf(&mut self, graft: &mut StyleGraft, id: u32) -> Result<u32, Message> {
        if let Some(&mapped) = graft.dxfs.get(&id) {
            return Ok(mapped);
        }
        let own_id = self.graft_record(graft, DXFS, id)?;
        graft.dxfs.insert(id, own_id);
        Ok(own_id)
    }

    /// The index here of the source's font, fill, border or dxf `id`. The records every
    /// workbook has first (font 0, fills 0 and 1, border 0) are this workbook's.
    fn graft_record(
        &mut self,
        graft: &mut StyleGraft,
        section: usize,
        id: u32,
    ) -> Result<u32, Message> {
        let first_own = match section {
            FONTS | BORDERS => 1,
            FILLS => 2,
            _ => 0,
        };
        if id < first_own && id < self.total(section) {
            return Ok(id);
        }
        let record = graft.source.records[section]
            .get(id as usize)
            .ok_or_else(|| {
                Message::new("package-style_missing_record")
                    .arg("element", ORDER[section])
                    .arg("id", id)
            })?;
        let record = with_prefix(record, &graft.source.prefix, &self.prefix)?;
        self.find_or_append(section, record)
    }

    /// The index of `record` in `section`: an equal record's, else it is appended.
    fn find_or_append(&mut self, section: usize, record: String) -> Result<u32, Message> {
        if self.known.is_none() {
            let own = StyleRecords::read(&self.original)?;
            let mut known: [HashMap<String, u32>; 11] = Default::default();
            for (section, _) in RECORDS {
                let records = own.records[section].iter().chain(&self.added[section]);
                for (i, record) in records.enumerate() {
                    known[section].entry(record.clone()).or_insert(i as u32);
                }
            }
            self.known = Some(known);
        }
        let known = self.known.as_mut().unwrap_or_else(|| unreachable!());
        if let Some(&id) = known[section].get(&record) {
            return Ok(id);
        }
        self.added[section].push(record.clone());
        let id = self.counts[section] + self.added[section].len() as u32 - 1;
        known[section].insert(record, id);
        Ok(id)
    }
}

impl StyleGraft {
    /// Whether the source's cell format `id` shows dates (a built-in date format, or a code
    /// with day or year parts): its numbers are serial dates, which depend on the workbook's
    /// date system. Time-only and duration formats are not dates.
    pub(crate) fn is_date(&self, id: u32) -> bool {
        let Some(record) = self.source.records[CELL_XFS].get(id as usize) else {
            return false;
        };
        let Ok((tag, _, _)) = first_tag(record) else {
            return false;
        };
        let Some(num_fmt) = attribute(&tag, "numFmtId").and_then(|v| v.trim().parse().ok()) else {
            return false;
        };
        match self.source.num_fmt_codes.get(&num_fmt) {
            Some(code) => code_shows_a_date(code),
            None => matches!(num_fmt, 14..=17 | 22 | 27..=31 | 34..=36 | 50..=54 | 57 | 58),
        }
    }
}

/// Whether a number format code has day or year parts outside quoted text, escapes and
/// `[…]` sections (colours, conditions, locales).
fn code_shows_a_date(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => while chars.next().is_some_and(|c| c != '"') {},
            '[' => while chars.next().is_some_and(|c| c != ']') {},
            '\\' | '_' | '*' => {
                chars.next();
            }
            'd' | 'D' | 'y' | 'Y' => return true,
            _ => {}
        }
    }
    false
}

/// The first start tag of `xml`: the tag, whether it is self-closing, and its length.
fn first_tag(xml: &str) -> Result<(BytesStart<'static>, bool, usize), Message> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|e| reason::xml(&e))? {
            Event::Start(e) => {
                return Ok((e.into_owned(), false, reader.buffer_position() as usize))
            }
            Event::Empty(e) => {
                return Ok((e.into_owned(), true, reader.buffer_position() as usize))
            }
            Event::Eof => return Err(Message::new("package-style_empty_record")),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXCEL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>"#;

    #[test]
    fn formats_are_appended_after_the_teams_and_counts_follow() {
        let mut s = Styles::read(EXCEL.as_bytes().to_vec()).unwrap();
        let bold_red = CellFormat {
            bold: true,
            fill_color: Some("ffc7ce".into()),
            number_format: Some("0.0".into()),
            ..Default::default()
        };
        assert_eq!(s.add(&bold_red).unwrap(), 3);
        assert_eq!(s.add(&bold_red).unwrap(), 3, "the same format is one style");
        let date = CellFormat {
            number_format: Some("yyyy-mm-dd".into()),
            wrap_text: true,
            ..Default::default()
        };
        assert_eq!(s.add(&date).unwrap(), 4);
        let out = String::from_utf8(s.render().unwrap()).unwrap();
        // The team's records are where they were, byte for byte.
        let team_xfs = r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/>"#;
        assert!(out.contains(&format!(
            "<cellXfs count=\"5\">{team_xfs}<xf numFmtId=\"165\""
        )));
        assert!(out.contains(r#"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>"#));
        // The new font is the default font, bold, in schema order.
        assert!(out.contains(r#"<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>"#));
        assert!(out.contains(r#"<fills count="3">"#));
        assert!(out.contains(r#"numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs>"#));
        assert!(out.ends_with(r#"<dxfs count="0"/></styleSheet>"#));
    }

    #[test]
    fn missing_sections_are_inserted_in_schema_order_with_the_prefix() {
        let xml = r#"<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:fonts count="1"><x:font><x:sz val="10"/><x:name val="Arial"/></x:font></x:fonts><x:cellXfs count="1"><x:xf numFmtId="0" fontId="0"/></x:cellXfs><x:cellStyles/></x:styleSheet>"#;
        let mut s = Styles::read(xml.as_bytes().to_vec()).unwrap();
        let id = s
            .add(&CellFormat {
                number_format: Some("0.000".into()),
                font_color: Some("9C0006".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(id, 1);
        let out = String::from_utf8(s.render().unwrap()).unwrap();
        let numfmts = out.find("<x:numFmts count=\"1\">").unwrap();
        let fonts = out.find("<x:fonts count=\"2\">").unwrap();
        let fills = out.find("<x:fills count=\"2\">").unwrap();
        let borders = out.find("<x:borders count=\"1\">").unwrap();
        let xfs = out.find("<x:cellXfs count=\"2\">").unwrap();
        assert!(
            numfmts < fonts && fonts < fills && fills < borders && borders < xfs,
            "{out}"
        );
        assert!(out.contains(
            r#"<x:font><x:sz val="10"/><x:color rgb="FF9C0006"/><x:name val="Arial"/></x:font>"#
        ));
        assert!(!out.contains("xfId"), "no cellStyleXfs to refer to: {out}");
    }

    #[test]
    fn self_closing_sections_are_opened_and_bad_colours_refused() {
        let xml = r#"<styleSheet xmlns="m"><fonts count="0"/><cellXfs/></styleSheet>"#;
        let mut s = Styles::read(xml.as_bytes().to_vec()).unwrap();
        assert!(s
            .add(&CellFormat {
                fill_color: Some("red".into()),
                ..Default::default()
            })
            .is_err());
        assert_eq!(
            s.add(&CellFormat {
                bold: true,
                ..Default::default()
            })
            .unwrap(),
            1
        );
        let out = String::from_utf8(s.render().unwrap()).unwrap();
        assert!(
            out.contains("<fonts count=\"2\"><font><sz val=\"11\"/>"),
            "{out}"
        );
        assert!(out.contains("<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\""), "{out}");
        assert!(Styles::read(b"<a><b></a>".to_vec()).is_err());
    }

    /// A stylesheet as rust_xlsxwriter writes one: a bold font, a fill, a border, a date
    /// format, a differential format.
    const SOURCE: &str = r#"<styleSheet xmlns="m"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"><alignment wrapText="1"/></xf><xf numFmtId="164" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1"/></cellXfs><dxfs count="1"><dxf><fill><patternFill><bgColor rgb="FFC6EFCE"/></patternFill></fill></dxf></dxfs></styleSheet>"#;

    #[test]
    fn grafted_formats_bring_their_records_once_with_this_stylesheets_prefix() {
        let own = r#"<x:styleSheet xmlns:x="m"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0"/></x:numFmts><x:fonts count="1"><x:font><x:sz val="10"/><x:name val="Arial"/></x:font></x:fonts><x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill><x:fill><x:patternFill patternType="gray125"/></x:fill></x:fills><x:borders count="1"><x:border/></x:borders><x:cellXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellXfs><x:tableStyles count="0"/></x:styleSheet>"#;
        let mut s = Styles::read(own.as_bytes().to_vec()).unwrap();
        let mut graft = s.start_graft(SOURCE.as_bytes()).unwrap();
        assert_eq!(s.graft_cell_format(&mut graft, 0).unwrap(), 0);
        assert_eq!(s.graft_cell_format(&mut graft, 1).unwrap(), 1);
        assert_eq!(s.graft_cell_format(&mut graft, 2).unwrap(), 2);
        assert_eq!(
            s.graft_cell_format(&mut graft, 3).unwrap(),
            1,
            "an equal format is one"
        );
        assert_eq!(s.graft_dxf(&mut graft, 0).unwrap(), 0);
        assert!(s.graft_cell_format(&mut graft, 9).is_err());
        let out = String::from_utf8(s.render().unwrap()).unwrap();
        assert!(out.contains(r#"<x:numFmt numFmtId="164" formatCode="0.0"/><x:numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></x:numFmts>"#), "{out}");
        assert!(out.contains(r#"<x:fonts count="2"><x:font><x:sz val="10"/><x:name val="Arial"/></x:font><x:font><x:b/><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts>"#), "{out}");
        // No cellStyleXfs here: the grafted formats refer to none.
        assert!(out.contains(r#"<x:xf numFmtId="165" fontId="1" fillId="2" borderId="1" applyNumberFormat="1"/><x:xf numFmtId="14" fontId="0" fillId="0" borderId="0"><x:alignment wrapText="1"/></x:xf></x:cellXfs>"#), "{out}");
        // The missing dxfs section goes before tableStyles.
        assert!(out.contains(r#"</x:cellXfs><x:dxfs count="1"><x:dxf><x:fill><x:patternFill><x:bgColor rgb="FFC6EFCE"/></x:patternFill></x:fill></x:dxf></x:dxfs><x:tableStyles"#), "{out}");
        // Grafting again into the result appends nothing.
        let mut again = Styles::read(out.into_bytes()).unwrap();
        let mut graft = again.start_graft(SOURCE.as_bytes()).unwrap();
        assert_eq!(again.graft_cell_format(&mut graft, 2).unwrap(), 2);
        assert_eq!(again.graft_cell_format(&mut graft, 1).unwrap(), 1);
        assert_eq!(again.graft_dxf(&mut graft, 0).unwrap(), 0);
        assert!(!again.changed());
    }

    #[test]
    fn cell_formats_and_grafted_ones_share_the_numbering() {
        let mut s = Styles::read(EXCEL.as_bytes().to_vec()).unwrap();
        let bold = CellFormat {
            bold: true,
            ..Default::default()
        };
        assert_eq!(s.add(&bold).unwrap(), 3);
        let mut graft = s.start_graft(SOURCE.as_bytes()).unwrap();
        assert_eq!(s.graft_cell_format(&mut graft, 1).unwrap(), 4);
        assert_eq!(s.graft_dxf(&mut graft, 0).unwrap(), 0);
        let red = CellFormat {
            font_color: Some("FF0000".into()),
            ..Default::default()
        };
        assert_eq!(s.add(&red).unwrap(), 5);
        let out = String::from_utf8(s.render().unwrap()).unwrap();
        assert!(out.contains("<cellXfs count=\"6\">"), "{out}");
        // The team's yyyy-mm-dd is format 164: the grafted one uses it.
        assert!(out.contains(r#"<xf numFmtId="164" fontId="3" fillId="2" borderId="1" xfId="0" applyNumberFormat="1"/>"#), "{out}");
        assert!(out.contains(r#"<dxfs count="1"><dxf>"#), "{out}");
    }

    #[test]
    fn date_formats_are_told_from_times_and_numbers() {
        for code in [
            "yyyy-mm-dd",
            "d mmm",
            "[$-409]dddd",
            "YY",
            "dd/mm/yyyy hh:mm",
        ] {
            assert!(code_shows_a_date(code), "{code}");
        }
        for code in [
            "hh:mm",
            "[h]:mm:ss",
            "0.00 \"days\"",
            "#,##0 [Red]",
            "\\d0",
            "General",
        ] {
            assert!(!code_shows_a_date(code), "{code}");
        }
        let graft = Styles::read(EXCEL.as_bytes().to_vec())
            .unwrap()
            .start_graft(SOURCE.as_bytes())
            .unwrap();
        assert!(graft.is_date(1) && graft.is_date(2));
        assert!(!graft.is_date(0) && !graft.is_date(7));
    }
}

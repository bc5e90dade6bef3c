//! Streams one worksheet part through, passing the team's XML on event by event (every `<c>`
//! element as it was), and adds the caller's cells to the rows.
//!
//! What changes in the part, and nothing else:
//! - `<dimension ref>` is widened to the declared new columns;
//! - `<col>` entries are added for new columns with a width (an existing `<col>` range that
//!   covers such a column is split around it), and a `<cols>` element is inserted before
//!   `<sheetData>` when the sheet has none;
//! - a row that receives cells gets them in column order among its own cells, and its `spans`
//!   hint is widened; a self-closing `<row/>` is opened up.
//!
//! Rows that are not in the part receive nothing: the callback is called for the rows the part
//! has, in their order.

use std::io::{BufRead, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use super::error::reason;
use crate::i18n::Message;

use super::xml::{
    attribute, cell_name, escape, parse_cell, prefix_of, push_cell_name, MAX_CELL_CHARS, MAX_COLUMN,
};

/// A column the caller will add cells to (0-based), with the width to give it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewColumn {
    /// 0-based column index (0 is A).
    pub column: u32,
    /// Width in Excel's character units; `None` leaves the column's width as it is.
    pub width: Option<f64>,
}

/// What a patch changes in a worksheet besides adding cells to its rows.
#[derive(Debug, Clone, Default)]
pub struct SheetEdits {
    /// Every column cells will be added to, with its width.
    pub columns: Vec<NewColumn>,
    /// Columns (0-based) whose existing cells are dropped: an earlier run's added cells,
    /// about to be written again.
    pub clear_columns: Vec<u32>,
    /// A `<conditionalFormatting>` element whose XML contains one of these texts is dropped
    /// (an earlier run's rules, recognised by a marker in their formulas).
    pub drop_rules_marked: Vec<String>,
    /// The sheet's `<legacyDrawing>` is dropped (an earlier run's notes).
    pub drop_legacy_drawing: bool,
}

/// What the sheet's rows told the caller, for the elements added after them.
#[derive(Debug, Clone, Default)]
pub struct TailContext {
    /// The highest `priority` of the sheet's own conditional-format rules (0 without any),
    /// so added rules can come after them.
    pub max_priority: u32,
    /// The namespace prefix of the sheet's elements (`""` for the default namespace).
    pub prefix: String,
}

/// Elements added after the rows, each put where the schema wants it.
#[derive(Debug, Clone, Default)]
pub struct SheetTail {
    /// `<conditionalFormatting>` elements, placed after the sheet's own.
    pub conditional_formatting: String,
    /// A `<legacyDrawing r:id=…/>` element (the notes' drawing).
    pub legacy_drawing: Option<String>,
}

/// The value of an added cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// A number (`<v>`); must be finite.
    Number(f64),
    /// Text, written as an inline string (`t="inlineStr"`); no shared-string table is needed.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// No value: only the style.
    Blank,
    /// A formula (without `=`) with the text it shows until it is recalculated (`t="str"`).
    Formula { formula: String, cached: String },
}

/// One added cell.
#[derive(Debug, Clone, PartialEq)]
struct NewCell {
    column: u32,
    value: CellValue,
    style: Option<u32>,
}

/// Collects the cells to add to one row; given to the caller's callback for every row.
#[derive(Debug, Default)]
pub struct RowAppender {
    row: u32,
    cells: Vec<NewCell>,
}

impl RowAppender {
    /// The row these cells go to (0-based: 0 is Excel's row 1).
    pub fn row(&self) -> u32 {
        self.row
    }

    /// Adds a cell at `column` (0-based). Cells may be given in any order; a column the row
    /// already has a cell in, or a column not declared in the patch, is an error when the
    /// row is written.
    pub fn push(&mut self, column: u32, value: CellValue, style: Option<u32>) {
        self.cells.push(NewCell {
            column,
            value,
            style,
        });
    }

    /// Adds a number.
    pub fn number(&mut self, column: u32, value: f64, style: Option<u32>) {
        self.push(column, CellValue::Number(value), style);
    }

    /// Adds a text (inline string).
    pub fn text(&mut self, column: u32, value: impl Into<String>, style: Option<u32>) {
        self.push(column, CellValue::Text(value.into()), style);
    }
}

/// What a patch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatchStats {
    /// Rows of the part the callback was called for.
    pub rows: u64,
    /// Cells added.
    pub cells_added: u64,
}

/// Why a sheet could not be streamed.
#[derive(Debug)]
pub(crate) enum SheetError {
    Xml(Message),
    Io(std::io::Error),
    Cell { cell: String, reason: Message },
}

impl From<std::io::Error> for SheetError {
    fn from(e: std::io::Error) -> Self {
        SheetError::Io(e)
    }
}

impl From<quick_xml::Error> for SheetError {
    fn from(e: quick_xml::Error) -> Self {
        match e {
            quick_xml::Error::Io(io) => {
                SheetError::Io(std::io::Error::new(io.kind(), io.to_string()))
            }
            e => SheetError::Xml(reason::xml(&e)),
        }
    }
}

/// Where the stream is.
#[derive(PartialEq, Eq)]
enum Place {
    /// Outside `<sheetData>`.
    Outside,
    /// Inside `<sheetData>`, between rows.
    SheetData,
    /// Inside a `<row>`.
    Row,
}

struct Patcher<'a, 't, W: Write> {
    out: Writer<W>,
    columns: &'a [NewColumn],
    edits: &'a SheetEdits,
    tail: Option<&'t mut dyn FnMut(&TailContext) -> SheetTail>,
    /// The tail's pieces not yet written.
    pending_rules: Option<String>,
    pending_drawing: Option<String>,
    after_sheet_data: bool,
    max_priority: u32,
    /// Dropping an element: the depth at which it ends.
    skip_until: Option<usize>,
    /// Holding a `<conditionalFormatting>` element to decide whether it is kept.
    held: Option<Writer<Vec<u8>>>,
    /// The highest rule priority in the held element.
    held_priority: u32,
    /// Reused for the XML of each added cell.
    scratch: String,
    last_declared: Option<u32>,
    on_row: &'a mut dyn FnMut(u32, &mut RowAppender),
    place: Place,
    depth: usize,
    cols_written: bool,
    /// The previous row's number (0-based), for rows without `r`.
    previous_row: Option<u32>,
    /// The current row's number, its pending cells (sorted, next first), the element prefix.
    row: u32,
    pending: Vec<NewCell>,
    prefix: String,
    /// The previous cell's column in the current row, for cells without `r`.
    previous_column: Option<u32>,
    stats: PatchStats,
    /// Inside `<cols>`: its children, held until `</cols>`.
    cols: Option<Vec<Event<'static>>>,
}

/// Streams the worksheet XML in `input` to `output`, adding the cells `on_row` gives for each
/// row (0-based row number). `columns` declares every column cells will be added to.
pub(crate) fn patch<R: BufRead, W: Write>(
    input: R,
    output: W,
    edits: &SheetEdits,
    on_row: &mut dyn FnMut(u32, &mut RowAppender),
    tail: Option<&mut dyn FnMut(&TailContext) -> SheetTail>,
) -> Result<PatchStats, SheetError> {
    let columns = edits.columns.as_slice();
    for c in columns {
        if c.column > MAX_COLUMN {
            return Err(SheetError::Cell {
                cell: crate::model::finding::column_letters(c.column),
                reason: Message::new("package-cell_past_last_column").arg("last", "XFD"),
            });
        }
    }
    let mut reader = Reader::from_reader(input);
    let mut patcher = Patcher {
        out: Writer::new(output),
        columns,
        edits,
        tail,
        pending_rules: None,
        pending_drawing: None,
        after_sheet_data: false,
        max_priority: 0,
        skip_until: None,
        held: None,
        held_priority: 0,
        scratch: String::new(),
        last_declared: columns.iter().map(|c| c.column).max(),
        on_row,
        place: Place::Outside,
        depth: 0,
        cols_written: false,
        previous_row: None,
        row: 0,
        pending: Vec::new(),
        prefix: String::new(),
        previous_column: None,
        stats: PatchStats::default(),
        cols: None,
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf)?;
        if matches!(event, Event::Eof) {
            break;
        }
        patcher.event(event)?;
    }
    if patcher.depth != 0 {
        return Err(SheetError::Xml(Message::new("package-part_cut_short")));
    }
    patcher.out.into_inner().flush()?;
    Ok(patcher.stats)
}

impl<W: Write> Patcher<'_, '_, W> {
    fn event(&mut self, event: Event) -> Result<(), SheetError> {
        if let Some(end) = self.skip_until {
            match event {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => {
                    self.depth -= 1;
                    if self.depth == end {
                        self.skip_until = None;
                    }
                }
                _ => {}
            }
            return Ok(());
        }
        if self.held.is_some() {
            return self.hold(event);
        }
        if let Some(cols) = self.cols.as_mut() {
            match event {
                Event::End(e) if self.depth == 2 && e.local_name().as_ref() == "cols" => {
                    let children = self.cols.take().unwrap_or_default();
                    self.write_cols(children)?;
                    self.out.write_event(Event::End(e))?;
                    self.depth -= 1;
                }
                event => {
                    match &event {
                        Event::Start(_) => self.depth += 1,
                        Event::End(_) => self.depth -= 1,
                        _ => {}
                    }
                    cols.push(event.into_owned());
                }
            }
            return Ok(());
        }
        match event {
            Event::Start(e) => {
                self.depth += 1;
                self.start(e, false)
            }
            Event::Empty(e) => self.start(e, true),
            Event::End(e) => {
                self.end(&e)?;
                if self.depth == 1 {
                    // `</worksheet>`: whatever of the tail is left goes last.
                    self.write_tail_before(None)?;
                }
                self.depth = self.depth.saturating_sub(1);
                self.out.write_event(Event::End(e))?;
                Ok(())
            }
            event => Ok(self.out.write_event(event)?),
        }
    }

    /// Inside a held `<conditionalFormatting>`: kept until its end, then written unless it
    /// carries the marker of the rules being replaced.
    fn hold(&mut self, event: Event) -> Result<(), SheetError> {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if let Some(p) = rule_priority(e) {
                self.held_priority = self.held_priority.max(p);
            }
        }
        let closing = matches!(event, Event::End(_)) && self.depth == 2;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth -= 1,
            _ => {}
        }
        let held = self.held.as_mut().unwrap_or_else(|| unreachable!());
        held.write_event(event)?;
        if closing {
            let xml = self
                .held
                .take()
                .unwrap_or_else(|| unreachable!())
                .into_inner();
            let ours = self
                .edits
                .drop_rules_marked
                .iter()
                .any(|marker| contains(&xml, marker.as_bytes()));
            if !ours {
                self.out.get_mut().write_all(&xml)?;
                self.max_priority = self.max_priority.max(self.held_priority);
            }
            self.held_priority = 0;
        }
        Ok(())
    }

    /// Remembers a rule's priority, so the added ones come after the team's.
    fn note_priority(&mut self, e: &BytesStart) {
        if let Some(p) = rule_priority(e) {
            self.max_priority = self.max_priority.max(p);
        }
    }

    /// Before a top-level element after `<sheetData>` (`None`: before `</worksheet>`), writes
    /// the tail's pieces that the schema puts earlier.
    fn write_tail_before(&mut self, local: Option<&str>) -> Result<(), SheetError> {
        if !self.after_sheet_data {
            return Ok(());
        }
        let at = local.map_or(usize::MAX, position_after_sheet_data);
        if at == usize::MAX && local.is_some() {
            // An element the schema does not list here: nothing moves around it.
            return Ok(());
        }
        let rules_at = position_after_sheet_data("conditionalFormatting");
        if at <= rules_at {
            return Ok(());
        }
        if let Some(tail) = self.tail.take() {
            let context = TailContext {
                max_priority: self.max_priority,
                prefix: self.prefix.clone(),
            };
            let made = tail(&context);
            self.pending_rules = Some(made.conditional_formatting);
            self.pending_drawing = made.legacy_drawing;
        }
        if let Some(rules) = self.pending_rules.take() {
            self.out.get_mut().write_all(rules.as_bytes())?;
        }
        if at > position_after_sheet_data("legacyDrawing") {
            if let Some(drawing) = self.pending_drawing.take() {
                self.out.get_mut().write_all(drawing.as_bytes())?;
            }
        }
        Ok(())
    }

    fn start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        let local = e.local_name();
        let local = local.as_ref();
        // `depth` counts open elements, this one included unless it is self-closing.
        let level = if empty { self.depth + 1 } else { self.depth };
        if self.place == Place::Outside && self.after_sheet_data {
            self.note_priority(&e);
            if level == 2 {
                let name = local.to_string();
                self.write_tail_before(Some(&name))?;
                match name.as_str() {
                    "conditionalFormatting" if !empty => {
                        let mut held = Writer::new(Vec::new());
                        held.write_event(Event::Start(e))?;
                        self.held = Some(held);
                        return Ok(());
                    }
                    "legacyDrawing" if self.edits.drop_legacy_drawing => {
                        if !empty {
                            self.skip_until = Some(self.depth - 1);
                        }
                        return Ok(());
                    }
                    _ => {}
                }
            }
        }
        match (&self.place, level, local) {
            (Place::Outside, 2, "dimension") => {
                let e = self.widen_dimension(&e);
                self.write_start(e, empty)
            }
            (Place::Outside, 2, "cols") => self.cols_start(e, empty),
            (Place::Outside, 2, "sheetData") => self.sheet_data_start(e, empty),
            (Place::SheetData, 3, "row") => self.row_start(e, empty),
            (Place::Row, 4, "c") => self.cell_start(e, empty),
            _ => self.write_start(e, empty),
        }
    }

    /// `<cols>`: held until its end to add the new columns, or opened up when self-closing
    /// and there are new columns to hold.
    fn cols_start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        self.cols_written = true;
        if empty && self.new_col_elements(&prefix_of(&e)).is_empty() {
            self.write_start(e, true)
        } else if empty {
            // `<cols/>` with new columns to hold: open it up.
            let e = e.into_owned();
            let children = Vec::new();
            let end = BytesEnd::new(e.name().as_ref().to_string());
            self.out.write_event(Event::Start(e))?;
            self.write_cols(children)?;
            self.out.write_event(Event::End(end))?;
            Ok(())
        } else {
            self.out.write_event(Event::Start(e))?;
            self.cols = Some(Vec::new());
            Ok(())
        }
    }

    /// `<sheetData>`: preceded by a `<cols>` for the new columns when the sheet had none.
    fn sheet_data_start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        if !self.cols_written {
            self.cols_written = true;
            let new = self.new_col_elements(&prefix_of(&e));
            if !new.is_empty() {
                let p = prefix_of(&e);
                self.out
                    .get_mut()
                    .write_all(format!("<{p}cols>{new}</{p}cols>").as_bytes())?;
            }
        }
        self.prefix = prefix_of(&e);
        if empty {
            self.after_sheet_data = true;
        } else {
            self.place = Place::SheetData;
        }
        self.write_start(e, empty)
    }

    /// A team's `<c>`: the pending cells before its column go first.
    fn cell_start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        let column = self.cell_column(&e)?;
        self.previous_column = Some(column);
        if self.edits.clear_columns.contains(&column) {
            // An earlier run's cell, written again from the pending ones.
            if !empty {
                self.skip_until = Some(self.depth - 1);
            }
            return Ok(());
        }
        self.flush_pending(Some(column))?;
        self.write_start(e, empty)
    }

    /// The column of a team's `<c>`: its reference's, or the one after the previous cell's.
    fn cell_column(&self, e: &BytesStart) -> Result<u32, SheetError> {
        match attribute(e, "r") {
            Some(r) => parse_cell(&r)
                .map(|(_, c)| c)
                .ok_or_else(|| SheetError::Cell {
                    cell: r.clone(),
                    reason: Message::new("package-cell_bad_reference"),
                }),
            None => {
                // Pending cells are kept next-last.
                let next = self.previous_column.map_or(0, |c| c + 1);
                if let Some(pending) = self.pending.last().filter(|p| p.column <= next) {
                    return Err(SheetError::Cell {
                        cell: cell_name(self.row, pending.column),
                        reason: Message::new("package-cell_unreferenced_row"),
                    });
                }
                Ok(next)
            }
        }
    }

    fn write_start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        let event = if empty {
            Event::Empty(e)
        } else {
            Event::Start(e)
        };
        Ok(self.out.write_event(event)?)
    }

    fn end(&mut self, e: &BytesEnd) -> Result<(), SheetError> {
        match (&self.place, self.depth, e.local_name().as_ref()) {
            (Place::Row, 3, "row") => {
                self.flush_pending(None)?;
                self.place = Place::SheetData;
            }
            (Place::SheetData, 2, "sheetData") => {
                self.place = Place::Outside;
                self.after_sheet_data = true;
            }
            _ => {}
        }
        Ok(())
    }

    fn row_start(&mut self, e: BytesStart, empty: bool) -> Result<(), SheetError> {
        let row = self.row_number(&e)?;
        self.previous_row = Some(row);
        self.row = row;
        self.previous_column = None;
        self.prefix = prefix_of(&e);
        let mut cells = self.cells_for_row(row)?;
        let e = if cells.is_empty() {
            e
        } else {
            widen_spans(&e, cells[cells.len() - 1].column)
        };
        cells.reverse(); // next cell last, popped first
        self.pending = cells;
        if empty {
            if self.pending.is_empty() {
                return self.write_start(e, true);
            }
            let end = BytesEnd::new(e.name().as_ref().to_string());
            self.out.write_event(Event::Start(e))?;
            self.flush_pending(None)?;
            self.out.write_event(Event::End(end))?;
            Ok(())
        } else {
            self.place = Place::Row;
            self.write_start(e, false)
        }
    }

    /// A `<row>`'s number (0-based): its `r`, or the one after the previous row's.
    fn row_number(&self, e: &BytesStart) -> Result<u32, SheetError> {
        match attribute(e, "r") {
            Some(r) => match r.trim().parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(SheetError::Xml(
                    Message::new("package-row_number").arg("text", r),
                )),
            },
            None => Ok(self.previous_row.map_or(0, |r| r + 1)),
        }
    }

    /// The cells the caller adds to `row`, sorted by column; each in a declared column and
    /// none twice.
    fn cells_for_row(&mut self, row: u32) -> Result<Vec<NewCell>, SheetError> {
        let mut appender = RowAppender {
            row,
            cells: Vec::new(),
        };
        (self.on_row)(row, &mut appender);
        self.stats.rows += 1;
        let mut cells = appender.cells;
        cells.sort_by_key(|c| c.column);
        for pair in cells.windows(2) {
            if pair[0].column == pair[1].column {
                return Err(SheetError::Cell {
                    cell: cell_name(row, pair[0].column),
                    reason: Message::new("package-cell_given_twice"),
                });
            }
        }
        for c in &cells {
            if !self.columns.iter().any(|d| d.column == c.column) {
                return Err(SheetError::Cell {
                    cell: cell_name(row, c.column),
                    reason: Message::new("package-cell_column_undeclared"),
                });
            }
        }
        Ok(cells)
    }

    /// Writes the pending cells that come before `column` (all of them for `None`).
    fn flush_pending(&mut self, column: Option<u32>) -> Result<(), SheetError> {
        while let Some(next) = self.pending.last() {
            match column {
                Some(c) if next.column == c => {
                    return Err(SheetError::Cell {
                        cell: cell_name(self.row, c),
                        reason: Message::new("package-cell_taken"),
                    })
                }
                Some(c) if next.column > c => return Ok(()),
                _ => {}
            }
            let cell = self.pending.pop().unwrap_or_else(|| unreachable!());
            self.scratch.clear();
            cell_xml(&mut self.scratch, &self.prefix, self.row, &cell)?;
            self.out.get_mut().write_all(self.scratch.as_bytes())?;
            self.stats.cells_added += 1;
        }
        Ok(())
    }

    /// `<dimension ref="A1:C10"/>` → `ref="A1:F10"` when columns up to F are declared.
    fn widen_dimension(&self, e: &BytesStart) -> BytesStart<'static> {
        let Some(last) = self.last_declared else {
            return e.clone().into_owned();
        };
        replace_attribute(e, "ref", |value| {
            let (first, end) = value.split_once(':').unwrap_or((value, value));
            let (Some((r1, c1)), Some((r2, c2))) = (parse_cell(first), parse_cell(end)) else {
                return None;
            };
            let (r1, r2) = (r1.min(r2), r1.max(r2));
            let (c1, c2) = (c1.min(c2), c1.max(c2).max(last));
            Some(format!("{}:{}", cell_name(r1, c1), cell_name(r2, c2)))
        })
    }

    /// `<col>` elements for the declared columns with a width.
    fn new_col_elements(&self, prefix: &str) -> String {
        self.new_cols(prefix)
            .into_iter()
            .map(|(_, xml)| xml)
            .collect()
    }

    /// `<col>` elements for the declared columns with a width, by 1-based column.
    fn new_cols(&self, prefix: &str) -> Vec<(u32, String)> {
        let mut widths: Vec<(u32, f64)> = self
            .columns
            .iter()
            .filter_map(|c| c.width.map(|w| (c.column, w)))
            .filter(|(_, w)| w.is_finite() && *w >= 0.0)
            .collect();
        widths.sort_by_key(|(c, _)| *c);
        widths.dedup_by_key(|(c, _)| *c);
        widths
            .iter()
            .map(|(c, w)| {
                let xml = format!(
                    "<{prefix}col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>",
                    n = c + 1,
                    w = (w * 100.0).round() / 100.0
                );
                (c + 1, xml)
            })
            .collect()
    }

    /// Writes `<cols>`'s children: the team's as they were (a range that covers a new column
    /// is split around it, a range made only of new columns is dropped), the new ones among
    /// them by column.
    fn write_cols(&mut self, children: Vec<Event<'static>>) -> Result<(), SheetError> {
        let prefix = children
            .iter()
            .find_map(|e| match e {
                Event::Start(s) | Event::Empty(s) => Some(prefix_of(s)),
                _ => None,
            })
            .unwrap_or_default();
        let cuts: Vec<u32> = self
            .columns
            .iter()
            .filter(|c| c.width.is_some_and(|w| w.is_finite() && w >= 0.0))
            .map(|c| c.column + 1)
            .collect();
        let mut new = self.new_cols(&prefix);
        new.reverse(); // next last
        for child in children {
            let range = match &child {
                Event::Start(e) | Event::Empty(e) => col_range(e)?.map(|(a, b)| (a, b, e)),
                _ => None,
            };
            let Some((min, max, e)) = range else {
                self.out.write_event(child)?;
                continue;
            };
            while let Some((c, xml)) = new.pop() {
                if c < min {
                    self.out.get_mut().write_all(xml.as_bytes())?;
                } else {
                    new.push((c, xml));
                    break;
                }
            }
            if !cuts.iter().any(|c| (min..=max).contains(c)) {
                self.out.write_event(child)?;
                continue;
            }
            let mut pieces = split_col_ranges(&[(min, max, e)], &cuts);
            while new.last().is_some_and(|(c, _)| *c <= max) {
                pieces.extend(new.pop());
            }
            pieces.sort_by_key(|(c, _)| *c);
            for (_, xml) in pieces {
                self.out.get_mut().write_all(xml.as_bytes())?;
            }
        }
        while let Some((_, xml)) = new.pop() {
            self.out.get_mut().write_all(xml.as_bytes())?;
        }
        Ok(())
    }
}

/// A `<col>` element's 1-based range; `None` for another element.
fn col_range(e: &BytesStart) -> Result<Option<(u32, u32)>, SheetError> {
    if e.local_name().as_ref() != "col" {
        return Ok(None);
    }
    let min = attribute(e, "min").and_then(|v| v.trim().parse::<u32>().ok());
    let max = attribute(e, "max").and_then(|v| v.trim().parse::<u32>().ok());
    match (min, max) {
        (Some(min), Some(max)) if min >= 1 && min <= max => Ok(Some((min, max))),
        _ => Err(SheetError::Xml(Message::new("package-col_range"))),
    }
}

/// Every `<col>` range minus the (1-based) columns in `cuts`, as self-closing elements by
/// their first column.
fn split_col_ranges(ranges: &[(u32, u32, &BytesStart)], cuts: &[u32]) -> Vec<(u32, String)> {
    let mut pieces: Vec<(u32, String)> = Vec::new();
    for (min, max, e) in ranges {
        let mut start = *min;
        let mut inside: Vec<u32> = cuts
            .iter()
            .copied()
            .filter(|w| w >= min && w <= max)
            .collect();
        inside.sort_unstable();
        inside.push(max + 1);
        for cut in inside {
            if cut > start {
                let piece = replace_attribute(e, "min", |_| Some(start.to_string()));
                let piece = replace_attribute(&piece, "max", |_| Some((cut - 1).to_string()));
                pieces.push((start, event_text(&piece)));
            }
            start = cut + 1;
        }
    }
    pieces
}

/// A self-closing element's XML.
fn event_text(e: &BytesStart) -> String {
    format!("<{}/>", &**e)
}

/// `e` with the attribute `local` (unprefixed) changed by `change` (`None` keeps it).
fn replace_attribute(
    e: &BytesStart,
    local: &str,
    change: impl Fn(&str) -> Option<String>,
) -> BytesStart<'static> {
    let name = e.name().as_ref().to_string();
    let mut out = BytesStart::new(name);
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.as_ref() == local {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            if let Some(new) = change(&value) {
                out.push_attribute(Attribute {
                    key: a.key,
                    value: escape(&new),
                });
                continue;
            }
        }
        out.push_attribute(a);
    }
    out
}

/// The row's `spans` hint ("1:5", 1-based, possibly several ranges) widened to `last_column`.
fn widen_spans(e: &BytesStart, last_column: u32) -> BytesStart<'static> {
    if attribute(e, "spans").is_none() {
        return e.clone().into_owned();
    }
    replace_attribute(e, "spans", |value| {
        let mut ranges: Vec<String> = value.split_whitespace().map(str::to_string).collect();
        let last = ranges.pop()?;
        let (a, b) = last.split_once(':')?;
        let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
        ranges.push(format!("{a}:{}", b.max(last_column + 1)));
        Some(ranges.join(" "))
    })
}

/// A conditional-format rule's priority.
fn rule_priority(e: &BytesStart) -> Option<u32> {
    if e.local_name().as_ref() != "cfRule" {
        return None;
    }
    attribute(e, "priority").and_then(|p| p.trim().parse::<u32>().ok())
}

/// The place of a top-level worksheet element after `<sheetData>` in the schema's sequence
/// (`usize::MAX` for one it does not list there).
fn position_after_sheet_data(local: &str) -> usize {
    const ORDER: [&str; 33] = [
        "sheetCalcPr",
        "sheetProtection",
        "protectedRanges",
        "scenarios",
        "autoFilter",
        "sortState",
        "dataConsolidate",
        "customSheetViews",
        "mergeCells",
        "phoneticPr",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "customProperties",
        "cellWatches",
        "ignoredErrors",
        "smartTags",
        "drawing",
        "legacyDrawing",
        "legacyDrawingHF",
        "drawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
    ];
    match local {
        // Markup compatibility wraps controls and OLE objects.
        "AlternateContent" => position_after_sheet_data("oleObjects"),
        _ => ORDER.iter().position(|n| *n == local).unwrap_or(usize::MAX),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Writes the XML of an added cell to `out` (one buffer reused for every cell: a backlog
/// sheet gets millions).
fn cell_xml(out: &mut String, p: &str, row: u32, cell: &NewCell) -> Result<(), SheetError> {
    use std::fmt::Write as _;
    let r = || cell_name(row, cell.column);
    let too_long =
        |text: &str| text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS;
    let _ = write!(out, "<{p}c r=\"");
    push_cell_name(out, row, cell.column);
    out.push('"');
    if let Some(s) = cell.style {
        let _ = write!(out, " s=\"{s}\"");
    }
    match &cell.value {
        CellValue::Number(x) => {
            if !x.is_finite() {
                return Err(SheetError::Cell {
                    cell: r(),
                    reason: Message::new("package-cell_not_a_number").arg("number", x),
                });
            }
            let _ = write!(out, "><{p}v>{}</{p}v></{p}c>", number(*x));
        }
        CellValue::Text(text) => {
            if too_long(text) {
                return Err(SheetError::Cell {
                    cell: r(),
                    reason: Message::new("package-cell_text_too_long").arg("limit", MAX_CELL_CHARS),
                });
            }
            let _ = write!(
                out,
                " t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">{}</{p}t></{p}is></{p}c>",
                escape(text)
            );
        }
        CellValue::Bool(b) => {
            let _ = write!(out, " t=\"b\"><{p}v>{}</{p}v></{p}c>", u8::from(*b));
        }
        CellValue::Blank => out.push_str("/>"),
        CellValue::Formula { formula, cached } => {
            if too_long(cached) || formula.chars().count() > 8192 {
                return Err(SheetError::Cell {
                    cell: r(),
                    reason: Message::new("package-cell_formula_too_long"),
                });
            }
            let _ = write!(
                out,
                " t=\"str\"><{p}f>{}</{p}f><{p}v>{}</{p}v></{p}c>",
                escape(formula.trim_start_matches('=')),
                escape(cached)
            );
        }
    }
    Ok(())
}

/// A number as `<v>` text: the shortest form that reads back as the same number.
fn number(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patches `xml`, adding for each row what `add` gives, and returns the result.
    fn run(
        xml: &str,
        columns: &[NewColumn],
        mut add: impl FnMut(u32, &mut RowAppender),
    ) -> Result<(String, PatchStats), SheetError> {
        let mut out = Vec::new();
        let edits = SheetEdits {
            columns: columns.to_vec(),
            ..SheetEdits::default()
        };
        let stats = patch(xml.as_bytes(), &mut out, &edits, &mut add, None)?;
        Ok((String::from_utf8(out).unwrap(), stats))
    }

    fn col(column: u32, width: Option<f64>) -> NewColumn {
        NewColumn { column, width }
    }

    /// Every `<c ...>...</c>` or `<c .../>` element of `xml`, as text.
    fn cells(xml: &str, prefix: &str) -> Vec<String> {
        let open = format!("<{prefix}c ");
        let close = format!("</{prefix}c>");
        let mut out = Vec::new();
        let mut rest = xml;
        while let Some(at) = rest.find(&open) {
            let tail = &rest[at..];
            let tag_end = tail.find('>').unwrap();
            let end = if tail.as_bytes()[tag_end - 1] == b'/' {
                tag_end + 1
            } else {
                tail.find(&close).unwrap() + close.len()
            };
            out.push(tail[..end].to_string());
            rest = &tail[end..];
        }
        out
    }

    /// The team's cells are all in the output, in their order, byte for byte.
    fn assert_cells_kept(input: &str, output: &str, prefix: &str) {
        let theirs = cells(input, prefix);
        let ours = cells(output, prefix);
        let mut i = 0;
        for c in &ours {
            if i < theirs.len() && *c == theirs[i] {
                i += 1;
            }
        }
        assert_eq!(i, theirs.len(), "not every cell kept:\n{input}\n{output}");
    }

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#;

    #[test]
    fn cells_are_appended_to_rows_and_everything_else_passes_through() {
        let input = format!(
            r#"{HEAD}<dimension ref="A1:B3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="s"><v>1</v></c></row><row r="2" spans="1:2" ht="20" customHeight="1"><c r="A2"><v>1.5</v></c><c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f><v>3</v></c></row><row r="3" spans="1:2"><c r="A3" s="2"/><c r="B3"><f t="shared" si="0"/><v>0</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
        );
        let columns = [col(3, Some(12.5)), col(4, None)];
        let (out, stats) = run(&input, &columns, |row, cells| {
            cells.number(3, f64::from(row) + 0.25, Some(7));
            cells.text(4, format!("r{row} <&> \"x\" 备注"), None);
        })
        .unwrap();
        assert_eq!(
            stats,
            PatchStats {
                rows: 3,
                cells_added: 6
            }
        );
        assert_cells_kept(&input, &out, "");
        assert!(out.starts_with(HEAD), "{out}");
        assert!(out.contains(r#"<dimension ref="A1:E3"/>"#), "{out}");
        assert!(out.contains(r#"<sheetFormatPr defaultRowHeight="15"/><cols><col min="4" max="4" width="12.5" customWidth="1"/></cols><sheetData>"#), "{out}");
        assert!(
            out.contains(r#"<row r="2" spans="1:5" ht="20" customHeight="1">"#),
            "{out}"
        );
        assert!(out.contains(r#"<c r="B1" s="3" t="s"><v>1</v></c><c r="D1" s="7"><v>0.25</v></c><c r="E1" t="inlineStr"><is><t xml:space="preserve">r0 &lt;&amp;&gt; &quot;x&quot; 备注</t></is></c></row>"#), "{out}");
        assert!(
            out.contains(r#"<f t="shared" si="0"/><v>0</v></c><c r="D3" s="7"><v>2.25</v></c>"#),
            "{out}"
        );
        assert!(out.ends_with(r#"</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#));
    }

    #[test]
    fn nothing_added_means_the_same_bytes() {
        let input = format!(
            "{HEAD}\r\n  <dimension ref=\"A1\" />\r\n  <sheetData>\r\n    <row r=\"1\" ><c r=\"A1\" t=\"inlineStr\" ><is><t>a &amp; b &#x41; &lt;</t></is></c></row>\r\n    <row r=\"2\"/>\r\n  </sheetData>\r\n  <!-- a comment --><?pi x?>\r\n</worksheet>\r\n"
        );
        let (out, stats) = run(&input, &[], |_, _| {}).unwrap();
        assert_eq!(out, input);
        assert_eq!(stats.rows, 2);
    }

    #[test]
    fn self_closing_rows_are_opened_and_empty_ones_kept() {
        let input = format!(
            r#"{HEAD}<sheetData><row r="1" spans="1:1"/><row r="2" ht="30" customHeight="1"/><row r="4"><c r="A4"><v>1</v></c></row></sheetData></worksheet>"#
        );
        let (out, _) = run(&input, &[col(2, None)], |row, cells| {
            if row != 1 {
                cells.push(2, CellValue::Bool(row == 0), None);
            }
        })
        .unwrap();
        assert!(out.contains(r#"<row r="1" spans="1:3"><c r="C1" t="b"><v>1</v></c></row><row r="2" ht="30" customHeight="1"/><row r="4"><c r="A4"><v>1</v></c><c r="C4" t="b"><v>0</v></c></row>"#), "{out}");
        // No <dimension>: none is invented (it is optional).
        assert!(!out.contains("dimension"));
    }

    #[test]
    fn rows_and_cells_without_references_are_counted() {
        let input = format!(
            r#"{HEAD}<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>"#
        );
        let mut seen = Vec::new();
        let (out, _) = run(&input, &[col(5, None)], |row, cells| {
            seen.push(row);
            cells.number(5, 9.0, None);
        })
        .unwrap();
        assert_eq!(seen, [0, 1]);
        assert!(out.contains(r#"<c><v>2</v></c><c r="F1"><v>9</v></c></row><row><c><v>3</v></c><c r="F2"><v>9</v></c>"#), "{out}");
        // Between cells that have no reference nothing can be placed.
        let err = run(&input, &[col(0, None)], |_, cells| {
            cells.number(0, 1.0, None)
        })
        .unwrap_err();
        assert!(matches!(err, SheetError::Cell { .. }));
    }

    #[test]
    fn cells_go_in_column_order_and_never_over_the_teams() {
        let input = format!(
            r#"{HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="D1"><v>4</v></c></row></sheetData></worksheet>"#
        );
        let (out, _) = run(&input, &[col(1, None), col(5, None)], |_, cells| {
            cells.number(5, 6.0, None);
            cells.number(1, 2.0, None);
        })
        .unwrap();
        assert!(out.contains(r#"<c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="D1"><v>4</v></c><c r="F1"><v>6</v></c>"#), "{out}");
        let err = run(&input, &[col(3, None)], |_, cells| {
            cells.number(3, 1.0, None)
        })
        .unwrap_err();
        assert!(matches!(err, SheetError::Cell { ref cell, .. } if cell == "D1"));
        let err = run(&input, &[col(3, None)], |_, cells| {
            cells.number(7, 1.0, None)
        })
        .unwrap_err();
        assert!(
            matches!(err, SheetError::Cell { ref reason, .. } if reason.id() == "package-cell_column_undeclared")
        );
        let err = run(&input, &[col(7, None)], |_, cells| {
            cells.number(7, f64::NAN, None)
        })
        .unwrap_err();
        assert!(matches!(err, SheetError::Cell { .. }));
    }

    #[test]
    fn existing_cols_are_kept_or_split_around_new_columns() {
        // New columns after the team's ranges: theirs byte for byte, ours after.
        let input = format!(
            r#"{HEAD}<cols><col min="1" max="2" width="20.7109375" customWidth="1"/>
<col min="3" max="3" width="9" style="4"/></cols><sheetData/></worksheet>"#
        );
        let (out, _) = run(&input, &[col(5, Some(30.0))], |_, _| {}).unwrap();
        assert!(out.contains("<cols><col min=\"1\" max=\"2\" width=\"20.7109375\" customWidth=\"1\"/>\n<col min=\"3\" max=\"3\" width=\"9\" style=\"4\"/><col min=\"6\" max=\"6\" width=\"30\" customWidth=\"1\"/></cols><sheetData/>"), "{out}");
        // A range over the new column (LibreOffice writes such) is split around it.
        let input = format!(
            r#"{HEAD}<cols><col min="1" max="1024" width="11.5" style="1"/></cols><sheetData/></worksheet>"#
        );
        let (out, _) = run(&input, &[col(3, Some(15.0)), col(4, Some(8.0))], |_, _| {}).unwrap();
        assert!(out.contains(r#"<cols><col min="1" max="3" width="11.5" style="1"/><col min="4" max="4" width="15" customWidth="1"/><col min="5" max="5" width="8" customWidth="1"/><col min="6" max="1024" width="11.5" style="1"/></cols>"#), "{out}");
    }

    #[test]
    fn prefixed_elements_get_prefixed_additions() {
        let input = r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:A2"/><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row><x:row r="2"><x:c r="A2"><x:f>SUM(1,2)</x:f><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        let (out, _) = run(input, &[col(1, Some(10.0))], |row, cells| {
            cells.push(
                1,
                CellValue::Formula {
                    formula: "=A1&\"!\"".into(),
                    cached: format!("{row}!"),
                },
                Some(1),
            );
        })
        .unwrap();
        assert_cells_kept(input, &out, "x:");
        assert!(out.contains(r#"<x:dimension ref="A1:B2"/><x:cols><x:col min="2" max="2" width="10" customWidth="1"/></x:cols><x:sheetData>"#), "{out}");
        assert!(out.contains(r#"<x:c r="B1" s="1" t="str"><x:f>A1&amp;&quot;!&quot;</x:f><x:v>0!</x:v></x:c></x:row>"#), "{out}");
    }

    #[test]
    fn malformed_xml_is_an_error() {
        for bad in [
            format!("{HEAD}<sheetData><row r=\"1\"><c r=\"A1\"></row></sheetData></worksheet>"),
            format!("{HEAD}<sheetData><row r=\"x\"/></sheetData></worksheet>"),
            format!("{HEAD}<sheetData><row r=\"1\"><c r=\"1A\"/></row></sheetData></worksheet>"),
            format!("{HEAD}<sheetData>"),
        ] {
            assert!(
                run(&bad, &[col(3, None)], |_, c| c.number(3, 1.0, None)).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers_read_back_as_written() {
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-7,
            123456789.123,
            1e20,
            -3.5e-300,
            f64::MAX,
        ] {
            assert_eq!(number(x).parse::<f64>().unwrap(), x, "{}", number(x));
        }
        assert_eq!(number(42.0), "42");
    }

    #[test]
    fn an_earlier_runs_cells_and_rules_are_replaced_and_the_tail_goes_where_the_schema_wants() {
        let input = format!(
            r#"{HEAD}<cols><col min="1" max="1" width="9" customWidth="1"/>
<col min="3" max="3" width="20" customWidth="1"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1" t="inlineStr"><is><t>old</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells><conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="0" priority="4"><formula>A1&gt;0</formula></cfRule></conditionalFormatting><conditionalFormatting sqref="C1"><cfRule type="expression" dxfId="1" priority="5"><formula>N("ours")=0</formula></cfRule></conditionalFormatting><dataValidations count="0"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><legacyDrawing r:id="rId9"/><tableParts count="0"/></worksheet>"#
        );
        let edits = SheetEdits {
            columns: vec![col(2, Some(20.0))],
            clear_columns: vec![2],
            drop_rules_marked: vec!["N(\"ours\")".into()],
            drop_legacy_drawing: true,
        };
        let mut seen = None;
        let mut tail = |context: &TailContext| {
            seen = Some(context.max_priority);
            SheetTail {
                conditional_formatting: "<conditionalFormatting sqref=\"C1\"/>".into(),
                legacy_drawing: Some("<legacyDrawing r:id=\"rId1\"/>".into()),
            }
        };
        let mut out = Vec::new();
        patch(
            input.as_bytes(),
            &mut out,
            &edits,
            &mut |_, cells| cells.text(2, "new", None),
            Some(&mut tail),
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        // The team's rules count, the earlier run's do not.
        assert_eq!(seen, Some(4));
        assert!(
            out.contains(
                r#"<cols><col min="1" max="1" width="9" customWidth="1"/>
<col min="3" max="3" width="20" customWidth="1"/></cols>"#
            ),
            "{out}"
        );
        assert!(out.contains(r#"<c r="A1"><v>1</v></c><c r="C1" t="inlineStr"><is><t xml:space="preserve">new</t></is></c></row>"#), "{out}");
        assert!(!out.contains("old"), "{out}");
        assert!(out.contains(r#"</mergeCells><conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="0" priority="4"><formula>A1&gt;0</formula></cfRule></conditionalFormatting><conditionalFormatting sqref="C1"/><dataValidations"#), "{out}");
        assert!(
            out.contains(r#"footer="0.3"/><legacyDrawing r:id="rId1"/><tableParts"#),
            "{out}"
        );
        assert_eq!(out.matches("legacyDrawing").count(), 1, "{out}");
    }

    #[test]
    fn the_tail_goes_before_the_end_when_nothing_follows_the_rows() {
        let input = format!(r#"{HEAD}<sheetData/></worksheet>"#);
        let edits = SheetEdits::default();
        let mut tail = |_: &TailContext| SheetTail {
            conditional_formatting: "<cf/>".into(),
            legacy_drawing: Some("<ld/>".into()),
        };
        let mut out = Vec::new();
        patch(
            input.as_bytes(),
            &mut out,
            &edits,
            &mut |_, _| {},
            Some(&mut tail),
        )
        .unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .ends_with("<sheetData/><cf/><ld/></worksheet>"));
    }
}

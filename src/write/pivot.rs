//! The Pivot sheet (PRODUCT.md 6.2): four real PivotTables over the case sheet's header and
//! case rows, computed columns included, each filtered to In KPIs = yes so it shows what the
//! Summary tables show.
//!
//! [`PivotData`] gathers, as the cases stream past, what the pivots need: the distinct values
//! of their axis fields (the cache's shared items) and the sums and counts per cell, for the
//! rows in the KPIs and for all rows. [`PivotPlan::new`] lays the four tables out one below
//! the other, each with room for what it shows when its filter is switched to every row, so
//! that a lead who does so never makes one table run into the next. [`write_sheet`] writes the
//! values the tables show into the sheet's cells (so viewers that do not refresh, and Excel's
//! Protected View, show numbers), and [`crate::package::Package::add_pivot_tables`] adds the
//! cache and the table parts over them.
//!
//! Cost: a few hash look-ups per case; memory grows with the distinct values of the axis
//! fields (platforms, assignees, a handful of statuses), never with the rows.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use super::cases::{computed_value, CellTexts, Value};
use crate::i18n::Texts;
use crate::input::workbook::CaseSheet;
use crate::model::columns::ComputedColumn;
use crate::model::sheets::Sheet;
use crate::model::Key;
use crate::package::{CacheField, Captions, PivotCache, PivotTable, SharedItems, Subtotal};
use crate::replies::Action;
use crate::rules::Checked;

/// Every text the Pivot sheet shows, from the catalogue (`pivot-*` messages).
#[derive(Debug, Clone)]
struct Labels {
    title: String,
    note: String,
    row_labels: String,
    column_labels: String,
    grand_total: String,
    values: String,
    /// "Count of Case ID", "Average of FRT (h)": the prefix and the field's header.
    count_of: String,
    average_of: String,
    /// A blank cell's item.
    blank: String,
    /// Each pivot's title above it, in [`SPECS`] order.
    titles: [String; 4],
}

impl Labels {
    fn new(t: &Texts) -> Labels {
        Labels {
            title: t.get("pivot-title"),
            note: t.get("pivot-note"),
            row_labels: t.get("pivot-row_labels"),
            column_labels: t.get("pivot-column_labels"),
            grand_total: t.get("pivot-grand_total"),
            values: t.get("pivot-values"),
            count_of: t.get("pivot-count_of"),
            average_of: t.get("pivot-average_of"),
            blank: t.get("pivot-blank"),
            titles: [
                "pivot-title-status",
                "pivot-title-frt",
                "pivot-title-issue",
                "pivot-title-priority",
            ]
            .map(|id| t.get(id)),
        }
    }
}

/// A field a pivot groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Status,
    Platform,
    Issue,
    Priority,
    Assignee,
    InKpis,
}

impl Field {
    const ALL: [Field; 6] = [
        Field::Status,
        Field::Platform,
        Field::Issue,
        Field::Priority,
        Field::Assignee,
        Field::InKpis,
    ];

    fn computed(self) -> Option<ComputedColumn> {
        match self {
            Field::Status => Some(ComputedColumn::StatusStd),
            Field::Platform => Some(ComputedColumn::PlatformStd),
            Field::Issue => Some(ComputedColumn::IssueTypeStd),
            Field::Priority => Some(ComputedColumn::Priority),
            Field::InKpis => Some(ComputedColumn::InKpis),
            Field::Assignee => None,
        }
    }
}

/// One pivot: rows, columns, and what it sums up (the count of case ids, or the average FRT).
struct Spec {
    /// Unique on the sheet; Excel shows it as the PivotTable's name.
    name: &'static str,
    rows: Field,
    cols: Option<Field>,
    average: bool,
}

const SPECS: [Spec; 4] = [
    Spec {
        name: "StatusByPlatform",
        rows: Field::Status,
        cols: Some(Field::Platform),
        average: false,
    },
    Spec {
        name: "FrtByAssignee",
        rows: Field::Assignee,
        cols: None,
        average: true,
    },
    Spec {
        name: "IssueTypeByPlatform",
        rows: Field::Issue,
        cols: Some(Field::Platform),
        average: false,
    },
    Spec {
        name: "PriorityByAssignee",
        rows: Field::Priority,
        cols: Some(Field::Assignee),
        average: false,
    },
];

/// Id of a blank value.
const BLANK: u32 = u32::MAX;

/// The distinct values of one field, numbered as first seen.
#[derive(Debug, Default)]
struct Distinct {
    index: HashMap<String, u32>,
    texts: Vec<String>,
    blank: bool,
}

impl Distinct {
    fn id(&mut self, text: Option<&str>) -> u32 {
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            self.blank = true;
            return BLANK;
        };
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.index.insert(text.to_string(), id);
        self.texts.push(text.to_string());
        id
    }

    /// Shared items: the texts in order, then the blank; and each id's place among them.
    fn items(&self) -> (Vec<Option<String>>, HashMap<u32, usize>) {
        let mut order: Vec<u32> = (0..self.texts.len() as u32).collect();
        order.sort_by(|a, b| self.texts[*a as usize].cmp(&self.texts[*b as usize]));
        let mut items: Vec<Option<String>> = order
            .iter()
            .map(|&id| Some(self.texts[id as usize].clone()))
            .collect();
        let mut place: HashMap<u32, usize> =
            order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        if self.blank {
            place.insert(BLANK, items.len());
            items.push(None);
        }
        (items, place)
    }
}

/// Records, data values and their sum for one cell of a pivot.
#[derive(Debug, Default, Clone, Copy)]
struct Agg {
    records: u64,
    values: u64,
    sum: f64,
}

impl Agg {
    fn add(&mut self, other: Agg) {
        self.records += other.records;
        self.values += other.values;
        self.sum += other.sum;
    }
}

/// What the pivots need of the cases, gathered as they stream past.
#[derive(Debug, Default)]
pub struct PivotData {
    /// The computed cells' labels, as the case sheet shows them.
    cell_texts: Option<CellTexts>,
    fields: [Distinct; 6],
    /// Per pivot: (row id, column id, in the KPIs) → aggregate.
    cells: [HashMap<(u32, u32, bool), Agg>; 4],
    frt: Option<(f64, f64)>,
    frt_blank: bool,
    /// The In KPIs value of a row without errors.
    yes: Option<u32>,
    last_row: u32,
}

impl PivotData {
    pub fn new(texts: &Texts) -> PivotData {
        PivotData {
            cell_texts: Some(CellTexts::new(texts)),
            ..PivotData::default()
        }
    }

    /// Adds one case (sheet row `row`, 0-based) as its computed cells read.
    pub fn add(&mut self, row: u32, checked: &Checked, action: &Action) {
        self.last_row = self.last_row.max(row);
        let mut ids = [BLANK; 6];
        let texts = self.cell_texts.take().expect("made by PivotData::new");
        for (i, field) in Field::ALL.into_iter().enumerate() {
            ids[i] = match field.computed() {
                Some(column) => match computed_value(column, checked, action, &texts) {
                    Some(Value::Text(text)) => self.fields[i].id(Some(&text)),
                    _ => self.fields[i].id(None),
                },
                None => self.fields[i].id(checked.case.assignee.as_deref().map(str::trim)),
            };
        }
        self.cell_texts = Some(texts);
        let included = !checked.has_error();
        if included {
            self.yes = Some(ids[Field::InKpis as usize]);
        }
        let frt = checked.computed.frt_hours;
        match frt {
            Some(h) => {
                let (lo, hi) = self.frt.unwrap_or((h, h));
                self.frt = Some((lo.min(h), hi.max(h)));
            }
            None => self.frt_blank = true,
        }
        let case_id = checked
            .case
            .case_id
            .as_deref()
            .is_some_and(|id| !id.trim().is_empty());
        for (spec, cells) in SPECS.iter().zip(&mut self.cells) {
            let row_id = ids[spec.rows as usize];
            let col_id = spec.cols.map_or(0, |c| ids[c as usize]);
            let agg = if spec.average {
                Agg {
                    records: 1,
                    values: u64::from(frt.is_some()),
                    sum: frt.unwrap_or(0.0),
                }
            } else {
                Agg {
                    records: 1,
                    values: u64::from(case_id),
                    sum: 0.0,
                }
            };
            cells
                .entry((row_id, col_id, included))
                .or_default()
                .add(agg);
        }
    }
}

/// Where the cache reads: the case sheet's header row and columns as the output has them.
#[derive(Debug, Clone)]
pub struct PivotSource {
    /// The case sheet's name in the output.
    pub sheet: String,
    pub header_row: u32,
    /// Header text of every output column, from column A.
    headers: Vec<String>,
    /// Output column of each pivot field, and of the case id and FRT.
    fields: [Option<u32>; 6],
    case_id: u32,
    frt: u32,
    /// What a column without a header is called ("Column 7").
    unnamed: String,
}

impl PivotSource {
    /// The patched case sheet: the team's columns where they are, the computed columns from
    /// `computed_start` (an earlier run's computed columns before it are blank).
    pub fn patched(sheet: &CaseSheet, computed_start: u32, texts: &Texts) -> PivotSource {
        let header = &sheet.header;
        let mut headers: Vec<String> = (0..computed_start)
            .map(|c| {
                let cleared = header.computed.contains(&c);
                match header.names.get(c as usize) {
                    Some(name) if !cleared => name.clone(),
                    _ => String::new(),
                }
            })
            .collect();
        headers.extend(ComputedColumn::ALL.iter().map(|c| c.header(texts)));
        let unnamed = texts.get("pivot-unnamed_column");
        PivotSource::with_columns(
            sheet.name.clone(),
            sheet,
            headers,
            (computed_start, unnamed),
            Some,
        )
    }

    /// The new workbook's case sheet `name`: the team's columns without an earlier run's
    /// computed ones, then the computed columns.
    pub fn copied(sheet: &CaseSheet, name: String, texts: &Texts) -> PivotSource {
        let header = &sheet.header;
        let kept = |c: u32| !header.computed.contains(&c);
        let mut headers: Vec<String> = (0..header.names.len() as u32)
            .filter(|&c| kept(c))
            .map(|c| header.names[c as usize].clone())
            .collect();
        let start = headers.len() as u32;
        headers.extend(ComputedColumn::ALL.iter().map(|c| c.header(texts)));
        let out =
            |c: u32| kept(c).then(|| c - header.computed.iter().filter(|&&d| d < c).count() as u32);
        let unnamed = texts.get("pivot-unnamed_column");
        PivotSource::with_columns(name, sheet, headers, (start, unnamed), out)
    }

    fn with_columns(
        name: String,
        sheet: &CaseSheet,
        headers: Vec<String>,
        (computed_start, unnamed): (u32, String),
        out_col: impl Fn(u32) -> Option<u32>,
    ) -> PivotSource {
        let header = &sheet.header;
        let computed = |c: ComputedColumn| computed_start + c.index() as u32;
        let fields = Field::ALL.map(|f| match f.computed() {
            Some(c) => Some(computed(c)),
            None => header.column(Key::Assignee).and_then(&out_col),
        });
        PivotSource {
            sheet: name,
            header_row: header.row,
            headers,
            fields,
            case_id: header.column(Key::CaseId).and_then(&out_col).unwrap_or(0),
            frt: computed(ComputedColumn::FrtHours),
            unnamed,
        }
    }

    /// The first column of the range: the first with a header.
    fn first_col(&self) -> u32 {
        self.headers
            .iter()
            .position(|h| !h.trim().is_empty())
            .unwrap_or(0) as u32
    }

    /// Unique, non-empty names of the range's columns.
    fn field_names(&self) -> Vec<String> {
        let first = self.first_col() as usize;
        let mut seen: HashMap<String, usize> = HashMap::new();
        self.headers[first..]
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let base = match h.trim() {
                    "" => format!("{} {}", self.unnamed, first + i + 1),
                    t => t.to_string(),
                };
                let n = seen.entry(base.to_lowercase()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    base
                } else {
                    format!("{base} {n}")
                }
            })
            .collect()
    }
}

/// A cell the sheet shows inside or above a pivot.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Label(String),
    Header(String),
    Count(u64),
    Average(f64),
    Total(Option<f64>, bool),
    Empty,
}

/// One pivot placed on the sheet: its title row and the cells it shows.
#[derive(Debug, Clone)]
struct Block {
    title_row: u32,
    title: String,
    page: Option<(String, String)>,
    grid: Vec<Vec<Shown>>,
}

/// The Pivot sheet's cache, tables and cells.
#[derive(Debug, Clone)]
pub struct PivotPlan {
    pub cache: PivotCache,
    pub tables: Vec<PivotTable>,
    blocks: Vec<Block>,
}

/// First sheet row of the first pivot's title.
const FIRST_BLOCK: u32 = 3;

impl PivotPlan {
    pub fn new(data: &PivotData, source: &PivotSource, t: &Texts) -> PivotPlan {
        let words = Labels::new(t);
        let first = source.first_col();
        let names = source.field_names();
        let last_col = source.headers.len() as u32 - 1;
        // A range of the header alone is not one Excel takes: at least one row below it.
        let last_row = data.last_row.max(source.header_row + 1);
        let mut range = String::new();
        crate::package::push_cell_name(&mut range, source.header_row, first);
        range.push(':');
        crate::package::push_cell_name(&mut range, last_row, last_col);
        let field_of = |col: u32| (col - first) as usize;
        let mut fields: Vec<CacheField> = names
            .into_iter()
            .map(|name| CacheField {
                name,
                items: SharedItems::Unlisted,
            })
            .collect();
        let mut places: [HashMap<u32, usize>; 6] = Default::default();
        let mut labels: [Vec<Option<String>>; 6] = Default::default();
        for (i, col) in source.fields.iter().enumerate() {
            if let Some(col) = col.filter(|&c| c >= first) {
                let (items, place) = data.fields[i].items();
                fields[field_of(col)].items = SharedItems::Texts(items.clone());
                places[i] = place;
                labels[i] = items;
            }
        }
        if let Some((min, max)) = data.frt {
            fields[field_of(source.frt)].items = SharedItems::Numbers {
                min,
                max,
                blank: data.frt_blank,
            };
        }
        let in_kpis = source.fields[Field::InKpis as usize].map(field_of);
        let page = data
            .yes
            .zip(in_kpis)
            .map(|(yes, field)| (field, places[Field::InKpis as usize][&yes]));
        let mut plan = PivotPlan {
            cache: PivotCache {
                sheet: source.sheet.clone(),
                range,
                fields,
            },
            tables: Vec::new(),
            blocks: Vec::new(),
        };
        let mut title_row = FIRST_BLOCK;
        for (s, spec) in SPECS.iter().enumerate() {
            let field = |f: Field| source.fields[f as usize].filter(|&c| c >= first);
            let (Some(row_col), Some(col_col)) =
                (field(spec.rows), spec.cols.map_or(Some(0), field))
            else {
                continue;
            };
            let layout = Layout {
                spec,
                pivot: s,
                row_place: &places[spec.rows as usize],
                col_place: spec.cols.map(|c| &places[c as usize]),
                row_labels: &labels[spec.rows as usize],
                col_labels: spec.cols.map_or(&[][..], |c| &labels[c as usize]),
                only_included: page.is_some(),
                words: &words,
            };
            let data_col = if spec.average {
                source.frt
            } else {
                source.case_id
            };
            let data_name = format!(
                "{} {}",
                if spec.average {
                    &words.average_of
                } else {
                    &words.count_of
                },
                plan.cache.fields[field_of(data_col)].name
            );
            let (row_items, col_items, grid) = layout.render(&data_name, data);
            let table = PivotTable {
                name: spec.name.to_string(),
                top: title_row + 3,
                left: 0,
                row_field: field_of(row_col),
                col_field: spec.cols.map(|_| field_of(col_col)),
                page,
                data_field: field_of(data_col),
                data_name,
                subtotal: if spec.average {
                    Subtotal::Average
                } else {
                    Subtotal::Count
                },
                row_items,
                col_items,
                captions: Captions {
                    row_header: words.row_labels.clone(),
                    col_header: words.column_labels.clone(),
                    grand_total: words.grand_total.clone(),
                    values: words.values.clone(),
                },
            };
            // Room for the table with its filter on (All): every item of the row field.
            let all_rows = data.fields[spec.rows as usize].texts.len()
                + usize::from(data.fields[spec.rows as usize].blank);
            let header_rows = if spec.cols.is_some() { 2 } else { 1 };
            let height = (header_rows + all_rows + 1).max(table.size().0 as usize) as u32;
            let page_cells = page.map(|(field, item)| {
                let name = plan.cache.fields[field].name.clone();
                let value = match &plan.cache.fields[field].items {
                    SharedItems::Texts(items) => items[item].clone().unwrap_or_default(),
                    _ => String::new(),
                };
                (name, value)
            });
            plan.blocks.push(Block {
                title_row,
                title: words.titles[s].clone(),
                page: page_cells,
                grid,
            });
            plan.tables.push(table);
            title_row += 3 + height + 2;
        }
        plan
    }
}

/// Lays out one pivot's cells.
struct Layout<'a> {
    spec: &'a Spec,
    pivot: usize,
    row_place: &'a HashMap<u32, usize>,
    col_place: Option<&'a HashMap<u32, usize>>,
    /// The row and column field's items, by place.
    row_labels: &'a [Option<String>],
    col_labels: &'a [Option<String>],
    only_included: bool,
    words: &'a Labels,
}

impl Layout<'_> {
    /// The row and column items shown (shared-item places, in order) and the cells.
    fn render(
        &self,
        data_name: &str,
        data: &PivotData,
    ) -> (Vec<usize>, Vec<usize>, Vec<Vec<Shown>>) {
        // (row place, column place) → aggregate, over the rows the filter keeps.
        // Summed in a fixed order, so the averages come out the same to the last bit on
        // every run (a hash map's order changes from run to run).
        let mut parts: Vec<_> = data.cells[self.pivot].iter().collect();
        parts.sort_unstable_by_key(|(key, _)| **key);
        let mut cells: BTreeMap<(usize, usize), Agg> = BTreeMap::new();
        for (&(r, c, included), agg) in parts {
            if self.only_included && !included {
                continue;
            }
            let r = self.row_place[&r];
            let c = self.col_place.map_or(0, |p| p[&c]);
            cells.entry((r, c)).or_default().add(*agg);
        }
        let mut row_totals: BTreeMap<usize, Agg> = BTreeMap::new();
        let mut col_totals: BTreeMap<usize, Agg> = BTreeMap::new();
        let mut grand = Agg::default();
        for (&(r, c), agg) in &cells {
            row_totals.entry(r).or_default().add(*agg);
            col_totals.entry(c).or_default().add(*agg);
            grand.add(*agg);
        }
        let rows: Vec<usize> = row_totals.keys().copied().collect();
        let cols: Vec<usize> = col_totals.keys().copied().collect();
        let label = |labels: &[Option<String>], place: usize| -> String {
            labels[place]
                .clone()
                .unwrap_or_else(|| self.words.blank.clone())
        };
        let value = |agg: Agg, total: bool| -> Shown {
            if self.spec.average {
                let avg = (agg.values > 0).then(|| agg.sum / agg.values as f64);
                if total {
                    Shown::Total(avg, true)
                } else {
                    avg.map_or(Shown::Empty, Shown::Average)
                }
            } else if total {
                Shown::Total(Some(agg.values as f64), false)
            } else {
                Shown::Count(agg.values)
            }
        };
        let mut grid = Vec::new();
        match self.spec.cols {
            Some(_) => {
                let mut first = vec![
                    Shown::Header(data_name.to_string()),
                    Shown::Header(self.words.column_labels.clone()),
                ];
                first.resize(cols.len() + 2, Shown::Empty);
                grid.push(first);
                let mut second = vec![Shown::Header(self.words.row_labels.clone())];
                second.extend(
                    cols.iter()
                        .map(|&c| Shown::Header(label(self.col_labels, c))),
                );
                second.push(Shown::Header(self.words.grand_total.clone()));
                grid.push(second);
                for &r in &rows {
                    let mut line = vec![Shown::Label(label(self.row_labels, r))];
                    for &c in &cols {
                        line.push(
                            cells
                                .get(&(r, c))
                                .map_or(Shown::Empty, |a| value(*a, false)),
                        );
                    }
                    line.push(value(row_totals[&r], false));
                    grid.push(line);
                }
                let mut last = vec![Shown::Header(self.words.grand_total.clone())];
                for &c in &cols {
                    last.push(value(col_totals[&c], true));
                }
                last.push(value(grand, true));
                grid.push(last);
            }
            None => {
                grid.push(vec![
                    Shown::Header(self.words.row_labels.clone()),
                    Shown::Header(data_name.to_string()),
                ]);
                for &r in &rows {
                    grid.push(vec![
                        Shown::Label(label(self.row_labels, r)),
                        value(row_totals[&r], false),
                    ]);
                }
                grid.push(vec![
                    Shown::Header(self.words.grand_total.clone()),
                    value(grand, true),
                ]);
            }
        }
        let cols = if self.spec.cols.is_some() {
            cols
        } else {
            Vec::new()
        };
        (rows, cols, grid)
    }
}

/// Adds the Pivot sheet with the cells the plan's tables show.
pub fn write_sheet(workbook: &mut Workbook, plan: &PivotPlan, t: &Texts) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet();
    ws.set_name(Sheet::Pivot.label(t))?;
    super::print_sensibly(ws, None);
    let title = Format::new().set_bold().set_font_size(14);
    let note = Format::new().set_italic().set_font_color("#595959");
    let label = Format::new().set_bold().set_font_size(12);
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
    let decimal = Format::new().set_num_format("0.0");
    let total_decimal = total.clone().set_num_format("0.0");
    let labels = Labels::new(t);
    ws.write_string_with_format(0, 0, &labels.title, &title)?;
    ws.write_string_with_format(1, 0, &labels.note, &note)?;
    ws.set_column_width(0, 28)?;
    let widest = plan
        .blocks
        .iter()
        .map(|b| b.grid.iter().map(Vec::len).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    for c in 1..widest.max(2) {
        ws.set_column_width(c as u16, 14)?;
    }
    for (block, table) in plan.blocks.iter().zip(&plan.tables) {
        ws.write_string_with_format(block.title_row, 0, &block.title, &label)?;
        if let Some((name, value)) = &block.page {
            ws.write_string_with_format(table.top - 2, 0, name, &header)?;
            ws.write_string(table.top - 2, 1, value)?;
        }
        for (r, line) in block.grid.iter().enumerate() {
            let row = table.top + r as u32;
            for (c, cell) in line.iter().enumerate() {
                let col = (table.left as usize + c) as u16;
                match cell {
                    Shown::Label(text) => {
                        ws.write_string(row, col, text)?;
                    }
                    Shown::Header(text) => {
                        ws.write_string_with_format(row, col, text, &header)?;
                    }
                    Shown::Count(n) => {
                        ws.write_number(row, col, *n as f64)?;
                    }
                    Shown::Average(x) => {
                        ws.write_number_with_format(row, col, *x, &decimal)?;
                    }
                    Shown::Total(Some(x), average) => {
                        let format = if *average { &total_decimal } else { &total };
                        ws.write_number_with_format(row, col, *x, format)?;
                    }
                    Shown::Total(None, _) => {
                        ws.write_blank(row, col, &total)?;
                    }
                    Shown::Empty => {}
                }
            }
        }
    }
    Ok(())
}

//! PivotTables added to a sheet of the package, and taken out again with it.
//!
//! One pivot cache (`xl/pivotCache/pivotCacheDefinitionN.xml`, listed in the workbook's
//! `<pivotCaches>` and related from the workbook part) describes a worksheet range: one cache
//! field per column, named by its header, with the distinct values ("shared items") of the
//! fields a pivot table puts on an axis. No records are saved (`saveData="0"`): the cache
//! says `refreshOnLoad="1"`, so Excel reads the range again when it opens the file, and the
//! cells of the pivot tables already hold the values for anything that does not refresh.
//! Each pivot table part (`xl/pivotTables/pivotTableN.xml`) is related from its sheet and
//! relates to the cache; its items index the cache field's shared items.
//!
//! Invariants Excel repairs a file for when broken (ClosedXML lists them): a field in
//! `dataFields` has `dataField="1"`, a field in `rowFields`/`colFields`/`pageFields` has the
//! matching `axis` and at least a `default` item, every count attribute equals its children.
//!
//! [`Package::remove_sheet`] takes a removed sheet's pivot tables with it, and a cache that
//! no pivot table uses any more with its `<pivotCache>` entry and relationship; the team's
//! caches, used by their pivot tables, stay as they are.

use std::fmt::Write as _;

use super::graft::Rel;
use super::xml::{
    elements, escape, insert_root_child, namespace_prefix, prefixed_attribute, root_prefix, splice,
};
use super::{Content, Package, PackageError, REL_NS};

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
pub(super) const REL_PIVOT_CACHE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition";
const REL_PIVOT_TABLE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable";
const CT_PIVOT_CACHE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml";
const CT_PIVOT_TABLE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml";

/// The workbook's children that come after `<pivotCaches>` in the schema's order.
const AFTER_PIVOT_CACHES: [&str; 6] = [
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// A pivot cache over a worksheet range.
#[derive(Debug, Clone)]
pub struct PivotCache {
    /// The source sheet's name, as the workbook lists it.
    pub sheet: String,
    /// The source range, header row included (`A3:AF1200`).
    pub range: String,
    /// One per column of the range, in order.
    pub fields: Vec<CacheField>,
}

/// A column of the cache's range.
#[derive(Debug, Clone)]
pub struct CacheField {
    /// Unique among the cache's fields, never empty.
    pub name: String,
    pub items: SharedItems,
}

/// What a cache field records of its values.
#[derive(Debug, Clone)]
pub enum SharedItems {
    /// Nothing: the field is on no axis.
    Unlisted,
    /// The distinct texts (`None`: a blank cell), in the order the axes show them.
    Texts(Vec<Option<String>>),
    /// Numbers between `min` and `max`, with blank cells or not (a data field).
    Numbers { min: f64, max: f64, blank: bool },
}

/// How a data field is summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subtotal {
    Count,
    Average,
}

impl Subtotal {
    fn as_str(self) -> &'static str {
        match self {
            Subtotal::Count => "count",
            Subtotal::Average => "average",
        }
    }
}

/// The texts a pivot table shows around its values.
#[derive(Debug, Clone)]
pub struct Captions {
    pub row_header: String,
    pub col_header: String,
    pub grand_total: String,
    pub values: String,
}

/// A pivot table in compact form: one row field, at most one column field, one page field
/// with one item picked, one data field.
#[derive(Debug, Clone)]
pub struct PivotTable {
    /// Unique on its sheet.
    pub name: String,
    /// Top-left cell of the table itself (0-based row, column); the page field is two rows
    /// above it.
    pub top: u32,
    pub left: u32,
    /// Cache field indexes.
    pub row_field: usize,
    pub col_field: Option<usize>,
    /// The page field and the index of its picked item.
    pub page: Option<(usize, usize)>,
    pub data_field: usize,
    pub data_name: String,
    pub subtotal: Subtotal,
    /// Shared-item indexes of the row and column field shown, in order.
    pub row_items: Vec<usize>,
    pub col_items: Vec<usize>,
    pub captions: Captions,
}

impl PivotTable {
    /// Rows and columns the table covers (page field not included): two header rows (one
    /// without a column field), its rows, the grand total; the label column, its columns,
    /// the grand total.
    pub fn size(&self) -> (u32, u32) {
        let rows = self.row_items.len() as u32 + 1;
        match self.col_field {
            Some(_) => (2 + rows, 1 + self.col_items.len() as u32 + 1),
            None => (1 + rows, 2),
        }
    }

    fn location(&self) -> String {
        let (height, width) = self.size();
        let mut out = String::new();
        super::push_cell_name(&mut out, self.top, self.left);
        out.push(':');
        super::push_cell_name(&mut out, self.top + height - 1, self.left + width - 1);
        let data_row = if self.col_field.is_some() { 2 } else { 1 };
        let mut attrs = format!(
            "ref=\"{out}\" firstHeaderRow=\"1\" firstDataRow=\"{data_row}\" firstDataCol=\"1\""
        );
        if self.page.is_some() {
            attrs.push_str(" rowPageCount=\"1\" colPageCount=\"1\"");
        }
        format!("<location {attrs}/>")
    }
}

impl Package {
    /// Adds one pivot cache over `cache`'s range and the pivot `tables` on the sheet whose
    /// part is `sheet_part`. The sheet's cells are the caller's: they should already hold
    /// what the tables show.
    pub fn add_pivot_tables(
        &mut self,
        sheet_part: &str,
        cache: &PivotCache,
        tables: &[PivotTable],
    ) -> Result<(), PackageError> {
        if tables.is_empty() {
            return Ok(());
        }
        let workbook = self.workbook_part.clone();
        let folder = super::graft::folder_of(&workbook).to_string();
        let cache_part =
            self.free_part_name(&format!("{folder}pivotCache/pivotCacheDefinition1.xml"));
        self.add_part(&cache_part, cache_xml(cache).into_bytes(), CT_PIVOT_CACHE)?;
        let rid = self.add_relationship(&workbook, REL_PIVOT_CACHE, &cache_part)?;
        let cache_id = self.add_workbook_pivot_cache(&rid)?;
        for table in tables {
            let part = self.free_part_name(&format!("{folder}pivotTables/pivotTable1.xml"));
            self.add_part(
                &part,
                table_xml(table, cache, cache_id).into_bytes(),
                CT_PIVOT_TABLE,
            )?;
            self.add_relationship(&part, REL_PIVOT_CACHE, &cache_part)?;
            self.add_relationship(sheet_part, REL_PIVOT_TABLE, &part)?;
        }
        Ok(())
    }

    /// Lists a cache in the workbook's `<pivotCaches>` (made where the schema wants it when
    /// missing) under the first id no cache has; returns the id.
    fn add_workbook_pivot_cache(&mut self, rid: &str) -> Result<u32, PackageError> {
        let workbook = self.workbook_part.clone();
        let xml = self.read_part(&workbook)?;
        let existing = elements(&xml, "pivotCache").map_err(|d| self.bad_part(&workbook, d))?;
        let cache_id = existing
            .iter()
            .filter_map(|e| e.attribute("cacheId")?.trim().parse::<u32>().ok())
            .max()
            .map_or(1, |m| m + 1);
        let p = root_prefix(&xml);
        let element = match namespace_prefix(&xml, REL_NS) {
            Some(r) if !r.is_empty() => {
                format!("<{p}pivotCache cacheId=\"{cache_id}\" {r}id=\"{rid}\"/>")
            }
            _ => format!(
                "<{p}pivotCache xmlns:r=\"{REL_NS}\" cacheId=\"{cache_id}\" r:id=\"{rid}\"/>"
            ),
        };
        let out = match super::xml::append_children(&xml, "pivotCaches", &element)
            .map_err(|d| self.bad_part(&workbook, d))?
        {
            Some(out) => out,
            None => insert_root_child(
                &xml,
                &AFTER_PIVOT_CACHES,
                &format!("<{p}pivotCaches>{element}</{p}pivotCaches>"),
            )
            .map_err(|d| self.bad_part(&workbook, d))?,
        };
        self.changed.insert(workbook, Content::Bytes(out));
        Ok(cache_id)
    }

    /// For [`Package::remove_sheet`]: of the `dead` parts, the pivot caches lose their
    /// `<pivotCache>` entry (and `<pivotCaches>` when it is left empty) and the workbook's
    /// relationship to them. The parts themselves are deleted by the caller.
    pub(super) fn forget_pivot_caches(&mut self, dead: &[String]) -> Result<(), PackageError> {
        let workbook = self.workbook_part.clone();
        let rels = self.workbook_rels()?;
        let ids: Vec<String> = rels
            .iter()
            .filter(|r| is_pivot_cache(r) && dead.iter().any(|d| d.eq_ignore_ascii_case(&r.target)))
            .map(|r| r.id.clone())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let xml = self.read_part(&workbook)?;
        let bad = |d| self.bad_part(&workbook, d);
        let caches = elements(&xml, "pivotCache").map_err(bad)?;
        let gone: Vec<_> = caches
            .iter()
            .filter(|e| prefixed_attribute(&e.tag, "id").is_some_and(|id| ids.contains(&id)))
            .collect();
        let edits = if gone.len() == caches.len() {
            let list = elements(&xml, "pivotCaches").map_err(bad)?;
            list.iter()
                .map(|e| (e.start, e.end - e.start, String::new()))
                .collect()
        } else {
            gone.iter()
                .map(|e| (e.start, e.end - e.start, String::new()))
                .collect()
        };
        self.changed
            .insert(workbook.clone(), Content::Bytes(splice(&xml, edits)));
        self.remove_relationships(&workbook, |r| ids.contains(&r.id))
    }

    fn workbook_rels(&mut self) -> Result<Vec<Rel>, PackageError> {
        let workbook = self.workbook_part.clone();
        let rels_part = super::xml::rels_part_of(&workbook);
        let xml = self.read_part(&rels_part)?;
        super::graft::parse_rels(&xml, &workbook).map_err(|d| self.bad_part(&rels_part, d))
    }
}

/// A relationship to a pivot cache definition.
pub(super) fn is_pivot_cache(rel: &Rel) -> bool {
    !rel.external && rel.kind.ends_with("/pivotCacheDefinition")
}

fn cache_xml(cache: &PivotCache) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    let _ = write!(
        out,
        "<pivotCacheDefinition xmlns=\"{MAIN_NS}\" refreshOnLoad=\"1\" refreshedBy=\"aftersales\" \
         saveData=\"0\" createdVersion=\"3\" refreshedVersion=\"3\" minRefreshableVersion=\"3\" \
         recordCount=\"0\">"
    );
    let _ = write!(
        out,
        "<cacheSource type=\"worksheet\"><worksheetSource ref=\"{}\" sheet=\"{}\"/></cacheSource>",
        escape(&cache.range),
        escape(&cache.sheet)
    );
    let _ = write!(out, "<cacheFields count=\"{}\">", cache.fields.len());
    for field in &cache.fields {
        let _ = write!(
            out,
            "<cacheField name=\"{}\" numFmtId=\"0\">",
            escape(&field.name)
        );
        match &field.items {
            SharedItems::Unlisted => out.push_str("<sharedItems/>"),
            SharedItems::Texts(items) => {
                let blank = items.iter().any(Option::is_none);
                let texts = items.iter().any(Option::is_some);
                let mut attrs = String::new();
                if blank {
                    attrs.push_str(" containsBlank=\"1\"");
                }
                if !texts {
                    attrs.push_str(" containsSemiMixedTypes=\"0\" containsString=\"0\"");
                }
                let _ = write!(out, "<sharedItems{attrs} count=\"{}\">", items.len());
                for item in items {
                    match item {
                        Some(text) => {
                            let _ = write!(out, "<s v=\"{}\"/>", escape(text));
                        }
                        None => out.push_str("<m/>"),
                    }
                }
                out.push_str("</sharedItems>");
            }
            SharedItems::Numbers { min, max, blank } => {
                let blank = if *blank { " containsBlank=\"1\"" } else { "" };
                let _ = write!(
                    out,
                    "<sharedItems containsSemiMixedTypes=\"0\" containsString=\"0\" \
                     containsNumber=\"1\"{blank} minValue=\"{min}\" maxValue=\"{max}\"/>"
                );
            }
        }
        out.push_str("</cacheField>");
    }
    out.push_str("</cacheFields></pivotCacheDefinition>");
    out
}

fn table_xml(table: &PivotTable, cache: &PivotCache, cache_id: u32) -> String {
    let c = &table.captions;
    let mut out = String::with_capacity(2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    let _ = write!(
        out,
        "<pivotTableDefinition xmlns=\"{MAIN_NS}\" name=\"{}\" cacheId=\"{cache_id}\" \
         applyNumberFormats=\"0\" applyBorderFormats=\"0\" applyFontFormats=\"0\" \
         applyPatternFormats=\"0\" applyAlignmentFormats=\"0\" applyWidthHeightFormats=\"1\" \
         dataCaption=\"{}\" grandTotalCaption=\"{}\" updatedVersion=\"3\" \
         minRefreshableVersion=\"3\" useAutoFormatting=\"1\" itemPrintTitles=\"1\" \
         createdVersion=\"3\" indent=\"0\" outline=\"1\" outlineData=\"1\" \
         multipleFieldFilters=\"0\" rowHeaderCaption=\"{}\" colHeaderCaption=\"{}\">",
        escape(&table.name),
        escape(&c.values),
        escape(&c.grand_total),
        escape(&c.row_header),
        escape(&c.col_header),
    );
    out.push_str(&table.location());
    let _ = write!(out, "<pivotFields count=\"{}\">", cache.fields.len());
    for (i, field) in cache.fields.iter().enumerate() {
        let axis = if i == table.row_field {
            Some("axisRow")
        } else if Some(i) == table.col_field {
            Some("axisCol")
        } else if table.page.is_some_and(|(f, _)| f == i) {
            Some("axisPage")
        } else {
            None
        };
        let data = if i == table.data_field {
            " dataField=\"1\""
        } else {
            ""
        };
        match (axis, &field.items) {
            (Some(axis), SharedItems::Texts(items)) => {
                let _ = write!(
                    out,
                    "<pivotField axis=\"{axis}\"{data} showAll=\"0\"><items count=\"{}\">",
                    items.len() + 1
                );
                for x in 0..items.len() {
                    let _ = write!(out, "<item x=\"{x}\"/>");
                }
                out.push_str("<item t=\"default\"/></items></pivotField>");
            }
            _ => {
                let _ = write!(out, "<pivotField{data} showAll=\"0\"/>");
            }
        }
    }
    out.push_str("</pivotFields>");
    let _ = write!(
        out,
        "<rowFields count=\"1\"><field x=\"{}\"/></rowFields>",
        table.row_field
    );
    push_axis_items(&mut out, "rowItems", &table.row_items);
    match table.col_field {
        Some(field) => {
            let _ = write!(
                out,
                "<colFields count=\"1\"><field x=\"{field}\"/></colFields>"
            );
            push_axis_items(&mut out, "colItems", &table.col_items);
        }
        None => out.push_str("<colItems count=\"1\"><i/></colItems>"),
    }
    if let Some((field, item)) = table.page {
        let _ = write!(
            out,
            "<pageFields count=\"1\"><pageField fld=\"{field}\" item=\"{item}\" hier=\"-1\"/></pageFields>"
        );
    }
    let _ = write!(
        out,
        "<dataFields count=\"1\"><dataField name=\"{}\" fld=\"{}\" subtotal=\"{}\" baseField=\"0\" baseItem=\"0\"/></dataFields>",
        escape(&table.data_name),
        table.data_field,
        table.subtotal.as_str()
    );
    out.push_str(
        "<pivotTableStyleInfo name=\"PivotStyleLight16\" showRowHeaders=\"1\" showColHeaders=\"1\" \
         showRowStripes=\"0\" showColStripes=\"0\" showLastColumn=\"1\"/>",
    );
    out.push_str("</pivotTableDefinition>");
    out
}

/// `<rowItems>`/`<colItems>`: one `<i>` per item shown (`v` indexes the field's items; the
/// first item's index 0 is left out, as Excel writes it), then the grand total.
fn push_axis_items(out: &mut String, element: &str, items: &[usize]) {
    let _ = write!(out, "<{element} count=\"{}\">", items.len() + 1);
    for &x in items {
        if x == 0 {
            out.push_str("<i><x/></i>");
        } else {
            let _ = write!(out, "<i><x v=\"{x}\"/></i>");
        }
    }
    let _ = write!(out, "<i t=\"grand\"><x/></i></{element}>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(col_field: Option<usize>) -> PivotTable {
        PivotTable {
            name: "t".into(),
            top: 3,
            left: 0,
            row_field: 0,
            col_field,
            page: Some((2, 0)),
            data_field: 1,
            data_name: "Count of Case ID".into(),
            subtotal: Subtotal::Count,
            row_items: vec![0, 2],
            col_items: vec![1],
            captions: Captions {
                row_header: "Row Labels".into(),
                col_header: "Column Labels".into(),
                grand_total: "Grand Total".into(),
                values: "Values".into(),
            },
        }
    }

    #[test]
    fn location_covers_headers_items_and_totals() {
        // Two header rows, two items, the grand total; labels, one column, the total.
        assert!(table(Some(1)).location().contains("ref=\"A4:C8\""));
        assert!(table(Some(1)).location().contains("firstDataRow=\"2\""));
        // Without a column field: one header row and two columns.
        assert!(table(None).location().contains("ref=\"A4:B7\""));
        assert!(table(None).location().contains("firstDataRow=\"1\""));
    }

    #[test]
    fn axis_items_index_the_field_and_end_with_the_grand_total() {
        let mut out = String::new();
        push_axis_items(&mut out, "rowItems", &[0, 2]);
        assert_eq!(
            out,
            "<rowItems count=\"3\"><i><x/></i><i><x v=\"2\"/></i><i t=\"grand\"><x/></i></rowItems>"
        );
    }
}

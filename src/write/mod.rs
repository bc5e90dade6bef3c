//! TODO

pub mod kpi_workbook;
pub mod summary;

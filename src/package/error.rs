//! What can go wrong while opening, patching or saving a workbook package, in words for the
//! person who runs the tool: the file is named, and the part inside it where that helps.
//! Every error describes itself as a catalogue [`Message`] (`errors.ftl`, "Writing
//! workbooks"); the reasons inside are messages too, so no English is left in another
//! language's line.

use std::path::PathBuf;

use thiserror::Error;

use crate::i18n::{Describe, Message};

/// An error of [`Package`](super::Package). Every variant names the workbook file.
#[derive(Debug, Error)]
pub enum PackageError {
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    Encrypted {
        file: PathBuf,
    },
    /// `what` says what the file is instead (`package-what_…`).
    NotXlsx {
        file: PathBuf,
        what: Message,
    },
    Damaged {
        file: PathBuf,
        detail: Message,
    },
    MissingPart {
        file: PathBuf,
        part: String,
    },
    BadPart {
        file: PathBuf,
        part: String,
        detail: Message,
    },
    PartTooLarge {
        file: PathBuf,
        part: String,
        limit_mib: u64,
    },
    NotAWorksheet {
        file: PathBuf,
        part: String,
    },
    PartExists {
        file: PathBuf,
        part: String,
    },
    SheetName {
        file: PathBuf,
        name: String,
        reason: Message,
    },
    Cell {
        file: PathBuf,
        part: String,
        cell: String,
        reason: Message,
    },
    Format {
        file: PathBuf,
        reason: Message,
    },
    Graft {
        file: PathBuf,
        detail: Message,
    },
    RemoveSheet {
        file: PathBuf,
        name: String,
        reason: Message,
    },
    Write {
        target: PathBuf,
        reason: Message,
    },
}

impl Describe for PackageError {
    fn message(&self) -> Message {
        use PackageError as E;
        match self {
            E::Read { file, source } => Message::new("package-read")
                .arg("file", file.display())
                .with("reason", source),
            E::Encrypted { file } => Message::new("package-encrypted").arg("file", file.display()),
            E::NotXlsx { file, what } => Message::new("package-not_xlsx")
                .arg("file", file.display())
                .with("what", what.clone()),
            E::Damaged { file, detail } => Message::new("package-damaged")
                .arg("file", file.display())
                .with("detail", detail.clone()),
            E::MissingPart { file, part } => Message::new("package-missing_part")
                .arg("file", file.display())
                .arg("part", part),
            E::BadPart { file, part, detail } => Message::new("package-bad_part")
                .arg("file", file.display())
                .arg("part", part)
                .with("detail", detail.clone()),
            E::PartTooLarge {
                file,
                part,
                limit_mib,
            } => Message::new("package-part_too_large")
                .arg("file", file.display())
                .arg("part", part)
                .arg("limit_mib", limit_mib),
            E::NotAWorksheet { file, part } => Message::new("package-not_a_worksheet")
                .arg("file", file.display())
                .arg("part", part),
            E::PartExists { file, part } => Message::new("package-part_exists")
                .arg("file", file.display())
                .arg("part", part),
            E::SheetName { file, name, reason } => Message::new("package-sheet_name")
                .arg("file", file.display())
                .arg("name", name)
                .with("reason", reason.clone()),
            E::Cell {
                file,
                part,
                cell,
                reason,
            } => Message::new("package-cell")
                .arg("file", file.display())
                .arg("cell", cell)
                .arg("part", part)
                .with("reason", reason.clone()),
            E::Format { file, reason } => Message::new("package-format")
                .arg("file", file.display())
                .with("reason", reason.clone()),
            E::Graft { file, detail } => Message::new("package-graft")
                .arg("file", file.display())
                .with("detail", detail.clone()),
            E::RemoveSheet { file, name, reason } => Message::new("package-remove_sheet")
                .arg("file", file.display())
                .arg("name", name)
                .with("reason", reason.clone()),
            E::Write { target, reason } => Message::new("package-write")
                .arg("target", target.display())
                .with("reason", reason.clone()),
        }
    }
}

crate::display_by_message!(PackageError);

/// Reasons inside a [`PackageError`] that several places give: another library's errors said in
/// the team's words, and a sheet that points to no part.
pub(crate) mod reason {
    use crate::i18n::Message;

    /// A part whose XML a parser refuses: what that means for the team, whatever the
    /// parser's words (an encoding problem, a tag not closed, an unknown entity).
    pub(crate) fn xml(e: &quick_xml::Error) -> Message {
        match e {
            quick_xml::Error::Io(io) => Message::io(io),
            _ => malformed(),
        }
    }

    /// A part that is not well-formed XML (or not UTF-8 text).
    pub(crate) fn malformed() -> Message {
        Message::new("package-xml_malformed")
    }

    /// A zip archive (the workbook, or a part inside it) the zip reader refuses.
    pub(crate) fn zip(e: &zip::result::ZipError) -> Message {
        use zip::result::ZipError as Z;
        match e {
            Z::Io(io) => Message::io(io),
            Z::InvalidArchive(_) => Message::new("package-zip_damaged"),
            Z::UnsupportedArchive(_) => Message::new("package-zip_unsupported"),
            Z::FileNotFound => Message::new("package-zip_entry_missing"),
            Z::InvalidPassword => Message::new("package-zip_encrypted"),
            // The zip crate's variants are non-exhaustive; a new one is said as it is.
            e => Message::verbatim(e),
        }
    }

    /// `<sheet name="…" r:id="…">` without a relationship of that id.
    pub(crate) fn sheet_without_part(name: &str, id: &str) -> Message {
        Message::new("package-sheet_without_part")
            .arg("name", name)
            .arg("id", id)
    }
}

/// One message of every error of writing (the package, the output, the pipeline), for the
/// test that every error message is said in both languages (`i18n::tests`), with the Latin
/// words of the Chinese catalogue that are meant.
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<Message>, &'static [&'static str]) {
    use std::io;

    use crate::output::OutputError;

    let file = || PathBuf::from("cases.xlsx");
    let part = || "xl/worksheets/sheet1.xml".to_string();
    let m = Message::new;
    let malformed_xml = super::xml::elements(b"<a><b></a>", "b").unwrap_err();
    let zip = |e: zip::result::ZipError| reason::zip(&e);
    let mut samples = vec![
        PackageError::Read {
            file: file(),
            source: io::Error::from(io::ErrorKind::NotFound),
        },
        PackageError::Encrypted { file: file() },
        PackageError::MissingPart {
            file: file(),
            part: "xl/workbook.xml".into(),
        },
        PackageError::PartTooLarge {
            file: file(),
            part: "xl/styles.xml".into(),
            limit_mib: 64,
        },
        PackageError::NotAWorksheet {
            file: file(),
            part: "xl/chartsheets/sheet1.xml".into(),
        },
        PackageError::PartExists {
            file: file(),
            part: part(),
        },
        PackageError::Write {
            target: "out.xlsx".into(),
            reason: Message::io(&io::Error::from(io::ErrorKind::StorageFull)),
        },
    ];
    for what in [
        "package-what_not_zip",
        "package-what_ods",
        "package-what_other_zip",
        "package-what_xlsb",
        "package-what_xls",
    ] {
        samples.push(PackageError::NotXlsx {
            file: file(),
            what: m(what),
        });
    }
    samples.push(PackageError::Damaged {
        file: file(),
        detail: m("package-no_workbook_part").arg("part", "_rels/.rels"),
    });
    for detail in [
        malformed_xml.clone(),
        zip(zip::result::ZipError::InvalidArchive("bad".into())),
        zip(zip::result::ZipError::UnsupportedArchive("lzma")),
        zip(zip::result::ZipError::FileNotFound),
        zip(zip::result::ZipError::InvalidPassword),
        m("package-no_root_element"),
        m("package-no_element").arg("element", "sheets"),
        reason::sheet_without_part("Cases", "rId9"),
        m("package-sheet_not_listed").arg("name", "Cases"),
        m("package-part_cut_short"),
        m("package-row_number").arg("text", "x"),
        m("package-col_range"),
        m("package-styles_uncounted").arg("element", "fonts"),
        m("package-style_missing_format").arg("id", 7),
        m("package-style_missing_record")
            .arg("element", "fills")
            .arg("id", 3),
        m("package-style_empty_record"),
    ] {
        samples.push(PackageError::BadPart {
            file: file(),
            part: part(),
            detail,
        });
    }
    for reason in [
        m("package-sheet_name_empty"),
        m("package-sheet_name_too_long").arg("limit", 31),
        m("package-sheet_name_character").arg("character", '/'),
        m("package-sheet_name_apostrophe"),
        m("package-sheet_name_reserved").arg("reserved", "History"),
        m("package-sheet_name_taken"),
        m("package-sheet_name_twice"),
    ] {
        samples.push(PackageError::SheetName {
            file: file(),
            name: "Summary".into(),
            reason,
        });
    }
    for reason in [
        m("package-cell_past_last_column").arg("last", "XFD"),
        m("package-cell_bad_reference"),
        m("package-cell_unreferenced_row"),
        m("package-cell_given_twice"),
        m("package-cell_column_undeclared"),
        m("package-cell_taken"),
        m("package-cell_not_a_number").arg("number", f64::NAN),
        m("package-cell_text_too_long").arg("limit", 32_767),
        m("package-cell_formula_too_long"),
    ] {
        samples.push(PackageError::Cell {
            file: file(),
            part: part(),
            cell: "Q7".into(),
            reason,
        });
    }
    samples.push(PackageError::Format {
        file: file(),
        reason: m("package-colour").arg("colour", "red"),
    });
    let generated_part = |reason: Message| {
        m("package-graft_generated_part")
            .arg("part", "xl/workbook.xml")
            .with("reason", reason)
    };
    for detail in [
        m("package-graft_generated").with(
            "reason",
            zip(zip::result::ZipError::InvalidArchive("bad".into())),
        ),
        generated_part(malformed_xml),
        m("package-graft_no_part").arg("part", "xl/styles.xml"),
        m("package-graft_no_content_type").arg("part", "xl/charts/chart1.xml"),
        m("package-graft_no_sheet").arg("sheet", "Summary"),
        m("package-graft_not_worksheet").arg("sheet", "Chart1"),
        m("package-graft_sheet")
            .arg("sheet", "Summary")
            .arg("part", part())
            .with("reason", m("package-graft_string_index").arg("value", "x")),
        m("package-graft_sheet")
            .arg("sheet", "Summary")
            .arg("part", part())
            .with("reason", m("package-graft_string_missing").arg("index", 12)),
    ] {
        samples.push(PackageError::Graft {
            file: file(),
            detail,
        });
    }
    for what in [
        "package-graft_table",
        "package-graft_pivot_table",
        "package-graft_query_table",
    ] {
        samples.push(PackageError::Graft {
            file: file(),
            detail: m("package-graft_unsupported")
                .arg("sheet", "Summary")
                .with("what", m(what)),
        });
    }
    for why in ["package-remove_no_such_sheet", "package-remove_last_sheet"] {
        samples.push(PackageError::RemoveSheet {
            file: file(),
            name: "Summary".into(),
            reason: m(why),
        });
    }
    let mut messages: Vec<Message> = samples.iter().map(Describe::message).collect();

    let out = std::path::Path::new("out.xlsx");
    let outputs = [
        OutputError::Locked {
            path: "cases.xlsx".into(),
            app: "Excel",
            user: None,
            lock: "~$cases.xlsx".into(),
        },
        OutputError::Locked {
            path: "cases.xlsx".into(),
            app: "LibreOffice",
            user: Some("Zhang Wei".into()),
            lock: ".~lock.cases.xlsx#".into(),
        },
        OutputError::InPlaceFormat {
            path: "cases.xls".into(),
        },
        OutputError::ChangedMeanwhile {
            path: "cases.xlsx".into(),
            annotated: "cases.annotated.xlsx".into(),
            backup: "cases.backup-20261124-090000.xlsx".into(),
        },
        OutputError::write(out, &io::Error::from(io::ErrorKind::PermissionDenied)),
        OutputError::write(out, m("output-folder_missing").arg("folder", "missing")),
        OutputError::write(out, m("output-folder_denied").arg("folder", "locked")),
        OutputError::write(
            out,
            m("output-folder_other")
                .arg("folder", "full")
                .with("reason", &io::Error::from(io::ErrorKind::StorageFull)),
        ),
        OutputError::write(
            out,
            m("output-create_folder")
                .with("reason", &io::Error::from(io::ErrorKind::NotADirectory)),
        ),
        OutputError::write(
            out,
            &rust_xlsxwriter::XlsxError::TempFileError(
                "/tmp".into(),
                io::Error::from(io::ErrorKind::StorageFull),
            ),
        ),
        OutputError::write(out, &rust_xlsxwriter::XlsxError::MaxStringLengthExceeded),
        OutputError::write(out, &rust_xlsxwriter::XlsxError::RowColumnLimitError),
        OutputError::write(out, &rust_xlsxwriter::XlsxError::MergeRangeSingleCell),
        OutputError::write(
            out,
            m("output-case_sheet_not_worksheet").arg("sheet", "Cases"),
        ),
        OutputError::write(
            out,
            m("output-rows_unmatched")
                .arg("count", 3)
                .arg("sheet", "Cases"),
        ),
        OutputError::write(
            out,
            m("output-notes_relationship")
                .arg("id", "rId3")
                .arg("expected", "rId2"),
        ),
    ];
    messages.extend(outputs.iter().map(Describe::message));
    (messages, &["MiB", "OpenDocument"])
}

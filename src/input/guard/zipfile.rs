//! .xlsx (and .ods) containers: the zip directory's declared sizes and the shared-string
//! table's announced count.

use std::io::{BufReader, Read, Seek};

use quick_xml::events::Event;

use super::ods::check_ods_cells;
use super::{Damage, Refusal, MAX_ODS_CONTENT_BYTES, MAX_SHARED_STRINGS_BYTES};

/// The most strings calamine may reserve room for ahead of reading them (1 GiB of `String`s).
const MAX_RESERVED_STRINGS: u64 = (1 << 30) / 24;

pub(super) fn check_zip<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Result<(), Refusal> {
    // Every entry of the name, in case a damaged zip holds two.
    let mut contents = Vec::new();
    let mut shared_strings = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().to_ascii_lowercase();
        if name.ends_with("sharedstrings.xml") || name.ends_with("sharedstrings.bin") {
            if entry.size() > MAX_SHARED_STRINGS_BYTES {
                return Err(Refusal::SharedStrings {
                    mib: entry.size() >> 20,
                });
            }
            if name.ends_with(".xml") {
                shared_strings.push((i, entry.size()));
            }
        } else if name == "content.xml" {
            if entry.size() > MAX_ODS_CONTENT_BYTES {
                return Err(Refusal::OdsContent {
                    mib: entry.size() >> 20,
                });
            }
            contents.push(i);
        }
    }
    for (i, size) in shared_strings {
        if let Ok(entry) = archive.by_index(i) {
            check_string_count(BufReader::new(entry), size)?;
        }
    }
    let is_ods = archive.by_name("mimetype").is_ok_and(|mut m| {
        let mut text = String::new();
        m.by_ref().take(100).read_to_string(&mut text).is_ok()
            && text.starts_with("application/vnd.oasis.opendocument.spreadsheet")
    });
    if is_ods {
        for i in contents {
            if let Ok(entry) = archive.by_index(i) {
                check_ods_cells(BufReader::new(entry.take(MAX_ODS_CONTENT_BYTES)))?;
            }
        }
    }
    Ok(())
}

/// calamine reserves room for as many strings as the table's `uniqueCount` says (24 bytes
/// each) before reading one: a changed number asks for terabytes and aborts the process.
/// Each string takes at least 5 bytes of XML (`<si/>`); a count beyond that which would also
/// reserve more than 1 GiB is refused. (Some writers put the total count there, so a count
/// that is merely too high is left alone.)
fn check_string_count<R: std::io::BufRead>(xml: R, size: u64) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "sst" => {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.into_inner() == "uniqueCount")
                    .and_then(|a| a.value.parse::<u64>().ok());
                return match count {
                    Some(count) if count > (size / 5 + 1).max(MAX_RESERVED_STRINGS) => {
                        Err(Refusal::Damaged(Damage::StringCount))
                    }
                    _ => Ok(()),
                };
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => buf.clear(),
        }
    }
}

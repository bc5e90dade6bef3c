//! Small XML and package-path helpers shared by the package patcher: cell references, text
//! escaping, relationship targets and byte splices into small parts.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::error::reason;
use crate::i18n::Message;

/// Excel's last column, XFD (0-based).
pub const MAX_COLUMN: u32 = 16_383;
/// Excel's last row, 1,048,576 (0-based).
pub const MAX_ROW: u32 = 1_048_575;
/// The longest text a cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// `A1`-style reference of a 0-based cell.
pub fn cell_name(row: u32, column: u32) -> String {
    let mut out = String::with_capacity(10);
    push_cell_name(&mut out, row, column);
    out
}

/// Appends the `A1`-style reference of a 0-based cell to `out`, without allocating (millions
/// of cells are written).
pub fn push_cell_name(out: &mut String, row: u32, column: u32) {
    let mut letters = [0u8; 3];
    let mut n = column + 1;
    let mut i = letters.len();
    while n > 0 && i > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    for &b in &letters[i..] {
        out.push(b as char);
    }
    let mut digits = [0u8; 10];
    let mut j = digits.len();
    let mut r = row + 1;
    loop {
        j -= 1;
        digits[j] = b'0' + (r % 10) as u8;
        r /= 10;
        if r == 0 {
            break;
        }
    }
    for &b in &digits[j..] {
        out.push(b as char);
    }
}

/// `AB12` → (row 11, column 27), 0-based; `$` signs are allowed. `None` for anything else.
pub fn parse_cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    let column = parse_column(letters)?;
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROW + 1 {
        return None;
    }
    Some((row - 1, column))
}

/// `AB` → 27 (0-based).
pub fn parse_column(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    (n >= 1 && n - 1 <= MAX_COLUMN).then(|| n - 1)
}

/// Escapes text for an XML element or attribute. Characters XML 1.0 cannot hold (control
/// characters) are written the way Excel does, `_x0001_`, and a literal `_xHHHH_` is protected
/// as `_x005F_xHHHH_` so that it reads back as written.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Most text needs nothing: no copy then. (0xEF starts U+FFFE and U+FFFF.)
    let plain = !text.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'_' | 0xEF)
            || (b < 0x20 && !b"\t\n\r".contains(&b))
    });
    if plain {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32))
            }
            '_' if looks_like_escape(&text[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn looks_like_escape(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// The value of the attribute whose local name is `local` (prefix ignored), unescaped.
pub fn attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local && a.key.prefix().is_none())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The value of a prefixed attribute whose local name is `local` (such as `r:id`).
pub fn prefixed_attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local && a.key.prefix().is_some())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The element name's prefix with its colon (`"x:"`), or `""`.
pub fn prefix_of(element: &BytesStart) -> String {
    element
        .name()
        .prefix()
        .map(|p| format!("{}:", p.as_ref()))
        .unwrap_or_default()
}

/// The part a relationship target points at, from the part that holds the relationship:
/// `("xl/workbook.xml", "worksheets/sheet1.xml")` → `xl/worksheets/sheet1.xml`.
pub fn resolve_target(source_part: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return normalise(absolute.split('/').collect());
    } else {
        source_part.split('/').collect()
    };
    parts.pop();
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

/// The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub fn rels_part_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// The target of `part` written relative to `source_part`'s folder.
pub fn relative_target(source_part: &str, part: &str) -> String {
    let folder = match source_part.rfind('/') {
        Some(i) => &source_part[..=i],
        None => "",
    };
    match part.strip_prefix(folder) {
        Some(rest) if !folder.is_empty() => rest.to_string(),
        _ => format!("/{part}"),
    }
}

/// Where the first element named `local` (any prefix) sits in `xml`: the byte range of its
/// closing tag, or of the whole element when it is self-closing (`true`).
pub fn find_element_end(xml: &[u8], local: &str) -> Result<Option<(usize, usize, bool)>, Message> {
    let mut reader = Reader::from_reader(xml);
    let mut depth_in: Option<usize> = None;
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| reason::xml(&e))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth_in.is_none() && e.local_name().as_ref() == local {
                    depth_in = Some(depth);
                }
            }
            Event::Empty(e) if depth_in.is_none() && e.local_name().as_ref() == local => {
                return Ok(Some((before, after, true)));
            }
            Event::End(_) => {
                if depth_in == Some(depth) {
                    return Ok(Some((before, after, false)));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// Inserts `content` as the last children of the first element named `local`; a self-closing
/// `<local .../>` is opened up. `Ok(None)` when there is no such element.
pub fn append_children(xml: &[u8], local: &str, content: &str) -> Result<Option<Vec<u8>>, Message> {
    let Some((start, end, empty)) = find_element_end(xml, local)? else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(xml.len() + content.len() + 16);
    if empty {
        // `<x:sheets attr="..."/>` → `<x:sheets attr="...">content</x:sheets>`
        let tag = &xml[start..end];
        let body = tag[..tag.len() - 2].trim_ascii_end();
        let name_end = body
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(body.len());
        out.extend_from_slice(&xml[..start]);
        out.extend_from_slice(body);
        out.push(b'>');
        out.extend_from_slice(content.as_bytes());
        out.extend_from_slice(b"</");
        out.extend_from_slice(&body[1..name_end]);
        out.push(b'>');
    } else {
        out.extend_from_slice(&xml[..start]);
        out.extend_from_slice(content.as_bytes());
        out.extend_from_slice(&xml[start..end]);
    }
    out.extend_from_slice(&xml[end..]);
    Ok(Some(out))
}

/// The prefix (with colon) a document binds to `namespace`, looked up on its root element;
/// `Some("")` for the default namespace, `None` when the root does not declare it.
pub fn namespace_prefix(xml: &[u8], namespace: &str) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return e.attributes().flatten().find_map(|a| {
                    let key = a.key.as_ref();
                    if a.value.as_ref() != namespace {
                        None
                    } else if key == "xmlns" {
                        Some(String::new())
                    } else {
                        key.strip_prefix("xmlns:").map(|p| format!("{}:", p))
                    }
                });
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The prefix (with colon) of the document's root element.
pub fn root_prefix(xml: &[u8]) -> String {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => return prefix_of(&e),
            Ok(Event::Eof) | Err(_) => return String::new(),
            _ => {}
        }
    }
}

/// An element found by [`elements`]: where it is in the document and its start tag.
#[derive(Debug, Clone)]
pub struct Element {
    /// The byte range of the whole element, start tag to end tag.
    pub start: usize,
    pub end: usize,
    /// Where its content starts and ends (both `end` for a self-closing element).
    pub inner_start: usize,
    pub inner_end: usize,
    /// Its start tag.
    pub tag: BytesStart<'static>,
    /// The local name of its parent element (`""` for the root).
    pub parent: String,
}

impl Element {
    /// The value of its attribute whose local name is `local` (prefix ignored).
    pub fn attribute(&self, local: &str) -> Option<String> {
        attribute(&self.tag, local)
    }
}

/// An element being read by [`elements`]: where it starts, where its content starts, its tag.
type OpenElement = (usize, usize, BytesStart<'static>);

/// Every element named `local` (any prefix) in `xml`, in document order.
pub fn elements(xml: &[u8], local: &str) -> Result<Vec<Element>, Message> {
    let mut reader = Reader::from_reader(xml);
    // The open elements: local name, and for the ones named `local` where they start.
    let mut open: Vec<(String, Option<OpenElement>)> = Vec::new();
    let mut found = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| reason::xml(&e))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                let mark = (name == local).then(|| (before, after, e.into_owned()));
                open.push((name, mark));
            }
            Event::Empty(e) if e.local_name().as_ref() == local => {
                found.push(Element {
                    start: before,
                    end: after,
                    inner_start: after,
                    inner_end: after,
                    tag: e.into_owned(),
                    parent: parent_of(&open),
                });
            }
            Event::End(_) => {
                if let Some((_, Some((start, inner_start, tag)))) = open.pop() {
                    found.push(Element {
                        start,
                        end: after,
                        inner_start,
                        inner_end: before,
                        tag,
                        parent: parent_of(&open),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found.sort_by_key(|e| e.start);
    Ok(found)
}

/// The local name of the innermost open element.
fn parent_of<T>(open: &[(String, T)]) -> String {
    open.last().map(|o| o.0.clone()).unwrap_or_default()
}

/// An edit of a document: (position, bytes to remove there, text to insert).
pub type Edit = (usize, usize, String);

/// `xml` with `edits` made. Edits may come in any order; they must not overlap.
pub fn splice(xml: &[u8], mut edits: Vec<Edit>) -> Vec<u8> {
    edits.sort_by_key(|e| e.0);
    let mut out = Vec::with_capacity(xml.len() + 256);
    let mut at = 0;
    for (pos, remove, text) in edits {
        let pos = pos.clamp(at, xml.len());
        out.extend_from_slice(&xml[at..pos]);
        out.extend_from_slice(text.as_bytes());
        at = (pos + remove).min(xml.len());
    }
    out.extend_from_slice(&xml[at..]);
    out
}

/// Inserts `content` as a child of the root element, before its first child named one of
/// `before` (the schema's order), else last. `Err` when there is no root element.
pub fn insert_root_child(xml: &[u8], before: &[&str], content: &str) -> Result<Vec<u8>, Message> {
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    loop {
        let position = reader.buffer_position() as usize;
        match reader.read_event().map_err(|e| reason::xml(&e))? {
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && before.contains(&e.local_name().as_ref()) =>
            {
                return Ok(splice(xml, vec![(position, 0, content.to_string())]));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 1 {
                    return Ok(splice(xml, vec![(position, 0, content.to_string())]));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Err(Message::new("package-no_root_element")),
            _ => {}
        }
    }
}

/// A start tag with the attribute `key` (its full name, such as `s` or `r:id`) set to `value`
/// (escaped here), or removed for `None`; the other attributes keep their order and bytes.
/// A new attribute goes last.
pub fn with_attribute(e: &BytesStart, key: &str, value: Option<&str>) -> BytesStart<'static> {
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    let mut seen = false;
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.as_ref() != key {
            out.push_attribute(a);
        } else if !seen {
            seen = true;
            if let Some(value) = value {
                out.push_attribute((key, value));
            }
        }
    }
    if let (false, Some(value)) = (seen, value) {
        out.push_attribute((key, value));
    }
    out
}

/// The text of a start tag as written (`<name attr="…">`, or `<name …/>` when `empty`).
pub fn tag_text(e: &BytesStart, empty: bool) -> String {
    let close = if empty { "/>" } else { ">" };
    format!("<{}{close}", &**e)
}

/// An XML fragment (any number of elements and text) with the prefix of its elements that
/// use `old` (with colon, `""` for none) changed to `new`; other prefixes, attributes and text
/// are kept. The fragment as it is when the two are the same.
pub fn with_prefix(fragment: &str, old: &str, new: &str) -> Result<String, Message> {
    if old == new {
        return Ok(fragment.to_string());
    }
    let rename = |name: &str| -> Option<String> {
        let local = match old {
            "" => (!name.contains(':')).then_some(name)?,
            old => name.strip_prefix(old)?,
        };
        Some(format!("{new}{local}"))
    };
    let mut reader = Reader::from_reader(fragment.as_bytes());
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(fragment.len() + 32));
    loop {
        let event = reader.read_event().map_err(|e| reason::xml(&e))?;
        let event = match event {
            Event::Start(e) => match rename(e.name().as_ref()) {
                Some(name) => Event::Start(renamed(&e, &name)),
                None => Event::Start(e),
            },
            Event::Empty(e) => match rename(e.name().as_ref()) {
                Some(name) => Event::Empty(renamed(&e, &name)),
                None => Event::Empty(e),
            },
            Event::End(e) => match rename(e.name().as_ref()) {
                Some(name) => Event::End(quick_xml::events::BytesEnd::new(name)),
                None => Event::End(e),
            },
            Event::Eof => break,
            other => other,
        };
        writer.write_event(event).map_err(|e| Message::io(&e))?;
    }
    String::from_utf8(writer.into_inner()).map_err(|_| reason::malformed())
}

/// A start tag with another name and the same attributes.
fn renamed(e: &BytesStart, name: &str) -> BytesStart<'static> {
    let mut out = BytesStart::new(name.to_string());
    out.extend_attributes(e.attributes().with_checks(false).flatten());
    out
}

/// A formula (or any reference text) with the references to sheets renamed: for each
/// (old, new), `old!` and `'old'!` become `new!` or `'new'!` (quoted when the new name needs
/// it). Text inside string literals (`"…"`) is left alone; names compare without regard to
/// case, as Excel's do.
pub fn rename_sheet_references(formula: &str, renames: &[(String, String)]) -> String {
    if renames.is_empty() {
        return formula.to_string();
    }
    let mut out = String::with_capacity(formula.len() + 16);
    let mut rest = formula;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            previous = Some('"');
            continue;
        }
        let starts_reference = !previous.is_some_and(|p| p.is_alphanumeric() || "_.'".contains(p));
        if starts_reference {
            if let Some((len, new)) = sheet_reference_at(rest, renames) {
                out.push_str(&quoted_sheet_name(new));
                out.push('!');
                rest = &rest[len..];
                previous = Some('!');
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        previous = Some(c);
    }
    out
}

/// Whether `text` starts with a reference to one of the renamed sheets (`Name!` or
/// `'Name'!`): its length with the `!`, and the new name.
fn sheet_reference_at<'a>(text: &str, renames: &'a [(String, String)]) -> Option<(usize, &'a str)> {
    let (name, len) = if let Some(quoted) = text.strip_prefix('\'') {
        let mut name = String::new();
        let mut chars = quoted.char_indices();
        loop {
            let (i, c) = chars.next()?;
            if c == '\'' {
                if quoted[i + 1..].starts_with('\'') {
                    name.push('\'');
                    chars.next();
                } else if quoted[i + 1..].starts_with('!') {
                    break (name, i + 3);
                } else {
                    return None;
                }
            } else {
                name.push(c);
            }
        }
    } else {
        let end = text.find('!')?;
        let name = &text[..end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return None;
        }
        (name.to_string(), end + 1)
    };
    renames
        .iter()
        .find(|(old, _)| old.to_lowercase() == name.to_lowercase())
        .map(|(_, new)| (len, new.as_str()))
}

/// A sheet name as a formula writes it: quoted (`'Q1 data'`) unless it is a plain word.
pub fn quoted_sheet_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && parse_cell(name).is_none()
        && !name.eq_ignore_ascii_case("true")
        && !name.eq_ignore_ascii_case("false");
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(1_048_575, 26), "AA1048576");
        assert_eq!(cell_name(0, MAX_COLUMN), "XFD1");
        assert_eq!(parse_cell("AB12"), Some((11, 27)));
        assert_eq!(parse_cell("$A$1"), Some((0, 0)));
        assert_eq!(parse_cell("XFE1"), None);
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("12"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("x\u{1}y"), "x_x0001_y");
        assert_eq!(escape("_x000D_"), "_x005F_x000D_");
        assert_eq!(escape("_x_"), "_x_");
    }

    #[test]
    fn targets() {
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/workbook.xml", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"),
            "xl/drawings/drawing1.xml"
        );
        assert_eq!(
            rels_part_of("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(
            relative_target("xl/workbook.xml", "xl/worksheets/sheet9.xml"),
            "worksheets/sheet9.xml"
        );
    }

    #[test]
    fn children_are_appended_to_open_and_self_closing_elements() {
        let xml = br#"<a><x:sheets n="1"><s/></x:sheets></a>"#;
        let out = append_children(xml, "sheets", "<t/>").unwrap().unwrap();
        assert_eq!(out, br#"<a><x:sheets n="1"><s/><t/></x:sheets></a>"#);
        let xml = br#"<a><x:sheets n="1" /></a>"#;
        let out = append_children(xml, "sheets", "<t/>").unwrap().unwrap();
        assert_eq!(out, br#"<a><x:sheets n="1"><t/></x:sheets></a>"#);
        assert!(append_children(b"<a/>", "sheets", "").unwrap().is_none());
    }

    #[test]
    fn namespace_prefixes() {
        let xml = br#"<?xml version="1.0"?><x:workbook xmlns:x="m" xmlns:rel="r"/>"#;
        assert_eq!(namespace_prefix(xml, "r").as_deref(), Some("rel:"));
        assert_eq!(namespace_prefix(xml, "zz"), None);
        assert_eq!(root_prefix(xml), "x:");
    }

    #[test]
    fn elements_are_found_with_their_places_and_parents() {
        let xml = br#"<r><a x="1"/><b><a>t</a></b></r>"#;
        let found = elements(xml, "a").unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(&xml[found[0].start..found[0].end], br#"<a x="1"/>"#);
        assert_eq!(found[0].parent, "r");
        assert_eq!(found[0].attribute("x").as_deref(), Some("1"));
        assert_eq!(&xml[found[1].inner_start..found[1].inner_end], b"t");
        assert_eq!(found[1].parent, "b");
        let out = splice(
            xml,
            vec![
                (found[1].start, found[1].end - found[1].start, String::new()),
                (0, 0, "<?x?>".into()),
            ],
        );
        assert_eq!(out, br#"<?x?><r><a x="1"/><b></b></r>"#);
    }

    #[test]
    fn root_children_are_inserted_in_schema_order() {
        let xml = b"<w><sheets/><calcPr/></w>";
        let out = insert_root_child(xml, &["calcPr", "extLst"], "<d/>").unwrap();
        assert_eq!(out, b"<w><sheets/><d/><calcPr/></w>");
        let out = insert_root_child(xml, &["extLst"], "<d/>").unwrap();
        assert_eq!(out, b"<w><sheets/><calcPr/><d/></w>");
    }

    #[test]
    fn attributes_are_set_removed_and_added() {
        let xml = r#"<c r="A1" s="2" t="s"/>"#;
        let mut reader = Reader::from_str(xml);
        let Ok(Event::Empty(e)) = reader.read_event() else {
            panic!()
        };
        assert_eq!(
            tag_text(&with_attribute(&e, "s", Some("7")), true),
            r#"<c r="A1" s="7" t="s"/>"#
        );
        assert_eq!(
            tag_text(&with_attribute(&e, "t", None), true),
            r#"<c r="A1" s="2"/>"#
        );
        assert_eq!(
            tag_text(&with_attribute(&e, "x", Some("<")), false),
            r#"<c r="A1" s="2" t="s" x="&lt;">"#
        );
    }

    #[test]
    fn prefixes_are_changed_on_elements_only() {
        let xml = r#"<r><rPr><b/></rPr><t xml:space="preserve">a &amp; b</t></r><x14:y/>"#;
        assert_eq!(
            with_prefix(xml, "", "x:").unwrap(),
            r#"<x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">a &amp; b</x:t></x:r><x14:y/>"#
        );
        assert_eq!(with_prefix("<x:a/><b/>", "x:", "").unwrap(), "<a/><b/>");
        assert_eq!(with_prefix("<a>&lt;</a>", "", "").unwrap(), "<a>&lt;</a>");
    }

    #[test]
    fn sheet_references_are_renamed_outside_strings() {
        let renames = vec![
            ("Summary".to_string(), "Summary (run)".to_string()),
            ("Old one".to_string(), "New".to_string()),
        ];
        assert_eq!(
            rename_sheet_references("SUM(Summary!$B$2:$B$4)+'Old one'!A1", &renames),
            "SUM('Summary (run)'!$B$2:$B$4)+New!A1"
        );
        assert_eq!(
            rename_sheet_references(r#""Summary!A1"&MySummary!A1&summary!A2"#, &renames),
            r#""Summary!A1"&MySummary!A1&'Summary (run)'!A2"#
        );
        assert_eq!(
            rename_sheet_references("'It''s'!A1", &[("It's".into(), "B".into())]),
            "B!A1"
        );
        assert_eq!(quoted_sheet_name("Data"), "Data");
        assert_eq!(quoted_sheet_name("AB12"), "'AB12'");
        assert_eq!(quoted_sheet_name("It's"), "'It''s'");
        assert_eq!(quoted_sheet_name("2026"), "'2026'");
    }
}

//! Loading a catalogue and checking it against the schema the built-in catalogues make: every
//! message present, every variable one the tool fills, no syntax error.

use std::collections::{BTreeSet, HashMap};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser::ErrorKind;

use super::{Catalogue, Compiled, Describe, Lang, Message, Piece, Source, BUILTIN};

/// Why the catalogues cannot be used. Every message names the file, and the message and line
/// where there are some.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    Read {
        file: String,
        reason: Message,
    },
    /// What the Fluent parser found wrong first.
    Syntax {
        file: String,
        line: usize,
        kind: ErrorKind,
    },
    Missing {
        file: String,
        id: String,
    },
    /// `known`: the variables the message may use (without `$`).
    UnknownVariable {
        file: String,
        line: usize,
        id: String,
        name: String,
        known: Vec<String>,
    },
    UnknownMessage {
        file: String,
        line: usize,
        id: String,
    },
    UnknownReference {
        file: String,
        line: usize,
        id: String,
        target: String,
    },
    NoText {
        file: String,
        line: usize,
        id: String,
    },
    Duplicate {
        file: String,
        line: usize,
        id: String,
    },
}

/// A catalogue file as a message names it: the user's by its path, a built-in one by its path
/// in the repository and "(built in)" in the team's language.
fn file(name: &str) -> Message {
    match name.strip_suffix(super::BUILT_IN) {
        Some(path) => Message::new("catalogue-built_in_file").arg("path", path),
        None => Message::verbatim(name),
    }
}

impl Describe for CatalogueError {
    fn message(&self) -> Message {
        let at = |id: &'static str, name: &str, line: &usize, message: &str| {
            Message::new(id)
                .with("file", file(name))
                .arg("line", line)
                .arg("id", message)
        };
        match self {
            CatalogueError::Read { file: name, reason } => Message::new("catalogue-read")
                .with("file", file(name))
                .with("reason", reason.clone()),
            CatalogueError::Syntax {
                file: name,
                line,
                kind,
            } => Message::new("catalogue-syntax")
                .with("file", file(name))
                .arg("line", line)
                .with("reason", syntax_reason(kind)),
            CatalogueError::Missing { file: name, id } => Message::new("catalogue-missing")
                .with("file", file(name))
                .arg("id", id)
                .arg("folder", "templates/i18n"),
            CatalogueError::UnknownVariable {
                file,
                line,
                id,
                name,
                known,
            } => {
                let message = at("catalogue-unknown_variable", file, line, id).arg("name", name);
                if known.is_empty() {
                    message.with("known", Message::new("catalogue-no_variables"))
                } else {
                    let known: Vec<String> = known.iter().map(|v| format!("${v}")).collect();
                    message.arg("known", known.join(", "))
                }
            }
            CatalogueError::UnknownMessage { file, line, id } => {
                at("catalogue-unknown_message", file, line, id)
            }
            CatalogueError::UnknownReference {
                file,
                line,
                id,
                target,
            } => at("catalogue-unknown_reference", file, line, id).arg("target", target),
            CatalogueError::NoText { file, line, id } => at("catalogue-no_text", file, line, id),
            CatalogueError::Duplicate { file, line, id } => {
                at("catalogue-duplicate", file, line, id)
            }
        }
    }
}

crate::display_by_message!(CatalogueError);

/// The Fluent parser's complaint in the words of someone editing a catalogue.
fn syntax_reason(kind: &ErrorKind) -> Message {
    use ErrorKind as K;
    match kind {
        K::ExpectedToken(token) => Message::new("catalogue-syntax_expected").arg("token", token),
        K::ExpectedCharRange { range } => match range.as_str() {
            "a-zA-Z" => Message::new("catalogue-syntax_expected_name"),
            "0-9" => Message::new("catalogue-syntax_expected_digit"),
            "\n | \r\n" => Message::new("catalogue-syntax_variants_on_next_line"),
            _ => Message::new("catalogue-syntax_expected_one_of").arg("range", range),
        },
        K::ExpectedMessageField { entry_id } => {
            Message::new("catalogue-syntax_message_without_text").arg("id", entry_id)
        }
        K::ExpectedTermField { entry_id } => {
            Message::new("catalogue-syntax_term_without_text").arg("id", format!("-{entry_id}"))
        }
        K::ForbiddenCallee => Message::new("catalogue-syntax_not_a_function"),
        K::MissingDefaultVariant => Message::new("catalogue-syntax_no_default_variant"),
        K::MissingValue => Message::new("catalogue-syntax_missing_value"),
        K::MultipleDefaultVariants => Message::new("catalogue-syntax_two_default_variants"),
        K::MessageReferenceAsSelector
        | K::TermReferenceAsSelector
        | K::MessageAttributeAsSelector
        | K::ExpectedSimpleExpressionAsSelector => Message::new("catalogue-syntax_bad_selector"),
        K::TermAttributeAsPlaceable => Message::new("catalogue-syntax_term_attribute"),
        K::UnterminatedStringLiteral => Message::new("catalogue-syntax_unclosed_quote"),
        K::PositionalArgumentFollowsNamed => Message::new("catalogue-syntax_argument_order"),
        K::DuplicatedNamedArgument(name) => {
            Message::new("catalogue-syntax_argument_twice").arg("name", name)
        }
        K::UnknownEscapeSequence(sequence) => {
            Message::new("catalogue-syntax_unknown_escape").arg("sequence", format!("\\{sequence}"))
        }
        K::InvalidUnicodeEscapeSequence(sequence) => {
            Message::new("catalogue-syntax_bad_unicode_escape").arg("sequence", sequence)
        }
        K::UnbalancedClosingBrace => Message::new("catalogue-syntax_unbalanced_brace"),
        K::ExpectedInlineExpression => Message::new("catalogue-syntax_empty_placeable"),
        K::ExpectedLiteral => Message::new("catalogue-syntax_expected_literal"),
    }
}

/// The messages the tool uses, with the variables each may use and the file it belongs in.
pub(crate) struct Schema {
    messages: HashMap<String, (BTreeSet<String>, &'static str)>,
    /// Variables of next actions and replies: any `action-`/`reply-` message may use any of
    /// them (`$customer` only in replies).
    reply_variables: BTreeSet<String>,
}

/// Customer replies the built-in catalogues leave out but a team may add.
const OPTIONAL: [&str; 1] = ["reply-in_progress"];

impl Schema {
    pub(crate) fn builtin() -> Schema {
        let mut messages: HashMap<String, (BTreeSet<String>, &'static str)> = HashMap::new();
        let mut reply_variables = BTreeSet::new();
        for (file, en, zh) in BUILTIN {
            for text in [en, zh] {
                let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
                for entry in resource.entries() {
                    if let Entry::Message(m) = entry {
                        let mut vars = BTreeSet::new();
                        if let Some(p) = &m.value {
                            pattern_refs(p, &mut vars, &mut BTreeSet::new());
                        }
                        if is_reply(m.id.name) {
                            reply_variables.extend(vars.iter().cloned());
                        }
                        let slot = messages
                            .entry(m.id.name.to_string())
                            .or_insert_with(|| (BTreeSet::new(), file));
                        slot.0.extend(vars);
                    }
                }
            }
        }
        Schema {
            messages,
            reply_variables,
        }
    }

    fn allowed(&self, id: &str) -> Option<BTreeSet<String>> {
        if is_reply(id) {
            let mut vars = self.reply_variables.clone();
            if id.starts_with("action-") {
                vars.remove("customer");
            }
            return (self.messages.contains_key(id) || OPTIONAL.contains(&id)).then_some(vars);
        }
        self.messages.get(id).map(|(vars, _)| vars.clone())
    }
}

fn is_reply(id: &str) -> bool {
    id.starts_with("action-") || id.starts_with("reply-")
}

/// Collects the variables and the message/term references of a pattern.
fn pattern_refs(p: &Pattern<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_refs(expression, vars, refs);
        }
    }
}

fn expression_refs(e: &Expression<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_refs(i, vars, refs),
        Expression::Select { selector, variants } => {
            inline_refs(selector, vars, refs);
            for v in variants {
                pattern_refs(&v.value, vars, refs);
            }
        }
    }
}

fn inline_refs(
    i: &InlineExpression<&str>,
    vars: &mut BTreeSet<String>,
    refs: &mut BTreeSet<String>,
) {
    match i {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        InlineExpression::MessageReference { id, .. } => {
            refs.insert(id.name.to_string());
        }
        InlineExpression::TermReference { id, arguments, .. } => {
            refs.insert(format!("-{}", id.name));
            if let Some(args) = arguments {
                for a in &args.positional {
                    inline_refs(a, vars, refs);
                }
                for a in &args.named {
                    inline_refs(&a.value, vars, refs);
                }
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_refs(a, vars, refs);
            }
            for a in &arguments.named {
                inline_refs(&a.value, vars, refs);
            }
        }
        InlineExpression::Placeable { expression } => expression_refs(expression, vars, refs),
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
    }
}

/// The 1-based line of the byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The line where message (or term) `id` is defined.
fn line_of_id(text: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id) {
            if rest.trim_start().starts_with('=') {
                return line_of(text, offset);
            }
        }
        offset += line.len();
    }
    0
}

/// A pattern of text and variables only, as pieces; `None` for anything fluent must resolve.
fn pieces(p: &Pattern<&str>) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    for element in &p.elements {
        match element {
            PatternElement::TextElement { value } => out.push(Piece::Text(value.to_string())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => out.push(Piece::Var(id.name.to_string())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } if !value.contains('\\') => out.push(Piece::Text(value.to_string())),
            _ => return None,
        }
    }
    Some(out)
}

/// Parses and checks the catalogue files of one language.
pub(crate) fn load(
    lang: Lang,
    sources: &[Source],
    schema: &Schema,
) -> Result<Catalogue, CatalogueError> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
    bundle.set_use_isolating(false);
    let mut messages = HashMap::new();
    // (id, file, line, references) of every entry, checked once all files are in.
    let mut references: Vec<(String, usize, String, BTreeSet<String>)> = Vec::new();
    let mut defined: HashMap<String, (usize, usize)> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        let resource = match FluentResource::try_new(source.text.clone()) {
            Ok(r) => r,
            Err((_, errors)) => {
                let first = errors.first().expect("an error");
                // The line of the broken entry, which a reader recognises better than where
                // the parser gave up (often the end of the file).
                let start = first.slice.as_ref().map_or(first.pos.start, |slice| {
                    let text = &source.text[slice.clone()];
                    slice.start + (text.len() - text.trim_start().len())
                });
                return Err(CatalogueError::Syntax {
                    file: source.name.clone(),
                    line: line_of(&source.text, start.min(first.pos.start)),
                    kind: first.kind.clone(),
                });
            }
        };
        for entry in resource.entries() {
            let (id, value) = match entry {
                Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref()),
                Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value)),
                _ => continue,
            };
            let line = line_of_id(&source.text, id.trim_start_matches('-'));
            let here = |e: fn(String, usize, String) -> CatalogueError| {
                e(source.name.clone(), line, id.clone())
            };
            if defined.insert(id.clone(), (index, line)).is_some() {
                return Err(here(|file, line, id| CatalogueError::Duplicate {
                    file,
                    line,
                    id,
                }));
            }
            let Some(value) = value else {
                return Err(here(|file, line, id| CatalogueError::NoText {
                    file,
                    line,
                    id,
                }));
            };
            let mut vars = BTreeSet::new();
            let mut refs = BTreeSet::new();
            pattern_refs(value, &mut vars, &mut refs);
            if !id.starts_with('-') {
                let Some(allowed) = schema.allowed(&id) else {
                    return Err(here(|file, line, id| CatalogueError::UnknownMessage {
                        file,
                        line,
                        id,
                    }));
                };
                if let Some(name) = vars.iter().find(|v| !allowed.contains(*v)) {
                    return Err(CatalogueError::UnknownVariable {
                        file: source.name.clone(),
                        line,
                        id,
                        name: name.clone(),
                        known: allowed.into_iter().collect(),
                    });
                }
                let compiled = match refs.is_empty().then(|| pieces(value)).flatten() {
                    Some(p) => Compiled::Pieces(p),
                    None => Compiled::Fluent(allowed.into_iter().collect()),
                };
                messages.insert(id.clone(), compiled);
            }
            references.push((id, index, source.name.clone(), refs));
        }
        bundle
            .add_resource(resource)
            .expect("duplicates are reported above");
    }
    for (id, index, file, refs) in references {
        if let Some(target) = refs.into_iter().find(|r| !defined.contains_key(r)) {
            let line = line_of_id(&sources[index].text, id.trim_start_matches('-'));
            return Err(CatalogueError::UnknownReference {
                file,
                line,
                id,
                target,
            });
        }
    }
    let mut missing: Vec<(&String, &&str)> = schema
        .messages
        .iter()
        .filter(|(id, _)| !messages.contains_key(*id))
        .map(|(id, (_, file))| (id, file))
        .collect();
    missing.sort();
    if let Some((id, file)) = missing.first() {
        let file = sources
            .iter()
            .find(|s| s.name.contains(&format!("{}/{}", lang.code(), file)))
            .map_or_else(|| file.to_string(), |s| s.name.clone());
        return Err(CatalogueError::Missing {
            file,
            id: id.to_string(),
        });
    }
    Ok(Catalogue {
        lang,
        messages,
        bundle,
    })
}

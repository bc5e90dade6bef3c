//! A text for a person that is not yet in a language: a catalogue message id and the values of
//! its variables, some of which are messages themselves (the reason inside "cannot open the
//! workbook: …"). Errors describe themselves as a [`Message`] ([`Describe`]); the command line
//! renders it in the team's catalogue, and `Display` renders it in the built-in English one
//! (logs, tests, `to_string()`).

use std::fmt;
use std::io;

use super::{builtin_catalogue, Catalogue, Lang};

/// The message between the items of a list.
const LIST_SEPARATOR: &str = "list-separator";

/// A catalogue message and its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Text(String),
    Message(Message),
    /// Values written as they are, joined by the language's list separator.
    Texts(Vec<String>),
    /// Labels (messages without variables, named at run time, such as `status-in_progress`)
    /// joined by the language's list separator (`list-separator`).
    Labels(Vec<String>),
}

impl Message {
    /// The message `id` (of `templates/i18n/<lang>/errors.ftl`, usually).
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Sets the variable `name` to a value written as it is (a file, a cell, a number).
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Message {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Sets the variable `name` to another message, rendered in the same language.
    pub fn with(mut self, name: &'static str, value: impl Into<Message>) -> Message {
        self.args.push((name, Arg::Message(value.into())));
        self
    }

    /// Sets the variable `name` to a list of values written as they are (sheet names, headers),
    /// joined by the language's list separator ("Cases, Notes" or "案件、Notes").
    pub fn list<T: fmt::Display>(
        mut self,
        name: &'static str,
        items: impl IntoIterator<Item = T>,
    ) -> Message {
        let items = items.into_iter().map(|t| t.to_string()).collect();
        self.args.push((name, Arg::Texts(items)));
        self
    }

    /// Sets the variable `name` to a list of labels, given by their message ids ("New, In
    /// progress" or "待处理、处理中" for `status-new`, `status-in_progress`).
    pub fn labels(mut self, name: &'static str, ids: impl IntoIterator<Item = String>) -> Message {
        self.args
            .push((name, Arg::Labels(ids.into_iter().collect())));
        self
    }

    /// A text that has no message of its own (another program's words), written as it is.
    pub fn verbatim(text: impl fmt::Display) -> Message {
        Message::new("verbatim").arg("text", text)
    }

    /// Why a file operation failed, in the team's words for the usual causes; the system's
    /// own text for the rest.
    pub fn io(e: &io::Error) -> Message {
        use io::ErrorKind as K;
        let id = match e.kind() {
            K::NotFound => "io-not_found",
            K::PermissionDenied | K::ReadOnlyFilesystem => "io-permission_denied",
            K::AlreadyExists => "io-already_exists",
            K::StorageFull | K::QuotaExceeded => "io-storage_full",
            K::IsADirectory => "io-is_a_folder",
            K::NotADirectory => "io-not_a_folder",
            K::UnexpectedEof | K::InvalidData => "io-damaged",
            K::Interrupted | K::TimedOut => "io-interrupted",
            _ => return Message::new("io-other").arg("detail", e),
        };
        Message::new(id)
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Every message id this message uses, its own and its variables'.
    pub fn ids(&self) -> Vec<&str> {
        let mut out = vec![self.id()];
        for (_, arg) in &self.args {
            match arg {
                Arg::Text(_) => {}
                Arg::Texts(_) => out.push(LIST_SEPARATOR),
                Arg::Message(m) => out.extend(m.ids()),
                Arg::Labels(ids) => {
                    out.push(LIST_SEPARATOR);
                    out.extend(ids.iter().map(String::as_str));
                }
            }
        }
        out
    }

    /// The values written as they are, its own and its variables' (what a language check
    /// must not count as the catalogue's words).
    pub fn values(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for (_, arg) in &self.args {
            match arg {
                Arg::Text(t) => out.push(t.as_str()),
                Arg::Texts(items) => out.extend(items.iter().map(String::as_str)),
                Arg::Message(m) => out.extend(m.values()),
                Arg::Labels(_) => {}
            }
        }
        out
    }

    /// The message in `catalogue`'s language.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(t) => t.clone(),
                    Arg::Texts(items) => catalogue.join(items),
                    Arg::Message(m) => m.render(catalogue),
                    Arg::Labels(ids) => {
                        let texts: Vec<String> = ids.iter().map(|id| catalogue.get(id)).collect();
                        catalogue.join(&texts)
                    }
                };
                (*name, value)
            })
            .collect();
        let refs: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        catalogue.fmt(self.id, &refs)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(builtin_catalogue(Lang::En)))
    }
}

impl From<&io::Error> for Message {
    fn from(e: &io::Error) -> Message {
        Message::io(e)
    }
}

/// What a person reads about a value (an error, above all), in any language.
pub trait Describe {
    fn message(&self) -> Message;
}

/// Implements `Display` for types that [`Describe`] themselves: their text in English.
#[macro_export]
macro_rules! display_by_message {
    ($($t:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&$crate::i18n::Describe::message(self), f)
            }
        }
    )+};
}

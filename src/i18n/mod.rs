//! Every text a person reads, from Project Fluent catalogues (`templates/i18n/<lang>/*.ftl`,
//! PRODUCT.md section 10). The catalogues are compiled in as the defaults; `--templates DIR`
//! replaces any of them with `DIR/<lang>/<file>.ftl`.
//!
//! Both languages are checked when they are loaded, whichever one a run uses: a syntax error, a
//! missing message or a variable the tool does not fill stops the run (exit 2) before anything is
//! written, naming the file, the message and the line. The messages and the variables each may
//! use are those of the built-in catalogues (both languages together), so the catalogues are their
//! own schema.
//!
//! Messages made only of text and variables, nearly all of them, are compiled to pieces at load
//! time, so filling one for each of a million rows is string pushes; the others (a select on a
//! number, say) go through `fluent-bundle`.

mod check;
mod message;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use check::CatalogueError;
pub use message::{Describe, Message};

use crate::model::spelling::Canonical;

/// A language of the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `en` or `zh`: the catalogue folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The team's language when `--lang` is not given: Chinese when the locale says so
    /// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first one set), else English.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    fn langid(self) -> unic_langid::LanguageIdentifier {
        self.code()
            .parse()
            .expect("en and zh are language identifiers")
    }
}

/// The built-in catalogue files: (file name, English text, Chinese text).
pub const BUILTIN: [(&str, &str, &str); 6] = [
    (
        "replies.ftl",
        include_str!("../../templates/i18n/en/replies.ftl"),
        include_str!("../../templates/i18n/zh/replies.ftl"),
    ),
    (
        "workbook.ftl",
        include_str!("../../templates/i18n/en/workbook.ftl"),
        include_str!("../../templates/i18n/zh/workbook.ftl"),
    ),
    (
        "findings.ftl",
        include_str!("../../templates/i18n/en/findings.ftl"),
        include_str!("../../templates/i18n/zh/findings.ftl"),
    ),
    (
        "terminal.ftl",
        include_str!("../../templates/i18n/en/terminal.ftl"),
        include_str!("../../templates/i18n/zh/terminal.ftl"),
    ),
    (
        "errors.ftl",
        include_str!("../../templates/i18n/en/errors.ftl"),
        include_str!("../../templates/i18n/zh/errors.ftl"),
    ),
    (
        "help.ftl",
        include_str!("../../templates/i18n/en/help.ftl"),
        include_str!("../../templates/i18n/zh/help.ftl"),
    ),
];

/// How a built-in catalogue file's name ends in a [`Source`]; messages say it in the team's
/// language (`catalogue-built_in_file`).
pub(crate) const BUILT_IN: &str = " (built in)";

/// One catalogue file's text and how messages name it.
pub(crate) struct Source {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// The sources of one language: the built-in files, each replaced by `dir/<lang>/<file>` when
/// that file exists.
fn sources(lang: Lang, dir: Option<&Path>) -> Result<Vec<Source>, CatalogueError> {
    if let Some(dir) = dir.filter(|d| !d.is_dir()) {
        return Err(CatalogueError::Read {
            file: dir.display().to_string(),
            reason: Message::new("catalogue-not_a_folder"),
        });
    }
    let mut out = Vec::new();
    for (file, en, zh) in BUILTIN {
        let user: Option<PathBuf> = dir
            .map(|d| d.join(lang.code()).join(file))
            .filter(|p| p.exists());
        let source = match user {
            Some(path) => Source {
                name: path.display().to_string(),
                text: std::fs::read_to_string(&path).map_err(|e| CatalogueError::Read {
                    file: path.display().to_string(),
                    reason: match e.kind() {
                        std::io::ErrorKind::InvalidData => Message::new("catalogue-not_utf8"),
                        _ => Message::io(&e),
                    },
                })?,
            },
            None => Source {
                name: format!("templates/i18n/{}/{file}{BUILT_IN}", lang.code()),
                text: match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                }
                .to_string(),
            },
        };
        out.push(source);
    }
    Ok(out)
}

/// A message compiled at load time.
#[derive(Debug, Clone)]
enum Compiled {
    /// Text and variables only.
    Pieces(Vec<Piece>),
    /// Anything else, formatted by fluent-bundle with the variables it names.
    Fluent(Vec<String>),
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Var(String),
}

/// The loaded messages of one language.
pub struct Catalogue {
    lang: Lang,
    messages: HashMap<String, Compiled>,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Catalogue({:?}, {} messages)",
            self.lang,
            self.messages.len()
        )
    }
}

impl Catalogue {
    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn has(&self, id: &str) -> bool {
        self.messages.contains_key(id)
    }

    /// `items` joined by the language's list separator (`list-separator`: ", " or "、").
    pub fn join<T: AsRef<str>>(&self, items: &[T]) -> String {
        let separator = self.get("list-separator");
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        items.join(&separator)
    }

    /// The message `id` without variables.
    pub fn get(&self, id: &str) -> String {
        self.fmt(id, &[])
    }

    /// The message `id` with its variables from `args` (`name`, value).
    pub fn fmt(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        self.write(id, &mut out, |name, out| {
            if let Some((_, v)) = args.iter().find(|(n, _)| *n == name) {
                out.push_str(v);
            }
        });
        out
    }

    /// Appends the message `id` to `out`, asking `value` to write each variable it uses (so a
    /// value nobody asks for is never formatted). A message the catalogues do not have (it
    /// cannot happen once they are checked) is written as its id.
    pub fn write(&self, id: &str, out: &mut String, value: impl FnMut(&str, &mut String)) {
        log_use(id);
        self.write_unlogged(id, out, value);
    }

    /// The message `id` without variables, not counted as used (see [`USAGE_LOG_VAR`]): for
    /// labels looked up ahead of time, and for recognising what an earlier run wrote.
    fn get_unlogged(&self, id: &str) -> String {
        let mut out = String::new();
        self.write_unlogged(id, &mut out, |_, _| {});
        out
    }

    fn write_unlogged(&self, id: &str, out: &mut String, mut value: impl FnMut(&str, &mut String)) {
        match self.messages.get(id) {
            Some(Compiled::Pieces(pieces)) => {
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Var(name) => value(name, out),
                    }
                }
            }
            Some(Compiled::Fluent(vars)) => {
                let mut args = FluentArgs::new();
                for name in vars {
                    let mut text = String::new();
                    value(name, &mut text);
                    // Numbers select plural forms; everything else is text.
                    let v = match text.parse::<f64>() {
                        Ok(n) => FluentValue::from(n),
                        Err(_) => FluentValue::from(text),
                    };
                    args.set(name.clone(), v);
                }
                let pattern = self
                    .bundle
                    .get_message(id)
                    .and_then(|m| m.value())
                    .expect("compiled messages are in the bundle");
                let mut errors = Vec::new();
                out.push_str(
                    &self
                        .bundle
                        .format_pattern(pattern, Some(&args), &mut errors),
                );
            }
            None => out.push_str(id),
        }
    }
}

/// The catalogues of a run: every language, checked, and which one is the team's and which the
/// customer's.
#[derive(Debug, Clone)]
pub struct Texts {
    /// One catalogue per language, in [`Lang::ALL`] order.
    catalogues: Arc<Vec<Catalogue>>,
    team: Lang,
    customer: Lang,
}

impl Texts {
    /// Loads and checks the catalogues of both languages (the built-in ones, replaced by
    /// `dir/<lang>/<file>.ftl` where a folder is given), `team`'s for the team and `customer`'s
    /// for the customer.
    pub fn load(team: Lang, customer: Lang, dir: Option<&Path>) -> Result<Texts, CatalogueError> {
        let schema = check::Schema::builtin();
        let mut catalogues = Vec::new();
        for lang in Lang::ALL {
            let sources = sources(lang, dir)?;
            catalogues.push(check::load(lang, &sources, &schema)?);
        }
        Ok(Texts {
            catalogues: Arc::new(catalogues),
            team,
            customer,
        })
    }

    /// The same catalogues with another team's and customer's language (nothing is loaded).
    pub fn for_languages(&self, team: Lang, customer: Lang) -> Texts {
        Texts {
            catalogues: Arc::clone(&self.catalogues),
            team,
            customer,
        }
    }

    /// The built-in catalogues, one language for both.
    pub fn builtin(lang: Lang) -> Texts {
        Texts::load(lang, lang, None).expect("the built-in catalogues are checked by the tests")
    }

    /// The team's language.
    pub fn lang(&self) -> Lang {
        self.team
    }

    fn catalogue(&self, lang: Lang) -> &Catalogue {
        let index = Lang::ALL
            .iter()
            .position(|l| *l == lang)
            .expect("every language is loaded");
        &self.catalogues[index]
    }

    /// The team's catalogue.
    pub fn team(&self) -> &Catalogue {
        self.catalogue(self.team)
    }

    /// The customer's catalogue (suggested replies).
    pub fn customer(&self) -> &Catalogue {
        self.catalogue(self.customer)
    }

    /// A team message without variables.
    pub fn get(&self, id: &str) -> String {
        self.team().get(id)
    }

    /// A team message with variables.
    pub fn fmt(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.team().fmt(id, args)
    }
}

impl Texts {
    /// The label of the canonical value `value` (message `<prefix>-<value>`).
    pub fn label<T: Canonical>(&self, prefix: &str, value: T) -> String {
        self.get(&format!("{prefix}-{}", value.as_str()))
    }

    /// The labels of every value of `T`, in [`Canonical::ALL`] order, for writers that label
    /// a value per row.
    pub fn labels<T: Canonical>(&self, prefix: &str) -> Labels<T> {
        let labels = T::ALL
            .iter()
            .map(|v| {
                let id = format!("{prefix}-{}", v.as_str());
                let label = self.team().get_unlogged(&id);
                (id, label)
            })
            .collect();
        Labels {
            labels,
            _kind: std::marker::PhantomData,
        }
    }
}

/// The labels of one kind of canonical value (with their message ids), looked up without
/// allocating.
#[derive(Debug, Clone)]
pub struct Labels<T> {
    labels: Vec<(String, String)>,
    _kind: std::marker::PhantomData<T>,
}

impl<T: Canonical + PartialEq> Labels<T> {
    pub fn of(&self, value: T) -> &str {
        match T::ALL.iter().position(|v| *v == value) {
            Some(i) => {
                let (id, label) = &self.labels[i];
                log_use(id);
                label
            }
            None => "",
        }
    }
}

impl Default for Texts {
    fn default() -> Self {
        Texts::builtin(Lang::En)
    }
}

/// The variable naming a file to which a run appends the id of every message it used (one a
/// line), so the tests can check that every catalogue message is used by at least one of them.
pub const USAGE_LOG_VAR: &str = "AFTERSALES_MESSAGE_LOG";

fn log_use(id: &str) {
    if let Some(used) = usage_log() {
        used.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_string());
    }
}

fn usage_log() -> Option<&'static std::sync::Mutex<std::collections::BTreeSet<String>>> {
    static USED: std::sync::OnceLock<Option<std::sync::Mutex<std::collections::BTreeSet<String>>>> =
        std::sync::OnceLock::new();
    USED.get_or_init(|| {
        std::env::var_os(USAGE_LOG_VAR).map(|_| std::sync::Mutex::new(Default::default()))
    })
    .as_ref()
}

/// Appends the messages this run used to the file [`USAGE_LOG_VAR`] names, if it names one.
pub fn flush_usage_log() {
    use std::io::Write as _;
    let (Some(used), Some(path)) = (usage_log(), std::env::var_os(USAGE_LOG_VAR)) else {
        return;
    };
    let used = used.lock().unwrap_or_else(|e| e.into_inner());
    let text: String = used.iter().map(|id| format!("{id}\n")).collect();
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = file.write_all(text.as_bytes());
    }
}

/// Every label `id` has in either language, for recognising what an earlier run wrote in
/// whichever language it ran in.
pub fn labels_in_every_language(id: &str) -> Vec<String> {
    Lang::ALL
        .into_iter()
        .map(|lang| builtin_catalogue(lang).get_unlogged(id))
        .collect()
}

/// The built-in catalogue of `lang`, loaded once per process.
pub fn builtin_catalogue(lang: Lang) -> &'static Catalogue {
    static EN: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    static ZH: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    };
    cell.get_or_init(|| {
        let schema = check::Schema::builtin();
        check::load(lang, &sources(lang, None).expect("built in"), &schema)
            .expect("the built-in catalogues are checked by the tests")
    })
}

#[cfg(test)]
mod tests;

//! Next actions and suggested replies, from editable templates in `templates/replies/`.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::rules::Checked;

/// What to do next with a case, and what to tell the customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Action {
    pub next_action: Option<String>,
    pub suggested_reply: Option<String>,
}

/// The language of next actions and replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

#[derive(Debug, thiserror::Error)]
pub enum RepliesError {
    #[error("{0}")]
    Template(String),
}

/// The loaded reply templates.
#[derive(Debug, Clone)]
pub struct Replies {
    pub lang: Lang,
}

impl Replies {
    pub fn load(lang: Lang, _dir: Option<&Path>) -> Result<Replies, RepliesError> {
        Ok(Replies { lang })
    }

    pub fn action(&self, _checked: &Checked, _as_of: NaiveDateTime) -> Action {
        Action::default()
    }
}

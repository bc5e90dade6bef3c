//! The command line in the team's language: `--help` from the catalogue (`help.ftl`), and the
//! mistakes clap finds in the arguments said as one line of `errors.ftl`.

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::i18n::{Catalogue, Message};

/// `cmd` with every text of its help (and its commands') taken from `c`: about lines, option
/// texts, headings, the default and the accepted values of an option.
pub fn localise(cmd: Command, c: &Catalogue) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    // `aftersales --lang zh` and `aftersales help --lang zh` show the help in Chinese: the
    // language is read from the arguments before clap (`super::early_language`).
    let lang = || {
        Arg::new("lang")
            .long("lang")
            .hide(true)
            .value_parser(["en", "zh"])
    };
    let mut cmd = texts(cmd.arg(lang()), None, c)
        .about(c.get("help-about"))
        .subcommand_help_heading(c.get("help-commands"))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(c.get("help-version"))
                .help_heading(c.get("help-options")),
        )
        .subcommand(texts(
            Command::new("help")
                .about(c.get("help-help_command"))
                .arg(
                    Arg::new("command")
                        .value_parser(clap::builder::PossibleValuesParser::new(names.clone()))
                        .value_name("COMMAND"),
                )
                .arg(lang()),
            Some("help"),
            c,
        ));
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            let about = c.get(&format!("help-cmd-{name}"));
            texts(sub, Some(&name), c).about(about)
        });
    }
    cmd
}

/// The texts of one command's own arguments, and its `-h, --help`.
fn texts(cmd: Command, name: Option<&str>, c: &Catalogue) -> Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        c.get("help-usage")
    );
    let mut cmd = cmd.help_template(template).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(c.get("help-help")),
    );
    // Every argument gets a heading of the catalogue, so clap's own ("Arguments", "Options")
    // never show. Headings come in the order of their first argument, and clap moves an
    // argument it changes to the end: the positional ones go first.
    let mut ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    ids.sort_by_key(|(_, positional)| !positional);
    for (id, positional) in ids {
        let heading = c.get(if positional {
            "help-arguments"
        } else {
            "help-options"
        });
        // `-h` has its text already.
        let text_id = (id != "help").then(|| {
            let own = name.map(|n| format!("help-{n}-{id}"));
            match own {
                Some(own) if c.has(&own) => own,
                _ => format!("help-arg-{id}"),
            }
        });
        cmd = cmd.mut_arg(&id, |arg| {
            let arg = arg.help_heading(heading);
            match text_id {
                Some(text_id) => described(arg, &text_id, c),
                None => arg,
            }
        });
    }
    cmd
}

/// `arg` with the catalogue's text `text_id`, followed by its default and accepted values in
/// the catalogue's words (clap's own are hidden).
fn described(arg: Arg, text_id: &str, c: &Catalogue) -> Arg {
    let mut help = c.get(text_id);
    if let Some(value) = arg.get_default_values().first() {
        let value = value.to_string_lossy();
        help.push(' ');
        help.push_str(&c.fmt("help-default", &[("value", &value)]));
    }
    let takes_values = arg.get_action().takes_values();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(PossibleValue::get_name)
        .map(str::to_string)
        .collect();
    if takes_values && !values.is_empty() {
        help.push(' ');
        help.push_str(&c.fmt("help-values", &[("values", &values.join(", "))]));
    }
    let arg = arg.help(help).long_help(None::<&str>);
    if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// `aftersales help [COMMAND]`: the help of the tool or of the command, as `--help` prints it.
pub fn help_text(root: &Command, matches: &clap::ArgMatches) -> String {
    let mut root = root.clone();
    // Built, a command's usage line starts with the tool's name (`aftersales kpi`).
    root.build();
    let help = match matches.get_one::<String>("command") {
        Some(name) => match root.find_subcommand_mut(name) {
            Some(sub) => sub.render_help(),
            None => root.render_help(),
        },
        None => root.render_help(),
    };
    let mut text = help.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A mistake in the arguments as one line for a team member, with where to look (`command`:
/// `aftersales process`, say). `None` for what clap prints itself (help, version).
pub fn usage_message(e: &clap::Error, command: &str, root: &Command) -> Option<Message> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => Some(s.join(", ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    // An option as clap names it is followed by its value's name (`--fail-on <FAIL_ON>`).
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let arg = match arg.split_once(" <") {
        Some((flag, _)) if arg.starts_with('-') => flag.to_string(),
        _ => arg,
    };
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let commands: Vec<&str> = root
        .get_subcommands()
        .map(Command::get_name)
        .filter(|name| *name != "help")
        .collect();
    let problem = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        | ErrorKind::DisplayVersion => return None,
        ErrorKind::UnknownArgument => match text(ContextKind::SuggestedArg) {
            Some(suggestion) => Message::new("usage-unknown_argument_suggest")
                .arg("arg", arg)
                .arg("suggestion", suggestion),
            None => Message::new("usage-unknown_argument").arg("arg", arg),
        },
        ErrorKind::InvalidSubcommand => Message::new("usage-unknown_command")
            .arg(
                "command",
                text(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )
            .arg("commands", commands.join(", ")),
        ErrorKind::InvalidValue if value.is_empty() => {
            Message::new("usage-value_missing").arg("arg", arg)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Message::new("usage-invalid_value")
            .arg("arg", arg)
            .arg("value", value)
            .arg("values", text(ContextKind::ValidValue).unwrap_or_default()),
        ErrorKind::MissingRequiredArgument => {
            Message::new("usage-missing_argument").arg("args", arg)
        }
        ErrorKind::MissingSubcommand => {
            Message::new("usage-missing_command").arg("commands", commands.join(", "))
        }
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(other) if other != arg => Message::new("usage-conflict")
                .arg("arg", arg)
                .arg("other", other),
            _ => Message::new("usage-repeated").arg("arg", arg),
        },
        ErrorKind::TooManyValues => Message::new("usage-unexpected_value").arg("value", value),
        _ => Message::verbatim(e.kind()),
    };
    Some(
        Message::new("usage-see_help")
            .with("problem", problem)
            .arg("command", command),
    )
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::args::Cli;
    use crate::i18n::{builtin_catalogue, Lang, BUILTIN};

    /// The help of the tool and of each of its commands.
    fn helps(lang: Lang) -> Vec<String> {
        let mut cmd = localise(Cli::command(), builtin_catalogue(lang));
        cmd.build();
        let mut out = vec![cmd.render_help().to_string()];
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in names {
            let sub = cmd.find_subcommand_mut(&name).unwrap();
            out.push(sub.render_help().to_string());
        }
        out
    }

    /// Every message of help.ftl shows in the help (its text up to its first variable).
    #[test]
    fn every_help_message_is_used() {
        for lang in Lang::ALL {
            let all = helps(lang).join("\n");
            let (_, en, zh) = BUILTIN
                .into_iter()
                .find(|(f, _, _)| *f == "help.ftl")
                .unwrap();
            let text = if lang == Lang::En { en } else { zh };
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let Some((id, message)) = line.split_once(" = ") else {
                    continue;
                };
                let shown = message.split('{').next().unwrap().trim_end();
                assert!(all.contains(shown), "{id} ({shown}) is not in the help");
            }
        }
    }
}

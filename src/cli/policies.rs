//! `aftersales policies`: the effective policy table and where each row comes from.

use super::args::PoliciesArgs;
use super::exit::ExitCode;
use super::print_stdout;
use crate::error::Error;
use crate::i18n::Texts;
use crate::input::headers::Aliases;
use crate::input::workbook::{ReadOptions, Workbook};
use crate::pipeline::{base_policies, effective_policies};
use crate::render::policies::policies_text;

pub fn run(args: PoliciesArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let table = match &args.input {
        Some(input) => {
            let mut workbook = Workbook::open(input)?;
            let sheet = workbook.find_case_sheet(&ReadOptions {
                sheet: None,
                aliases: Aliases::builtin(),
            })?;
            effective_policies(&mut workbook, &sheet, args.policies.as_deref())?
        }
        None => base_policies(args.policies.as_deref())?,
    };
    print_stdout(&policies_text(&table, texts));
    Ok(ExitCode::Done)
}
